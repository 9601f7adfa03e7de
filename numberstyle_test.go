package goalbot

import (
	"testing"
)

var comma = NumberStyle{DecimalComma: true}

// TestPointStyleUnchanged: goalbot's own style reads as ParseMicro always did.
func TestPointStyleUnchanged(t *testing.T) {
	for _, in := range []string{"120.5", "1,000", "1 000", "100,5", "1e3", ""} {
		a, errA := NumberStyle{}.ParseMicro(in)
		b, errB := ParseMicro(in)
		if a != b || (errA == nil) != (errB == nil) {
			t.Errorf("%q: style %d, %v; ParseMicro %d, %v", in, a, errA, b, errB)
		}
	}
}

// TestNumberStyleCampaignTarget: per period, semicolons in every style; commas in
// goalbot's own style, and in the decimal comma style when the value cannot be one
// number (two commas or more).
func TestNumberStyleCampaignTarget(t *testing.T) {
	cases := []struct {
		style NumberStyle
		in    string
		want  string // the override in goalbot's own text form; "" for an error
	}{
		{comma, "100,5", "100.5"},
		{comma, "100;120,5;150", "100,120.5,150"},
		{comma, "100,120,150", "100,120,150"},
		{comma, "1 000;1 200", "1000,1200"},
		{comma, "100,120", ""},
		{comma, "100;;150", ""},
		{NumberStyle{}, "100,120", "100,120"},
		{NumberStyle{}, "100;120", "100,120"},
		{NumberStyle{}, "100.5", "100.5"},
		{NumberStyle{}, "100,5", "100,5"},
	}
	for _, c := range cases {
		got, err := c.style.ParseCampaignTarget(c.in)
		if c.want == "" {
			if err == nil {
				t.Errorf("%+v ParseCampaignTarget(%q) = %v, want an error", c.style, c.in, got)
			}
			continue
		}
		if err != nil || got.String() != c.want {
			t.Errorf("%+v ParseCampaignTarget(%q) = %v, %v; want %s", c.style, c.in, got, err, c.want)
		}
	}
}

// TestNumberStyleFormatReadsBack: what the style writes, it reads back the same.
func TestNumberStyleFormatReadsBack(t *testing.T) {
	for _, st := range []NumberStyle{{}, comma} {
		for _, ct := range []CampaignTarget{{All: 120_500_000}, {PerPeriod: []Micro{100 * MicroUnit, 120_500_000, 1}}, {All: 1000 * MicroUnit}} {
			text := st.FormatCampaignTarget(ct)
			back, err := st.ParseCampaignTarget(text)
			if err != nil || back.String() != ct.String() {
				t.Errorf("%+v: %v written %q reads back %v, %v", st, ct, text, back, err)
			}
		}
	}
	if got := comma.FormatCampaignTarget(CampaignTarget{PerPeriod: []Micro{100 * MicroUnit, 120_500_000}}); got != "100;120,5" {
		t.Errorf("comma style writes %q", got)
	}
}

// TestNumberStyleFilter: progress bounds take a decimal comma; the list comma of
// other keys is unchanged.
func TestNumberStyleFilter(t *testing.T) {
	f, err := comma.ParseFilter([][2]string{{"progress", "50-75,5"}, {"status", "missed,in_progress"}})
	if err != nil || *f.ProgressMin != 50 || *f.ProgressMax != 75.5 || len(f.Statuses) != 2 {
		t.Fatalf("filter %+v, %v", f, err)
	}
	if _, err := (NumberStyle{}).ParseFilter([][2]string{{"progress", "50-75,5"}}); err == nil {
		t.Error("goalbot's own style read 75,5")
	}
	if _, err := comma.ParseFilter([][2]string{{"progress", "12,500-"}}); err == nil {
		t.Error("an ambiguous bound was read")
	}
}

// TestDraftNumbers: a draft's targets are read in its creator's style.
func TestDraftNumbers(t *testing.T) {
	d := Draft{Name: "Vårens leads", Type: "network_conversions", Campaigns: []string{"a", "b"}, Duration: "quarterly",
		Start: "2026-01-01", End: "2026-06-30", Target: "100,5", Targets: map[string]string{"b": "10,5;20"}, Numbers: comma}
	g, err := NewGoal(d, Settings{}, Date{Year: 2026, Month: 1, Day: 1})
	if err != nil {
		t.Fatal(err)
	}
	if *g.Targets.Target != 100_500_000 || g.Targets.PerCampaign["b"].String() != "10.5,20" {
		t.Fatalf("targets %+v", g.Targets)
	}
	d.Numbers = NumberStyle{}
	if _, err := NewGoal(d, Settings{}, Date{Year: 2026, Month: 1, Day: 1}); err == nil {
		t.Fatal("goalbot's own style read 100,5")
	}
}

// FuzzNumberStyle: no input panics, every refusal is invalid input, and every
// number read is within bounds and reads back the same when written.
func FuzzNumberStyle(f *testing.F) {
	for _, s := range []string{"1 000,5", "12,500", "1\u00a0000", ",", "-1,5e3", "1.000,5", "100;120,5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := comma.ParseMicro(s)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if m > MaxMicro || m < -MaxMicro {
			t.Fatalf("%q read as %d", s, m)
		}
		if back, err := comma.ParseMicro(comma.FormatMicro(m)); err != nil || back != m {
			t.Fatalf("%q → %d → %q → %d, %v", s, m, comma.FormatMicro(m), back, err)
		}
		_, _ = comma.ParseCampaignTarget(s)
	})
}
