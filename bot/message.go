package bot

import (
	"fmt"
	"strings"

	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
)

// MessageOf renders an outcome of /goal or of a click as a message. This is where
// each outcome meets its renderer.
func MessageOf(o commands.Outcome) Message {
	switch o := o.(type) {
	case commands.Refusal:
		return refusalMessage(messages.English(), o) // the user's language: see printerOf
	case commands.Help:
		return helpMessage()
	case commands.Created:
		return createdMessage(o)
	case commands.Updated:
		return updatedMessage(o)
	case commands.GoalPage:
		return listMessage(o)
	case commands.Shown:
		return showMessage(o)
	case commands.DeleteAsked:
		return deleteConfirmMessage(o)
	case commands.Deleted:
		return deletedMessage(o)
	case commands.Subscribed:
		return subscribedMessage(o)
	case commands.Unsubscribed:
		return unsubscribedMessage(o)
	case commands.SubscriptionList:
		return subscriptionsMessage(o)
	case commands.Refreshed:
		return refreshedMessage(o)
	case commands.SourceList:
		return sourcesMessage(o)
	case commands.CampaignMatch:
		return campaignMatchMessage(o)
	case kept:
		return keptMessage(o)
	case nothingSelected:
		return textMessage(NothingSelectedText)
	case commands.CreateStep:
		return createSyntaxMessage()
	case commands.EditForm:
		return editSyntaxMessage(o.Goal.ID)
	}
	return textMessage(fmt.Sprintf("goalbot has no words for %T.", o))
}

// refreshedMessage says which goals were measured now.
func refreshedMessage(r commands.Refreshed) Message {
	what := "every running goal"
	if len(r.IDs) > 0 {
		what = strings.Join(r.IDs, ", ")
	}
	return textMessage(fmt.Sprintf("🔄 Measured %s now (%s).", what, commands.Plural(r.Measured, "goal")))
}
