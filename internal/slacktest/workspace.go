package slacktest

// workspace is the state that the Web API methods read and change.
type workspace struct {
	users      map[string]User
	channels   map[string]*channelState
	dms        map[string]string // user id → DM channel id
	posts      []*Message
	ephemerals []Message
	views      map[string]*View
	viewOrder  []string
	homes      map[string]string // user id → Home tab view id
	triggers   map[string]*trigger
	responses  map[string]*responseURL
	files      map[string]*fileState
	fileOrder  []string
}

func (w *workspace) init() {
	w.users = map[string]User{
		BotUserID: {ID: BotUserID, Name: "goalbot", IsBot: true, TZ: "UTC"},
	}
	w.channels = map[string]*channelState{}
	w.dms = map[string]string{}
	w.views = map[string]*View{}
	w.homes = map[string]string{}
	w.triggers = map[string]*trigger{}
	w.responses = map[string]*responseURL{}
	w.files = map[string]*fileState{}
}
