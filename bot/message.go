package bot

import (
	"fmt"
	"strings"

	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
)

// MessageOf renders an outcome of /goal or of a click as a message in p's language.
// This is where each outcome meets its renderer.
func MessageOf(p *messages.Printer, o commands.Outcome) Message {
	switch o := o.(type) {
	case commands.Refusal:
		return refusalMessage(p, o)
	case commands.Help:
		return helpMessage(p)
	case commands.Created:
		return createdMessage(p, o)
	case commands.Updated:
		return updatedMessage(p, o)
	case commands.GoalPage:
		return listMessage(p, o)
	case commands.Shown:
		return showMessage(p, o)
	case commands.DeleteAsked:
		return deleteConfirmMessage(p, o)
	case commands.Deleted:
		return deletedMessage(p, o)
	case commands.Subscribed:
		return subscribedMessage(p, o)
	case commands.Unsubscribed:
		return unsubscribedMessage(p, o)
	case commands.SubscriptionList:
		return subscriptionsMessage(p, o)
	case commands.Refreshed:
		return refreshedMessage(p, o)
	case commands.SourceList:
		return sourcesMessage(p, o)
	case commands.CampaignMatch:
		return campaignMatchMessage(p, o)
	case commands.History:
		return historyMessage(p, o)
	case commands.Restored:
		return restoredMessage(p, o)
	case kept:
		return keptMessage(p, o)
	case nothingSelected:
		return textMessage(p, p.T("slack.delete.nothing_selected"))
	case commands.CreateStep:
		return createSyntaxMessage(p)
	case commands.EditForm:
		return editSyntaxMessage(p, o.Goal.ID)
	}
	return textMessage(p, p.T("slack.unknown_outcome", messages.Args{"Kind": fmt.Sprintf("%T", o)}))
}

// refreshedMessage says which goals were measured now.
func refreshedMessage(p *messages.Printer, r commands.Refreshed) Message {
	goals := p.N("goals", r.Measured)
	if len(r.IDs) == 0 {
		return textMessage(p, p.T("slack.refreshed.all", messages.Args{"Goals": goals}))
	}
	return textMessage(p, p.T("slack.refreshed.some", messages.Args{"IDs": strings.Join(r.IDs, ", "), "Goals": goals}))
}
