package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
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
		step, err := app.StartCreate(ctx, commands.Actor{UserID: r.UserID})
		if err != nil {
			return err
		}
		return openView(ctx, r, createStepView(step))
	}
}

// CreateSubmit answers a step of the create wizard (`goal_create`): problems under
// their blocks, the next step in place of this one (through a stand-in when it is too
// large for an ack), or the goal created; changed is told of a goal created.
func CreateSubmit(app Creator, changed Changed) AckHandler {
	return func(ctx context.Context, r *Request) (any, error) {
		v := r.Interaction.View
		form, blocks := formOf(stateOfView(v))
		res, err := app.SubmitCreate(ctx, commands.Actor{UserID: r.UserID}, v.PrivateMetadata, form)
		if err != nil {
			return nil, err
		}
		ack, later := createAck(res, blocks)
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

// createAck is the ack of a wizard's submit: its problems (those of earlier steps
// under the notifications block, named by their labels), the next step when it fits
// an ack, else a stand-in and the step for a views.update (later), or the goal
// created.
func createAck(res commands.CreateResult, blocks map[string]string) (ack *slack.ViewSubmissionResponse, later *slack.ModalViewRequest) {
	switch {
	case len(res.Errors) > 0 || len(res.Earlier) > 0:
		return errorsAck(withEarlier(res.Errors, res.Earlier), blocks), nil
	case res.Next != nil:
		return nextStepAck(createStepView(*res.Next))
	case res.Created != nil:
		done := createdView(*res.Created)
		return slack.NewUpdateViewSubmissionResponse(&done), nil
	}
	return nil, nil
}

// withEarlier adds the problems of earlier steps, found at the last, under its
// notifications field: each named by its field's label and saying to go back.
func withEarlier(errs commands.FieldErrors, earlier []goalbot.FieldError) commands.FieldErrors {
	out := commands.FieldErrors{}
	for f, msg := range errs {
		out[f] = msg
	}
	for _, p := range earlier {
		msg := goalbot.M("errors.form.earlier", goalbot.Args{"Problem": p.Message})
		if label := fieldLabel(p.Field); label != "" {
			msg = goalbot.M("errors.form.earlier_labelled", goalbot.Args{"Label": label, "Problem": p.Message})
		}
		out.Add(commands.FieldNotifications, msg)
	}
	return out
}

// nextStepAck is the ack that shows step v in place of the one submitted when it fits
// maxAckPayload; else a small stand-in saying it is on its way, with v to replace it
// by views.update once the ack is sent. The stand-in's Show button (ActionCreateShow)
// does the same, should that update reach Slack before the ack.
func nextStepAck(v slack.ModalViewRequest) (*slack.ViewSubmissionResponse, *slack.ModalViewRequest) {
	ack := slack.NewUpdateViewSubmissionResponse(&v)
	if raw, err := json.Marshal(ack); err == nil && len(raw) <= maxAckPayload {
		return ack, nil
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
		return updateView(ctx, r, createStepView(step), v.Hash, v.ID, "go back in the create form")
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
		return updateView(ctx, r, createStepView(step), v.Hash, v.ID, "show the create form's step")
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

var typeHelp = map[goalbot.Type]string{
	goalbot.NetworkConversions:   "Conversions the ad networks report for the campaigns",
	goalbot.CostPerContact:       "Ad spend per contact reaching a lifecycle stage (a maximum)",
	goalbot.ContactsInStage:      "Contacts that reach a lifecycle stage through the campaigns",
	goalbot.FirstFormSubmissions: "Ad clicks followed by a contact's first form submission",
}

// createStepView is the view of a step of the create wizard, prefilled with its
// draft.
func createStepView(s commands.CreateStep) slack.ModalViewRequest {
	meta, d := s.Meta, s.Draft
	var blocks []slack.Block
	blocks = append(blocks, contextBlock(fmt.Sprintf("Step %d of %d", meta.Step, commands.CreateSteps)))
	switch meta.Step {
	case 1:
		blocks = append(blocks, createStep1(d)...)
	case 2:
		blocks = append(blocks, createStep2(d, s.Campaigns)...)
	case 3:
		blocks = append(blocks, createStep3(d, s.Campaigns, s.Periods)...)
	case 4:
		blocks = append(blocks, createStep4(d)...)
	}
	if meta.Step > 1 {
		blocks = append(blocks, slack.NewActionBlock("create_nav", button(ActionCreateBack, "Back", "")))
	}
	submit := "Next"
	if meta.Step == commands.CreateSteps {
		submit = "Create goal"
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           plainText("New goal", maxModalTitleText),
		Submit:          plainText(submit, maxModalTitleText),
		Close:           plainText("Cancel", maxModalTitleText),
		CallbackID:      CallbackCreate,
		PrivateMetadata: meta.Encode(),
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
	types := slack.NewRadioButtonsBlockElement(commands.FieldGoalType, opts...)
	types.InitialOption = initial
	name := slack.NewPlainTextInputBlockElement(plainText("Spring leads", 150), commands.FieldName)
	name.InitialValue, name.MaxLength = d.Name, goalbot.MaxNameLength
	blocks := []slack.Block{
		slack.NewInputBlock(commands.FieldGoalType, plainText("Template", 2000), nil, types),
		slack.NewInputBlock(commands.FieldName, plainText("Name", 2000), nil, name),
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
		sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plainText("Pick a stage", 150), commands.FieldStage, stages...)
		sel.InitialOption = chosen
		blocks = append(blocks, slack.NewInputBlock(commands.FieldStage, plainText("Lifecycle stage", 2000), plainText("Standard stages only", 2000), sel))
	}
	return blocks
}

func createStep2(d goalbot.Draft, campaigns map[string]goalbot.Campaign) []slack.Block {
	acct := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeExternal, plainText("Search ad accounts", 150), commands.FieldAccounts)
	var accts, camps []*slack.OptionBlockObject
	for _, id := range d.Accounts {
		accts = append(accts, option(id, id))
	}
	acct.InitialOptions = firstOptions(accts)
	camp := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeExternal, plainText("Search campaigns", 150), commands.FieldCampaigns)
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
		o := option(string(v), string(v))
		durs = append(durs, o)
		if string(v) == d.Duration {
			dur = o
		}
	}
	duration := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plainText("monthly", 150), commands.FieldDuration, durs...)
	duration.InitialOption = dur
	align := option(commands.FiscalYearAlign, "Follow the fiscal year")
	fiscal := slack.NewCheckboxGroupsBlockElement(commands.FieldFiscalYear, align)
	if d.FiscalYear {
		fiscal.InitialOptions = []*slack.OptionBlockObject{align}
	}
	start := slack.NewDatePickerBlockElement(commands.FieldStart)
	start.InitialDate = d.Start
	end := slack.NewDatePickerBlockElement(commands.FieldEnd)
	end.InitialDate = d.End
	blocks := []slack.Block{
		input(commands.FieldAccounts, 0, "Ad accounts", acct, "Optional: the campaigns' accounts when empty"),
		slack.NewInputBlock(commands.FieldCampaigns, plainText("Campaigns", 2000), plainText("Up to 50, from the chosen accounts", 2000), camp),
		slack.NewInputBlock(commands.FieldDuration, plainText("Duration", 2000), nil, duration),
	}
	if d.Duration != string(goalbot.Custom) {
		blocks = append(blocks, input(commands.FieldFiscalYear, 0, "Fiscal year", fiscal, "Not for custom durations"))
	}
	return append(blocks,
		input(commands.FieldStart, 0, "Start date", start, "Required for custom; else a period's first day (default: this year)"),
		input(commands.FieldEnd, 0, "End date", end, "Required for custom; else a period's last day"))
}

func createStep3(d goalbot.Draft, campaigns map[string]goalbot.Campaign, periods []goalbot.Period) []slack.Block {
	target := slack.NewPlainTextInputBlockElement(plainText("100", 150), commands.FieldTarget)
	target.InitialValue = d.Target
	hint := "Each campaign's target in every period; the goal's is their sum"
	if d.Type == string(goalbot.CostPerContact) {
		hint = "The highest cost per contact, in the account currency"
	}
	blocks := []slack.Block{input(commands.FieldTarget, 0, "Target per campaign", target, hint)}
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
	notify := slack.NewCheckboxGroupsBlockElement(commands.FieldNotifications, opts...)
	notify.InitialOptions = initial
	team := slack.NewPlainTextInputBlockElement(plainText("growth", 150), commands.FieldTeam)
	team.InitialValue = d.Team
	return []slack.Block{
		input(commands.FieldNotifications, 0, "Direct messages to you", notify, ""),
		input(commands.FieldTeam, 0, "Team", team, "a-z, 0-9, _ and -, up to 40 characters"),
	}
}

// DecodeCreateStep copies a submitted step's inputs into d.

// fieldLabels are the labels of the wizard's fields.
var fieldLabels = map[string]string{
	commands.FieldGoalType: "Template", commands.FieldName: "Name", commands.FieldStage: "Lifecycle stage", commands.FieldAccounts: "Ad accounts",
	commands.FieldCampaigns: "Campaigns", commands.FieldDuration: "Duration", commands.FieldFiscalYear: "Fiscal year", commands.FieldStart: "Start date",
	commands.FieldEnd: "End date", commands.FieldTarget: "Target per campaign", commands.FieldNotifications: "Direct messages", commands.FieldTeam: "Team",
}

// fieldLabel names a field as the wizard labels it.
func fieldLabel(field string) string {
	if c, ok := strings.CutPrefix(field, "target_"); ok {
		return "Target of " + c
	}
	if l, ok := fieldLabels[field]; ok {
		return l
	}
	return field
}

// createdView is the wizard's last view: the goal created, with its figures.
func createdView(c commands.Created) slack.ModalViewRequest {
	g := c.Goal
	return slack.ModalViewRequest{
		Type:   slack.VTModal,
		Title:  plainText("New goal", maxModalTitleText),
		Close:  plainText("Done", maxModalTitleText),
		Blocks: slack.Blocks{BlockSet: doneBlocks(fmt.Sprintf("✅ Created *%s* · %s. See it with `/goal show %s`.", g.ID, Escape(g.Name), g.ID), c.Figures)},
	}
}

// doneBlocks are the blocks of a modal's last view: what was done, and the figures
// line when there are figures.
func doneBlocks(done string, figures *commands.GoalView) []slack.Block {
	blocks := []slack.Block{section(done)}
	if figures != nil {
		blocks = append(blocks, section(figuresLine(figures)))
	}
	return blocks
}

// createSyntaxMessage says how to create a goal by typing, where no form can open:
// every field with an example.
func createSyntaxMessage() Message {
	return textMessage("*Create a goal* by typing its fields as `key:value` (quote values with spaces):\n" +
		"`" + commands.Usage(commands.VerbCreate) + "`\n\n" +
		"• `name:` 1–100 characters\n" +
		"• `goal_type:` network_conversions, cost_per_contact, contacts_in_stage, first_form_submissions\n" +
		"• `lifecycle_stage:` for cost_per_contact and contacts_in_stage: subscriber, lead, marketingqualifiedlead, salesqualifiedlead, opportunity, customer, evangelist, other\n" +
		"• `campaigns:` campaign ids, comma-separated (at most 50); `accounts:` optional\n" +
		"• `duration:` weekly, monthly, quarterly, yearly or custom; `start:` / `end:` YYYY-MM-DD (default: this year); `fiscal_year:yes` to follow the fiscal year\n" +
		"• `target:` each campaign's target per period (`target:100` on two campaigns is a goal target of 200); `target.CAMPAIGN:N` or `target.CAMPAIGN:N,N,…` (one per period) overrides it\n" +
		"• `notify:` started, threshold, milestone, at_risk, stale or none (default started,milestone)\n" +
		"• `team:` an optional label such as growth-emea")
}
