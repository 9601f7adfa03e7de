package chart

import (
	"math"
	"testing"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// TestLocaleOf: a reader's locale writes the chart's counts, amounts, dates and
// words their way; English matches the package's own English.
func TestLocaleOf(t *testing.T) {
	en, sv := LocaleOf(messages.English(), "USD"), LocaleOf(messages.For("sv-SE"), "SEK")
	own := English("USD")
	d := goalbot.Date{Year: 2026, Month: 4, Day: 6}
	for _, c := range []struct{ got, want string }{
		{en.Number(1180.4), "1,180"}, {en.Number(12.46), "12.5"}, {en.Number(7), "7"}, {en.Number(math.NaN()), "–"},
		{en.Money(12.5), "$12.50"}, {en.Money(45), "$45"}, {en.Date(d), "Apr 6"}, {en.Words.TargetPace, "Target pace"},
		{sv.Number(1180.4), "1\u00a0180"}, {sv.Number(12.46), "12,5"}, {sv.Money(12.5), "12,50\u00a0kr"}, {sv.Money(1200), "1\u00a0200\u00a0kr"},
		{sv.Date(d), "6 apr"}, {sv.Words.Projected, "Prognos"}, {sv.Words.Missed, "Missat"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	for _, v := range []float64{0, 7, 12.46, 1180.4, 2_500_000} {
		if en.Number(v) != own.Number(v) {
			t.Errorf("Number(%v): %q, the package's English %q", v, en.Number(v), own.Number(v))
		}
	}
	if en.Words != own.Words {
		t.Errorf("words %+v, the package's English %+v", en.Words, own.Words)
	}
}
