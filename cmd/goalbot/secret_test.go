package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"
)

func TestConfigRedacted(t *testing.T) {
	cfg, err := LoadConfig(lookup(with(map[string]string{
		"REDIS_URL":            "redis://user:pw@localhost:6379/0",
		"GOALBOT_INGEST_TOKEN": "SECRETINGEST-0123456789",
		"GOALBOT_API_TOKEN":    "SECRETAPI-0123456789",
		// Every source's secrets.
		"GOALBOT_GOOGLE_ADS_CLIENT_ID": "cid", "GOALBOT_GOOGLE_ADS_CLIENT_SECRET": "SECRETGCS",
		"GOALBOT_GOOGLE_ADS_REFRESH_TOKEN": "1//SECRETGRT", "GOALBOT_GOOGLE_ADS_DEVELOPER_TOKEN": "SECRETDEV",
		"GOALBOT_META_ACCESS_TOKEN":  "EAABSECRET",
		"GOALBOT_LINKEDIN_CLIENT_ID": "lid", "GOALBOT_LINKEDIN_CLIENT_SECRET": "SECRETLCS", "GOALBOT_LINKEDIN_REFRESH_TOKEN": "AQWSECRET",
		"GOALBOT_META_API_URL": "https://user:pw@proxy.example/",
	})), true)
	if err != nil {
		t.Fatal(err)
	}
	var text, js bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("start", "config", cfg)
	slog.New(slog.NewJSONHandler(&js, nil)).Info("start", "config", cfg, "value", *cfg)
	marshalled, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	shown := map[string]string{
		"String": cfg.String(),
		"%v":     fmt.Sprintf("%v", cfg),
		"%+v":    fmt.Sprintf("%+v", *cfg),
		"%#v":    fmt.Sprintf("%#v", *cfg),
		"%s":     fmt.Sprintf("[%s]", cfg.SlackBotToken),
		"%q":     fmt.Sprintf("%q", cfg.SlackAppToken),
		"%x":     fmt.Sprintf("%x", cfg.APIToken),
		"text":   text.String(),
		"json":   js.String(),
		"JSON":   string(marshalled),
	}
	for how, s := range shown {
		assertNoSecrets(t, s)
		if !bytes.Contains([]byte(s), []byte(redacted)) && how != "%x" {
			t.Errorf("%s: %q does not say %s", how, s, redacted)
		}
	}
	if got := cfg.SlackBotToken.Value(); got != "xoxb-1-SECRETBOT" {
		t.Errorf("Value() = %q, want the token itself", got)
	}
}

func TestSecretUnset(t *testing.T) {
	var s Secret
	if s.String() != "" || s.GoString() != "" || s.LogValue().String() != "" {
		t.Errorf("an unset secret shows %q, want nothing", s.String())
	}
}
