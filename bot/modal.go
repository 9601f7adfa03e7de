package bot

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
)

// Limits of Slack views, options and acks that the modals keep to.
const (
	maxViewBlocks     = 100
	maxMetadata       = 3000
	maxOptions        = 100
	maxOptionValue    = 150
	maxModalTitleText = 24
	// maxInputText is the most a plain_text_input may hold (its largest max_length).
	maxInputText = 3000
	// maxAckPayload bounds the JSON of an ack payload the modals answer with: Slack
	// drops a socket-mode response of 20 KiB or more, and the envelope's wrapper and a
	// margin need the rest.
	maxAckPayload = 18 << 10
	// maxSuggestBytes bounds the JSON of a block_suggestion's answer
	// ({"options":[…]}), well under the 20 KiB of a socket-mode response.
	maxSuggestBytes = 18 << 10
	// maxErrorText bounds one message of an errors ack.
	maxErrorText = 300
)

// FieldOf returns the field name of a block_id: the part before "#".
func FieldOf(blockID string) string {
	f, _, _ := strings.Cut(blockID, "#")
	return f
}

// blockID is a field's block_id in the generation gen of a view: the field name for
// 0, "field#gen" after that (a new block_id makes Slack forget the input's value).
func blockID(field string, gen int) string {
	if gen == 0 {
		return field
	}
	return field + "#" + strconv.Itoa(gen)
}

// formOf reads a view's state.values (block_id → action_id → value) as a submitted
// form: for each block, the action whose action_id is the block's field. It returns
// the block_id each field came from too, so that problems go under the right block.
func formOf(values map[string]map[string]slack.BlockAction) (commands.Form, map[string]string) {
	form, blocks := commands.Form{}, map[string]string{}
	for block, actions := range values {
		field := FieldOf(block)
		a, ok := actions[field]
		if !ok {
			continue
		}
		in := commands.Input{Value: a.Value, Selected: a.SelectedUsers}
		switch {
		case a.SelectedOption.Value != "":
			in.Value = a.SelectedOption.Value
		case a.SelectedDate != "":
			in.Value = a.SelectedDate
		}
		for _, o := range a.SelectedOptions {
			in.Selected = append(in.Selected, o.Value)
		}
		form[field], blocks[field] = in, block
	}
	return form, blocks
}

// errorsAck is the ack that shows errs (by field) under the blocks the fields were
// submitted under (blocks: field → block_id; the field itself when absent), in p's
// language, a field's problems one after another, every message shortened so that
// the ack fits maxAckPayload.
func errorsAck(p *messages.Printer, errs commands.FieldErrors, blocks map[string]string) *slack.ViewSubmissionResponse {
	byBlock := make(map[string]string, len(errs))
	for field, msgs := range errs {
		block := blocks[field]
		if block == "" {
			block = field
		}
		said := make([]string, len(msgs))
		for i, m := range msgs {
			said[i] = p.Message(m)
		}
		byBlock[block] = strings.Join(said, "; ")
	}
	return slack.NewErrorsViewSubmissionResponse(fitErrors(byBlock))
}

// fitErrors returns the errors (block_id → message) shortened so that their errors
// ack fits maxAckPayload: each message at most maxErrorText characters, and less when
// there are many, so that all of them fit (a message may quote what was typed, up to
// 3,000 characters a field).
func fitErrors(e map[string]string) map[string]string {
	size := func(m map[string]string) int {
		raw, _ := json.Marshal(slack.NewErrorsViewSubmissionResponse(m))
		return len(raw)
	}
	out := make(map[string]string, len(e))
	for b, msg := range e {
		out[b] = truncate(msg, maxErrorText)
	}
	for n := maxErrorText; size(out) > maxAckPayload && n > 1; n = n * 2 / 3 {
		for b, msg := range e {
			out[b] = truncate(msg, n)
		}
	}
	return out
}

// plainText is a plain_text object of s cut to n characters.
func plainText(s string, n int) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, truncate(s, n), false, false)
}

// input is an optional input block named after field in generation gen.
func input(field string, gen int, label string, el slack.BlockElement, hint string) *slack.InputBlock {
	b := slack.NewInputBlock(blockID(field, gen), plainText(label, 2000), nil, el)
	b.Optional = true
	if hint != "" {
		b.Hint = plainText(hint, 2000)
	}
	return b
}

// catalogOption is a picker's option of a catalog entry: its name and id, or its id.
func catalogOption(e commands.CatalogEntry) *slack.OptionBlockObject {
	if e.Name == "" {
		return option(e.ID, e.ID)
	}
	return option(e.ID, e.Name+" ("+e.ID+")")
}

// catalogOptions answers a block_suggestion with entries, bounded by construction: at
// most maxOptions options, each text cut to 75 characters, entries whose id is too
// long for an option's value left out, and no more options than fit maxSuggestBytes.
func catalogOptions(entries []commands.CatalogEntry) []*slack.OptionBlockObject {
	out := []*slack.OptionBlockObject{}
	size := len(`{"options":[]}`)
	for _, e := range entries {
		if len(out) == maxOptions {
			break
		}
		if utf8.RuneCountInString(e.ID) > maxOptionValue {
			continue // cannot be picked: Slack refuses such an option
		}
		o := catalogOption(e)
		raw, _ := json.Marshal(o) // texts only: it cannot fail
		if size+len(raw)+1 > maxSuggestBytes {
			break
		}
		size += len(raw) + 1
		out = append(out, o)
	}
	return out
}

// firstOptions are the options a select can be prefilled with: those whose value
// Slack takes (an id longer than an option's value, such as one typed in a filter,
// cannot be shown and is left out), at most maxOptions.
func firstOptions(opts []*slack.OptionBlockObject) []*slack.OptionBlockObject {
	var out []*slack.OptionBlockObject
	for _, o := range opts {
		if len(out) == maxOptions {
			break
		}
		if utf8.RuneCountInString(o.Value) <= maxOptionValue {
			out = append(out, o)
		}
	}
	return out
}

// stateOfView is a view's state.values (none when the view carries no state).
func stateOfView(v slack.View) map[string]map[string]slack.BlockAction {
	if v.State == nil {
		return nil
	}
	return v.State.Values
}
