package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// Filterer opens the filter form, lists goals and answers catalog pickers
// (commands.App implements it).
type Filterer interface {
	OpenFilter(ctx context.Context, f goalbot.Filter) (commands.FilterForm, error)
	List(ctx context.Context, f goalbot.Filter, cursor string) (commands.GoalPage, error)
	CatalogChoices(ctx context.Context, field, query string, accounts []string) ([]commands.CatalogEntry, error)
}

// FilterMeta is the filter modal's private_metadata: where the list it was opened from
// is, so that a submit can replace it, and the generation of its block_ids.
type FilterMeta struct {
	ResponseURL string `json:"u,omitempty"`
	Channel     string `json:"c,omitempty"`
	Gen         int    `json:"g,omitempty"`
}

// Encode is m as private_metadata; a response_url too long to fit is dropped (the
// submit then posts a fresh list).
func (m FilterMeta) Encode() string {
	b, _ := json.Marshal(m)
	if utf8.RuneCount(b) > maxMetadata {
		m.ResponseURL = ""
		b, _ = json.Marshal(m)
	}
	return string(b)
}

// DecodeFilterMeta reads a filter modal's private_metadata.
func DecodeFilterMeta(s string) (FilterMeta, error) {
	var m FilterMeta
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return FilterMeta{}, goalbot.Invalid("errors.form.filter_damaged", nil)
	}
	return m, nil
}

// FilterOpen answers a list's Filter button (`goal_filter`): it opens the filter modal
// prefilled with the list's filter, remembering the list's response_url.
func FilterOpen(app Filterer) Handler {
	return func(ctx context.Context, r *Request) error {
		value := ""
		if r.Action != nil {
			value = r.Action.Value
		}
		f, err := commands.FilterFromText(value)
		if err != nil {
			f = goalbot.Filter{} // a damaged button still opens an empty form
		}
		form, err := app.OpenFilter(ctx, f)
		if err != nil {
			return err
		}
		return openView(ctx, r, filterModal(r.Printer(), form, FilterMeta{ResponseURL: r.ResponseURL, Channel: r.ChannelID}))
	}
}

// FilterClear answers the filter modal's Clear all (`goal_filter_clear`): the view is
// replaced by an empty one whose block_ids have a new suffix, so Slack drops the
// values typed in.
func FilterClear(app Filterer) Handler {
	return func(ctx context.Context, r *Request) error {
		if r.Interaction == nil || r.Interaction.View.ID == "" {
			return goalbot.Invalid("errors.form.clear_only", nil)
		}
		v := r.Interaction.View
		meta, err := DecodeFilterMeta(v.PrivateMetadata)
		if err != nil {
			return err
		}
		meta.Gen++
		form, err := app.OpenFilter(ctx, goalbot.Filter{})
		if err != nil {
			return err
		}
		return updateView(ctx, r, filterModal(r.Printer(), form, meta), v.Hash, v.ID, "clear the filter form")
	}
}

// FilterSubmit answers the filter modal's submit: bad input comes back under its
// block; a good filter closes the modal and replaces the list it was opened from
// (a fresh ephemeral list when that fails).
func FilterSubmit(app Filterer) AckHandler {
	return func(ctx context.Context, r *Request) (any, error) {
		v := r.Interaction.View
		meta, err := DecodeFilterMeta(v.PrivateMetadata)
		if err != nil {
			return nil, err
		}
		form, blocks := formOf(stateOfView(v))
		f, errs := commands.DecodeFilter(form, r.Actor())
		if len(errs) > 0 {
			return errorsAck(r.Printer(), errs, blocks), nil
		}
		page, err := app.List(ctx, f, "")
		if err != nil {
			return nil, err
		}
		return nil, r.replaceList(ctx, meta, listMessage(r.Printer(), page))
	}
}

// replaceList posts a filtered list over the list message through its response_url,
// or as a fresh ephemeral message when there is none or that fails.
func (r *Request) replaceList(ctx context.Context, meta FilterMeta, list Message) error {
	content := []slack.MsgOption{slack.MsgOptionText(truncate(list.Text, maxMessageText), false), slack.MsgOptionBlocks(list.Blocks...)}
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
		form, _ := formOf(stateOfView(cb.View))
		accounts := form.Selected(commands.FieldAccounts)
		if cb.View.CallbackID == CallbackFilter {
			accounts = nil // a filter's accounts and campaigns match independently
		}
		entries, err := app.CatalogChoices(ctx, FieldOf(cb.ActionID), cb.Value, accounts)
		if err != nil {
			return nil, err
		}
		return OptionsAck(catalogOptions(entries)), nil
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
		return goalbot.Invalid("errors.form.no_trigger", nil)
	}
	ctx, cancel := context.WithTimeout(ctx, WebTimeout)
	defer cancel()
	if _, err := r.bot.api.OpenViewContext(ctx, r.TriggerID, view); err != nil {
		return fmt.Errorf("open the %s form: %w", view.CallbackID, err)
	}
	return nil
}

// filterModal is the filter modal (`goal_filter`) of a filter form in p's language:
// prefilled with its filter, its catalog pickers showing the filter's campaigns and
// accounts with their names. Its block_ids carry meta.Gen, so that a view with a new
// generation starts empty.
func filterModal(p *messages.Printer, form commands.FilterForm, meta FilterMeta) slack.ModalViewRequest {
	f, g := form.Filter, meta.Gen
	var campaigns, accounts []*slack.OptionBlockObject
	for _, e := range form.Campaigns {
		campaigns = append(campaigns, catalogOption(e))
	}
	for _, e := range form.Accounts {
		accounts = append(accounts, catalogOption(e))
	}
	camp := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeExternal, plainText(p.T("modals.campaigns.placeholder"), 150), commands.FieldCampaigns)
	camp.InitialOptions = firstOptions(campaigns)
	acct := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeExternal, plainText(p.T("modals.accounts.placeholder"), 150), commands.FieldAccounts)
	acct.InitialOptions = firstOptions(accounts)
	team := slack.NewPlainTextInputBlockElement(plainText("growth, brand", 150), commands.FieldTeam)
	team.MaxLength = maxInputText
	team.InitialValue = joinWithin(f.Teams, ", ", team.MaxLength)
	users := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, plainText(p.T("modals.filter.creators"), 150), commands.FieldUser)
	users.InitialUsers = f.Users
	blocks := []slack.Block{
		input(commands.FieldCampaigns, g, fieldLabel(p, commands.FieldCampaigns), camp, p.T("modals.filter.campaigns.hint")),
		input(commands.FieldAccounts, g, fieldLabel(p, commands.FieldAccounts), acct, p.T("modals.filter.accounts.hint")),
		input(commands.FieldTeam, g, fieldLabel(p, commands.FieldTeam), team, p.T("modals.filter.team.hint")),
		input(commands.FieldUser, g, p.T("modals.filter.created_by"), users, ""),
		input(commands.FieldDuration, g, fieldLabel(p, commands.FieldDuration),
			enumSelect(commands.FieldDuration, p.T("modals.filter.any_duration"), goalbot.Durations, strs(f.Durations), p.Duration), ""),
		input(commands.FieldStatus, g, p.T("modals.filter.status"),
			enumSelect(commands.FieldStatus, p.T("modals.filter.any_status"), goalbot.Statuses, strs(f.Statuses), p.Status), ""),
		input(commands.FieldGoalType, g, p.T("modals.filter.goal_type"),
			enumSelect(commands.FieldGoalType, p.T("modals.filter.any_type"), goalbot.Types, strs(f.Types), p.Type), ""),
		input(commands.FieldProgressMin, g, p.T("modals.filter.progress_min"), progressInput(commands.FieldProgressMin, f.ProgressMin),
			p.T("modals.filter.progress_min.hint")),
		input(commands.FieldProgressMax, g, p.T("modals.filter.progress_max"), progressInput(commands.FieldProgressMax, f.ProgressMax), ""),
		slack.NewActionBlock("filter_actions", button(ActionFilterClear, p.T("modals.filter.clear"), "")),
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           plainText(p.T("modals.filter.title"), maxModalTitleText),
		Submit:          plainText(p.T("modals.filter.submit"), maxModalTitleText),
		Close:           plainText(p.T("modals.cancel"), maxModalTitleText),
		CallbackID:      CallbackFilter,
		PrivateMetadata: meta.Encode(),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

// enumSelect is a multi_static_select of every value in all, with chosen preselected.
func enumSelect[T ~string](field, placeholder string, all []T, chosen []string, text func(T) string) *slack.MultiSelectBlockElement {
	var opts, initial []*slack.OptionBlockObject
	for _, v := range all {
		o := option(string(v), text(v))
		opts = append(opts, o)
		for _, c := range chosen {
			if c == string(v) {
				initial = append(initial, o)
			}
		}
	}
	el := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, plainText(placeholder, 150), field, opts...)
	el.InitialOptions = initial
	return el
}

func progressInput(field string, v *float64) *slack.NumberInputBlockElement {
	el := slack.NewNumberInputBlockElement(plainText("0–100", 150), field, true)
	el.MinValue = "0"
	if v != nil {
		el.InitialValue = strconv.FormatFloat(*v, 'f', -1, 64)
	}
	return el
}

// joinWithin joins as many of vals, whole and in order, as fit in max characters.
func joinWithin(vals []string, sep string, max int) string {
	out, n := "", 0
	for _, v := range vals {
		add := utf8.RuneCountInString(v)
		if out != "" {
			add += utf8.RuneCountInString(sep)
		}
		if n+add > max {
			break
		}
		if out != "" {
			out += sep
		}
		out, n = out+v, n+add
	}
	return out
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
