package commands

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

// Limits of a list's filter buttons (Block Kit: 25 elements an actions block, a
// button's value at most 2000 characters).
const (
	maxFilterChips = 24 // and Clear filters makes 25
	maxButtonValue = 2000
)

// filterTerm is one term of a list's filter as its button shows it ("team:growth",
// "progress:50-") and the filter without that term.
type filterTerm struct {
	label string
	rest  goalbot.Filter
}

// filterTerms are f's terms: one per value ("team:growth" and "team:brand" for
// team:growth,brand), or one per key when that would make more than maxFilterChips
// buttons. A progress range is one term. Each term's rest is f without it, so the
// work is linear in f's size.
func filterTerms(f goalbot.Filter) []filterTerm {
	pairs := f.Pairs()
	values := 0
	for _, kv := range pairs {
		values += strings.Count(kv[1], ",") + 1
	}
	var terms []filterTerm
	for _, kv := range pairs {
		if kv[0] == "progress" || values > maxFilterChips {
			terms = append(terms, filterTerm{label: kv[0] + ":" + kv[1], rest: f.Without(kv[0], "")})
			continue
		}
		for _, v := range strings.Split(kv[1], ",") {
			terms = append(terms, filterTerm{label: kv[0] + ":" + v, rest: f.Without(kv[0], v)})
		}
	}
	return terms
}

// filterBlocks are a filtered list's filter buttons, under a line that says what
// they do: one per term (ActionFilterRemove, value: the filter without it) and Clear
// filters when there are two or more. A term whose remaining filter is too long for a
// button's value gets no button (the Filter form still edits it). None for an
// unfiltered list.
func filterBlocks(f goalbot.Filter) []slack.Block {
	if f.IsZero() {
		return nil
	}
	terms := filterTerms(f)
	var buttons []slack.BlockElement
	for i, t := range terms {
		if v := t.rest.String(); utf8.RuneCountInString(v) <= maxButtonValue {
			buttons = append(buttons, button(suffixed(ActionFilterRemove, strconv.Itoa(i+1)), "✕ "+t.label, v))
		}
	}
	if len(terms) >= 2 {
		buttons = append(buttons, button(suffixed(ActionFilterRemove, "all"), "Clear filters", ""))
	}
	if len(buttons) == 0 {
		return nil
	}
	return []slack.Block{
		contextText("Filtered by the terms below: click one to remove it."),
		slack.NewActionBlock("", buttons...),
	}
}

// filterRemoveReply answers a filter button (ActionFilterRemove): the list with the
// filter its value carries, replacing the list message it was clicked in.
func (a *App) filterRemoveReply(ctx context.Context, value string) (Reply, error) {
	f, err := FilterFromValue(value)
	if err != nil {
		return Reply{}, err
	}
	r, err := a.ListReply(ctx, f, "")
	r.Replace = true
	return r, err
}
