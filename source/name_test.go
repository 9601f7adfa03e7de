package source

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/goalbot/goalbot"
)

// TestCleanNameCountsCharacters keeps a name of 120 two-byte characters whole (it was
// cut to 75, at 150 bytes) and cuts a longer one at the catalog's limit, in
// characters.
func TestCleanNameCountsCharacters(t *testing.T) {
	name := strings.Repeat("å", 120)
	if got := cleanName(name, "x"); got != name {
		t.Errorf("cleanName of 120 å = %d characters, want all 120", utf8.RuneCountInString(got))
	}
	long := strings.Repeat("日本", goalbot.MaxCatalogNameLength)
	got := cleanName(long, "x")
	if utf8.RuneCountInString(got) != goalbot.MaxCatalogNameLength || !strings.HasPrefix(long, got) {
		t.Errorf("cleanName of %d characters = %d characters", utf8.RuneCountInString(long), utf8.RuneCountInString(got))
	}
	m := goalbot.Metric{Date: goalbot.Date{Year: 2026, Month: 3, Day: 1}, Network: "google", AccountID: "a", CampaignID: "c", Currency: "USD", CampaignName: got}
	if p := m.Validate(goalbot.Date{Year: 2026, Month: 3, Day: 1}); len(p) != 0 {
		t.Errorf("the cut name is refused: %v", p)
	}
}
