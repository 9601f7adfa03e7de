package commands

import (
	"time"

	"github.com/goalbot/goalbot"
)

// When formats an instant in the goal's time zone: 2026-03-10 14:05 CET.
func When(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02 15:04 MST")
}

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
