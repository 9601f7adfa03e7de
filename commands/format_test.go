package commands

import (
	"testing"

	"github.com/goalbot/goalbot"
)

func TestFormat(t *testing.T) {
	p := func(v float64) *float64 { return &v }
	checks := map[string]string{
		ProgressBar(p(42.9)):                      "▰▰▰▰▱▱▱▱▱▱ 42%",
		ProgressBar(p(99.96)):                     "▰▰▰▰▰▰▰▰▰▱ 99%",
		ProgressBar(p(250)):                       "▰▰▰▰▰▰▰▰▰▰ 250%",
		ProgressBar(nil):                          "▱▱▱▱▱▱▱▱▱▱ no data yet",
		Percent(p(goalbot.MaxProgress)):           "100%+",
		Thousands(1234567):                        "1,234,567",
		Thousands(-1000):                          "-1,000",
		Number(goalbot.Units(1234) + 500_000):     "1,234.5",
		Number(goalbot.Units(7)):                  "7",
		Money(goalbot.Units(1234)+500_000, "USD"): "$1,234.50",
		Money(goalbot.Units(3), "SEK"):            "3.00 SEK",
	}
	for got, want := range checks {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
