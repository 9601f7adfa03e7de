package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// These tests keep the files at the repository's root (the Slack app manifest, the
// compose file, .env.example, the docs, the Dockerfile) in line with the code.

// readRootFile reads a file at the repository's root.
func readRootFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decodeYAML(t *testing.T, name string, v any) {
	t.Helper()
	if err := yaml.Unmarshal(readRootFile(t, name), v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// manifest holds the parts of slack-app-manifest.yaml that goalbot relies on.
type manifest struct {
	DisplayInformation struct {
		Name            string `yaml:"name"`
		Description     string `yaml:"description"`
		LongDescription string `yaml:"long_description"`
	} `yaml:"display_information"`
	Features struct {
		AppHome struct {
			HomeTabEnabled bool `yaml:"home_tab_enabled"`
		} `yaml:"app_home"`
		SlashCommands []struct {
			Command      string `yaml:"command"`
			ShouldEscape bool   `yaml:"should_escape"`
		} `yaml:"slash_commands"`
	} `yaml:"features"`
	OAuthConfig struct {
		Scopes struct {
			Bot []string `yaml:"bot"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		EventSubscriptions struct {
			BotEvents []string `yaml:"bot_events"`
		} `yaml:"event_subscriptions"`
		Interactivity struct {
			IsEnabled bool `yaml:"is_enabled"`
		} `yaml:"interactivity"`
		SocketModeEnabled bool `yaml:"socket_mode_enabled"`
	} `yaml:"settings"`
}

// botScopes are the bot scopes goalbot needs; docs/slack-app.md says why.
var botScopes = []string{"commands", "chat:write", "channels:join", "im:write", "users:read", "channels:read", "groups:read", "files:write"}

func TestSlackAppManifest(t *testing.T) {
	var m manifest
	decodeYAML(t, "slack-app-manifest.yaml", &m)
	if cmds := m.Features.SlashCommands; len(cmds) != 1 || cmds[0].Command != "/goal" || !cmds[0].ShouldEscape {
		t.Errorf("slash commands = %+v, want /goal alone with should_escape: true", cmds)
	}
	if !m.Settings.SocketModeEnabled || !m.Settings.Interactivity.IsEnabled {
		t.Error("socket mode and interactivity must be enabled")
	}
	if !m.Features.AppHome.HomeTabEnabled || !slices.Contains(m.Settings.EventSubscriptions.BotEvents, "app_home_opened") {
		t.Error("the Home tab must be enabled, with the app_home_opened event")
	}
	if got := slices.Sorted(slices.Values(m.OAuthConfig.Scopes.Bot)); !slices.Equal(got, slices.Sorted(slices.Values(botScopes))) {
		t.Errorf("bot scopes = %v, want %v", got, botScopes)
	}
	if d := m.DisplayInformation; d.Name == "" || len(d.Description) > 140 || len(d.LongDescription) < 175 {
		t.Errorf("display_information breaks Slack's limits (a name, description ≤ 140, long_description ≥ 175): %+v", d)
	}
}

func TestDocsListScopes(t *testing.T) {
	page := string(readRootFile(t, "docs/slack-app.md"))
	for _, scope := range botScopes {
		if !strings.Contains(page, "| `"+scope+"` |") {
			t.Errorf("docs/slack-app.md has no table row for the scope %s", scope)
		}
	}
}

// compose holds the parts of docker-compose.yml that matter.
type compose struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Build       string            `yaml:"build"`
		Command     []string          `yaml:"command"`
		Volumes     []string          `yaml:"volumes"`
		EnvFile     string            `yaml:"env_file"`
		Environment map[string]string `yaml:"environment"`
		Ports       []string          `yaml:"ports"`
	} `yaml:"services"`
	Volumes map[string]any `yaml:"volumes"`
}

func TestDockerCompose(t *testing.T) {
	var c compose
	decodeYAML(t, "docker-compose.yml", &c)
	redis, ok := c.Services["redis"]
	if !ok || redis.Image != "redis:7" || !strings.Contains(strings.Join(redis.Command, " "), "--appendonly yes") {
		t.Errorf("redis service = %+v, want redis:7 with --appendonly yes", redis)
	}
	if len(redis.Volumes) == 0 || len(c.Volumes) == 0 {
		t.Error("redis must keep its data in a named volume")
	}
	bot, ok := c.Services["goalbot"]
	if !ok || bot.Build != "." || bot.EnvFile != ".env" || !slices.Contains(bot.Ports, "8080:8080") {
		t.Errorf("goalbot service = %+v, want build ., env_file .env, port 8080", bot)
	}
	if got := bot.Environment["REDIS_URL"]; got != "redis://redis:6379/0" {
		t.Errorf("goalbot's REDIS_URL = %q, want redis://redis:6379/0", got)
	}
	if _, err := LoadConfig(lookup(with(bot.Environment)), true); err != nil {
		t.Errorf("goalbot's environment is invalid: %v", err)
	}
}

// TestEnvExample checks that .env.example shows every variable with its default,
// and nothing else.
func TestEnvExample(t *testing.T) {
	assign := regexp.MustCompile(`^(?:# )?([A-Z][A-Z0-9_]*)=(.*)$`)
	shown := map[string]string{}
	for line := range strings.Lines(string(readRootFile(t, ".env.example"))) {
		if m := assign.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			shown[m[1]] = m[2]
		}
	}
	defaults := envDefaults()
	for name, def := range defaults {
		if got, ok := shown[name]; !ok || got != def {
			t.Errorf(".env.example shows %s=%q, want %q", name, got, def)
		}
	}
	for name := range shown {
		if _, ok := defaults[name]; !ok {
			t.Errorf(".env.example shows %s, which goalbot does not read", name)
		}
	}
	vars := with(nil)
	for name, value := range shown {
		if value != "" {
			vars[name] = value
		}
	}
	if _, err := LoadConfig(lookup(vars), true); err != nil {
		t.Errorf(".env.example with tokens is invalid: %v", err)
	}
}

// releaseBuild is the build command of the image, which scripts/test runs too.
const releaseBuild = `CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -tags timetzdata`

func TestReleaseBuildFlags(t *testing.T) {
	for _, name := range []string{"Dockerfile", "scripts/test"} {
		if !strings.Contains(string(readRootFile(t, name)), releaseBuild) {
			t.Errorf("%s does not build with %s", name, releaseBuild)
		}
	}
}
