package store

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

// fill sets every field of the value v points to, recursively, to something that is
// not its zero value, so that a codec that forgets a field fails a round trip.
func fill(t *testing.T, v reflect.Value, seed int) {
	t.Helper()
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + strings.Repeat("x", seed%5))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(seed%11 + 1))
	case reflect.Float64:
		v.SetFloat(float64(seed) + 0.5)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(t, v.Elem(), seed+1)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := 0; i < 2; i++ {
			fill(t, v.Index(i), seed+i+1)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for i := 0; i < 2; i++ {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(t, k, seed+10*i)
			fill(t, e, seed+i)
			v.SetMapIndex(k, e)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 3, 15, 12, 0, seed, 17, time.FixedZone("", 3600*(seed%3)))))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(t, v.Field(i), seed+i)
			}
		}
	default:
		t.Fatalf("fill: no rule for %s (%s): teach the test and the codec about it", v.Type(), v.Kind())
	}
}

// sameTime reports whether two times are the same instant in the same offset (a
// zone's name is not kept, as in JSON).
func sameTime(a, b time.Time) bool {
	_, oa := a.Zone()
	_, ob := b.Zone()
	return a.Equal(b) && oa == ob
}

func TestGoalBodyRoundTrip(t *testing.T) {
	var g goalbot.Goal
	fill(t, reflect.ValueOf(&g).Elem(), 1)
	g.ID, g.Version = "", 0 // kept outside the body
	// A campaign's override is one value or one per period, never both (as in JSON).
	g.Targets.PerCampaign = map[string]goalbot.CampaignTarget{"sx": {All: 7}, "sxx": {PerPeriod: []goalbot.Micro{1, 2, 3}}}
	body, err := goalBody(&g)
	ok(t, err)
	got, err := decodeGoalBody(body)
	ok(t, err)
	if !sameTime(got.CreatedAt, g.CreatedAt) || !sameTime(got.UpdatedAt, g.UpdatedAt) {
		t.Fatalf("times %v %v, want %v %v", got.CreatedAt, got.UpdatedAt, g.CreatedAt, g.UpdatedAt)
	}
	got.CreatedAt, got.UpdatedAt = g.CreatedAt, g.UpdatedAt
	if !reflect.DeepEqual(got, &g) {
		t.Fatalf("goal body round trip (a new Goal field needs a place in goal_codec.go):\n got %+v\nwant %+v", got, &g)
	}
	// nil and empty lists stay apart: no notifications is not the default.
	g.Notifications, g.Accounts, g.PerCampaign = []goalbot.Event{}, nil, nil
	body, err = goalBody(&g)
	ok(t, err)
	got, err = decodeGoalBody(body)
	ok(t, err)
	if got.Notifications == nil || len(got.Notifications) != 0 || got.Accounts != nil || got.PerCampaign != nil {
		t.Fatalf("lists after a round trip: notifications %#v, accounts %#v, targets %#v", got.Notifications, got.Accounts, got.PerCampaign)
	}
}

// TestGoalBodyReadsFormatWithoutBand: a goal kept before budgets (format 1) reads
// as it was, with no band (goalbot.Settings.Band gives the default).
func TestGoalBodyReadsFormatWithoutBand(t *testing.T) {
	g := newGoal("c1", "a1", "U1")
	g.Team = "growth"
	g.Settings.Budget = goalbot.BudgetBand{Over: 120, Under: 70}
	body, err := goalBodyAs(g, goalFormatNoBand)
	ok(t, err)
	got, err := decodeGoalBody(body)
	ok(t, err)
	if got.Team != "growth" || got.Settings.Budget != (goalbot.BudgetBand{}) || got.Settings.Band() != goalbot.DefaultBudgetBand {
		t.Fatalf("a format 1 body read as %+v", got)
	}
	if body, err = goalBody(g); err != nil || body[0] != goalFormat {
		t.Fatalf("written in format %d (%v)", body[0], err)
	}
	got, err = decodeGoalBody(body)
	ok(t, err)
	if got.Settings.Budget != g.Settings.Budget {
		t.Fatalf("band %+v, want %+v", got.Settings.Budget, g.Settings.Budget)
	}
}

func TestGoalBodyReadsJSON(t *testing.T) {
	g := newGoal("c1", "a1", "U1")
	g.Team = "growth"
	b, err := json.Marshal(g)
	ok(t, err)
	got, err := parseGoal("G7", string(b), "3")
	ok(t, err)
	if got.ID != "G7" || got.Version != 3 || got.Team != "growth" || got.Campaigns[0] != "c1" || !got.CreatedAt.Equal(g.CreatedAt) {
		t.Fatalf("a JSON body read as %+v", got)
	}
}

func TestGoalBodyMalformed(t *testing.T) {
	body, err := goalBody(newGoal("c1", "a1", "U1"))
	ok(t, err)
	for _, bad := range []string{"", "\x09rest", body[:len(body)-1], body + "x", body[:5]} {
		if _, err := decodeGoalBody(bad); err == nil {
			t.Errorf("decoded %q without an error", bad)
		}
	}
}

// measured returns a measurement of two campaigns over three periods, the first
// settled.
func measured() goalbot.Measurement {
	p := func(v float64) *float64 { return &v }
	fig := func(target, actual int64, progress *float64) goalbot.Figures {
		return goalbot.Figures{Target: goalbot.Units(target), Actual: goalbot.Units(actual), Spend: twoCurrencies, Contacts: 3, Progress: progress, Cmp: -1}
	}
	period := func(month int, settled bool, pr *float64) goalbot.PeriodFigures {
		return goalbot.PeriodFigures{
			Period:  goalbot.Period{Start: goalbot.Date{Year: 2026, Month: time.Month(month), Day: 1}, End: goalbot.Date{Year: 2026, Month: time.Month(month), Day: 28}},
			Figures: fig(200, 150, pr), Ended: settled, Settled: settled,
			Campaigns: []goalbot.CampaignFigures{{Campaign: "cmp-1", Figures: fig(100, 100, p(100))}, {Campaign: "cmp-2", Figures: fig(100, 50, nil)}},
		}
	}
	return goalbot.Measurement{GoalID: "G3", At: time.Date(2026, 2, 10, 9, 30, 0, 5, time.UTC), Current: 1,
		Pace: goalbot.Behind, PaceRatio: 0.85, Headline: p(42.25), Total: fig(600, 150, p(25)),
		SettledSum:  goalbot.CellSum{Target: goalbot.Units(200), N: 2, Actual: goalbot.Units(150), Spend: goalbot.MoneyIn("SEK", 1), Contacts: 6, WeightedHi: 1, WeightedLo: 1 << 63},
		GoalVersion: 4,
		Periods:     []goalbot.PeriodFigures{period(1, true, p(75)), period(2, false, p(42.25)), period(3, false, nil)}}
}

// measuredAsKept is measured() as the store keeps it: per-campaign figures for the
// current period alone (the settled sum stands for the settled ones').
func measuredAsKept() goalbot.Measurement {
	m := measured()
	for i := range m.Periods {
		if i != m.Current {
			m.Periods[i].Campaigns = nil
		}
	}
	return m
}

func TestMeasurementRoundTrip(t *testing.T) {
	m := measured()
	got, err := decodeMeasurement("G3", string(encodeMeasurement(&m)))
	ok(t, err)
	want := measuredAsKept()
	if !reflect.DeepEqual(got, &want) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, &want)
	}
	m.Headline, m.Pace, m.Settled = nil, goalbot.NoPace, true
	got, err = decodeMeasurement("G3", string(encodeMeasurement(&m)))
	ok(t, err)
	if got.Headline != nil || got.Pace != goalbot.NoPace || !got.Settled {
		t.Fatalf("headline %v, pace %q, settled %v", got.Headline, got.Pace, got.Settled)
	}
}

// budgetOutlook is a budget's outlook with every field set.
func budgetOutlook() *goalbot.BudgetOutlook {
	return &goalbot.BudgetOutlook{Spent: goalbot.Units(420), Budget: goalbot.Units(1000), Spending: goalbot.Overspend, Ratio: 1.25,
		Left: goalbot.Units(29), DaysLeft: 20, Projection: &goalbot.Projection{Value: goalbot.Units(1250), Low: goalbot.Units(1100),
			High: goalbot.Units(1400), Method: goalbot.WeekdayAware}}
}

// TestMeasurementKeepsBudgetOutlook: an ad_spend goal's outlook (with its
// projection, or without one on a period's first day) survives a round trip.
func TestMeasurementKeepsBudgetOutlook(t *testing.T) {
	for _, o := range []*goalbot.BudgetOutlook{budgetOutlook(), {Spent: 7, Budget: 9, DaysLeft: 30, Left: 1}} {
		m := measured()
		m.Budget, m.Pace, m.PaceRatio = o, goalbot.OverBudget, o.Ratio
		got, err := decodeMeasurement("G3", string(encodeMeasurement(&m)))
		ok(t, err)
		if !reflect.DeepEqual(got.Budget, o) || got.Pace != goalbot.OverBudget {
			t.Fatalf("outlook %+v, pace %q; want %+v", got.Budget, got.Pace, o)
		}
	}
}

// twoCurrencies is the spend of measured()'s figures.
var twoCurrencies = goalbot.Money{{Currency: goalbot.CurrencyOf("EUR"), Amount: 345_678}, {Currency: goalbot.CurrencyOf("USD"), Amount: 12_000_000}}

// TestMeasurementReadsFormatWithoutBudget: a measurement kept before budgets
// (format 3) reads as it was, with no outlook.
func TestMeasurementReadsFormatWithoutBudget(t *testing.T) {
	m := measured()
	m.Budget = budgetOutlook()
	enc := encodeMeasurementAs(&m, measurementFormatNoBudget)
	got, err := decodeMeasurement("G3", string(enc))
	ok(t, err)
	want := measuredAsKept()
	if !reflect.DeepEqual(got, &want) {
		t.Fatalf("format 3 read as\n%+v\nwant\n%+v", got, &want)
	}
}

// TestMeasurementReadsEarlierFormats: a measurement written before spend was kept
// per currency (format 2), or also before the current period's campaigns were kept
// (format 1), reads as it was, each spend as one sum of no known currency.
func TestMeasurementReadsEarlierFormats(t *testing.T) {
	for _, format := range []byte{measurementFormatNoCampaigns, measurementFormatOneSpend} {
		m := measured()
		got, err := decodeMeasurement("G3", string(encodeMeasurementAs(&m, format)))
		ok(t, err)
		want := measured()
		unknown := goalbot.MoneyIn("", 12_345_678)
		want.Total.Spend, want.SettledSum.Spend = unknown, goalbot.MoneyIn("", 1)
		for i := range want.Periods {
			want.Periods[i].Spend = unknown
			if i != want.Current || format == measurementFormatNoCampaigns {
				want.Periods[i].Campaigns = nil
				continue
			}
			for j := range want.Periods[i].Campaigns {
				want.Periods[i].Campaigns[j].Spend = unknown
			}
		}
		if !reflect.DeepEqual(got, &want) {
			t.Fatalf("format %d read as\n%+v\nwant\n%+v", format, got, &want)
		}
		if got.Total.Spend.Known() {
			t.Errorf("format %d: a sum over currencies read as known money", format)
		}
	}
}

func TestMeasurementReadsJSON(t *testing.T) {
	m := measured()
	b, err := json.Marshal(m)
	ok(t, err)
	got, err := decodeMeasurement("G3", string(b))
	ok(t, err)
	if !reflect.DeepEqual(got, &m) {
		t.Fatalf("a JSON measurement read as %+v", got)
	}
}

func TestMeasurementMalformed(t *testing.T) {
	m := measured()
	enc := string(encodeMeasurement(&m))
	for _, bad := range []string{"\x07", enc[:len(enc)-3], enc + "\x00", enc[:1] + "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"} {
		if _, err := decodeMeasurement("G3", bad); err == nil {
			t.Errorf("decoded %q without an error", bad)
		}
	}
	if m, err := decodeMeasurement("G3", nil); m != nil || err != nil {
		t.Fatalf("no value: %v %v", m, err)
	}
}

// FuzzDecode checks that no stored value, however damaged, makes a decoder panic.
func FuzzDecode(f *testing.F) {
	m := measured()
	f.Add(string(encodeMeasurement(&m)))
	f.Add(string(encodeMeasurementAs(&m, measurementFormatOneSpend)))
	f.Add(string(encodeMeasurementAs(&m, measurementFormatNoBudget)))
	m.Budget = budgetOutlook()
	f.Add(string(encodeMeasurement(&m)))
	body, _ := goalBody(newGoal("c1", "a1", "U1"))
	f.Add(body)
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = decodeMeasurement("G1", s)
		_, _ = decodeGoalBody(s)
	})
}
