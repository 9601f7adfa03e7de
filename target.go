package goalbot

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
)

// Targets are a goal's targets per (campaign, period): one value for every campaign and
// period (`target`), overridden per campaign by one value for all its periods or one per
// period (`targets`). They are kept as they were set.
type Targets struct {
	Target      *Micro                    `json:"target,omitempty"`
	PerCampaign map[string]CampaignTarget `json:"targets,omitempty"`
}

// CampaignTarget is one campaign's override: All for every period, or PerPeriod with one
// value per period.
type CampaignTarget struct {
	All       Micro
	PerPeriod []Micro
}

// MarshalJSON writes a number, or an array of numbers per period.
func (c CampaignTarget) MarshalJSON() ([]byte, error) {
	if c.PerPeriod != nil {
		return json.Marshal(c.PerPeriod)
	}
	return json.Marshal(c.All)
}

// UnmarshalJSON reads a number or an array of numbers.
func (c *CampaignTarget) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var list []Micro
		if err := json.Unmarshal(b, &list); err != nil {
			return Invalid("errors.target.json_list", nil)
		}
		*c = CampaignTarget{PerPeriod: list}
		return nil
	}
	var m Micro
	if err := json.Unmarshal(b, &m); err != nil {
		return Invalid("errors.target.json", nil)
	}
	*c = CampaignTarget{All: m}
	return nil
}

// String is the text form of c: "120" for every period, or "100,120,150" for one
// value per period, as NumberStyle{}.ParseCampaignTarget reads it back.
func (c CampaignTarget) String() string {
	if c.PerPeriod == nil {
		return c.All.String()
	}
	parts := make([]string, len(c.PerPeriod))
	for i, m := range c.PerPeriod {
		parts[i] = m.String()
	}
	return strings.Join(parts, ",")
}

// For returns the target of campaign in period i (0 when none is set).
func (t Targets) For(campaign string, i int) Micro {
	if c, ok := t.PerCampaign[campaign]; ok {
		if c.PerPeriod == nil {
			return c.All
		}
		if i >= 0 && i < len(c.PerPeriod) {
			return c.PerPeriod[i]
		}
		return 0
	}
	if t.Target != nil {
		return *t.Target
	}
	return 0
}

// TargetField is the field name of a campaign's override (`target_<campaign id>`).
func TargetField(campaign string) string { return "target_" + campaign }

// validate checks that every (campaign, period) of a goal with these campaigns and
// nPeriods periods has a positive target, and that overrides name the goal's campaigns
// and have the right number of values (not checked when nPeriods is -1, unknown);
// subject names the goal in messages ("G1", or
// "this goal" before it has an id). Each problem is reported once, under its field.
func (t Targets) validate(campaigns []string, nPeriods int, subject any, p *Problems) {
	if t.Target != nil && *t.Target <= 0 {
		p.Add("target", "errors.target.positive", Args{"Value": *t.Target})
	}
	for _, c := range sortedKeys(t.PerCampaign) {
		ct := t.PerCampaign[c]
		field := TargetField(c)
		switch {
		case !contains(campaigns, c):
			p.Add(field, "errors.target.campaign_other", Args{"Campaign": c, "Goal": subject, "Campaigns": SomeOf(campaigns, 5)})
		case ct.PerPeriod == nil && ct.All <= 0:
			p.Add(field, "errors.target.positive", Args{"Value": ct.All})
		case ct.PerPeriod != nil && nPeriods >= 0 && len(ct.PerPeriod) != nPeriods:
			key, args := periodCount(subject, nPeriods, len(ct.PerPeriod))
			p.Add(field, key, args)
		case ct.PerPeriod != nil:
			for i, m := range ct.PerPeriod {
				if m <= 0 {
					p.Add(field, "errors.target.period_positive", Args{"N": i + 1, "Of": len(ct.PerPeriod), "Value": m})
					break
				}
			}
		}
	}
	if t.Target != nil {
		return
	}
	var missing []string
	for _, c := range campaigns {
		if _, ok := t.PerCampaign[c]; !ok {
			missing = append(missing, c)
		}
	}
	switch {
	case len(t.PerCampaign) == 0:
		p.Add("target", "errors.target.missing", nil)
	case len(missing) == 0:
	case len(missing) == 1:
		p.Add("target", "errors.target.campaign_missing", Args{"Campaign": missing[0]})
	default:
		p.Add("target", "errors.target.campaigns_missing", Args{"Campaigns": SomeOf(missing, 5)})
	}
}

// periodCount says how many targets a goal of n periods takes, when given gave: the
// message's key and data.
func periodCount(subject any, n, gave int) (string, Args) {
	if n == 1 {
		return "errors.target.one_period", Args{"Goal": subject, "Gave": gave}
	}
	return "errors.target.periods", Args{"Goal": subject, "Periods": n, "Gave": gave}
}

// checkWhole refuses fractional targets where the goal type counts whole things
// (contacts, form submissions); conversions may be fractional (networks attribute
// fractions) and costs are money.
func (t Targets) checkWhole(typ Type, p *Problems) {
	what := typ.WholeUnit()
	if what.IsZero() {
		return
	}
	fractional := func(m Micro) bool { return m > 0 && m%MicroUnit != 0 }
	say := func(field string, m Micro) {
		lo := m / MicroUnit * MicroUnit
		p.Add(field, "errors.target.whole", Args{"What": what, "Low": lo, "High": lo + MicroUnit, "Value": m})
	}
	if t.Target != nil && fractional(*t.Target) {
		say("target", *t.Target)
	}
	for _, c := range sortedKeys(t.PerCampaign) {
		ct := t.PerCampaign[c]
		if ct.PerPeriod == nil && fractional(ct.All) {
			say(TargetField(c), ct.All)
		}
		for i, m := range ct.PerPeriod {
			if fractional(m) {
				lo := m / MicroUnit * MicroUnit
				p.Add(TargetField(c), "errors.target.period_whole", Args{"N": i + 1, "Of": len(ct.PerPeriod), "Value": m, "What": what, "Low": lo, "High": lo + MicroUnit})
				break
			}
		}
	}
}

// Edit returns t changed to u for the periods from `from` on, keeping the targets of
// periods before it (periods that have ended keep their targets, docs/contract.md). With from 0
// it is u itself.
func (t Targets) Edit(u Targets, campaigns []string, nPeriods, from int) Targets {
	if from <= 0 {
		return u
	}
	out := Targets{Target: u.Target, PerCampaign: map[string]CampaignTarget{}}
	for _, c := range campaigns {
		vals := make([]Micro, nPeriods)
		same := true
		for i := range vals {
			if i < from {
				vals[i] = t.For(c, i)
			} else {
				vals[i] = u.For(c, i)
			}
			same = same && vals[i] == u.For(c, i)
		}
		if same {
			if ct, ok := u.PerCampaign[c]; ok {
				out.PerCampaign[c] = ct
			}
			continue
		}
		out.PerCampaign[c] = CampaignTarget{PerPeriod: vals}
	}
	if len(out.PerCampaign) == 0 {
		out.PerCampaign = nil
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Merge returns t edited by u as `/goal edit` and PATCH mean it: a new `target`
// replaces every target (and the overrides, unless u gives its own); without one, u's
// overrides replace those campaigns' targets and the rest stay.
func (t Targets) Merge(u Targets) Targets {
	if u.Target != nil {
		return u
	}
	out := Targets{Target: t.Target, PerCampaign: map[string]CampaignTarget{}}
	for c, ct := range t.PerCampaign {
		out.PerCampaign[c] = ct
	}
	for c, ct := range u.PerCampaign {
		out.PerCampaign[c] = ct
	}
	if len(out.PerCampaign) == 0 {
		out.PerCampaign = nil
	}
	return out
}
