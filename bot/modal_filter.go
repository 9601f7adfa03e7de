package bot

import (
	"context"
	"fmt"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/slack-go/slack"
)

// Filterer builds the filter modal, lists goals and answers catalog pickers
// (commands.App implements it).
type Filterer interface {
	FilterView(ctx context.Context, f goalbot.Filter, meta commands.FilterMeta) (slack.ModalViewRequest, error)
	ListReply(ctx context.Context, f goalbot.Filter, cursor string) (commands.Reply, error)
	CatalogOptions(ctx context.Context, field, query string, accounts []string) ([]*slack.OptionBlockObject, error)
}

// FilterOpen answers a list's Filter button (`goal_filter`): it opens the filter modal
// prefilled with the list's filter, remembering the list's response_url.
func FilterOpen(app Filterer) Handler {
	return func(ctx context.Context, r *Request) error {
		value := ""
		if r.Action != nil {
			value = r.Action.Value
		}
		f, err := commands.FilterFromValue(value)
		if err != nil {
			f = goalbot.Filter{} // a damaged button still opens an empty form
		}
		view, err := app.FilterView(ctx, f, commands.FilterMeta{ResponseURL: r.ResponseURL, Channel: r.ChannelID})
		if err != nil {
			return err
		}
		return openView(ctx, r, view)
	}
}

// FilterClear answers the filter modal's Clear all (`goal_filter_clear`): the view is
// replaced by an empty one whose block_ids have a new suffix, so Slack drops the
// values typed in.
func FilterClear(app Filterer) Handler {
	return func(ctx context.Context, r *Request) error {
		if r.Interaction == nil || r.Interaction.View.ID == "" {
			return goalbot.Errorf(goalbot.EINVALID, "Clear all works only in the filter form")
		}
		v := r.Interaction.View
		meta, err := commands.DecodeFilterMeta(v.PrivateMetadata)
		if err != nil {
			return err
		}
		meta.Gen++
		view, err := app.FilterView(ctx, goalbot.Filter{}, meta)
		if err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(ctx, WebTimeout)
		defer cancel()
		if _, err := r.bot.api.UpdateViewContext(ctx, view, "", v.Hash, v.ID); err != nil {
			return fmt.Errorf("clear the filter form: %w", err)
		}
		return nil
	}
}

// FilterSubmit answers the filter modal's submit: bad input comes back under its
// block; a good filter closes the modal and replaces the list it was opened from
// (a fresh ephemeral list when that fails).
func FilterSubmit(app Filterer) AckHandler {
	return func(ctx context.Context, r *Request) (any, error) {
		v := r.Interaction.View
		meta, err := commands.DecodeFilterMeta(v.PrivateMetadata)
		if err != nil {
			return nil, err
		}
		f, errs := commands.DecodeFilter(commands.NewState(v.State.Values))
		if len(errs) > 0 {
			return slack.NewErrorsViewSubmissionResponse(errs.Fit()), nil
		}
		reply, err := app.ListReply(ctx, f, "")
		if err != nil {
			return nil, err
		}
		return nil, r.replaceList(ctx, meta, reply)
	}
}

// replaceList posts a filtered list over the list message through its response_url,
// or as a fresh ephemeral message when there is none or that fails.
func (r *Request) replaceList(ctx context.Context, meta commands.FilterMeta, reply commands.Reply) error {
	content := []slack.MsgOption{slack.MsgOptionText(truncate(reply.Text, maxMessageText), false), slack.MsgOptionBlocks(reply.Blocks...)}
	if meta.ResponseURL != "" {
		_, _, err := r.bot.api.PostMessageContext(ctx, meta.Channel, append(content, slack.MsgOptionReplaceOriginal(meta.ResponseURL))...)
		if err == nil {
			return nil
		}
		r.bot.log.Info("could not replace the list; posting a fresh one", "user", r.UserID, "err", err)
	}
	channel := meta.Channel
	if channel == "" { // opened from the Home tab: the list goes to goalbot's Messages tab
		dm, _, _, err := r.bot.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{r.UserID}})
		if err != nil {
			return fmt.Errorf("open a direct message with %s for the filtered list: %w", r.UserID, err)
		}
		if _, _, err := r.bot.api.PostMessageContext(ctx, dm.ID, content...); err != nil {
			return fmt.Errorf("post the filtered list to %s: %w", r.UserID, err)
		}
		return nil
	}
	if _, err := r.bot.api.PostEphemeralContext(ctx, channel, r.UserID, content...); err != nil {
		return fmt.Errorf("post the filtered list in %s: %w", channel, err)
	}
	return nil
}

// CatalogSuggest answers the block_suggestion of an `ad_campaigns` or `ad_accounts`
// picker with matching catalog entries; campaigns are limited to the accounts chosen
// in the same view, if any.
func CatalogSuggest(app Filterer) AckHandler {
	return func(ctx context.Context, r *Request) (any, error) {
		cb := r.Interaction
		var accounts []string
		if cb.View.State != nil { // a suggestion outside a view (or a forged one) has no state
			accounts = commands.NewState(cb.View.State.Values).Selected(commands.FieldAccounts)
		}
		if cb.View.CallbackID == commands.CallbackFilter {
			accounts = nil // a filter's accounts and campaigns match independently
		}
		opts, err := app.CatalogOptions(ctx, commands.FieldOf(cb.ActionID), cb.Value, accounts)
		if err != nil {
			return nil, err
		}
		return OptionsAck(opts), nil
	}
}

// OptionsAck is a block_suggestion's ack: {"options":[…]}, with the key present
// even when nothing matches (slack.OptionsResponse omits an empty list, leaving
// Slack an answer of "{}").
func OptionsAck(opts []*slack.OptionBlockObject) any {
	if opts == nil {
		opts = []*slack.OptionBlockObject{}
	}
	return struct {
		Options []*slack.OptionBlockObject `json:"options"`
	}{opts}
}

// openView opens a modal with the request's trigger_id (valid for 3 s).
func openView(ctx context.Context, r *Request, view slack.ModalViewRequest) error {
	if r.TriggerID == "" {
		return goalbot.Errorf(goalbot.EINVALID, "this click cannot open a form; please try again")
	}
	ctx, cancel := context.WithTimeout(ctx, WebTimeout)
	defer cancel()
	if _, err := r.bot.api.OpenViewContext(ctx, r.TriggerID, view); err != nil {
		return fmt.Errorf("open the %s form: %w", view.CallbackID, err)
	}
	return nil
}
