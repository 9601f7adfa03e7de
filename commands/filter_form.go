package commands

import (
	"context"
	"strconv"
	"strings"

	"github.com/goalbot/goalbot"
)

// FilterForm is the filter form of a list, prefilled with its filter, with the names
// of the filter's campaigns and accounts (in the filter's order; a name is "" where
// the catalog has none).
type FilterForm struct {
	unchanged
	Filter    goalbot.Filter
	Campaigns []CatalogEntry
	Accounts  []CatalogEntry
}

// OpenFilter loads the filter form prefilled with f.
func (a *App) OpenFilter(ctx context.Context, f goalbot.Filter) (FilterForm, error) {
	cs, err := a.Store.Campaigns(ctx, f.Campaigns)
	if err != nil {
		return FilterForm{}, err
	}
	as, err := a.Store.Accounts(ctx, f.Accounts)
	if err != nil {
		return FilterForm{}, err
	}
	form := FilterForm{Filter: f}
	for _, id := range f.Campaigns {
		form.Campaigns = append(form.Campaigns, CatalogEntry{ID: id, Name: cs[id].Name})
	}
	for _, id := range f.Accounts {
		form.Accounts = append(form.Accounts, CatalogEntry{ID: id, Name: as[id].Name})
	}
	return form, nil
}

// DecodeFilter reads a filter form that actor submitted (progress bounds in their
// number style). Problems come back by field; the filter is valid only when there
// are none.
func DecodeFilter(f Form, actor Actor) (goalbot.Filter, FieldErrors) {
	ns := actor.Dialect().Numbers
	var pairs [][2]string
	add := func(key string, vs []string) {
		if len(vs) > 0 {
			pairs = append(pairs, [2]string{key, strings.Join(vs, ",")})
		}
	}
	add("campaign", f.Selected(FieldCampaigns))
	add("account", f.Selected(FieldAccounts))
	add("team", goalbot.SplitList(f.Text(FieldTeam)))
	add("user", f.Selected(FieldUser))
	add("duration", f.Selected(FieldDuration))
	add("status", f.Selected(FieldStatus))
	add("goal_type", f.Selected(FieldGoalType))
	errs := FieldErrors{}
	lo, hi := f.Text(FieldProgressMin), f.Text(FieldProgressMax)
	okLo, okHi := checkProgress(ns, lo), checkProgress(ns, hi)
	if !okLo {
		errs.Add(FieldProgressMin, goalbot.M("errors.form.progress_min", goalbot.Args{"Max": strconv.Itoa(int(goalbot.MaxProgress))}))
	}
	if !okHi {
		errs.Add(FieldProgressMax, goalbot.M("errors.form.progress_max", goalbot.Args{"Max": strconv.Itoa(int(goalbot.MaxProgress))}))
	}
	if okLo && okHi && (lo != "" || hi != "") {
		pairs = append(pairs, [2]string{"progress", lo + "-" + hi})
	}
	flt, err := ns.ParseFilter(pairs)
	for _, p := range goalbot.ErrorFields(err) {
		errs[filterField(p.Field)] = []goalbot.Message{p.Message}
	}
	if err != nil && len(goalbot.ErrorFields(err)) == 0 {
		errs.Add(FieldTeam, goalbot.MessageOf(err))
	}
	if len(errs) > 0 {
		return goalbot.Filter{}, errs
	}
	return flt, nil
}

// checkProgress reports whether a progress bound is empty or a number in range.
func checkProgress(ns goalbot.NumberStyle, s string) bool {
	if s == "" {
		return true
	}
	_, err := ns.ParseProgressBound(strings.TrimSpace(strings.TrimSuffix(s, "%")))
	return err == nil
}

// filterField is the form field of a filter key.
func filterField(key string) string {
	switch key {
	case "campaign":
		return FieldCampaigns
	case "account":
		return FieldAccounts
	case "progress":
		return FieldProgressMax
	}
	return key
}
