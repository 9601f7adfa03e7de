package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

// Limits of Slack views and options that the modal builders keep to.
const (
	MaxViewBlocks     = 100
	MaxMetadata       = 3000
	MaxOptions        = 100
	maxOptionText     = 75
	maxModalTitleText = 24
)

// Field names of the modals' inputs (SPEC §2): each is an input's block_id (optionally
// with "#" and a suffix) and its element's action_id.
const (
	FieldCampaigns   = "ad_campaigns"
	FieldAccounts    = "ad_accounts"
	FieldTeam        = "team"
	FieldUser        = "user"
	FieldDuration    = "duration"
	FieldStatus      = "status"
	FieldGoalType    = "goal_type"
	FieldProgressMin = "progress_min"
	FieldProgressMax = "progress_max"
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

// State is a submitted view's inputs by field name (block_id suffixes removed), with
// the block_id each came from, so that errors go under the right block.
type State struct {
	Values map[string]slack.BlockAction
	Blocks map[string]string // field → block_id
}

// NewState reads a view's state.values (block_id → action_id → value): for each
// block, the action whose action_id is the block's field.
func NewState(values map[string]map[string]slack.BlockAction) State {
	s := State{Values: map[string]slack.BlockAction{}, Blocks: map[string]string{}}
	for block, actions := range values {
		field := FieldOf(block)
		if a, ok := actions[field]; ok {
			s.Values[field] = a
			s.Blocks[field] = block
		}
	}
	return s
}

// Text is a plain_text_input's or number_input's value, trimmed.
func (s State) Text(field string) string { return strings.TrimSpace(s.Values[field].Value) }

// Selected are the values of a multi select's or checkboxes' chosen options.
func (s State) Selected(field string) []string {
	var out []string
	for _, o := range s.Values[field].SelectedOptions {
		out = append(out, o.Value)
	}
	return out
}

// Users are a multi_users_select's users.
func (s State) Users(field string) []string { return s.Values[field].SelectedUsers }

// Block is the block_id a field was submitted under (the field itself when absent).
func (s State) Block(field string) string {
	if b, ok := s.Blocks[field]; ok {
		return b
	}
	return field
}

// FieldErrors maps block_ids to messages, as a view_submission's errors ack wants.
type FieldErrors map[string]string

// MaxAckPayload bounds the JSON of an ack payload the modals answer with: Slack drops
// a socket-mode response of 20 KiB or more, and the envelope's wrapper and the bot's
// margin need the rest.
const MaxAckPayload = 18 << 10

// maxErrorText bounds one message of an errors ack.
const maxErrorText = 300

// Fit returns the errors shortened so that their errors ack fits MaxAckPayload: each
// message at most maxErrorText characters, and less when there are many, so that all
// of them fit (a message may quote what was typed, up to 3,000 characters a field).
func (e FieldErrors) Fit() FieldErrors {
	size := func(m FieldErrors) int {
		raw, _ := json.Marshal(slack.NewErrorsViewSubmissionResponse(m))
		return len(raw)
	}
	out := make(FieldErrors, len(e))
	for b, msg := range e {
		out[b] = truncate(msg, maxErrorText)
	}
	for n := maxErrorText; size(out) > MaxAckPayload && n > 1; n = n * 2 / 3 {
		for b, msg := range e {
			out[b] = truncate(msg, n)
		}
	}
	return out
}

func plainText(s string, n int) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, truncate(s, n), false, false)
}

// option is a select option with value v and text (at most 75 characters).
func option(v, text string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(v, plainText(text, maxOptionText), nil)
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

// MaxSuggestBytes bounds the JSON of a block_suggestion's answer ({"options":[…]}),
// well under the 20 KiB of a socket-mode response.
const MaxSuggestBytes = 18 << 10

// maxOptionValue is the longest value an option may carry.
const maxOptionValue = 150

// CatalogOptions answers a block_suggestion of an ad_campaigns or ad_accounts picker
// with the catalog entries that match query; campaigns are limited to accounts when
// some are given. The answer is bounded by construction: at most MaxOptions options,
// each text cut to 75 characters, entries whose id is too long for an option's value
// left out, and no more options than fit MaxSuggestBytes.
func (a *App) CatalogOptions(ctx context.Context, field, query string, accounts []string) ([]*slack.OptionBlockObject, error) {
	var all []*slack.OptionBlockObject
	switch field {
	case FieldCampaigns:
		cs, err := a.Store.SearchCampaigns(ctx, query, accounts, MaxOptions)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			all = append(all, campaignOption(c))
		}
	case FieldAccounts:
		as, err := a.Store.SearchAccounts(ctx, query, MaxOptions)
		if err != nil {
			return nil, err
		}
		for _, ac := range as {
			all = append(all, accountOption(ac))
		}
	default:
		return nil, goalbot.Errorf(goalbot.EINVALID, "%s offers no suggestions", field)
	}
	out := []*slack.OptionBlockObject{}
	size := len(`{"options":[]}`)
	for _, o := range all {
		if len(out) == MaxOptions {
			break
		}
		if utf8.RuneCountInString(o.Value) > maxOptionValue {
			continue // cannot be picked: Slack refuses such an option
		}
		raw, err := json.Marshal(o)
		if err != nil {
			return nil, fmt.Errorf("encode option %s: %w", o.Value, err)
		}
		if size+len(raw)+1 > MaxSuggestBytes {
			break
		}
		size += len(raw) + 1
		out = append(out, o)
	}
	return out, nil
}

func campaignOption(c goalbot.Campaign) *slack.OptionBlockObject {
	if c.Name == "" {
		return option(c.ID, c.ID)
	}
	return option(c.ID, c.Name+" ("+c.ID+")")
}

func accountOption(ac goalbot.Account) *slack.OptionBlockObject {
	if ac.Name == "" {
		return option(ac.ID, ac.ID)
	}
	return option(ac.ID, ac.Name+" ("+ac.ID+")")
}
