package hubspot

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/source"
)

// FirstConversion is the property of a contact's first form submission.
const FirstConversion = "first_conversion_date"

// Props are the date properties counted: each standard stage's "became a <stage>
// date", in goalbot.Stages order, then the first form submission's date. Index
// FormsProp is the first form submission.
var Props = func() []string {
	out := make([]string, 0, goalbot.NumStages+1)
	for _, s := range goalbot.Stages {
		out = append(out, "hs_lifecyclestage_"+string(s)+"_date")
	}
	return append(out, FirstConversion)
}()

// FormsProp is the index of first_conversion_date in Props.
var FormsProp = len(Props) - 1

// maxGroups is how many filter groups one search may have: the properties are
// searched in groups of at most that many, one filter group each (OR).
const maxGroups = 5

// propGroups are the indexes of Props searched together.
var propGroups = func() [][]int {
	var out [][]int
	for i := 0; i < len(Props); i += maxGroups {
		var g []int
		for j := i; j < min(i+maxGroups, len(Props)); j++ {
			g = append(g, j)
		}
		out = append(out, g)
	}
	return out
}()

// Properties read of every contact besides the dates.
var baseProps = []string{"hs_object_id", "hs_analytics_source", "hs_analytics_source_data_1", "hs_analytics_first_url"}

// minSlice is the shortest range a search is split to; a second with more than
// 10,000 contacts is refused.
const minSlice = time.Second

// sliceTarget is how many results a split aims a part at (below the cap, so that
// contacts added meanwhile do not push it over).
const sliceTarget = 8_000

// event is one counted date of a contact: a property (index in Props) on a day.
type event struct {
	prop int8
	day  int32
}

// found is a contact as a search found it: the campaign it counts for (-1: none),
// its drill-down when it counts for none, and its dates within the searched range.
type found struct {
	id       string
	campaign int32
	drill    string
	events   []event
}

// rangeSearch is a search of some properties over a range of instants, its dates
// counted as days of the portal from first.
type rangeSearch struct {
	client  *Client
	matcher *Matcher
	loc     *time.Location
	first   goalbot.Date
	props   []int
	// requests counts the requests sent.
	requests int
}

// run searches [from, to), splitting it until each part pages within the cap, and
// hands each part's contacts to add once the whole part was read.
func (s *rangeSearch) run(ctx context.Context, from, to time.Time, add func([]found)) error {
	got, total, err := s.read(ctx, from, to)
	if err == nil {
		add(got)
		return nil
	}
	if !errors.Is(err, errCap) {
		return err
	}
	if to.Sub(from) <= minSlice {
		return &source.Error{Kind: source.Permanent, Message: goalbot.M("sources.hubspot.same_second", goalbot.Args{"Max": MaxResults, "At": from.UTC().Format(time.RFC3339)})}
	}
	parts := max(2, (total+sliceTarget-1)/sliceTarget)
	step := to.Sub(from) / time.Duration(parts)
	if step < minSlice {
		step = minSlice
	}
	for start := from; start.Before(to); start = start.Add(step) {
		end := start.Add(step)
		if end.After(to) || to.Sub(end) < minSlice {
			end = to
		}
		if err := s.run(ctx, start, end, add); err != nil {
			return err
		}
		if end.Equal(to) {
			break
		}
	}
	return nil
}

// read pages through one range; errCap (with the total) when it has more results
// than HubSpot pages through.
func (s *rangeSearch) read(ctx context.Context, from, to time.Time) ([]found, int, error) {
	req := s.request(from, to)
	var out []found
	for {
		s.requests++
		resp, err := s.client.search(ctx, req)
		if err != nil {
			return nil, 0, err
		}
		if resp.Total > MaxResults {
			return nil, resp.Total, errCap
		}
		for i := range resp.Results {
			if f, ok := s.contact(&resp.Results[i], from, to); ok {
				out = append(out, f)
			}
		}
		if resp.Paging == nil || resp.Paging.Next == nil || resp.Paging.Next.After == "" {
			return out, resp.Total, nil
		}
		req.After = resp.Paging.Next.After
	}
}

// request is the search of s's properties within [from, to), paid sources only.
func (s *rangeSearch) request(from, to time.Time) searchRequest {
	lo, hi := strconv.FormatInt(from.UnixMilli(), 10), strconv.FormatInt(to.UnixMilli(), 10)
	req := searchRequest{Properties: append([]string{}, baseProps...), Limit: PageSize,
		Sorts: []sort{{PropertyName: "hs_object_id", Direction: "ASCENDING"}}}
	for _, p := range s.props {
		name := Props[p]
		req.Properties = append(req.Properties, name)
		req.FilterGroups = append(req.FilterGroups, filterGroup{Filters: []filter{
			{PropertyName: name, Operator: "GTE", Value: lo},
			{PropertyName: name, Operator: "LT", Value: hi},
			{PropertyName: "hs_analytics_source", Operator: "IN", Values: paidSources},
		}})
	}
	return req
}

// contact reads one result: its dates of s's properties within [from, to), and its
// campaign.
func (s *rangeSearch) contact(c *contact, from, to time.Time) (found, bool) {
	f := found{id: c.prop("hs_object_id")}
	if f.id == "" {
		f.id = c.ID
	}
	for _, p := range s.props {
		t, ok := parseTime(c.prop(Props[p]))
		if !ok || t.Before(from) || !t.Before(to) {
			continue
		}
		day := goalbot.Days(s.first, goalbot.DateIn(t, s.loc)) - 1
		f.events = append(f.events, event{prop: int8(p), day: int32(day)})
	}
	if len(f.events) == 0 {
		return f, false
	}
	source := c.prop("hs_analytics_source")
	if source != PaidSearch && source != PaidSocial {
		return f, false
	}
	f.campaign, f.drill = s.matcher.Match(source, c.prop("hs_analytics_source_data_1"), c.prop("hs_analytics_first_url"))
	return f, true
}

// parseTime reads a date property: ISO 8601 (as the CRM sends datetimes), epoch
// milliseconds, or a bare date (midnight UTC, as HubSpot keeps date properties).
func parseTime(v string) (time.Time, bool) {
	switch {
	case v == "":
		return time.Time{}, false
	case strings.Trim(v, "0123456789") == "":
		ms, err := strconv.ParseInt(v, 10, 64)
		return time.UnixMilli(ms), err == nil
	case len(v) == len("2006-01-02"):
		t, err := time.Parse(time.DateOnly, v)
		return t, err == nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	return t, err == nil
}
