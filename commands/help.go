package commands

// Help is `/goal` and `/goal help`: what goalbot does and how to say it.
type Help struct{ unchanged }
