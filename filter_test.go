package goalbot

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseFilter(t *testing.T) {
	f, err := ParseFilter([][2]string{
		{"campaign", "a, b"}, {"status", "missed,IN_PROGRESS"}, {"progress", "50-"},
		{"user", "<@U123|ana>,W9"}, {"goal_type", "cost_per_contact"}, {"campaign", "c"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(f.Campaigns, ",") != "a,b,c" || len(f.Statuses) != 2 || f.Statuses[1] != InProgress ||
		*f.ProgressMin != 50 || f.ProgressMax != nil || strings.Join(f.Users, ",") != "U123,W9" {
		t.Fatalf("parsed %+v", f)
	}
	back, err := ParseFilter(f.Pairs())
	if err != nil || back.String() != f.String() {
		t.Fatalf("round trip %q → %q (%v)", f.String(), back.String(), err)
	}
}

func TestParseFilterErrors(t *testing.T) {
	cases := []struct {
		pairs [][2]string
		field string
		says  string
	}{
		{[][2]string{{"colour", "red"}}, "colour", "campaign, account, team, user, duration, status, goal_type, progress"},
		{[][2]string{{"status", "done"}}, "status", "pending, in_progress, achieved, exceeded, missed"},
		{[][2]string{{"duration", "daily"}}, "duration", "weekly, monthly, quarterly, yearly, custom"},
		{[][2]string{{"progress", "abc"}}, "progress", "MIN-MAX"},
		{[][2]string{{"progress", "80-50"}}, "progress", "progress:50-80"},
		{[][2]string{{"progress", "-"}}, "progress", "MIN-MAX"},
		{[][2]string{{"user", "@ana"}}, "user", "autocomplete"},
		{[][2]string{{"campaign", ""}}, "campaign", "needs a value"},
	}
	for _, c := range cases {
		_, err := ParseFilter(c.pairs)
		fe := ErrorFields(err)
		if ErrorCode(err) != EINVALID || len(fe) != 1 || fe[0].Field != c.field || !strings.Contains(fe[0].Message, c.says) {
			t.Errorf("ParseFilter(%v) = %v; want a problem with %s saying %q", c.pairs, err, c.field, c.says)
		}
	}
	_, err := ParseFilter([][2]string{{"status", "x"}, {"bogus", "y"}})
	if len(ErrorFields(err)) != 2 {
		t.Errorf("want both problems at once, got %v", err)
	}
}

func TestFilterMatch(t *testing.T) {
	g := &Goal{Campaigns: []string{"a", "b"}, Accounts: []string{"act"}, Team: "growth", Creator: "U1", Duration: Monthly, Type: NetworkConversions}
	p := 75.0
	cases := []struct {
		filter string
		status Status
		prog   *float64
		want   bool
	}{
		{"", InProgress, nil, true},
		{"campaign:x,b", InProgress, &p, true},
		{"campaign:x", InProgress, &p, false},
		{"campaign:a team:growth user:U1 duration:monthly goal_type:network_conversions account:act", InProgress, &p, true},
		{"campaign:a team:other", InProgress, &p, false},
		{"status:missed,in_progress", InProgress, &p, true},
		{"status:missed", InProgress, &p, false},
		{"progress:75-75", InProgress, &p, true},
		{"progress:-74.9", InProgress, &p, false},
		{"progress:0-", InProgress, nil, false},
	}
	for _, c := range cases {
		var pairs [][2]string
		for _, kv := range strings.Fields(c.filter) {
			k, v, _ := strings.Cut(kv, ":")
			pairs = append(pairs, [2]string{k, v})
		}
		f, err := ParseFilter(pairs)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Match(g, c.status, c.prog); got != c.want {
			t.Errorf("%q matches = %v, want %v", c.filter, got, c.want)
		}
	}
}

func TestMentions(t *testing.T) {
	for in, want := range map[string]string{"<@U123|ana>": "U123", "<@W1>": "W1", "U9": "U9", "@U9": "U9", "@ana": "", "<@u1>": "", "@<@U1>": "", "@@U1": ""} {
		got, ok := UserID(in)
		if got != want || ok != (want != "") {
			t.Errorf("UserID(%q) = %q %v", in, got, ok)
		}
	}
	for in, want := range map[string]string{"<#C123|alerts>": "C123", "<#C9>": "C9", "G1": "G1", "#C0123ABC": "C0123ABC", "#alerts": "", "##C1": "", "#<#C1>": ""} {
		got, ok := ChannelID(in)
		if got != want || ok != (want != "") {
			t.Errorf("ChannelID(%q) = %q %v", in, got, ok)
		}
	}
}

// TestFilterProgressAsShown pins the one rule for progress: a bound matches what is
// shown, progress floored to as many decimals as the bound is written with.
func TestFilterProgressAsShown(t *testing.T) {
	g := &Goal{Campaigns: []string{"a"}, Type: NetworkConversions}
	cases := []struct {
		filter string
		prog   float64
		want   bool
	}{
		{"progress:-67", 67.4, true}, // shown as 67 %
		{"progress:67-67", 67.4, true},
		{"progress:67-67", 67.99999, true},
		{"progress:67-67", 68, false},
		{"progress:67-67", 66.99999, false}, // shown as 66 %
		{"progress:-66", 66.99999, true},
		{"progress:68-", 67.99, false},
		{"progress:50-", 49.99, false},
		{"progress:66.5-67", 66.7, true},
		{"progress:66.5-67", 66.4999, false},
		{"progress:-66.6", 66.7, false},
		{"progress:-66.7", 66.79, true}, // shown as 66.7 in JSON
		{"progress:-66.7", 66.8, false},
		{"progress:-100", 100, true},
		{"progress:-99", 99.96, true}, // 99.96 % is shown as 99 %
		{"progress:100-100", 99.96, false},
		{"progress:0-0", 0.5, true},
	}
	for _, c := range cases {
		k, v, _ := strings.Cut(c.filter, ":")
		f, err := ParseFilter([][2]string{{k, v}})
		if err != nil {
			t.Fatal(err)
		}
		p := c.prog
		if got := f.Match(g, InProgress, &p); got != c.want {
			t.Errorf("%q matches %v = %v, want %v", c.filter, c.prog, got, c.want)
		}
	}
	for max, want := range map[float64]float64{67: 68, 66.5: 66.6, 0: 1, 12.25: 12.26, 1e6: 1e6 + 1} {
		f := Filter{ProgressMax: &max}
		if got, ok := f.ProgressBelow(); !ok || got != want {
			t.Errorf("ProgressBelow(%v) = %v %v, want %v", max, got, ok, want)
		}
	}
}

func TestParseFilterCapsItsValues(t *testing.T) {
	ids := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "cmp-%d,", i)
		}
		return b.String()
	}
	f, err := ParseFilter([][2]string{{"campaign", ids(MaxFilterValues - 1)}, {"status", "missed"}})
	if err != nil || len(f.Campaigns) != MaxFilterValues-1 {
		t.Fatalf("a filter of %d values: %v", MaxFilterValues, err)
	}
	// Repeats count once.
	if _, err := ParseFilter([][2]string{{"campaign", ids(MaxFilterValues) + ids(MaxFilterValues)}}); err != nil {
		t.Fatalf("%d values given twice: %v", MaxFilterValues, err)
	}
	_, err = ParseFilter([][2]string{{"campaign", ids(10_000)}, {"team", "growth"}})
	fe := ErrorFields(err)
	if ErrorCode(err) != EINVALID || len(fe) != 1 || fe[0].Field != "campaign" ||
		!strings.Contains(fe[0].Message, "10001 values") || !strings.Contains(fe[0].Message, "at most 100") ||
		!strings.Contains(fe[0].Message, "Filter by account or team instead") {
		t.Fatalf("a filter of 10,001 values = %v, want one problem under campaign saying the cap and what to do", err)
	}
}

func TestParseFilterRefusesInvisibleIDs(t *testing.T) {
	for _, r := range []rune{'\u200b', '\u200d', '\u200e', '\u202e', '\u2066', '\u2069', '\ufeff'} {
		for _, key := range []string{"campaign", "account", "team"} {
			_, err := ParseFilter([][2]string{{key, "a,cmp" + string(r) + "1"}})
			fe := ErrorFields(err)
			if len(fe) != 1 || fe[0].Field != key || !strings.Contains(fe[0].Message, fmt.Sprintf("U+%04X", r)) ||
				!strings.Contains(fe[0].Message, "invisible") {
				t.Errorf("%s:cmp%+q1 = %v, want a problem naming U+%04X", key, r, err, r)
			}
		}
	}
}

func TestFilterWithout(t *testing.T) {
	f, err := ParseFilter([][2]string{{"campaign", "a,b"}, {"status", "missed,pending"}, {"progress", "50-"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ key, value, want string }{
		{"campaign", "a", "campaign:b status:missed,pending progress:50-"},
		{"campaign", "", "status:missed,pending progress:50-"},
		{"status", "pending", "campaign:a,b status:missed progress:50-"},
		{"progress", "50-", "campaign:a,b status:missed,pending"},
	} {
		if got := f.Without(c.key, c.value).String(); got != c.want {
			t.Errorf("Without(%s, %q) = %q, want %q", c.key, c.value, got, c.want)
		}
	}
	if f.String() != "campaign:a,b status:missed,pending progress:50-" {
		t.Errorf("Without changed the filter: %q", f.String())
	}
}

// BenchmarkParseFilter parses a filter of n campaign ids (refused past
// MaxFilterValues, after reading it all): linear, where it was quadratic.
func BenchmarkParseFilter(b *testing.B) {
	for _, n := range []int{100, 1_000, 10_000} {
		var ids []string
		for i := range n {
			ids = append(ids, fmt.Sprintf("cmp-%d", i))
		}
		pairs := [][2]string{{"campaign", strings.Join(ids, ",")}}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for range b.N {
				_, _ = ParseFilter(pairs)
			}
		})
	}
}
