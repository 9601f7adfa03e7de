package goalbot

import (
	"slices"
	"strings"
	"unicode"
)

// MaxMatchValues bounds the attribution values of one campaign.
const MaxMatchValues = 20

// MatchValues returns the values that name campaign c in the CRM's drill-downs
// (utm_campaign), normalized (trimmed, lowercased): override when it is set, else c's
// name, its id (google-111) and its network's id (111).
func MatchValues(c Campaign, override []string) []string {
	vals := override
	if len(vals) == 0 {
		vals = []string{c.Name, c.ID}
		if net, rest, ok := strings.Cut(c.ID, "-"); ok && rest != "" && (c.Network == "" || c.Network == net) {
			vals = append(vals, rest)
		}
	}
	var out []string
	for _, v := range vals {
		if v = NormalizeMatch(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// NormalizeMatch is how drill-downs and match values are compared: trimmed and
// lowercased.
func NormalizeMatch(v string) string { return strings.ToLower(strings.TrimSpace(v)) }

// ParseMatchValues checks a campaign's attribution override as typed (a
// comma-separated list; "none" removes the override and gives an empty list); field
// names it in the errors.
func ParseMatchValues(raw, field string) ([]string, error) {
	if strings.EqualFold(strings.TrimSpace(raw), "none") {
		return []string{}, nil
	}
	return CheckMatchValues(SplitList(raw), field)
}

// CheckMatchValues checks a list of attribution values: 1 to MaxMatchValues, each
// without control characters and at most MaxIDLength bytes.
func CheckMatchValues(vals []string, field string) ([]string, error) {
	var p Problems
	var out []string
	for _, v := range vals {
		v = strings.TrimSpace(v)
		switch {
		case v == "":
		case len(v) > MaxIDLength || strings.ContainsFunc(v, unicode.IsControl):
			p.Add(field, "errors.attribution.value", Args{"Field": field, "Max": MaxIDLength})
		case !slices.Contains(out, v):
			out = append(out, v)
		}
	}
	switch {
	case len(out) == 0 && p.Err() == nil:
		p.Add(field, "errors.attribution.none", Args{"Field": field})
	case len(out) > MaxMatchValues:
		p.Add(field, "errors.attribution.too_many", Args{"Field": field, "Max": MaxMatchValues, "Values": len(out)})
	}
	return out, p.Err()
}
