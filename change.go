package goalbot

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
	"sync"
	"time"
)

// ChangeKind says what a change of a goal did.
type ChangeKind string

// The kinds of change a goal's history records.
const (
	ChangeCreated  ChangeKind = "created"
	ChangeEdited   ChangeKind = "edited"
	ChangeDeleted  ChangeKind = "deleted"
	ChangeRestored ChangeKind = "restored"
)

// Change is one change of a goal as its history keeps it: when, by whom, what, and
// for an edit each field it changed.
type Change struct {
	At time.Time `json:"at"`
	// By is the Slack user who made it; empty for the HTTP API token.
	By     string        `json:"by,omitempty"`
	Kind   ChangeKind    `json:"kind"`
	Fields []FieldChange `json:"fields,omitempty"`
}

// FieldChange is one field an edit changed, with its value before and after in the
// text form that typed commands and the API use ("" when it had none): a name as
// written, a target as a number, a campaign's targets per period as numbers
// separated by commas, notifications as event names separated by commas.
type FieldChange struct {
	// Field is the field's name in a goal's JSON (name, target, notifications, team);
	// a campaign's own targets are "targets.<campaign id>".
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// CampaignTargetPrefix starts the field name of a campaign's own targets in a
// FieldChange ("targets.cmp-1").
const CampaignTargetPrefix = "targets."

// Campaign returns the campaign whose own targets the field is, and whether it is one.
func (f FieldChange) Campaign() (string, bool) {
	c, ok := strings.CutPrefix(f.Field, CampaignTargetPrefix)
	return c, ok && c != ""
}

// notEdited are the fields of a goal's JSON that no edit changes on its own: they
// follow every save (version, updated_at) or name the goal (id).
var notEdited = map[string]bool{"id": true, "version": true, "updated_at": true}

// Diff returns the fields that differ between g and next (the same goal after an
// edit), in the order of a goal's JSON, each campaign's own targets as a field of its
// own (by campaign id). Every field of the goal counts, so a field that a later edit
// may change is recorded without a change here.
func (g *Goal) Diff(next *Goal) []FieldChange {
	before, after := goalFields(g), goalFields(next)
	var out []FieldChange
	seen := map[string]bool{}
	for _, f := range append(before.order, after.order...) {
		if seen[f] {
			continue
		}
		seen[f] = true
		if old, now := before.values[f], after.values[f]; old != now {
			out = append(out, FieldChange{Field: f, Old: old, New: now})
		}
	}
	rank := fieldRank()
	place := func(f string) int {
		if r, ok := rank[topField(f)]; ok {
			return r
		}
		return len(rank) + 1 // a field of a newer goalbot: after the known ones
	}
	sort.SliceStable(out, func(i, j int) bool {
		if a, b := place(out[i].Field), place(out[j].Field); a != b {
			return a < b
		}
		return out[i].Field < out[j].Field
	})
	return out
}

// topField is the goal's JSON field a FieldChange is of ("targets" for a campaign's).
func topField(f string) string {
	if strings.HasPrefix(f, CampaignTargetPrefix) {
		return "targets"
	}
	return f
}

// fieldRank is the place of each field in a goal's JSON: that of a goal with every
// field that may be left out set (a field left out of one side of an edit still
// takes its place).
var fieldRank = sync.OnceValue(func() map[string]int {
	one := Micro(1)
	full := Goal{Stage: Lead, Team: "t", Currency: "USD",
		Targets: Targets{Target: &one, PerCampaign: map[string]CampaignTarget{"c": {All: one}}}}
	raw, _ := json.Marshal(full)
	rank := map[string]int{}
	dec := json.NewDecoder(bytes.NewReader(raw))
	_, _ = dec.Token()
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if key, ok := tok.(string); ok {
			rank[key] = len(rank) + 1
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			break
		}
	}
	return rank
})

// fieldTexts are a goal's fields as text, in order.
type fieldTexts struct {
	order  []string
	values map[string]string
}

// goalFields returns g's fields as Diff compares them.
func goalFields(g *Goal) fieldTexts {
	out := fieldTexts{values: map[string]string{}}
	raw, err := json.Marshal(g)
	if err != nil {
		return out // a goal always marshals (its types have no failing Marshaler)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil { // {
		return out
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return out
		}
		switch {
		case notEdited[key]:
		case key == "targets":
			out.addCampaignTargets(v)
		default:
			out.add(key, valueText(v))
		}
	}
	return out
}

func (t *fieldTexts) add(key, value string) {
	t.order = append(t.order, key)
	t.values[key] = value
}

// addCampaignTargets adds each campaign's own targets, by campaign id.
func (t *fieldTexts) addCampaignTargets(raw json.RawMessage) {
	var per map[string]json.RawMessage
	if json.Unmarshal(raw, &per) != nil {
		return
	}
	keys := make([]string, 0, len(per))
	for k := range per {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.add(CampaignTargetPrefix+k, valueText(per[k]))
	}
}

// valueText is a JSON value as FieldChange writes it: text as it is, a list as its
// items separated by commas, null as "", anything else as its JSON.
func valueText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	case '[':
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) == nil {
			parts := make([]string, len(items))
			for i, it := range items {
				parts[i] = valueText(it)
			}
			return strings.Join(parts, ",")
		}
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) == nil {
		return b.String()
	}
	return string(raw)
}
