package linkedin

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/source"
)

// element is one campaign-day of adAnalytics.
type element struct {
	CostInLocalCurrency        string `json:"costInLocalCurrency"` // a decimal string
	ExternalWebsiteConversions int64  `json:"externalWebsiteConversions"`
	OneClickLeads              int64  `json:"oneClickLeads"`
	DateRange                  struct {
		Start struct {
			Year  int `json:"year"`
			Month int `json:"month"`
			Day   int `json:"day"`
		} `json:"start"`
	} `json:"dateRange"`
	PivotValues []string `json:"pivotValues"`
}

const campaignURN = "urn:li:sponsoredCampaign:"

// analyticsQuery is the Rest.li 2.0 query of one account's daily campaign analytics:
// the parentheses, colons and commas stay literal, only the URN inside List() is
// percent-encoded (url.Values would escape them all).
func analyticsQuery(account string, from, to goalbot.Date) string {
	return "q=analytics&pivot=CAMPAIGN&timeGranularity=DAILY" +
		fmt.Sprintf("&dateRange=(start:(year:%d,month:%d,day:%d),end:(year:%d,month:%d,day:%d))",
			from.Year, from.Month, from.Day, to.Year, to.Month, to.Day) +
		"&accounts=List(" + url.QueryEscape("urn:li:sponsoredAccount:"+account) + ")" +
		"&fields=costInLocalCurrency,externalWebsiteConversions,oneClickLeads,dateRange,pivotValues"
}

// Rows reads the account's daily campaign analytics from from to to (UTC days), in
// ranges short enough that the account's campaigns × days stay under the element
// cap. A range whose answer reaches the cap all the same (the rest would be cut off
// silently) is asked for again in halves.
func (c *Client) Rows(ctx context.Context, a source.Account, from, to goalbot.Date, emit func(source.Row)) error {
	c.mu.Lock()
	n := c.campaigns[a.ID]
	c.mu.Unlock()
	step := goalbot.Days(from, to)
	if n > 0 {
		step = max(1, min(step, c.cfg.MaxElements/n))
	}
	for start := from; !start.After(to); start = start.AddDays(step) {
		end := start.AddDays(step - 1)
		if end.After(to) {
			end = to
		}
		if err := c.rows(ctx, a, start, end, emit); err != nil {
			return err
		}
	}
	return nil
}

// rows reads one range, in halves when its answer reaches the element cap.
func (c *Client) rows(ctx context.Context, a source.Account, from, to goalbot.Date, emit func(source.Row)) error {
	var ans collection[element]
	if err := c.get(ctx, "adAnalytics", analyticsQuery(a.ID, from, to), &ans); err != nil {
		return fmt.Errorf("read analytics of account %s from %s to %s: %w", a.ID, from, to, err)
	}
	if len(ans.Elements) >= c.cfg.MaxElements {
		if from == to {
			return &source.Error{Kind: source.Permanent, Message: goalbot.M("sources.linkedin.cap", goalbot.Args{"Account": a.ID, "Max": c.cfg.MaxElements})}
		}
		mid := from.AddDays(goalbot.Days(from, to)/2 - 1)
		if err := c.rows(ctx, a, from, mid, emit); err != nil {
			return err
		}
		return c.rows(ctx, a, mid.AddDays(1), to, emit)
	}
	rows := make([]source.Row, 0, len(ans.Elements))
	for _, e := range ans.Elements {
		r, err := c.row(e)
		if err != nil {
			return &source.Error{Kind: source.Permanent, Message: goalbot.M("sources.linkedin.element", nil), Err: err}
		}
		rows = append(rows, r)
	}
	for _, r := range rows {
		emit(r)
	}
	return nil
}

// row reads one element.
func (c *Client) row(e element) (source.Row, error) {
	if len(e.PivotValues) != 1 || !strings.HasPrefix(e.PivotValues[0], campaignURN) {
		return source.Row{}, fmt.Errorf("pivotValues %v is not one campaign", e.PivotValues)
	}
	s := e.DateRange.Start
	d := goalbot.DateOf(time.Date(s.Year, time.Month(s.Month), s.Day, 0, 0, 0, 0, time.UTC))
	if s.Year == 0 || d.Day != s.Day || int(d.Month) != s.Month {
		return source.Row{}, fmt.Errorf("dateRange.start %+v is not a day", s)
	}
	row := source.Row{Campaign: strings.TrimPrefix(e.PivotValues[0], campaignURN), Date: d}
	var err error
	if row.Spend, err = source.Amount(e.CostInLocalCurrency); err != nil {
		return row, fmt.Errorf("costInLocalCurrency: %w", err)
	}
	var n int64
	if slices.Contains(c.cfg.Conversions, "externalWebsiteConversions") {
		n += e.ExternalWebsiteConversions
	}
	if slices.Contains(c.cfg.Conversions, "oneClickLeads") {
		n += e.OneClickLeads
	}
	row.Conversions = goalbot.Units(n)
	return row, nil
}
