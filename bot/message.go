package bot

import (
	"github.com/goalbot/goalbot/commands"
)

// messageOf renders an outcome of /goal or of a click as a message.
func messageOf(o commands.Outcome) Message {
	switch o := o.(type) {
	case commands.Refusal:
		return refusalMessage(o)
	case commands.Reply:
		return Message{Text: o.Text, Blocks: o.Blocks, InChannel: o.InChannel, ReplaceOriginal: o.Replace}
	}
	return Message{Text: "goalbot has no words for this answer."}
}
