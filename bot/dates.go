package bot

import (
	"fmt"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// Dates in messages that many people read (channel alerts, digests) are Slack dates,
// <!date^UNIX^{date_short_pretty}|fallback>: Slack writes them in each reader's own
// language and format ("Mar 10", "today"), and clients that cannot shows the
// fallback, written in the message's language.

// slackDate is calendar day d as a Slack date. Slack dates are instants: d is taken
// at noon in loc (the goal's time zone), so that readers within twelve hours of it
// see the same day.
func slackDate(p *messages.Printer, d goalbot.Date, loc *time.Location) string {
	if d.IsZero() {
		return ""
	}
	if loc == nil {
		loc = time.UTC
	}
	noon := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, loc)
	return fmt.Sprintf("<!date^%d^{date_short_pretty}|%s>", noon.Unix(), plainDate(p, d))
}

// plainDate is calendar day d written out in p's language: "March 10, 2026",
// "10 mars 2026".
func plainDate(p *messages.Printer, d goalbot.Date) string {
	if d.IsZero() {
		return ""
	}
	return p.T("alerts.date", messages.Args{"Day": d.Day, "Month": p.Month(d.Month), "Year": d.Year})
}

// plainInstant is instant t in UTC written out in p's language: "March 10, 2026
// 12:00 UTC".
func plainInstant(p *messages.Printer, t time.Time) string {
	t = t.UTC()
	return plainDate(p, goalbot.DateOf(t)) + " " + t.Format("15:04") + " UTC"
}
