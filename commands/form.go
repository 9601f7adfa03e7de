package commands

import (
	"context"
	"slices"
	"strings"

	"github.com/goalbot/goalbot"
)

// The forms of the use cases (the create wizard, the edit form, the filter form) as
// data: what each shows is an outcome (CreateStep, EditForm, FilterForm) and what a
// user submits comes back as a Form. bot draws them as Slack modals.

// Field names of the forms' inputs: each names a field of a goal or a filter, and
// bot uses it as the input's block_id and action_id.
const (
	FieldCampaigns   = "ad_campaigns"
	FieldAccounts    = "ad_accounts"
	FieldTeam        = "team"
	FieldUser        = "user"
	FieldDuration    = "duration"
	FieldStatus      = "status"
	FieldGoalType    = "goal_type"
	FieldProgressMin = "progress_min"
	FieldProgressMax = "progress_max"
)

// Input is what one field of a submitted form holds.
type Input struct {
	// Value is the typed text, the picked date, or the chosen option of a single
	// select or of radio buttons.
	Value string
	// Selected are the chosen options of a multi select or of checkboxes, or the
	// users of a users select.
	Selected []string
}

// Form is a submitted form's inputs by field name.
type Form map[string]Input

// Text is a field's value, trimmed.
func (f Form) Text(field string) string { return strings.TrimSpace(f[field].Value) }

// Selected are a field's chosen options.
func (f Form) Selected(field string) []string { return f[field].Selected }

// Has reports whether the form holds field.
func (f Form) Has(field string) bool {
	_, ok := f[field]
	return ok
}

// firstOf is the first of fields that the form holds, else the first field it holds
// in name order ("" for an empty form).
func (f Form) firstOf(fields ...string) string {
	for _, field := range fields {
		if f.Has(field) {
			return field
		}
	}
	all := make([]string, 0, len(f))
	for field := range f {
		all = append(all, field)
	}
	slices.Sort(all)
	if len(all) == 0 {
		return ""
	}
	return all[0]
}

// FieldErrors are the problems of a submitted form, by field (a surface shows a
// field's problems one after another, "; " between two).
type FieldErrors map[string][]goalbot.Message

// Add adds m to the problems of field, once.
func (e FieldErrors) Add(field string, m goalbot.Message) {
	for _, prev := range e[field] {
		if prev.String() == m.String() {
			return
		}
	}
	e[field] = append(e[field], m)
}

// MaxChoices is the most catalog entries a search of a form's pickers returns.
const MaxChoices = 100

// CatalogEntry is an account or campaign that a form's picker offers.
type CatalogEntry struct {
	ID, Name string
}

// CatalogChoices are the catalog entries of a FieldCampaigns or FieldAccounts picker
// that match query, at most MaxChoices; campaigns are limited to accounts when some
// are given.
func (a *App) CatalogChoices(ctx context.Context, field, query string, accounts []string) ([]CatalogEntry, error) {
	var out []CatalogEntry
	switch field {
	case FieldCampaigns:
		cs, err := a.Store.SearchCampaigns(ctx, query, accounts, MaxChoices)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			out = append(out, CatalogEntry{ID: c.ID, Name: c.Name})
		}
	case FieldAccounts:
		as, err := a.Store.SearchAccounts(ctx, query, MaxChoices)
		if err != nil {
			return nil, err
		}
		for _, ac := range as {
			out = append(out, CatalogEntry{ID: ac.ID, Name: ac.Name})
		}
	default:
		return nil, goalbot.Invalid("errors.form.no_suggestions", goalbot.Args{"Field": field})
	}
	return out, nil
}
