package messages

import (
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

func TestMatch(t *testing.T) {
	for in, want := range map[string]string{
		"":                         "en",
		"sv":                       "sv",
		"sv-SE":                    "sv",
		"sv_SE.UTF-8":              "sv",
		"sv-FI":                    "sv",
		"en-US":                    "en",
		"en-GB":                    "en",
		"de-DE":                    "en",
		"nb-NO":                    "en",
		"sv-SE,sv;q=0.9,en;q=0.8":  "sv",
		"de-DE,de;q=0.9,sv;q=0.5":  "sv",
		"de-DE,fr;q=0.9":           "en",
		"not a language at all!!!": "en",
	} {
		if got := Match(in); got != want {
			t.Errorf("Match(%q) = %q, want %q", in, got, want)
		}
		if got := For(in).Lang(); got != want {
			t.Errorf("For(%q).Lang() = %q, want %q", in, got, want)
		}
	}
}

func TestSupported(t *testing.T) {
	for in, want := range map[string]string{"sv": "sv", "SV": "sv", "sv-SE": "sv", "en": "en", "en_US": "en", "de": "", "": "", "x!": ""} {
		got, ok := Supported(in)
		if got != want || ok != (want != "") {
			t.Errorf("Supported(%q) = %q, %v, want %q", in, got, ok, want)
		}
	}
}

func TestNumbers(t *testing.T) {
	en, sv := For("en"), For("sv")
	m := func(f float64) goalbot.Micro { return goalbot.Micro(f * float64(goalbot.MicroUnit)) }
	for _, c := range []struct {
		got, want string
	}{
		{en.Int(1234567), "1,234,567"},
		{sv.Int(1234567), "1\u00a0234\u00a0567"},
		{en.Int(-1234), "-1,234"},
		{en.Number(m(1234.5)), "1,234.5"},
		{sv.Number(m(1234.5)), "1\u00a0234,5"},
		{en.Number(m(7)), "7"},
		{sv.Number(m(-0.25)), "-0,25"},
		{en.Fixed(m(100.5)), "100.50"},
		{sv.Fixed(m(100.5)), "100,50"},
		{en.Money(m(1234.5), "USD"), "$1,234.50"},
		{en.Money(m(567), "EUR"), "€567.00"},
		{en.Money(m(1234.5), "SEK"), "1,234.50 SEK"},
		{en.Money(m(-3.5), "USD"), "-$3.50"},
		{sv.Money(m(1234.5), "SEK"), "1\u00a0234,50\u00a0kr"},
		{sv.Money(m(567), "EUR"), "567,00\u00a0€"},
		{sv.Money(m(12), "CHF"), "12,00\u00a0CHF"},
		{en.Money(m(1), ""), "1.00 (currency not known)"},
		{sv.Money(m(1), ""), "1,00 (okänd valuta)"},
		{en.Percent(ptr(67.9)), "67%"},
		{sv.Percent(ptr(67.9)), "67\u00a0%"},
		{en.Percent(nil), "—"},
		{en.Percent(ptr(goalbot.MaxProgress)), "100%+"},
		{en.Decimal(0.8349), "0.8"},
		{sv.Decimal(1234.56), "1\u00a0234,6"},
		{en.MonthYear(2026, time.March), "March 2026"},
		{sv.MonthYear(2026, time.March), "mars 2026"},
		{en.N("goals", 1), "1 goal"},
		{en.N("goals", 1200), "1,200 goals"},
		{sv.N("goals", 1), "1 mål"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestMissingMessageShows(t *testing.T) {
	if got := For("en").T("no.such.message"); got != "[no.such.message]" {
		t.Errorf("missing message = %q", got)
	}
}

func TestLanguageName(t *testing.T) {
	if got := For("sv").LanguageName("en"); got != "engelska" {
		t.Errorf("Swedish name of English = %q", got)
	}
	if got := For("en").LanguageName("sv"); got != "Swedish" {
		t.Errorf("English name of Swedish = %q", got)
	}
	if got := For("en").LanguageName("de"); got != "de" {
		t.Errorf("unknown language = %q", got)
	}
}

func TestWords(t *testing.T) {
	en, sv := For("en"), For("sv")
	money := goalbot.Money{{Currency: goalbot.CurrencyOf("USD"), Amount: 1234_500000}, {Currency: goalbot.CurrencyOf("SEK"), Amount: 12_500000}}
	for _, c := range []struct{ got, want string }{
		{en.Status(goalbot.InProgress), "🏃 in progress"},
		{sv.Status(goalbot.InProgress), "🏃 pågående"},
		{sv.Pace(goalbot.AtRisk), "⚠️ i riskzonen"},
		{en.Pace(goalbot.NoPace), ""},
		{sv.Type(goalbot.ContactsInStage), "Kontakter i livscykelstadium"},
		{sv.Stage(goalbot.MarketingQualifiedLead), "Marknadsföringskvalificerat lead"},
		{sv.Duration(goalbot.Quarterly), "kvartalsvis"},
		{en.Duration("fortnightly"), "fortnightly"}, // a value the catalogs lack shows as named
		{en.Events(nil), "nobody"},
		{sv.Events([]goalbot.Event{goalbot.EventStarted, goalbot.EventMilestone}), "start, delmål"},
		{en.AlertWords(goalbot.Alert{Event: goalbot.EventThreshold, Threshold: 75}), "reached 75%"},
		{sv.AlertWords(goalbot.Alert{Event: goalbot.EventThreshold, Threshold: 75}), "nådde 75\u00a0%"},
		{en.AlertWords(goalbot.Alert{Event: goalbot.EventMilestone, Outcome: goalbot.Exceeded}), "exceeded"},
		{en.AlertWords(goalbot.Alert{Event: goalbot.EventStale}), "no metrics for 48 hours"},
		{sv.AlertWords(goalbot.Alert{Event: goalbot.EventStale, StaleAfter: time.Hour}), "inga mätvärden på 1 timme"},
		{en.AlertWords(goalbot.Alert{Event: goalbot.EventDigest}), "weekly digest"},
		{en.ProgressBar(ptr(42.9)), "▰▰▰▰▱▱▱▱▱▱ 42%"},
		{sv.ProgressBar(nil), "▱▱▱▱▱▱▱▱▱▱ inga data än"},
		{en.Spend(money), "$1,234.50 · 12.50 SEK"},
		{sv.Spend(money), "1\u00a0234,50\u00a0US$ · 12,50\u00a0kr"},
		{sv.Spend(goalbot.Money{}), "ingen"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
