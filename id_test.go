package goalbot

import (
	"fmt"
	"strings"
	"testing"
)

// hiddenRunes are characters that cannot be seen: zero-width, joiners, direction
// marks, embeddings, overrides and isolates, and the byte order mark.
var hiddenRunes = []rune{'\u00ad', '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e',
	'\u2060', '\u2066', '\u2067', '\u2068', '\u2069', '\ufeff'}

func TestCheckID(t *testing.T) {
	for _, r := range hiddenRunes {
		err := CheckID("campaign", "cmp"+string(r)+"-1")
		if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), fmt.Sprintf("U+%04X", r)) ||
			!strings.Contains(ErrorMessage(err), "invisible") || strings.ContainsRune(ErrorMessage(err), r) {
			t.Errorf("CheckID with U+%04X = %v, want a message naming it (escaped)", r, err)
		}
	}
	for _, id := range []string{"cmp-1", "kampanj-å", "キャンペーン", "act_9.x"} {
		if err := CheckID("campaign", id); err != nil {
			t.Errorf("CheckID(%q) = %v", id, err)
		}
	}
}

func TestHiddenIDsRefusedWhereTheyEnter(t *testing.T) {
	for _, r := range hiddenRunes {
		bad := "cmp" + string(r) + "1"
		// A metrics row (ingest, import, the catalog API).
		for _, field := range []string{"campaign_id", "account_id", "network"} {
			m := Metric{Date: Date{Year: 2026, Month: 3, Day: 1}, Network: "google", AccountID: "act-1", CampaignID: "cmp-1", Currency: "USD"}
			switch field {
			case "campaign_id":
				m.CampaignID = bad
			case "account_id":
				m.AccountID = bad
			default:
				m.Network = bad
			}
			if p := m.Validate(Date{Year: 2026, Month: 3, Day: 10}); len(p) != 1 || p[0].Field != field || !strings.Contains(p[0].Message, "invisible") {
				t.Errorf("a row with %s %+q: %v", field, bad, p)
			}
		}
		// A goal's campaigns and accounts.
		d := Draft{Name: "n", Type: "network_conversions", Campaigns: []string{"cmp-1", bad}, Accounts: []string{bad}, Duration: "monthly", Target: "1"}
		_, err := NewGoal(d, DefaultSettings, Date{Year: 2026, Month: 3, Day: 10})
		fields := map[string]string{}
		for _, f := range ErrorFields(err) {
			fields[f.Field] = f.Message
		}
		if !strings.Contains(fields["ad_campaigns"], "invisible") || !strings.Contains(fields["ad_accounts"], "invisible") {
			t.Errorf("a goal with %+q: %v", bad, err)
		}
	}
}
