package commands

import (
	"fmt"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// ProgressBar draws progress as ten blocks and the floored percent: ▰▰▰▰▱▱▱▱▱▱ 42%.
// Unknown progress is "no data yet".
func ProgressBar(p *float64) string { return messages.English().ProgressBar(p) }

// Percent is progress floored to a whole percent with thousands separators ("42%").
func Percent(p *float64) string { return messages.English().Percent(p) }

// Thousands formats n with comma thousands separators (1,234,567).
func Thousands(n int64) string { return messages.English().Int(n) }

// Number formats a fixed-point number with separators and up to two decimals
// (1,234.5; 7).
func Number(m goalbot.Micro) string { return messages.English().Number(m) }

// Money formats an amount in its currency: $1,234.50, €567.00, or 1,234.50 SEK for
// a currency without a symbol; an amount is never shown without its currency.
func Money(m goalbot.Micro, currency string) string { return messages.English().Money(m, currency) }

// Spend formats spend per currency, each amount in its own ("$1,234.50 · €567.00"),
// never added up; "none" without any, and "not known" when some of it is in a
// currency goalbot did not record (measured by an earlier version).
func Spend(m goalbot.Money) string { return messages.English().Spend(m) }

// Figure formats a goal's actual or target for its type: money for cost per contact,
// a number otherwise.
func Figure(g *goalbot.Goal, m goalbot.Micro) string { return messages.English().Figure(g, m) }

// StatusLabel is a status in words, with an emoji.
func StatusLabel(s goalbot.Status) string { return messages.English().Status(s) }

// PaceLabel is a pace in words ("" without one).
func PaceLabel(p goalbot.Pace) string { return messages.English().Pace(p) }

// When formats an instant in the goal's time zone: 2026-03-10 14:05 CET.
func When(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02 15:04 MST")
}

// EventList is a goal's notifications in words ("started, milestone"; "nobody" for
// none).
func EventList(evs []goalbot.Event) string { return messages.English().Events(evs) }

// OutcomeMark is the emoji of a period's outcome.
func OutcomeMark(o goalbot.Outcome) string {
	switch o {
	case goalbot.Exceeded:
		return "🏆"
	case goalbot.Achieved:
		return "✅"
	}
	return "❌"
}

// WhenUTC formats an instant in UTC: 2026-03-10 14:05 UTC.
func WhenUTC(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// SourceMark is the emoji of a source's state: stopped, failing, never pulled, or
// well.
func SourceMark(st goalbot.SourceStatus) string {
	switch {
	case st.Stopped:
		return "⛔"
	case !st.Error.IsZero():
		return "⚠️"
	case st.LastSuccess.IsZero():
		return "⏳"
	}
	return "✅"
}

// SourceCounts says what a source found and when it last pulled: "2 accounts, 31
// campaigns" (for HubSpot, "1 portal, contacts for 4 campaigns") and "last pull
// 2026-03-10 11:00 UTC (1,860 rows)" or "never pulled yet".
func SourceCounts(st goalbot.SourceStatus) (found, last string) {
	found = Plural(st.Accounts, "account") + ", " + Plural(st.Campaigns, "campaign")
	if st.Name == goalbot.SourceHubSpot {
		found = Plural(st.Accounts, "portal") + ", contacts for " + Plural(st.Campaigns, "campaign")
	}
	last = "never pulled yet"
	if !st.LastSuccess.IsZero() {
		last = fmt.Sprintf("last pull %s (%s rows)", WhenUTC(st.LastSuccess), Thousands(st.Rows))
	}
	return found, last
}

// Plural is n and word, with an s when n is not 1 ("1 goal", "2 goals").
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
