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
