package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

func TestRenderDriftAlert(t *testing.T) {
	d := goalbot.DriftFigures{Campaign: "google-111", CampaignName: "Brand <DE> & co", From: goalbot.Date{Year: 2026, Month: 3, Day: 2},
		To: goalbot.Date{Year: 2026, Month: 3, Day: 8}, Conversions: 100_500_000, FirstFormSubmissions: 45}
	a := goalbot.DriftAlerts("drift:google-111:2026-03-09", d, []goalbot.DriftGoal{{Goal: &goalbot.Goal{ID: "G3", Creator: "U1"}}}, nil, time.Time{})[0]
	m := RenderDriftAlert(en, a)
	for _, want := range []string{"google-111 (Brand &lt;DE&gt; &amp; co)", "100.5 network conversions", "45 first form submissions", "March 2, 2026 to March 8, 2026"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text %q lacks %q", m.Text, want)
		}
	}
	raw, err := json.Marshal(m.Metadata.EventPayload)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"campaign_id":"google-111","conversions":100.5,"event":"drift","first_form_submissions":45,"goal_ids":["G3"],"period_end":"2026-03-08","period_start":"2026-03-02","progress":null}`
	if m.Metadata.EventType != AlertEventType || string(raw) != want {
		t.Errorf("metadata %s %s, want goal_alert %s", m.Metadata.EventType, raw, want)
	}
}
