package goalbot

import (
	"math"
	"strconv"
	"strings"
)

// Filter selects goals (docs/contract.md). Several values in one field match any of them;
// several fields must all match. Empty fields match everything.
type Filter struct {
	Campaigns []string   `json:"campaign,omitempty"`
	Accounts  []string   `json:"account,omitempty"`
	Teams     []string   `json:"team,omitempty"`
	Users     []string   `json:"user,omitempty"` // creators
	Durations []Duration `json:"duration,omitempty"`
	Statuses  []Status   `json:"status,omitempty"`
	Types     []Type     `json:"goal_type,omitempty"`
	// ProgressMin and ProgressMax bound headline progress as people see it (see
	// MatchProgress), inclusive; a goal with unknown progress matches no progress
	// filter.
	ProgressMin *float64 `json:"progress_min,omitempty"`
	ProgressMax *float64 `json:"progress_max,omitempty"`
}

// FilterKeys are the keys of the text form of a filter, in the order help lists them.
var FilterKeys = []string{"campaign", "account", "team", "user", "duration", "status", "goal_type", "progress"}

// IsZero reports whether f matches every goal.
func (f Filter) IsZero() bool {
	return len(f.Campaigns)+len(f.Accounts)+len(f.Teams)+len(f.Users)+len(f.Durations)+len(f.Statuses)+len(f.Types) == 0 &&
		f.ProgressMin == nil && f.ProgressMax == nil
}

// HasProgress reports whether f bounds progress.
func (f Filter) HasProgress() bool { return f.ProgressMin != nil || f.ProgressMax != nil }

// Match reports whether goal g, with the given status and headline progress (nil when
// unknown), matches f.
func (f Filter) Match(g *Goal, status Status, headline *float64) bool {
	return anyIn(f.Campaigns, g.Campaigns) && anyIn(f.Accounts, g.Accounts) &&
		oneOf(f.Teams, g.Team) && oneOf(f.Users, g.Creator) && oneOf(f.Durations, g.Duration) &&
		oneOf(f.Statuses, status) && oneOf(f.Types, g.Type) && f.MatchProgress(headline)
}

// MatchProgress reports whether headline progress p satisfies f's progress bounds.
//
// Progress is shown floored (to a whole percent in Slack and the console, to one
// decimal in JSON), and a bound matches what is shown: p matches when, floored to as
// many decimals as each bound is written with, it lies between the bounds. So a goal
// shown as 67 % (exact progress 67 up to 67.99…) is found by progress:67-67 and
// progress:-67, not by progress:68- nor progress:-66; progress:66.5-67 finds 66.5 up
// to 67.99…; progress:50- never finds 49.99 % (shown as 49 %). The minimum compares
// exactly (p ≥ MIN is the same as p floored ≥ MIN); the maximum becomes the
// exclusive bound ProgressBelow.
func (f Filter) MatchProgress(p *float64) bool {
	if !f.HasProgress() {
		return true
	}
	if p == nil {
		return false
	}
	below, hasMax := f.ProgressBelow()
	return (f.ProgressMin == nil || *p >= *f.ProgressMin) && (!hasMax || *p < below)
}

// maxBoundDecimals is the most decimals a progress bound is floored to; a maximum
// written with more is compared exactly.
const maxBoundDecimals = 6

// ProgressBelow returns the exclusive upper bound on exact progress that f's
// maximum stands for (ok is false without one): the maximum plus one unit of its
// last written decimal (67 → 68, 66.5 → 66.6), so that everything shown as the
// maximum, floored at its precision, is below it. The store lists with the same
// bound, so that lists, subscriptions and the API agree.
func (f Filter) ProgressBelow() (below float64, ok bool) {
	if f.ProgressMax == nil {
		return 0, false
	}
	return progressCeiling(*f.ProgressMax), true
}

// progressCeiling returns max plus one unit of its last decimal in its shortest
// decimal form, as the nearest float to that decimal (the sum of two integers
// divided by a power of ten, each exact, so rounded once).
func progressCeiling(max float64) float64 {
	_, frac, _ := strings.Cut(strconv.FormatFloat(max, 'f', -1, 64), ".")
	if len(frac) > maxBoundDecimals || math.IsInf(max, 0) || math.IsNaN(max) {
		return math.Nextafter(max, math.Inf(1))
	}
	scale := math.Pow10(len(frac))
	return (math.Round(max*scale) + 1) / scale
}

func oneOf[T comparable](want []T, v T) bool { return len(want) == 0 || contains(want, v) }

func anyIn(want, have []string) bool {
	if len(want) == 0 {
		return true
	}
	for _, h := range have {
		if contains(want, h) {
			return true
		}
	}
	return false
}

// ParseFilter builds a filter from key → value pairs in the text form (`campaign:a,b`,
// `status:missed`, `progress:50-`, `user:<@U123|ana>`). Repeated keys add values. Every
// problem is reported, each under its key.
func ParseFilter(pairs [][2]string) (Filter, error) {
	var f Filter
	var p Problems
	for _, kv := range pairs {
		key, raw := strings.ToLower(strings.TrimSpace(kv[0])), kv[1]
		vals := SplitList(raw)
		if len(vals) == 0 && key != "progress" {
			p.Add(key, "%s: needs a value, such as %s", key, filterExample(key))
			continue
		}
		switch key {
		case "campaign":
			f.Campaigns = appendNew(f.Campaigns, vals...)
		case "account":
			f.Accounts = appendNew(f.Accounts, vals...)
		case "team":
			f.Teams = appendNew(f.Teams, vals...)
		case "user":
			for _, v := range vals {
				id, ok := UserID(v)
				if !ok {
					p.Add(key, "user:%s is not a Slack user: pick one from Slack's autocomplete (@name), or give an id such as U012AB3CD", v)
					continue
				}
				f.Users = appendNew(f.Users, id)
			}
		case "duration":
			f.Durations = appendNew(f.Durations, parseEnum(key, vals, Durations, &p)...)
		case "status":
			f.Statuses = appendNew(f.Statuses, parseEnum(key, vals, Statuses, &p)...)
		case "goal_type":
			f.Types = appendNew(f.Types, parseEnum(key, vals, Types, &p)...)
		case "progress":
			f.ProgressMin, f.ProgressMax = parseProgress(raw, &p)
		default:
			p.Add(key, "unknown filter %q: use %s", key, strings.Join(FilterKeys, ", "))
		}
	}
	return f, p.Err()
}

// Pairs returns f in its text form, the inverse of ParseFilter.
func (f Filter) Pairs() [][2]string {
	var out [][2]string
	add := func(k string, vs []string) {
		if len(vs) > 0 {
			out = append(out, [2]string{k, strings.Join(vs, ",")})
		}
	}
	add("campaign", f.Campaigns)
	add("account", f.Accounts)
	add("team", f.Teams)
	add("user", f.Users)
	add("duration", strs(f.Durations))
	add("status", strs(f.Statuses))
	add("goal_type", strs(f.Types))
	if f.HasProgress() {
		out = append(out, [2]string{"progress", fmtBound(f.ProgressMin) + "-" + fmtBound(f.ProgressMax)})
	}
	return out
}

// String is the text form of f ("campaign:a,b status:missed"), "" when it matches all.
func (f Filter) String() string {
	var parts []string
	for _, kv := range f.Pairs() {
		parts = append(parts, kv[0]+":"+kv[1])
	}
	return strings.Join(parts, " ")
}

func fmtBound(b *float64) string {
	if b == nil {
		return ""
	}
	return strconv.FormatFloat(*b, 'f', -1, 64)
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func parseEnum[T ~string](key string, vals []string, allowed []T, p *Problems) []T {
	var out []T
	for _, v := range vals {
		t := T(strings.ToLower(v))
		if !contains(allowed, t) {
			p.Add(key, "%s:%s is not valid: use %s", key, v, strings.Join(strs(allowed), ", "))
			continue
		}
		out = append(out, t)
	}
	return out
}

func parseProgress(raw string, p *Problems) (min, max *float64) {
	lo, hi, ok := strings.Cut(strings.TrimSuffix(strings.TrimSpace(raw), "%"), "-")
	bad := func() (*float64, *float64) {
		p.Add("progress", "progress:%s is not a range: use MIN-MAX in percent, either side may be empty, such as progress:50-100, progress:75- or progress:-25", raw)
		return nil, nil
	}
	if !ok || (strings.TrimSpace(lo) == "" && strings.TrimSpace(hi) == "") {
		return bad()
	}
	parse := func(s string) (*float64, bool) {
		s = strings.TrimSuffix(strings.TrimSpace(s), "%")
		if s == "" {
			return nil, true
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v < 0 || v != v || v > MaxProgress {
			return nil, false
		}
		return &v, true
	}
	min, ok1 := parse(lo)
	max, ok2 := parse(hi)
	if !ok1 || !ok2 {
		return bad()
	}
	if min != nil && max != nil && *min > *max {
		p.Add("progress", "progress:%s has its minimum above its maximum: write the smaller number first, such as progress:%s-%s", raw, fmtBound(max), fmtBound(min))
		return nil, nil
	}
	return min, max
}

func filterExample(key string) string {
	switch key {
	case "status":
		return "status:in_progress,missed"
	case "duration":
		return "duration:monthly"
	case "goal_type":
		return "goal_type:contacts_in_stage"
	case "user":
		return "user:@ana"
	}
	return key + ":value1,value2"
}

// SplitList splits a comma-separated list, trimming blanks and dropping empty items.
func SplitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func appendNew[T comparable](list []T, vs ...T) []T {
	for _, v := range vs {
		if !contains(list, v) {
			list = append(list, v)
		}
	}
	return list
}

// UserID extracts a Slack user id from an escaped mention (`<@U123|ana>`, `<@U123>`),
// a bare id (`U123`, `W123`) or an id after @ (`@U123`, as goalbot's text replies
// show a mention). Plain names (`@ana`) are not ids.
func UserID(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "<@") && strings.HasSuffix(s, ">") {
		s, _, _ = strings.Cut(s[2:len(s)-1], "|")
	} else {
		s = strings.TrimPrefix(s, "@")
	}
	if len(s) < 2 || (s[0] != 'U' && s[0] != 'W') {
		return "", false
	}
	for _, r := range s[1:] {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return "", false
		}
	}
	return s, true
}

// ChannelID extracts a Slack channel id from an escaped mention (`<#C123|alerts>`,
// `<#C123>`), a bare id (`C123`, `G123`) or an id after # (`#C123`, as goalbot's text
// replies show a channel). Plain names (`#alerts`) are not ids: Slack's channel names
// are lower case, so they never look like an id.
func ChannelID(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "<#") && strings.HasSuffix(s, ">") {
		s, _, _ = strings.Cut(s[2:len(s)-1], "|")
	} else {
		s = strings.TrimPrefix(s, "#")
	}
	if len(s) < 2 || (s[0] != 'C' && s[0] != 'G') {
		return "", false
	}
	for _, r := range s[1:] {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return "", false
		}
	}
	return s, true
}
