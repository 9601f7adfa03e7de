package commands

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
)

// Fields of the create wizard, beside those of the edit form.
const (
	FieldStage      = "lifecycle_stage"
	FieldFiscalYear = "fiscal_year"
	FieldStart      = "start_date"
	FieldEnd        = "end_date"
)

// The create wizard keeps its draft in the store between steps.
const (
	// DraftTTL is how long a wizard's draft is kept after its last step.
	DraftTTL = 2 * time.Hour
	// CreateSteps is the number of steps of the wizard.
	CreateSteps = 4
)

// StepFields are the fields each step of the wizard asks for (target_<campaign> on
// step 3 too).
var StepFields = [CreateSteps + 1][]string{
	1: {FieldGoalType, FieldName, FieldStage},
	2: {FieldAccounts, FieldCampaigns, FieldDuration, FieldFiscalYear, FieldStart, FieldEnd},
	3: {FieldTarget},
	4: {FieldNotifications, FieldTeam},
}

// CreateMeta is the wizard's state that a step carries: its draft's id in the store
// and the step shown.
type CreateMeta struct {
	Draft string `json:"d"`
	Step  int    `json:"s"`
}

// Encode is m as the text a step carries.
func (m CreateMeta) Encode() string {
	b, _ := json.Marshal(m)
	return string(b)
}

// DecodeCreateMeta reads the wizard's state a step carried.
func DecodeCreateMeta(s string) (CreateMeta, error) {
	var m CreateMeta
	if err := json.Unmarshal([]byte(s), &m); err != nil || m.Draft == "" || m.Step < 1 || m.Step > CreateSteps {
		return CreateMeta{}, goalbot.Invalid("errors.form.create_damaged", nil)
	}
	return m, nil
}

// CreateStep is a step of the create wizard to show, prefilled with its draft: the
// wizard's state, the draft so far, the names of its campaigns, and on the targets
// step (3) the periods the draft makes.
type CreateStep struct {
	unchanged
	Meta      CreateMeta
	Draft     goalbot.Draft
	Campaigns map[string]goalbot.Campaign
	Periods   []goalbot.Period
	// Band is the budget band a budget created now gets (its alerts' choices say it).
	Band goalbot.BudgetBand
}

// CreateResult is what a wizard's submit answers: the problems of the step (by
// field), the next step, or the goal created.
type CreateResult struct {
	// Errors are the problems of this step's fields.
	Errors FieldErrors
	// Earlier are problems, found at the last step, of fields of earlier steps (in
	// the order found).
	Earlier []goalbot.FieldError
	Next    *CreateStep
	Created *Created
}

// StartCreate starts the wizard for actor: a fresh draft in the store and step 1.
func (a *App) StartCreate(ctx context.Context, actor Actor) (CreateStep, error) {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	meta := CreateMeta{Draft: hex.EncodeToString(b), Step: 1}
	d := goalbot.Draft{Creator: actor.UserID}
	if err := a.saveDraft(ctx, meta.Draft, d); err != nil {
		return CreateStep{}, err
	}
	return CreateStep{Meta: meta, Draft: d, Band: a.Settings.Band()}, nil
}

// SubmitCreate takes a submitted step of the wizard (meta: the state it carried):
// the step's problems, the next step, or, after the last, the goal created.
func (a *App) SubmitCreate(ctx context.Context, actor Actor, meta string, f Form) (CreateResult, error) {
	m, d, errs, err := a.loadStep(ctx, meta, f)
	if err != nil || errs != nil {
		return CreateResult{Errors: errs}, err
	}
	DecodeCreateStep(m.Step, f, &d)
	d.Numbers = actor.Dialect().Numbers
	if m.Step == 1 && goalbot.Type(d.Type).NeedsStage() && !f.Has(FieldStage) { // ask for the stage on the same step
		if err := a.saveDraft(ctx, m.Draft, d); err != nil {
			return CreateResult{}, err
		}
		return CreateResult{Next: &CreateStep{Meta: m, Draft: d}}, nil
	}
	if m.Step < CreateSteps {
		if errs := a.stepProblems(ctx, actor, m.Step, d); len(errs) > 0 {
			return CreateResult{Errors: errs}, nil
		}
		if err := a.saveDraft(ctx, m.Draft, d); err != nil {
			return CreateResult{}, err
		}
		m.Step++
		step, err := a.createStep(ctx, d, m)
		if err != nil {
			return CreateResult{}, err
		}
		return CreateResult{Next: &step}, nil
	}
	g, err := a.CreateGoal(ctx, actor, d)
	if err != nil {
		if len(goalbot.ErrorFields(err)) == 0 {
			return CreateResult{}, err
		}
		errs, earlier := finalProblems(err)
		return CreateResult{Errors: errs, Earlier: earlier}, nil
	}
	_ = a.Store.DeleteDraft(ctx, m.Draft) // it expires anyway
	return CreateResult{Created: &Created{Goal: g, Figures: a.Figures(ctx, g.ID)}}, nil
}

// BackCreate shows the step before the one submitted, keeping what was typed on it.
func (a *App) BackCreate(ctx context.Context, meta string, f Form) (CreateStep, error) {
	m, d, errs, err := a.loadStep(ctx, meta, f)
	if err != nil {
		return CreateStep{}, err
	}
	if errs != nil {
		return CreateStep{}, goalbot.NewError(goalbot.ENOTFOUND, "errors.form.draft_expired", nil)
	}
	DecodeCreateStep(m.Step, f, &d)
	if err := a.saveDraft(ctx, m.Draft, d); err != nil {
		return CreateStep{}, err
	}
	m.Step = max(1, m.Step-1)
	return a.createStep(ctx, d, m)
}

// ShowCreate is the step of the wizard's state meta, as its draft holds it (for a
// step that could not be shown at once).
func (a *App) ShowCreate(ctx context.Context, meta string) (CreateStep, error) {
	m, d, errs, err := a.loadStep(ctx, meta, Form{})
	if err != nil {
		return CreateStep{}, err
	}
	if errs != nil {
		return CreateStep{}, goalbot.NewError(goalbot.ENOTFOUND, "errors.form.draft_expired", nil)
	}
	return a.createStep(ctx, d, m)
}

// DecodeCreateStep copies a submitted step's inputs into d.
func DecodeCreateStep(step int, f Form, d *goalbot.Draft) {
	switch step {
	case 1:
		d.Type = f[FieldGoalType].Value
		d.Name = f[FieldName].Value
		d.Stage = f[FieldStage].Value
		if !goalbot.Type(d.Type).NeedsStage() {
			d.Stage = ""
		}
	case 2:
		d.Accounts = f.Selected(FieldAccounts)
		d.Campaigns = f.Selected(FieldCampaigns)
		d.Duration = f[FieldDuration].Value
		d.FiscalYear = slices.Contains(f.Selected(FieldFiscalYear), FiscalYearAlign) && d.Duration != string(goalbot.Custom)
		d.Start, d.End = f[FieldStart].Value, f[FieldEnd].Value
	case 3:
		d.Target = f.Text(FieldTarget)
		d.Targets = map[string]string{}
		for _, c := range d.Campaigns {
			if v := f.Text(goalbot.TargetField(c)); v != "" {
				d.Targets[c] = v
			}
		}
	case 4:
		v := strings.Join(f.Selected(FieldNotifications), ",")
		if v == "" {
			v = "none"
		}
		d.Notifications = &v
		d.Team = f.Text(FieldTeam)
	}
}

// FiscalYearAlign is the value of the fiscal year checkbox of step 2.
const FiscalYearAlign = "align"

// OnStep reports whether a problem of field belongs to step.
func OnStep(step int, field string) bool {
	if step == 3 && strings.HasPrefix(field, "target_") {
		return true
	}
	return slices.Contains(StepFields[step], field)
}

// loadStep reads the wizard's state and its draft; an expired draft is a problem to
// show in the form, under the step's first field.
func (a *App) loadStep(ctx context.Context, meta string, f Form) (CreateMeta, goalbot.Draft, FieldErrors, error) {
	m, err := DecodeCreateMeta(meta)
	if err != nil {
		return m, goalbot.Draft{}, nil, err
	}
	raw, err := a.Store.Draft(ctx, m.Draft)
	var d goalbot.Draft
	if err == nil {
		err = json.Unmarshal(raw, &d)
	}
	if goalbot.ErrorCode(err) == goalbot.ENOTFOUND {
		field := f.firstOf(StepFields[m.Step][0])
		if field == "" {
			field = StepFields[m.Step][0]
		}
		return m, d, FieldErrors{field: {goalbot.M("errors.form.draft_expired_close", nil)}}, nil
	}
	if err != nil {
		return m, d, nil, fmt.Errorf("load draft: %w", err)
	}
	return m, d, nil, nil
}

func (a *App) saveDraft(ctx context.Context, id string, d goalbot.Draft) error {
	raw, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("encode draft: %w", err)
	}
	return a.Store.SaveDraft(ctx, id, raw, DraftTTL)
}

// createStep is step m.Step of d, with its campaigns' names and periods.
func (a *App) createStep(ctx context.Context, d goalbot.Draft, m CreateMeta) (CreateStep, error) {
	cs, err := a.Store.Campaigns(ctx, d.Campaigns)
	if err != nil {
		return CreateStep{}, err
	}
	var periods []goalbot.Period
	if m.Step == 3 {
		trial := d
		trial.Target, trial.Targets = "1", nil
		if g, err := goalbot.NewGoal(trial, a.Settings, a.today()); err == nil {
			periods = g.Periods()
		}
	}
	return CreateStep{Meta: m, Draft: d, Campaigns: cs, Periods: periods, Band: a.Settings.Band()}, nil
}

// stepProblems are the draft's problems that belong to step.
func (a *App) stepProblems(ctx context.Context, actor Actor, step int, d goalbot.Draft) FieldErrors {
	trial := d
	if step < 3 {
		trial.Target, trial.Targets = "1", nil
	}
	err := a.checkDraft(ctx, actor, trial)
	out := FieldErrors{}
	for _, p := range goalbot.ErrorFields(err) {
		if OnStep(step, p.Field) {
			out.Add(p.Field, p.Message)
		}
	}
	return out
}

// finalProblems splits the problems found at the last step: those of its own fields,
// and those of the fields of earlier steps.
func finalProblems(err error) (FieldErrors, []goalbot.FieldError) {
	own := FieldErrors{}
	var earlier []goalbot.FieldError
	for _, p := range goalbot.ErrorFields(err) {
		if OnStep(CreateSteps, p.Field) {
			own.Add(p.Field, p.Message)
		} else {
			earlier = append(earlier, p)
		}
	}
	return own, earlier
}
