package commands

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/goalbot/goalbot"
)

// Fields of the edit form (also asked by the create wizard).
const (
	FieldName          = "name"
	FieldTarget        = "target"
	FieldNotifications = "notifications"
)

// EditMeta is what the edit form carries: the goal and the version the form was built
// from, for optimistic concurrency.
type EditMeta struct {
	ID      string `json:"id"`
	Version int64  `json:"v"`
}

// Encode is m as the text the form carries.
func (m EditMeta) Encode() string {
	b, _ := json.Marshal(m)
	return string(b)
}

// DecodeEditMeta reads what an edit form carried.
func DecodeEditMeta(s string) (EditMeta, error) {
	var m EditMeta
	if err := json.Unmarshal([]byte(s), &m); err != nil || m.ID == "" {
		return EditMeta{}, goalbot.Invalid("errors.form.edit_damaged", nil)
	}
	return m, nil
}

// EditForm is the edit form of a goal (`/goal edit ID` alone, the Edit buttons):
// prefilled with its name, targets, notifications and team (Values), with the names
// of its campaigns and the periods its targets are for.
type EditForm struct {
	unchanged
	Goal      *goalbot.Goal
	Campaigns map[string]goalbot.Campaign
	// Numbers is how the reader writes numbers: the form shows the targets so.
	Numbers goalbot.NumberStyle
}

// Meta is what the form carries.
func (e EditForm) Meta() EditMeta { return EditMeta{ID: e.Goal.ID, Version: e.Goal.Version} }

// Values are the text values the form shows, by field, numbers written in the
// reader's style.
func (e EditForm) Values() map[string]string { return editValues(e.Goal, e.Numbers) }

// OpenEdit loads the edit form of goal id, if actor may edit it.
func (a *App) OpenEdit(ctx context.Context, actor Actor, id string) (EditForm, error) {
	g, err := a.Store.Goal(ctx, id)
	if err != nil {
		return EditForm{}, err
	}
	if err := a.mayManage(ctx, actor, g); err != nil {
		return EditForm{}, err
	}
	cs, err := a.Store.Campaigns(ctx, g.Campaigns)
	if err != nil {
		return EditForm{}, err
	}
	return EditForm{Goal: g, Campaigns: cs, Numbers: actor.Dialect().Numbers}, nil
}

// editValues are the text values the edit form shows for g, by field, numbers
// written in style ns.
func editValues(g *goalbot.Goal, ns goalbot.NumberStyle) map[string]string {
	out := map[string]string{FieldName: g.Name, FieldTeam: g.Team}
	if g.Targets.Target != nil {
		out[FieldTarget] = ns.FormatMicro(*g.Targets.Target)
	}
	for c, ct := range g.Targets.PerCampaign {
		out[goalbot.TargetField(c)] = ns.FormatCampaignTarget(ct)
	}
	return out
}

// DecodeEdit reads a submitted edit form of g, its numbers written in style ns (as
// the form showed them): only the fields changed from what the form showed become
// part of the update. Problems come back by field.
func DecodeEdit(f Form, g *goalbot.Goal, ns goalbot.NumberStyle) (goalbot.GoalUpdate, FieldErrors) {
	was := editValues(g, ns)
	var pairs [][2]string
	if v := f.Text(FieldName); v != was[FieldName] {
		pairs = append(pairs, [2]string{"name", v})
	}
	targetsChanged := f.Text(FieldTarget) != was[FieldTarget]
	for _, c := range g.Campaigns {
		if f.Text(goalbot.TargetField(c)) != was[goalbot.TargetField(c)] {
			targetsChanged = true
		}
	}
	if targetsChanged { // the form holds every target: send them all
		if v := f.Text(FieldTarget); v != "" {
			pairs = append(pairs, [2]string{"target", v})
		}
		for _, c := range g.Campaigns {
			if v := f.Text(goalbot.TargetField(c)); v != "" {
				pairs = append(pairs, [2]string{"target." + c, v})
			}
		}
	}
	if f.Has(FieldNotifications) {
		now := f.Selected(FieldNotifications)
		if !slices.Equal(now, strs(g.Notifications)) {
			v := strings.Join(now, ",")
			if v == "" {
				v = "none"
			}
			pairs = append(pairs, [2]string{"notify", v})
		}
	}
	if v := f.Text(FieldTeam); v != was[FieldTeam] {
		pairs = append(pairs, [2]string{"team", v})
	}
	u, err := Command{Verb: "edit", Args: []string{g.ID}, Pairs: pairs, Numbers: ns}.Update()
	if err != nil {
		return goalbot.GoalUpdate{}, editErrors(f, err)
	}
	if targetsChanged {
		u.AllTargets = true
		if u.Targets == nil { // every target field was emptied
			u.Targets = &goalbot.Targets{}
		}
	}
	return u, nil
}

// editErrors puts err's problems under the edit form's fields; a problem of no field
// of the form goes under name.
func editErrors(f Form, err error) FieldErrors {
	out := FieldErrors{}
	for _, p := range goalbot.ErrorFields(err) {
		field := p.Field
		if !f.Has(field) && !isEditField(field) {
			field = FieldName
		}
		out.Add(field, p.Message)
	}
	if len(out) == 0 {
		out.Add(FieldName, goalbot.MessageOf(err))
	}
	return out
}

func isEditField(f string) bool {
	switch f {
	case FieldName, FieldTarget, FieldNotifications, FieldTeam:
		return true
	}
	return strings.HasPrefix(f, "target_")
}

// EditResult is what a submitted edit form answers: its problems by field (a
// refusal, or someone else's change since the form was opened), or the goal saved.
type EditResult struct {
	Errors  FieldErrors
	Updated *Updated
}

// SubmitEdit saves a submitted edit form for actor (meta: what the form carried).
func (a *App) SubmitEdit(ctx context.Context, actor Actor, meta string, f Form) (EditResult, error) {
	m, err := DecodeEditMeta(meta)
	if err != nil {
		return EditResult{Errors: FieldErrors{FieldName: {goalbot.MessageOf(err)}}}, nil
	}
	g, err := a.Store.Goal(ctx, m.ID)
	if err != nil {
		if goalbot.ErrorCode(err) == goalbot.ENOTFOUND {
			return EditResult{Errors: FieldErrors{FieldName: {goalbot.M("errors.form.goal_gone", goalbot.Args{"Goal": m.ID})}}}, nil
		}
		return EditResult{}, err
	}
	if g.Version != m.Version {
		return EditResult{Errors: FieldErrors{FieldName: {conflict(m.ID)}}}, nil
	}
	u, errs := DecodeEdit(f, g, actor.Dialect().Numbers)
	if len(errs) > 0 {
		return EditResult{Errors: errs}, nil
	}
	saved, err := a.updateGoal(ctx, actor, m.ID, m.Version, u)
	if err != nil {
		switch goalbot.ErrorCode(err) {
		case goalbot.ECONFLICT:
			return EditResult{Errors: FieldErrors{FieldName: {conflict(m.ID)}}}, nil
		case goalbot.EINVALID, goalbot.EFORBIDDEN, goalbot.ENOTFOUND:
			return EditResult{Errors: editErrors(f, err)}, nil
		}
		return EditResult{}, err
	}
	return EditResult{Updated: &Updated{Goal: saved, Figures: a.Figures(ctx, saved.ID)}}, nil
}

// conflict says that someone else changed goal id after the form was opened.
func conflict(id string) goalbot.Message {
	return goalbot.M("errors.form.conflict", goalbot.Args{"Goal": id})
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
