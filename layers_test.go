package goalbot_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestLayers holds the packages to the direction of their imports: the use cases in
// commands return outcomes and speak no Slack (only bot renders Block Kit), bot
// imports commands and not the other way round, and bot reaches the engine only
// through the domain (the delivery errors are goalbot's).
func TestLayers(t *testing.T) {
	for _, c := range []struct{ pkgs, never, why string }{
		{"./commands/...", "github.com/slack-go/slack", "commands returns outcomes; bot renders them as Block Kit"},
		{"./commands/...", "github.com/goalbot/goalbot/bot", "bot imports commands, not the other way round"},
		{"./bot/...", "github.com/goalbot/goalbot/engine", "bot builds goalbot's delivery errors, not the engine's"},
	} {
		out, err := exec.Command("go", "list", "-deps", c.pkgs).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", c.pkgs, err, out)
		}
		if deps := strings.Fields(string(out)); slices.Contains(deps, c.never) {
			t.Errorf("%s imports %s (directly or not): %s", c.pkgs, c.never, c.why)
		}
	}
}
