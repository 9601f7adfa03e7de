package goalbot

import (
	"math"
	"slices"
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

// MaxFilterValues is the most values a filter may hold, all keys together (a
// progress range counts as one): enough for any list a person reads, and a bound on
// the work of every list, subscription and filter button.
const MaxFilterValues = 100

// ParseFilter builds a filter from key → value pairs in the text form (`campaign:a,b`,
// `status:missed`, `progress:50-`, `user:<@U123|ana>`). Repeated keys add values, and a
// value given twice counts once. Every problem is reported, each under its key. Its
// work is linear in the size of pairs.
func ParseFilter(pairs [][2]string) (Filter, error) { return NumberStyle{}.ParseFilter(pairs) }

// ParseFilter builds a filter from its text form (see ParseFilter) with its progress
// bounds written in the style (progress:50-75,5).
func (ns NumberStyle) ParseFilter(pairs [][2]string) (Filter, error) {
	var f Filter
	var p Problems
	for _, kv := range pairs {
		key, raw := strings.ToLower(strings.TrimSpace(kv[0])), kv[1]
		vals := SplitList(raw)
		if len(vals) == 0 && key != "progress" {
			p.Add(key, "errors.filter.empty", Args{"Key": key, "Example": filterExample(key)})
			continue
		}
		switch key {
		case "campaign":
			f.Campaigns = append(f.Campaigns, checkFilterIDs(key, vals, &p)...)
		case "account":
			f.Accounts = append(f.Accounts, checkFilterIDs(key, vals, &p)...)
		case "team":
			f.Teams = append(f.Teams, checkFilterIDs(key, vals, &p)...)
		case "user":
			for _, v := range vals {
				id, ok := UserID(v)
				if !ok {
					p.Add(key, "errors.filter.user", Args{"Value": v})
					continue
				}
				f.Users = append(f.Users, id)
			}
		case "duration":
			f.Durations = append(f.Durations, parseEnum(key, vals, Durations, &p)...)
		case "status":
			f.Statuses = append(f.Statuses, parseEnum(key, vals, Statuses, &p)...)
		case "goal_type":
			f.Types = append(f.Types, parseEnum(key, vals, Types, &p)...)
		case "progress":
			f.ProgressMin, f.ProgressMax = parseProgress(ns, raw, &p)
		default:
			p.Add(key, "errors.filter.unknown", Args{"Key": Quote(key), "Keys": strings.Join(FilterKeys, ", ")})
		}
	}
	f.dedupe()
	if n := f.values(); n > MaxFilterValues {
		p.Add(f.largestKey(), "errors.filter.too_many", Args{"Values": n, "Max": MaxFilterValues})
	}
	return f, p.Err()
}

// checkFilterIDs returns the ids among vals that may be looked up, reporting the
// others (see CheckID).
func checkFilterIDs(key string, vals []string, p *Problems) []string {
	out := vals[:0:0]
	for _, v := range vals {
		if err := CheckID(key, v); err != nil {
			p.AddError(key, err)
			continue
		}
		out = append(out, v)
	}
	return out
}

// dedupe keeps the first of each value in every field, in order.
func (f *Filter) dedupe() {
	f.Campaigns, f.Accounts, f.Teams, f.Users = unique(f.Campaigns), unique(f.Accounts), unique(f.Teams), unique(f.Users)
	f.Durations, f.Statuses, f.Types = unique(f.Durations), unique(f.Statuses), unique(f.Types)
}

// values counts f's values, a progress range as one.
func (f Filter) values() int {
	n := len(f.Campaigns) + len(f.Accounts) + len(f.Teams) + len(f.Users) + len(f.Durations) + len(f.Statuses) + len(f.Types)
	if f.HasProgress() {
		n++
	}
	return n
}

// largestKey is the key of f's longest list of values, where a filter with too many
// values has its problem reported.
func (f Filter) largestKey() string {
	key, most := "campaign", -1
	for _, kv := range [][2]any{{"campaign", len(f.Campaigns)}, {"account", len(f.Accounts)}, {"team", len(f.Teams)},
		{"user", len(f.Users)}, {"duration", len(f.Durations)}, {"status", len(f.Statuses)}, {"goal_type", len(f.Types)}} {
		if n := kv[1].(int); n > most {
			key, most = kv[0].(string), n
		}
	}
	return key
}

// Without returns f without value in key's values, or without key altogether when
// value is "" or key is progress. f is not changed.
func (f Filter) Without(key, value string) Filter {
	drop := func(vs []string) []string {
		if value == "" {
			return nil
		}
		return slices.DeleteFunc(slices.Clone(vs), func(v string) bool { return v == value })
	}
	switch key {
	case "campaign":
		f.Campaigns = drop(f.Campaigns)
	case "account":
		f.Accounts = drop(f.Accounts)
	case "team":
		f.Teams = drop(f.Teams)
	case "user":
		f.Users = drop(f.Users)
	case "duration":
		f.Durations = dropEnum(f.Durations, value)
	case "status":
		f.Statuses = dropEnum(f.Statuses, value)
	case "goal_type":
		f.Types = dropEnum(f.Types, value)
	case "progress":
		f.ProgressMin, f.ProgressMax = nil, nil
	}
	return f
}

// dropEnum is vs without v (without all when v is ""), as a new slice.
func dropEnum[T ~string](vs []T, v string) []T {
	if v == "" {
		return nil
	}
	return slices.DeleteFunc(slices.Clone(vs), func(x T) bool { return string(x) == v })
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
			p.Add(key, "errors.filter.value", Args{"Key": key, "Value": v, "Allowed": strings.Join(strs(allowed), ", ")})
			continue
		}
		out = append(out, t)
	}
	return out
}

func parseProgress(ns NumberStyle, raw string, p *Problems) (min, max *float64) {
	lo, hi, ok := cutRange(strings.TrimSuffix(strings.TrimSpace(raw), "%"))
	bad := func() (*float64, *float64) {
		p.Add("progress", "errors.filter.progress", Args{"Value": raw})
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
		v, err := ns.ParseProgressBound(s)
		if err != nil {
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
		p.Add("progress", "errors.filter.progress_order", Args{"Value": raw, "Min": fmtBound(max), "Max": fmtBound(min)})
		return nil, nil
	}
	return min, max
}

// cutRange cuts a progress range MIN-MAX at its dash: the first that is not an
// exponent's sign (1e-7-5 is 1e-7 to 5).
func cutRange(s string) (lo, hi string, ok bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '-' && (i == 0 || s[i-1] != 'e' && s[i-1] != 'E') {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// ParseProgressBound reads a progress bound in percent: a decimal number from 0 to
// MaxProgress, in plain or exponent form alike (1e-7 is 0.0000001).
func ParseProgressBound(s string) (float64, error) {
	bad := Invalid("errors.filter.percent", Args{"Value": Quote(s), "Max": strconv.FormatFloat(MaxProgress, 'f', -1, 64)})
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
			return 0, bad // no hexadecimal, infinity or NaN
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || v > MaxProgress {
		return 0, bad
	}
	return v, nil
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

// unique returns vs without repeats, the first of each in order, in linear time. It
// reuses vs's array.
func unique[T comparable](vs []T) []T {
	if len(vs) < 2 {
		return vs
	}
	seen := make(map[T]struct{}, len(vs))
	out := vs[:0]
	for _, v := range vs {
		if _, ok := seen[v]; !ok {
			seen[v] = struct{}{}
			out = append(out, v)
		}
	}
	return out
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
