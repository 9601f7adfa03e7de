package commands

import (
	"context"
	"slices"
	"strconv"
	"strings"

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
// buttons. A progress range is one term.
func filterTerms(f goalbot.Filter) []filterTerm {
	pairs := f.Pairs()
	var terms []filterTerm
	for i, kv := range pairs {
		values := []string{kv[1]}
		if kv[0] != "progress" {
			values = goalbot.SplitList(kv[1])
		}
		for _, v := range values {
			if rest, ok := without(pairs, i, v); ok {
				terms = append(terms, filterTerm{label: kv[0] + ":" + v, rest: rest})
			}
		}
	}
	if len(terms) <= maxFilterChips {
		return terms
	}
	terms = terms[:0]
	for i, kv := range pairs {
		if rest, ok := without(pairs, i, kv[1]); ok {
			terms = append(terms, filterTerm{label: kv[0] + ":" + kv[1], rest: rest})
		}
	}
	return terms
}

// without is the filter of pairs (a filter's text form) without the value v of pair
// i, or without the whole pair when v is all of its value.
func without(pairs [][2]string, i int, v string) (goalbot.Filter, bool) {
	rest := make([][2]string, 0, len(pairs))
	for j, kv := range pairs {
		if j == i {
			if kv[1] == v || kv[0] == "progress" {
				continue
			}
			keep := slices.DeleteFunc(goalbot.SplitList(kv[1]), func(s string) bool { return s == v })
			if len(keep) == 0 {
				continue
			}
			kv[1] = strings.Join(keep, ",")
		}
		rest = append(rest, kv)
	}
	f, err := goalbot.ParseFilter(rest)
	return f, err == nil
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
		if v := t.rest.String(); len(v) <= maxButtonValue {
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
