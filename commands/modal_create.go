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
	"github.com/slack-go/slack"
)

// Ids and fields of the create wizard (SPEC §2).
const (
	CallbackCreate   = "goal_create"
	ActionCreateBack = "goal_create_back"
	// ActionCreateShow is the button of a stand-in step (see CreateResult.Later).
	ActionCreateShow = "goal_create_show"
	FieldStage       = "lifecycle_stage"
	FieldFiscalYear  = "fiscal_year"
	FieldStart       = "start_date"
	FieldEnd         = "end_date"
	// DraftTTL is how long a wizard's draft is kept after its last step.
	DraftTTL = 2 * time.Hour
	// createSteps is the number of steps of the wizard.
	createSteps = 4
)

// stepFields are the fields each step of the wizard asks for (target_<campaign> on
// step 3 too).
var stepFields = [createSteps + 1][]string{
	1: {FieldGoalType, FieldName, FieldStage},
	2: {FieldAccounts, FieldCampaigns, FieldDuration, FieldFiscalYear, FieldStart, FieldEnd},
	3: {FieldTarget},
	4: {FieldNotifications, FieldTeam},
}

var typeHelp = map[goalbot.Type]string{
	goalbot.NetworkConversions:   "Conversions the ad networks report for the campaigns",
	goalbot.CostPerContact:       "Ad spend per contact reaching a lifecycle stage (a maximum)",
	goalbot.ContactsInStage:      "Contacts that reach a lifecycle stage through the campaigns",
	goalbot.FirstFormSubmissions: "Ad clicks followed by a contact's first form submission",
}

// CreateMeta is the wizard's private_metadata: its draft's id in the store and the
// step shown.
type CreateMeta struct {
	Draft string `json:"d"`
	Step  int    `json:"s"`
}

// DecodeCreateMeta reads the wizard's private_metadata.
func DecodeCreateMeta(s string) (CreateMeta, error) {
	var m CreateMeta
	if err := json.Unmarshal([]byte(s), &m); err != nil || m.Draft == "" || m.Step < 1 || m.Step > createSteps {
		return CreateMeta{}, goalbot.Errorf(goalbot.EINVALID, "this form is damaged; please start again with /goal create")
	}
	return m, nil
}

// CreateStep is the wizard's view of step (1–4) for draft d; periods are the draft's
// periods, listed on the targets step.
func CreateStep(d goalbot.Draft, meta CreateMeta, campaigns map[string]goalbot.Campaign, periods []goalbot.Period) slack.ModalViewRequest {
	var blocks []slack.Block
	blocks = append(blocks, contextText(fmt.Sprintf("Step %d of %d", meta.Step, createSteps)))
	switch meta.Step {
	case 1:
		blocks = append(blocks, createStep1(d)...)
	case 2:
		blocks = append(blocks, createStep2(d, campaigns)...)
	case 3:
		blocks = append(blocks, createStep3(d, campaigns, periods)...)
	case 4:
		blocks = append(blocks, createStep4(d)...)
	}
	if meta.Step > 1 {
		blocks = append(blocks, slack.NewActionBlock("create_nav", button(ActionCreateBack, "Back", "")))
	}
	submit := "Next"
	if meta.Step == createSteps {
		submit = "Create goal"
	}
	m, _ := json.Marshal(meta)
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           plainText("New goal", maxModalTitleText),
		Submit:          plainText(submit, maxModalTitleText),
		Close:           plainText("Cancel", maxModalTitleText),
		CallbackID:      CallbackCreate,
		PrivateMetadata: string(m),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

func createStep1(d goalbot.Draft) []slack.Block {
	var opts []*slack.OptionBlockObject
	var initial *slack.OptionBlockObject
	for _, t := range goalbot.Types {
		o := slack.NewOptionBlockObject(string(t), plainText(t.Label(), maxOptionText), plainText(typeHelp[t], maxOptionText))
		opts = append(opts, o)
		if string(t) == d.Type {
			initial = o
		}
	}
	types := slack.NewRadioButtonsBlockElement(FieldGoalType, opts...)
	types.InitialOption = initial
	name := slack.NewPlainTextInputBlockElement(plainText("Spring leads", 150), FieldName)
	name.InitialValue, name.MaxLength = d.Name, goalbot.MaxNameLength
	blocks := []slack.Block{
		slack.NewInputBlock(FieldGoalType, plainText("Template", 2000), nil, types),
		slack.NewInputBlock(FieldName, plainText("Name", 2000), nil, name),
	}
	if goalbot.Type(d.Type).NeedsStage() {
		var stages []*slack.OptionBlockObject
		var chosen *slack.OptionBlockObject
		for _, s := range goalbot.Stages {
			o := option(string(s), string(s))
			stages = append(stages, o)
			if string(s) == d.Stage {
				chosen = o
			}
		}
		sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plainText("Pick a stage", 150), FieldStage, stages...)
		sel.InitialOption = chosen
		blocks = append(blocks, slack.NewInputBlock(FieldStage, plainText("Lifecycle stage", 2000), plainText("Standard stages only", 2000), sel))
	}
	return blocks
}

func createStep2(d goalbot.Draft, campaigns map[string]goalbot.Campaign) []slack.Block {
	acct := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeExternal, plainText("Search ad accounts", 150), FieldAccounts)
	var accts, camps []*slack.OptionBlockObject
	for _, id := range d.Accounts {
		accts = append(accts, option(id, id))
	}
	acct.InitialOptions = firstOptions(accts)
	camp := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeExternal, plainText("Search campaigns", 150), FieldCampaigns)
	for _, id := range d.Campaigns {
		c, ok := campaigns[id]
		if !ok {
			c = goalbot.Campaign{ID: id}
		}
		camps = append(camps, campaignOption(c))
	}
	camp.InitialOptions = firstOptions(camps)
	maxCampaigns := goalbot.MaxCampaigns
	camp.MaxSelectedItems = &maxCampaigns
	var durs []*slack.OptionBlockObject
	var dur *slack.OptionBlockObject
	for _, v := range goalbot.Durations {
		o := option(string(v), string(v))
		durs = append(durs, o)
		if string(v) == d.Duration {
			dur = o
		}
	}
	duration := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plainText("monthly", 150), FieldDuration, durs...)
	duration.InitialOption = dur
	align := option("align", "Follow the fiscal year")
	fiscal := slack.NewCheckboxGroupsBlockElement(FieldFiscalYear, align)
	if d.FiscalYear {
		fiscal.InitialOptions = []*slack.OptionBlockObject{align}
	}
	start := slack.NewDatePickerBlockElement(FieldStart)
	start.InitialDate = d.Start
	end := slack.NewDatePickerBlockElement(FieldEnd)
	end.InitialDate = d.End
	blocks := []slack.Block{
		input(FieldAccounts, 0, "Ad accounts", acct, "Optional: the campaigns' accounts when empty"),
		slack.NewInputBlock(FieldCampaigns, plainText("Campaigns", 2000), plainText("Up to 50, from the chosen accounts", 2000), camp),
		slack.NewInputBlock(FieldDuration, plainText("Duration", 2000), nil, duration),
	}
	if d.Duration != string(goalbot.Custom) {
		blocks = append(blocks, input(FieldFiscalYear, 0, "Fiscal year", fiscal, "Not for custom durations"))
	}
	return append(blocks,
		input(FieldStart, 0, "Start date", start, "Required for custom; else a period's first day (default: this year)"),
		input(FieldEnd, 0, "End date", end, "Required for custom; else a period's last day"))
}

func createStep3(d goalbot.Draft, campaigns map[string]goalbot.Campaign, periods []goalbot.Period) []slack.Block {
	target := slack.NewPlainTextInputBlockElement(plainText("100", 150), FieldTarget)
	target.InitialValue = d.Target
	hint := "Each campaign's target in every period; the goal's is their sum"
	if d.Type == string(goalbot.CostPerContact) {
		hint = "The highest cost per contact, in the account currency"
	}
	blocks := []slack.Block{input(FieldTarget, 0, "Target per campaign", target, hint)}
	vals := map[string]string{}
	for c, v := range d.Targets {
		vals[goalbot.TargetField(c)] = v
	}
	return append(blocks, campaignTargets(d.Campaigns, campaigns, periods, vals)...)
}

func createStep4(d goalbot.Draft) []slack.Block {
	chosen := goalbot.DefaultNotifications(goalbot.Type(d.Type))
	if d.Notifications != nil {
		chosen = nil
		for _, v := range goalbot.SplitList(*d.Notifications) {
			chosen = append(chosen, goalbot.Event(v))
		}
	}
	var opts, initial []*slack.OptionBlockObject
	for _, e := range goalbot.AllowedNotifications(goalbot.Type(d.Type)) {
		o := option(string(e), eventHelp[e])
		opts = append(opts, o)
		if slices.Contains(chosen, e) {
			initial = append(initial, o)
		}
	}
	notify := slack.NewCheckboxGroupsBlockElement(FieldNotifications, opts...)
	notify.InitialOptions = initial
	team := slack.NewPlainTextInputBlockElement(plainText("growth", 150), FieldTeam)
	team.InitialValue = d.Team
	return []slack.Block{
		input(FieldNotifications, 0, "Direct messages to you", notify, ""),
		input(FieldTeam, 0, "Team", team, "a-z, 0-9, _ and -, up to 40 characters"),
	}
}

// DecodeCreateStep copies a submitted step's inputs into d.
func DecodeCreateStep(step int, s State, d *goalbot.Draft) {
	switch step {
	case 1:
		d.Type = s.Values[FieldGoalType].SelectedOption.Value
		d.Name = s.Values[FieldName].Value
		d.Stage = s.Values[FieldStage].SelectedOption.Value
		if !goalbot.Type(d.Type).NeedsStage() {
			d.Stage = ""
		}
	case 2:
		d.Accounts = s.Selected(FieldAccounts)
		d.Campaigns = s.Selected(FieldCampaigns)
		d.Duration = s.Values[FieldDuration].SelectedOption.Value
		d.FiscalYear = slices.Contains(s.Selected(FieldFiscalYear), "align") && d.Duration != string(goalbot.Custom)
		d.Start, d.End = s.Values[FieldStart].SelectedDate, s.Values[FieldEnd].SelectedDate
	case 3:
		d.Target = s.Text(FieldTarget)
		d.Targets = map[string]string{}
		for _, c := range d.Campaigns {
			if v := s.Text(goalbot.TargetField(c)); v != "" {
				d.Targets[c] = v
			}
		}
	case 4:
		v := strings.Join(s.Selected(FieldNotifications), ",")
		if v == "" {
			v = "none"
		}
		d.Notifications = &v
		d.Team = s.Text(FieldTeam)
	}
}

// onStep reports whether a problem of field belongs to step.
func onStep(step int, field string) bool {
	if step == 3 && strings.HasPrefix(field, "target_") {
		return true
	}
	return slices.Contains(stepFields[step], field)
}

// CreateResult is what a wizard submit answers: problems under blocks, the next step,
// or the goal created.
type CreateResult struct {
	Errors FieldErrors
	View   *slack.ModalViewRequest
	// Later, when set, is the next step, too large for an ack (such as the targets of
	// 50 campaigns, one per week): View is then a small stand-in saying it is on its
	// way, and Later is to replace it with views.update once the ack is sent. The
	// stand-in's Show button (ActionCreateShow) does the same, should that update
	// reach Slack before the ack.
	Later   *slack.ModalViewRequest
	Created *goalbot.Goal
	// Figures says the created goal's figures, measured before the answer, or that
	// they follow in a moment.
	Figures string
}

// nextStep is the result that shows step v: in the ack when it fits MaxAckPayload,
// else through a stand-in and a views.update.
func nextStep(v slack.ModalViewRequest) CreateResult {
	if raw, err := json.Marshal(slack.NewUpdateViewSubmissionResponse(&v)); err == nil && len(raw) <= MaxAckPayload {
		return CreateResult{View: &v}
	}
	var blocks []slack.Block
	if len(v.Blocks.BlockSet) > 0 {
		blocks = append(blocks, v.Blocks.BlockSet[0]) // "Step n of 4"
	}
	blocks = append(blocks,
		section("This step is on its way. If it does not appear in a moment, press *Show*."),
		slack.NewActionBlock("create_show", button(ActionCreateShow, "Show", "")))
	stand := slack.ModalViewRequest{
		Type: v.Type, Title: v.Title, Close: v.Close, CallbackID: v.CallbackID, PrivateMetadata: v.PrivateMetadata,
		Blocks: slack.Blocks{BlockSet: blocks},
	}
	return CreateResult{View: &stand, Later: &v}
}

// StartCreate starts the wizard for actor: a fresh draft in the store and step 1.
func (a *App) StartCreate(ctx context.Context, actor Actor) (slack.ModalViewRequest, error) {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	meta := CreateMeta{Draft: hex.EncodeToString(b), Step: 1}
	d := goalbot.Draft{Creator: actor.UserID}
	if err := a.saveDraft(ctx, meta.Draft, d); err != nil {
		return slack.ModalViewRequest{}, err
	}
	return CreateStep(d, meta, nil, nil), nil
}

// SubmitCreate takes a submitted step of the wizard: the step's problems, the next
// step, or, after the last, the goal created.
func (a *App) SubmitCreate(ctx context.Context, actor Actor, privateMetadata string, s State) (CreateResult, error) {
	meta, d, errs, err := a.loadStep(ctx, privateMetadata, s)
	if err != nil || errs != nil {
		return CreateResult{Errors: errs}, err
	}
	DecodeCreateStep(meta.Step, s, &d)
	if meta.Step == 1 && goalbot.Type(d.Type).NeedsStage() {
		if _, shown := s.Values[FieldStage]; !shown { // ask for the stage on the same step
			if err := a.saveDraft(ctx, meta.Draft, d); err != nil {
				return CreateResult{}, err
			}
			return nextStep(CreateStep(d, meta, nil, nil)), nil
		}
	}
	if meta.Step < createSteps {
		if errs := a.stepProblems(ctx, actor, meta.Step, s, d); len(errs) > 0 {
			return CreateResult{Errors: errs}, nil
		}
		if err := a.saveDraft(ctx, meta.Draft, d); err != nil {
			return CreateResult{}, err
		}
		meta.Step++
		v, err := a.stepView(ctx, d, meta)
		if err != nil {
			return CreateResult{}, err
		}
		return nextStep(v), nil
	}
	g, err := a.CreateGoal(ctx, actor, d)
	if err != nil {
		if len(goalbot.ErrorFields(err)) == 0 {
			return CreateResult{}, err
		}
		return CreateResult{Errors: finalProblems(s, err)}, nil
	}
	_ = a.Store.DeleteDraft(ctx, meta.Draft) // it expires anyway
	return CreateResult{Created: g, Figures: a.Figures(ctx, g.ID)}, nil
}

// BackCreate shows the step before the one in view, keeping what was typed on it.
func (a *App) BackCreate(ctx context.Context, privateMetadata string, s State) (slack.ModalViewRequest, error) {
	meta, d, errs, err := a.loadStep(ctx, privateMetadata, s)
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	if errs != nil {
		return slack.ModalViewRequest{}, goalbot.Errorf(goalbot.ENOTFOUND, "this draft has expired; please start again with /goal create")
	}
	DecodeCreateStep(meta.Step, s, &d)
	if err := a.saveDraft(ctx, meta.Draft, d); err != nil {
		return slack.ModalViewRequest{}, err
	}
	meta.Step = max(1, meta.Step-1)
	return a.stepView(ctx, d, meta)
}

// ShowCreate is the step a stand-in view stands for (see CreateResult.Later).
func (a *App) ShowCreate(ctx context.Context, privateMetadata string) (slack.ModalViewRequest, error) {
	meta, d, errs, err := a.loadStep(ctx, privateMetadata, State{})
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	if errs != nil {
		return slack.ModalViewRequest{}, goalbot.Errorf(goalbot.ENOTFOUND, "this draft has expired; please start again with /goal create")
	}
	return a.stepView(ctx, d, meta)
}

// loadStep reads the wizard's metadata and its draft; an expired draft is a problem
// to show in the form.
func (a *App) loadStep(ctx context.Context, privateMetadata string, s State) (CreateMeta, goalbot.Draft, FieldErrors, error) {
	meta, err := DecodeCreateMeta(privateMetadata)
	if err != nil {
		return meta, goalbot.Draft{}, nil, err
	}
	raw, err := a.Store.Draft(ctx, meta.Draft)
	var d goalbot.Draft
	if err == nil {
		err = json.Unmarshal(raw, &d)
	}
	if goalbot.ErrorCode(err) == goalbot.ENOTFOUND {
		block := s.Block(stepFields[meta.Step][0])
		if _, ok := s.Blocks[stepFields[meta.Step][0]]; !ok {
			for _, b := range s.Blocks {
				block = b
				break
			}
		}
		return meta, d, FieldErrors{block: "This draft has expired; please close the form and start again with /goal create"}, nil
	}
	if err != nil {
		return meta, d, nil, fmt.Errorf("load draft: %w", err)
	}
	return meta, d, nil, nil
}

func (a *App) saveDraft(ctx context.Context, id string, d goalbot.Draft) error {
	raw, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("encode draft: %w", err)
	}
	return a.Store.SaveDraft(ctx, id, raw, DraftTTL)
}

// stepView builds step meta.Step of d, with its campaigns' names and periods.
func (a *App) stepView(ctx context.Context, d goalbot.Draft, meta CreateMeta) (slack.ModalViewRequest, error) {
	cs, err := a.Store.Campaigns(ctx, d.Campaigns)
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	var periods []goalbot.Period
	if meta.Step == 3 {
		trial := d
		trial.Target, trial.Targets = "1", nil
		if g, err := goalbot.NewGoal(trial, a.Settings, a.today()); err == nil {
			periods = g.Periods()
		}
	}
	return CreateStep(d, meta, cs, periods), nil
}

// stepProblems are the draft's problems that belong to step, under its blocks.
func (a *App) stepProblems(ctx context.Context, actor Actor, step int, s State, d goalbot.Draft) FieldErrors {
	trial := d
	if step < 3 {
		trial.Target, trial.Targets = "1", nil
	}
	err := a.checkDraft(ctx, actor, trial)
	out := FieldErrors{}
	for _, p := range goalbot.ErrorFields(err) {
		if onStep(step, p.Field) {
			addProblem(out, s.Block(p.Field), p.Message)
		}
	}
	return out
}

// finalProblems puts the problems of the last submit under its blocks; those of
// earlier steps go under the first block, with their field named by its label.
func finalProblems(s State, err error) FieldErrors {
	out := FieldErrors{}
	for _, p := range goalbot.ErrorFields(err) {
		if onStep(4, p.Field) {
			addProblem(out, s.Block(p.Field), p.Message)
			continue
		}
		msg := p.Message + " (go Back to fix it)"
		if label := fieldLabel(p.Field); label != "" {
			msg = label + ": " + msg
		}
		addProblem(out, s.Block(FieldNotifications), msg)
	}
	return out
}

// addProblem adds msg to the errors of block, once.
func addProblem(out FieldErrors, block, msg string) {
	switch prev := out[block]; {
	case prev == "":
		out[block] = msg
	case !slices.Contains(strings.Split(prev, "; "), msg):
		out[block] = prev + "; " + msg
	}
}

// fieldLabels are the labels of the modals' fields.
var fieldLabels = map[string]string{
	FieldGoalType: "Template", FieldName: "Name", FieldStage: "Lifecycle stage", FieldAccounts: "Ad accounts",
	FieldCampaigns: "Campaigns", FieldDuration: "Duration", FieldFiscalYear: "Fiscal year", FieldStart: "Start date",
	FieldEnd: "End date", FieldTarget: "Target per campaign", FieldNotifications: "Direct messages", FieldTeam: "Team",
}

// fieldLabel names a field as the modals label it ("" for a problem of no field).
func fieldLabel(field string) string {
	if c, ok := strings.CutPrefix(field, "target_"); ok {
		return "Target of " + c
	}
	if l, ok := fieldLabels[field]; ok {
		return l
	}
	return field
}

// CreatedView is the wizard's last view: the goal created, with what figures says
// of its figures ("" says nothing).
func CreatedView(g *goalbot.Goal, figures string) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type:   slack.VTModal,
		Title:  plainText("New goal", maxModalTitleText),
		Close:  plainText("Done", maxModalTitleText),
		Blocks: slack.Blocks{BlockSet: doneBlocks(fmt.Sprintf("✅ Created *%s* · %s. See it with `/goal show %s`.", g.ID, Escape(g.Name), g.ID), figures)},
	}
}

// doneBlocks are the blocks of a modal's last view: what was done, and the figures
// line when there is one.
func doneBlocks(done, figures string) []slack.Block {
	blocks := []slack.Block{section(done)}
	if figures != "" {
		blocks = append(blocks, section(figures))
	}
	return blocks
}
