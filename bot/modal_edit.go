package bot

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
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
		res, err := app.SubmitEdit(ctx, r.Actor(), v.PrivateMetadata, form)
		switch {
		case err != nil:
			return nil, err
		case len(res.Errors) > 0:
			return errorsAck(r.Printer(), res.Errors, blocks), nil
		case res.Updated == nil:
			return nil, nil
		}
		done := editedView(r.Printer(), *res.Updated)
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
func editedView(p *messages.Printer, u commands.Updated) slack.ModalViewRequest {
	id := u.Goal.ID
	return slack.ModalViewRequest{
		Type:   slack.VTModal,
		Title:  plainText(p.T("modals.edit.title", messages.Args{"ID": id}), maxModalTitleText),
		Close:  plainText(p.T("modals.done"), maxModalTitleText),
		Blocks: slack.Blocks{BlockSet: doneBlocks(p, p.T("modals.edit.done", messages.Args{"ID": id}), u.Figures)},
	}
}

// editSyntaxMessage says how to edit goal id by typing, where no form can open.
func editSyntaxMessage(p *messages.Printer, id string) Message {
	usage := commands.UsageFor(p, commands.VerbEdit, Escape(id))
	return textMessage(p, p.T("help.edit.intro", messages.Args{"ID": Escape(id)})+"\n`"+usage+"`\n"+p.T("help.edit.targets"))
}

// editModal is the edit modal (`goal_edit`) of a goal in p's language, prefilled with
// its name, targets, notifications and team, its campaigns named in the labels.
func editModal(p *messages.Printer, e commands.EditForm) slack.ModalViewRequest {
	g, campaigns, vals := e.Goal, e.Campaigns, e.Values()
	name := slack.NewPlainTextInputBlockElement(plainText(p.T("modals.name.placeholder"), 150), commands.FieldName)
	name.InitialValue, name.MaxLength = vals[commands.FieldName], goalbot.MaxNameLength
	nameBlock := slack.NewInputBlock(commands.FieldName, plainText(fieldLabel(p, commands.FieldName), 2000), nil, name)
	target := slack.NewPlainTextInputBlockElement(plainText("100", 150), commands.FieldTarget)
	target.InitialValue = vals[commands.FieldTarget]
	label, hint := targetWords(p, g.Type)
	blocks := []slack.Block{nameBlock, input(commands.FieldTarget, 0, label, target, hint)}
	blocks = append(blocks, campaignTargets(p, g.Campaigns, campaigns, g.Periods(), vals)...)
	notify := notificationsInput(p, g.Type, g.Notifications, g.Settings.Band())
	blocks = append(blocks, input(commands.FieldNotifications, 0, p.T("modals.notifications.to_creator"), notify, ""), teamInput(p, g.Team))
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           plainText(p.T("modals.edit.title", messages.Args{"ID": g.ID}), maxModalTitleText),
		Submit:          plainText(p.T("modals.edit.submit"), maxModalTitleText),
		Close:           plainText(p.T("modals.cancel"), maxModalTitleText),
		CallbackID:      CallbackEdit,
		PrivateMetadata: e.Meta().Encode(),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

// periodLabels names periods in order, in p's language, within maxPeriodsText
// characters: all of them when they fit, else as many of the first as fit and the
// last.
func periodLabels(p *messages.Printer, ps []goalbot.Period) string {
	head := p.N("slack.periods", len(ps)) + ": "
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
	last := ", …, " + p.T("modals.periods.last", messages.Args{"Period": labels[len(labels)-1]})
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
func campaignTargets(p *messages.Printer, ids []string, campaigns map[string]goalbot.Campaign, periods []goalbot.Period, vals map[string]string) []slack.Block {
	if len(ids) == 0 {
		return nil
	}
	intro := p.T("modals.targets.intro")
	hint := p.T("modals.targets.hint")
	if len(periods) > 0 {
		intro += " " + Escape(periodLabels(p, periods))
		hint = p.N("modals.targets.hint_periods", len(periods))
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
