package commands

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

// Ids of the filter modal (SPEC §2).
const (
	CallbackFilter    = "goal_filter"
	ActionFilterClear = "goal_filter_clear"
)

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
	if utf8.RuneCount(b) > MaxMetadata {
		m.ResponseURL = ""
		b, _ = json.Marshal(m)
	}
	return string(b)
}

// DecodeFilterMeta reads a filter modal's private_metadata.
func DecodeFilterMeta(s string) (FilterMeta, error) {
	var m FilterMeta
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return FilterMeta{}, goalbot.Errorf(goalbot.EINVALID, "this filter form is damaged; please open it again from a list")
	}
	return m, nil
}

// filterButton is the list's Filter button; its value is the list's filter in its
// text form (empty when it would not fit a button's value).
func filterButton(f goalbot.Filter) *slack.ButtonBlockElement {
	v := f.String()
	if utf8.RuneCountInString(v) > maxButtonValue {
		v = ""
	}
	return button(ActionFilter, "Filter", v)
}

// FilterFromValue reads the filter a Filter button carries.
func FilterFromValue(value string) (goalbot.Filter, error) {
	c, err := Parse("list " + value)
	if err != nil {
		return goalbot.Filter{}, err
	}
	f, _, err := c.Filter(false)
	return f, err
}

// FilterView builds the filter modal prefilled with f, its catalog pickers showing the
// names of f's campaigns and accounts.
func (a *App) FilterView(ctx context.Context, f goalbot.Filter, meta FilterMeta) (slack.ModalViewRequest, error) {
	cs, err := a.Store.Campaigns(ctx, f.Campaigns)
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	as, err := a.Store.Accounts(ctx, f.Accounts)
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	var campaigns, accounts []*slack.OptionBlockObject
	for _, id := range f.Campaigns {
		c, ok := cs[id]
		if !ok {
			c = goalbot.Campaign{ID: id}
		}
		campaigns = append(campaigns, campaignOption(c))
	}
	for _, id := range f.Accounts {
		ac, ok := as[id]
		if !ok {
			ac = goalbot.Account{ID: id}
		}
		accounts = append(accounts, accountOption(ac))
	}
	return FilterModal(f, campaigns, accounts, meta), nil
}

// FilterModal is the filter modal (SPEC §2 `goal_filter`) prefilled with f; campaigns
// and accounts are the initial options of the catalog pickers (f's, with their names).
// Its block_ids carry meta.Gen, so that a view with a new generation starts empty.
func FilterModal(f goalbot.Filter, campaigns, accounts []*slack.OptionBlockObject, meta FilterMeta) slack.ModalViewRequest {
	g := meta.Gen
	camp := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeExternal, plainText("Search campaigns", 150), FieldCampaigns)
	camp.InitialOptions = firstOptions(campaigns)
	acct := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeExternal, plainText("Search ad accounts", 150), FieldAccounts)
	acct.InitialOptions = firstOptions(accounts)
	team := slack.NewPlainTextInputBlockElement(plainText("growth, brand", 150), FieldTeam)
	team.MaxLength = maxInputText
	team.InitialValue = joinWithin(f.Teams, ", ", team.MaxLength)
	users := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, plainText("Creators", 150), FieldUser)
	users.InitialUsers = f.Users
	blocks := []slack.Block{
		input(FieldCampaigns, g, "Campaigns", camp, "Goals with any of these campaigns"),
		input(FieldAccounts, g, "Ad accounts", acct, "Goals with any of these accounts"),
		input(FieldTeam, g, "Team", team, "Comma-separated team labels"),
		input(FieldUser, g, "Created by", users, ""),
		input(FieldDuration, g, "Duration", enumSelect(FieldDuration, "Any duration", goalbot.Durations, strs(f.Durations), durationText), ""),
		input(FieldStatus, g, "Status", enumSelect(FieldStatus, "Any status", goalbot.Statuses, strs(f.Statuses), StatusLabel), ""),
		input(FieldGoalType, g, "Goal type", enumSelect(FieldGoalType, "Any type", goalbot.Types, strs(f.Types), goalbot.Type.Label), ""),
		input(FieldProgressMin, g, "Progress at least (%)", progressInput(FieldProgressMin, f.ProgressMin), "Headline progress, decimals allowed"),
		input(FieldProgressMax, g, "Progress at most (%)", progressInput(FieldProgressMax, f.ProgressMax), ""),
		slack.NewActionBlock("filter_actions", button(ActionFilterClear, "Clear all", "")),
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           plainText("Filter goals", maxModalTitleText),
		Submit:          plainText("Show goals", maxModalTitleText),
		Close:           plainText("Cancel", maxModalTitleText),
		CallbackID:      CallbackFilter,
		PrivateMetadata: meta.Encode(),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

func durationText(d goalbot.Duration) string { return string(d) }

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

// firstOptions are the options a select can be prefilled with: those whose value
// Slack takes (an id longer than an option's value, such as one typed in a filter,
// cannot be shown and is left out), at most MaxOptions.
func firstOptions(opts []*slack.OptionBlockObject) []*slack.OptionBlockObject {
	var out []*slack.OptionBlockObject
	for _, o := range opts {
		if len(out) == MaxOptions {
			break
		}
		if utf8.RuneCountInString(o.Value) <= maxOptionValue {
			out = append(out, o)
		}
	}
	return out
}

// maxInputText is the most a plain_text_input may hold (its largest max_length).
const maxInputText = 3000

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

// DecodeFilter reads a submitted filter modal. Problems come back by block_id, for a
// response_action errors ack; the filter is valid only when there are none.
func DecodeFilter(s State) (goalbot.Filter, FieldErrors) {
	var pairs [][2]string
	add := func(key string, vs []string) {
		if len(vs) > 0 {
			pairs = append(pairs, [2]string{key, strings.Join(vs, ",")})
		}
	}
	add("campaign", s.Selected(FieldCampaigns))
	add("account", s.Selected(FieldAccounts))
	add("team", goalbot.SplitList(s.Text(FieldTeam)))
	add("user", s.Users(FieldUser))
	add("duration", s.Selected(FieldDuration))
	add("status", s.Selected(FieldStatus))
	add("goal_type", s.Selected(FieldGoalType))
	errs := FieldErrors{}
	lo, hi := s.Text(FieldProgressMin), s.Text(FieldProgressMax)
	okLo, okHi := checkProgress(lo), checkProgress(hi)
	if !okLo {
		errs[s.Block(FieldProgressMin)] = "Enter a percentage from 0 to " + strconv.Itoa(int(goalbot.MaxProgress)) + ", such as 50 or 12.5"
	}
	if !okHi {
		errs[s.Block(FieldProgressMax)] = "Enter a percentage from 0 to " + strconv.Itoa(int(goalbot.MaxProgress)) + ", such as 100 or 87.5"
	}
	if okLo && okHi && (lo != "" || hi != "") {
		pairs = append(pairs, [2]string{"progress", lo + "-" + hi})
	}
	f, err := goalbot.ParseFilter(pairs)
	for _, p := range goalbot.ErrorFields(err) {
		errs[s.Block(filterField(p.Field))] = p.Message
	}
	if err != nil && len(goalbot.ErrorFields(err)) == 0 {
		errs[s.Block(FieldTeam)] = goalbot.ErrorMessage(err)
	}
	if len(errs) > 0 {
		return goalbot.Filter{}, errs
	}
	return f, nil
}

// checkProgress reports whether a progress bound is empty or a number in range.
func checkProgress(s string) bool {
	if s == "" {
		return true
	}
	_, err := goalbot.ParseProgressBound(strings.TrimSuffix(s, "%"))
	return err == nil
}

// filterField is the modal field of a filter key.
func filterField(key string) string {
	switch key {
	case "campaign":
		return FieldCampaigns
	case "account":
		return FieldAccounts
	case "progress":
		return FieldProgressMax
	}
	return key
}
