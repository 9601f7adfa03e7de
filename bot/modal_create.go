package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// Creator runs the create wizard's steps (commands.App implements it).
type Creator interface {
	StartCreate(ctx context.Context, actor commands.Actor) (commands.CreateStep, error)
	SubmitCreate(ctx context.Context, actor commands.Actor, meta string, f commands.Form) (commands.CreateResult, error)
	BackCreate(ctx context.Context, meta string, f commands.Form) (commands.CreateStep, error)
	ShowCreate(ctx context.Context, meta string) (commands.CreateStep, error)
}

// CreateOpen answers the New goal button of the Home tab and of list replies
// (ActionNewGoal): it opens the create wizard with the click's trigger_id, as
// `/goal create` does.
func CreateOpen(app Creator) Handler {
	return func(ctx context.Context, r *Request) error {
		step, err := app.StartCreate(ctx, r.Actor())
		if err != nil {
			return err
		}
		return openView(ctx, r, createStepView(r.Printer(), step))
	}
}

// CreateSubmit answers a step of the create wizard (`goal_create`): problems under
// their blocks, the next step in place of this one (through a stand-in when it is too
// large for an ack), or the goal created; changed is told of a goal created.
func CreateSubmit(app Creator, changed Changed) AckHandler {
	return func(ctx context.Context, r *Request) (any, error) {
		v := r.Interaction.View
		form, blocks := formOf(stateOfView(v))
		res, err := app.SubmitCreate(ctx, r.Actor(), v.PrivateMetadata, form)
		if err != nil {
			return nil, err
		}
		ack, later := createAck(r.Printer(), res, blocks)
		switch {
		case later != nil:
			// The step is too large for an ack: a stand-in now, the step right after.
			viewID := v.ID
			return AckThen{Payload: ack, Then: func(ctx context.Context, r *Request) error {
				return updateView(ctx, r, *later, "", viewID, "show the next step of the create form")
			}}, nil
		case res.Created != nil && changed != nil:
			return AckThen{Payload: ack, Then: func(ctx context.Context, r *Request) error {
				changed(ctx, r.UserID, res.Created.Changes())
				return nil
			}}, nil
		}
		return ack, nil
	}
}

// createAck is the ack of a wizard's submit, in p's language: its problems (those of
// earlier steps under the notifications block, named by their labels), the next step
// when it fits an ack, else a stand-in and the step for a views.update (later), or
// the goal created.
func createAck(p *messages.Printer, res commands.CreateResult, blocks map[string]string) (ack *slack.ViewSubmissionResponse, later *slack.ModalViewRequest) {
	switch {
	case len(res.Errors) > 0 || len(res.Earlier) > 0:
		return errorsAck(p, withEarlier(p, res.Errors, res.Earlier), blocks), nil
	case res.Next != nil:
		return nextStepAck(p, createStepView(p, *res.Next))
	case res.Created != nil:
		done := createdView(p, *res.Created)
		return slack.NewUpdateViewSubmissionResponse(&done), nil
	}
	return nil, nil
}

// withEarlier adds the problems of earlier steps, found at the last, under its
// notifications field: each named by its field's label and saying to go back.
func withEarlier(p *messages.Printer, errs commands.FieldErrors, earlier []goalbot.FieldError) commands.FieldErrors {
	out := commands.FieldErrors{}
	for f, msg := range errs {
		out[f] = msg
	}
	for _, e := range earlier {
		msg := goalbot.M("modals.create.go_back", goalbot.Args{"Problem": e.Message})
		if label := fieldLabel(p, e.Field); label != "" {
			msg = goalbot.M("errors.form.labelled", goalbot.Args{"Label": label, "Problem": msg})
		}
		out.Add(commands.FieldNotifications, msg)
	}
	return out
}

// nextStepAck is the ack that shows step v in place of the one submitted when it fits
// maxAckPayload; else a small stand-in saying it is on its way, with v to replace it
// by views.update once the ack is sent. The stand-in's Show button (ActionCreateShow)
// does the same, should that update reach Slack before the ack.
func nextStepAck(p *messages.Printer, v slack.ModalViewRequest) (*slack.ViewSubmissionResponse, *slack.ModalViewRequest) {
	ack := slack.NewUpdateViewSubmissionResponse(&v)
	if raw, err := json.Marshal(ack); err == nil && len(raw) <= maxAckPayload {
		return ack, nil
	}
	var blocks []slack.Block
	if len(v.Blocks.BlockSet) > 0 {
		blocks = append(blocks, v.Blocks.BlockSet[0]) // "Step n of 4"
	}
	blocks = append(blocks,
		section(p.T("modals.create.on_its_way")),
		slack.NewActionBlock("create_show", button(ActionCreateShow, p.T("slack.button.show"), "")))
	stand := slack.ModalViewRequest{
		Type: v.Type, Title: v.Title, Close: v.Close, CallbackID: v.CallbackID, PrivateMetadata: v.PrivateMetadata,
		Blocks: slack.Blocks{BlockSet: blocks},
	}
	return slack.NewUpdateViewSubmissionResponse(&stand), &v
}

// CreateBack answers the wizard's Back button: the step before, with what was typed
// kept in the draft.
func CreateBack(app Creator) Handler {
	return func(ctx context.Context, r *Request) error {
		if r.Interaction == nil || r.Interaction.View.ID == "" {
			return goalbot.Invalid("errors.form.back_only", nil)
		}
		v := r.Interaction.View
		form, _ := formOf(stateOfView(v))
		step, err := app.BackCreate(ctx, v.PrivateMetadata, form)
		if err != nil {
			return err
		}
		return updateView(ctx, r, createStepView(r.Printer(), step), v.Hash, v.ID, "go back in the create form")
	}
}

// CreateShow answers the Show button of a stand-in step (a step too large for an ack,
// whose views.update reached Slack before the ack): the step itself.
func CreateShow(app Creator) Handler {
	return func(ctx context.Context, r *Request) error {
		if r.Interaction == nil || r.Interaction.View.ID == "" {
			return goalbot.Invalid("errors.form.show_only", nil)
		}
		v := r.Interaction.View
		step, err := app.ShowCreate(ctx, v.PrivateMetadata)
		if err != nil {
			return err
		}
		return updateView(ctx, r, createStepView(r.Printer(), step), v.Hash, v.ID, "show the create form's step")
	}
}

// updateView replaces the view viewID (at hash, when given) by view; doing names the
// step for the error.
func updateView(ctx context.Context, r *Request, view slack.ModalViewRequest, hash, viewID, doing string) error {
	ctx, cancel := context.WithTimeout(ctx, WebTimeout)
	defer cancel()
	if _, err := r.bot.api.UpdateViewContext(ctx, view, "", hash, viewID); err != nil {
		return fmt.Errorf("%s: %w", doing, err)
	}
	return nil
}

// createStepView is the view of a step of the create wizard in p's language,
// prefilled with its draft.
func createStepView(p *messages.Printer, s commands.CreateStep) slack.ModalViewRequest {
	meta, d := s.Meta, s.Draft
	var blocks []slack.Block
	blocks = append(blocks, contextBlock(p.T("modals.create.step", messages.Args{"Step": meta.Step, "Steps": commands.CreateSteps})))
	switch meta.Step {
	case 1:
		blocks = append(blocks, createStep1(p, d)...)
	case 2:
		blocks = append(blocks, createStep2(p, d, s.Campaigns)...)
	case 3:
		blocks = append(blocks, createStep3(p, d, s.Campaigns, s.Periods)...)
	case 4:
		blocks = append(blocks, createStep4(p, d, s.Band)...)
	}
	if meta.Step > 1 {
		blocks = append(blocks, slack.NewActionBlock("create_nav", button(ActionCreateBack, p.T("modals.create.back"), "")))
	}
	submit := p.T("modals.create.next")
	if meta.Step == commands.CreateSteps {
		submit = p.T("modals.create.submit")
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           plainText(p.T("modals.create.title"), maxModalTitleText),
		Submit:          plainText(submit, maxModalTitleText),
		Close:           plainText(p.T("modals.cancel"), maxModalTitleText),
		CallbackID:      CallbackCreate,
		PrivateMetadata: meta.Encode(),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

func createStep1(p *messages.Printer, d goalbot.Draft) []slack.Block {
	var opts []*slack.OptionBlockObject
	var initial *slack.OptionBlockObject
	for _, t := range goalbot.Types {
		// Each type's description: modals.type_help.network_conversions, …
		o := slack.NewOptionBlockObject(string(t), plainText(p.Type(t), maxOptionText), plainText(p.T("modals.type_help."+string(t)), maxOptionText))
		opts = append(opts, o)
		if string(t) == d.Type {
			initial = o
		}
	}
	types := slack.NewRadioButtonsBlockElement(commands.FieldGoalType, opts...)
	types.InitialOption = initial
	name := slack.NewPlainTextInputBlockElement(plainText(p.T("modals.name.placeholder"), 150), commands.FieldName)
	name.InitialValue, name.MaxLength = d.Name, goalbot.MaxNameLength
	blocks := []slack.Block{
		slack.NewInputBlock(commands.FieldGoalType, plainText(fieldLabel(p, commands.FieldGoalType), 2000), nil, types),
		slack.NewInputBlock(commands.FieldName, plainText(fieldLabel(p, commands.FieldName), 2000), nil, name),
	}
	if goalbot.Type(d.Type).NeedsStage() {
		var stages []*slack.OptionBlockObject
		var chosen *slack.OptionBlockObject
		for _, s := range goalbot.Stages {
			o := option(string(s), p.Stage(s))
			stages = append(stages, o)
			if string(s) == d.Stage {
				chosen = o
			}
		}
		sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plainText(p.T("modals.stage.placeholder"), 150), commands.FieldStage, stages...)
		sel.InitialOption = chosen
		blocks = append(blocks, slack.NewInputBlock(commands.FieldStage, plainText(fieldLabel(p, commands.FieldStage), 2000),
			plainText(p.T("modals.stage.hint"), 2000), sel))
	}
	return blocks
}

func createStep2(p *messages.Printer, d goalbot.Draft, campaigns map[string]goalbot.Campaign) []slack.Block {
	acct := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeExternal, plainText(p.T("modals.accounts.placeholder"), 150), commands.FieldAccounts)
	var accts, camps []*slack.OptionBlockObject
	for _, id := range d.Accounts {
		accts = append(accts, option(id, id))
	}
	acct.InitialOptions = firstOptions(accts)
	camp := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeExternal, plainText(p.T("modals.campaigns.placeholder"), 150), commands.FieldCampaigns)
	for _, id := range d.Campaigns {
		c, ok := campaigns[id]
		if !ok {
			c = goalbot.Campaign{ID: id}
		}
		camps = append(camps, catalogOption(commands.CatalogEntry{ID: c.ID, Name: c.Name}))
	}
	camp.InitialOptions = firstOptions(camps)
	maxCampaigns := goalbot.MaxCampaigns
	camp.MaxSelectedItems = &maxCampaigns
	var durs []*slack.OptionBlockObject
	var dur *slack.OptionBlockObject
	for _, v := range goalbot.Durations {
		o := option(string(v), p.Duration(v))
		durs = append(durs, o)
		if string(v) == d.Duration {
			dur = o
		}
	}
	duration := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plainText(p.Duration(goalbot.Monthly), 150), commands.FieldDuration, durs...)
	duration.InitialOption = dur
	align := option(commands.FiscalYearAlign, p.T("modals.fiscal_year.follow"))
	fiscal := slack.NewCheckboxGroupsBlockElement(commands.FieldFiscalYear, align)
	if d.FiscalYear {
		fiscal.InitialOptions = []*slack.OptionBlockObject{align}
	}
	start := slack.NewDatePickerBlockElement(commands.FieldStart)
	start.InitialDate = d.Start
	end := slack.NewDatePickerBlockElement(commands.FieldEnd)
	end.InitialDate = d.End
	blocks := []slack.Block{
		input(commands.FieldAccounts, 0, fieldLabel(p, commands.FieldAccounts), acct, p.T("modals.accounts.hint")),
		slack.NewInputBlock(commands.FieldCampaigns, plainText(fieldLabel(p, commands.FieldCampaigns), 2000), plainText(p.T("modals.campaigns.hint"), 2000), camp),
		slack.NewInputBlock(commands.FieldDuration, plainText(fieldLabel(p, commands.FieldDuration), 2000), nil, duration),
	}
	if d.Duration != string(goalbot.Custom) {
		blocks = append(blocks, input(commands.FieldFiscalYear, 0, fieldLabel(p, commands.FieldFiscalYear), fiscal, p.T("modals.fiscal_year.hint")))
	}
	return append(blocks,
		input(commands.FieldStart, 0, fieldLabel(p, commands.FieldStart), start, p.T("modals.start.hint")),
		input(commands.FieldEnd, 0, fieldLabel(p, commands.FieldEnd), end, p.T("modals.end.hint")))
}

func createStep3(p *messages.Printer, d goalbot.Draft, campaigns map[string]goalbot.Campaign, periods []goalbot.Period) []slack.Block {
	target := slack.NewPlainTextInputBlockElement(plainText("100", 150), commands.FieldTarget)
	target.InitialValue = d.Target
	label, hint := targetWords(p, goalbot.Type(d.Type))
	blocks := []slack.Block{input(commands.FieldTarget, 0, label, target, hint)}
	vals := map[string]string{}
	for c, v := range d.Targets {
		vals[goalbot.TargetField(c)] = v
	}
	return append(blocks, campaignTargets(p, d.Campaigns, campaigns, periods, vals)...)
}

// targetHint is the hint under a goal's target per campaign, for its type.
func targetHint(p *messages.Printer, t goalbot.Type) string {
	if t == goalbot.CostPerContact {
		return p.T("modals.target.hint_cost")
	}
	return p.T("modals.target.hint")
}

func createStep4(p *messages.Printer, d goalbot.Draft, band goalbot.BudgetBand) []slack.Block {
	chosen := goalbot.DefaultNotifications(goalbot.Type(d.Type))
	if d.Notifications != nil {
		chosen = nil
		for _, v := range goalbot.SplitList(*d.Notifications) {
			chosen = append(chosen, goalbot.Event(v))
		}
	}
	notify := notificationsInput(p, goalbot.Type(d.Type), chosen, band)
	return []slack.Block{
		input(commands.FieldNotifications, 0, p.T("modals.notifications.to_you"), notify, ""),
		teamInput(p, d.Team),
	}
}

// notificationsInput is the checkboxes of the events a goal of type t may notify of
// (each with its help, a budget's in its band), chosen ones ticked.
func notificationsInput(p *messages.Printer, t goalbot.Type, chosen []goalbot.Event, band goalbot.BudgetBand) *slack.CheckboxGroupsBlockElement {
	var opts, initial []*slack.OptionBlockObject
	for _, e := range goalbot.AllowedNotifications(t) {
		o := option(string(e), eventHelpOf(p, e, band))
		opts = append(opts, o)
		if slices.Contains(chosen, e) {
			initial = append(initial, o)
		}
	}
	notify := slack.NewCheckboxGroupsBlockElement(commands.FieldNotifications, opts...)
	notify.InitialOptions = initial
	return notify
}

// teamInput is the team's input, prefilled with team.
func teamInput(p *messages.Printer, team string) *slack.InputBlock {
	el := slack.NewPlainTextInputBlockElement(plainText("growth", 150), commands.FieldTeam)
	el.InitialValue = team
	return input(commands.FieldTeam, 0, fieldLabel(p, commands.FieldTeam), el, p.T("modals.team.hint"))
}

// fieldLabel names a field as the wizard labels it, in p's language; a campaign's
// own target names the campaign.
func fieldLabel(p *messages.Printer, field string) string {
	if c, ok := strings.CutPrefix(field, "target_"); ok {
		return p.T("modals.field.target_of", messages.Args{"Campaign": c})
	}
	switch field {
	case commands.FieldGoalType, commands.FieldName, commands.FieldStage, commands.FieldAccounts, commands.FieldCampaigns,
		commands.FieldDuration, commands.FieldFiscalYear, commands.FieldStart, commands.FieldEnd, commands.FieldTarget,
		commands.FieldNotifications, commands.FieldTeam:
		// The labels are named by field: modals.field.goal_type, …
		return p.T("modals.field." + field)
	}
	return field
}

// createdView is the wizard's last view: the goal created, with its figures.
func createdView(p *messages.Printer, c commands.Created) slack.ModalViewRequest {
	g := c.Goal
	return slack.ModalViewRequest{
		Type:   slack.VTModal,
		Title:  plainText(p.T("modals.create.title"), maxModalTitleText),
		Close:  plainText(p.T("modals.done"), maxModalTitleText),
		Blocks: slack.Blocks{BlockSet: doneBlocks(p, p.T("modals.create.done", messages.Args{"ID": g.ID, "Name": Escape(g.Name)}), c.Figures)},
	}
}

// doneBlocks are the blocks of a modal's last view: what was done, and the figures
// line when there are figures.
func doneBlocks(p *messages.Printer, done string, figures *commands.GoalView) []slack.Block {
	blocks := []slack.Block{section(done)}
	if figures != nil {
		blocks = append(blocks, section(figuresLine(p, figures)))
	}
	return blocks
}

// createSyntaxMessage says how to create a goal by typing, where no form can open:
// every field with an example.
func createSyntaxMessage(p *messages.Printer) Message {
	text := p.T("help.fields.intro") + "\n`" + Escape(commands.Usage(p, commands.VerbCreate)) + "`\n\n• " +
		strings.Join(commands.CreateFields(p), "\n• ")
	return textMessage(p, text)
}
