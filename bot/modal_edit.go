package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/slack-go/slack"
)

// Editor saves a submitted edit modal (commands.App implements it).
type Editor interface {
	SubmitEdit(ctx context.Context, actor commands.Actor, meta string, f commands.Form) (commands.EditResult, error)
}

// EditSubmit answers the edit modal's submit (`goal_edit`): problems, a refusal or a
// concurrent change come back under the modal's blocks; a saved edit says so in
// place of the form, and changed is told of it.
func EditSubmit(app Editor, changed Changed) AckHandler {
	return func(ctx context.Context, r *Request) (any, error) {
		v := r.Interaction.View
		form, blocks := formOf(stateOfView(v))
		res, err := app.SubmitEdit(ctx, commands.Actor{UserID: r.UserID}, v.PrivateMetadata, form)
		switch {
		case err != nil:
			return nil, err
		case len(res.Errors) > 0:
			return errorsAck(res.Errors, blocks), nil
		case res.Updated == nil:
			return nil, nil
		}
		done := editedView(*res.Updated)
		ack := slack.NewUpdateViewSubmissionResponse(&done)
		if changed == nil {
			return ack, nil
		}
		return AckThen{Payload: ack, Then: func(ctx context.Context, r *Request) error {
			changed(ctx, r.UserID, res.Updated.Changes())
			return nil
		}}, nil
	}
}

// editedView is the edit modal's last view: the goal saved, with its figures.
func editedView(u commands.Updated) slack.ModalViewRequest {
	id := u.Goal.ID
	return slack.ModalViewRequest{
		Type:   slack.VTModal,
		Title:  plainText("Edit "+id, maxModalTitleText),
		Close:  plainText("Done", maxModalTitleText),
		Blocks: slack.Blocks{BlockSet: doneBlocks(fmt.Sprintf("✏️ Saved *%s*. See it with `/goal show %s`.", id, id), u.Figures)},
	}
}

// editSyntaxMessage says how to edit goal id by typing, where no form can open.
func editSyntaxMessage(id string) Message {
	return textMessage("*Edit " + Escape(id) + "* by typing the changes as `key:value`:\n`" +
		strings.Replace(commands.Usage(commands.VerbEdit), "G12", Escape(id), 1) + "`\nTargets change only for periods that have not ended.")
}

var eventHelp = map[goalbot.Event]string{
	goalbot.EventStarted:   "Started: the goal's range begins",
	goalbot.EventThreshold: "Threshold: progress crosses 50 % and 75 %",
	goalbot.EventMilestone: "Milestone: a period ends, with its outcome",
	goalbot.EventAtRisk:    "At risk: the pace falls behind",
	goalbot.EventStale:     "Stale: no metrics arrive",
}

// editModal is the edit modal (`goal_edit`) of a goal, prefilled with its name,
// targets, notifications and team, its campaigns named in the labels.
func editModal(e commands.EditForm) slack.ModalViewRequest {
	g, campaigns, vals := e.Goal, e.Campaigns, e.Values()
	name := slack.NewPlainTextInputBlockElement(plainText("Spring leads", 150), commands.FieldName)
	name.InitialValue, name.MaxLength = vals[commands.FieldName], goalbot.MaxNameLength
	nameBlock := slack.NewInputBlock(commands.FieldName, plainText("Name", 2000), nil, name)
	target := slack.NewPlainTextInputBlockElement(plainText("100", 150), commands.FieldTarget)
	target.InitialValue = vals[commands.FieldTarget]
	targetLabel, targetHint := targetWords(g.Type)
	blocks := []slack.Block{nameBlock, input(commands.FieldTarget, 0, targetLabel, target, targetHint)}
	blocks = append(blocks, campaignTargets(g.Campaigns, campaigns, g.Periods(), vals)...)
	var opts, initial []*slack.OptionBlockObject
	for _, e := range goalbot.AllowedNotifications(g.Type) {
		o := option(string(e), eventHelpOf(e, g.Settings.Band()))
		opts = append(opts, o)
		if slices.Contains(g.Notifications, e) {
			initial = append(initial, o)
		}
	}
	notify := slack.NewCheckboxGroupsBlockElement(commands.FieldNotifications, opts...)
	notify.InitialOptions = initial
	blocks = append(blocks, input(commands.FieldNotifications, 0, "Direct messages to the creator", notify, ""))
	team := slack.NewPlainTextInputBlockElement(plainText("growth", 150), commands.FieldTeam)
	team.InitialValue = g.Team
	blocks = append(blocks, input(commands.FieldTeam, 0, "Team", team, "a-z, 0-9, _ and -, up to 40 characters"))
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           plainText("Edit "+g.ID, maxModalTitleText),
		Submit:          plainText("Save", maxModalTitleText),
		Close:           plainText("Cancel", maxModalTitleText),
		CallbackID:      CallbackEdit,
		PrivateMetadata: e.Meta().Encode(),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

// periodLabels names periods in order, within maxPeriodsText characters: all of
// them when they fit, else as many of the first as fit and the last.
func periodLabels(ps []goalbot.Period) string {
	head := commands.Plural(len(ps), "period") + ": "
	if len(ps) == 0 {
		return head
	}
	labels := make([]string, len(ps))
	for i, p := range ps {
		labels[i] = p.String()
	}
	if all := head + strings.Join(labels, ", "); utf8.RuneCountInString(all) <= maxPeriodsText {
		return all
	}
	last := ", …, " + labels[len(labels)-1] + " (the last)"
	text := head + labels[0]
	for _, l := range labels[1 : len(labels)-1] {
		if utf8.RuneCountInString(text+", "+l+last) > maxPeriodsText {
			break
		}
		text += ", " + l
	}
	return text + last
}

// maxPeriodsText bounds the list of periods shown above the targets per campaign.
const maxPeriodsText = 1500

// campaignTargets are the inputs of each campaign's own targets (field
// target_<campaign>), prefilled from vals, under one section that lists the periods
// once (when known). Each label names the campaign, its name shortened; the hint says
// how many numbers a target per period takes.
func campaignTargets(ids []string, campaigns map[string]goalbot.Campaign, periods []goalbot.Period, vals map[string]string) []slack.Block {
	if len(ids) == 0 {
		return nil
	}
	intro := "*Targets per campaign* (optional): one number for every period, or one per period in their order."
	hint := "One number, or one per period separated by commas"
	if len(periods) > 0 {
		intro += " " + Escape(periodLabels(periods))
		hint = fmt.Sprintf("One number, or %d separated by commas", len(periods))
	}
	if len(periods) == 1 {
		hint = "One number"
	}
	blocks := []slack.Block{section(intro)}
	for _, c := range ids {
		el := slack.NewPlainTextInputBlockElement(nil, goalbot.TargetField(c))
		el.InitialValue = vals[goalbot.TargetField(c)]
		label := c
		if cp, ok := campaigns[c]; ok && cp.Name != "" {
			label = truncate(cp.Name, maxTargetLabelName) + " (" + c + ")"
		}
		blocks = append(blocks, input(goalbot.TargetField(c), 0, label, el, hint))
	}
	return blocks
}

// maxTargetLabelName bounds a campaign's name in the label of its target.
const maxTargetLabelName = 40

// editValues are the text values the edit modal shows for g, by field.
