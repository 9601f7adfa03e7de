package meta

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/source"
)

// insight is one campaign-day of act_{id}/insights (time_increment=1).
type insight struct {
	CampaignID   string   `json:"campaign_id"`
	CampaignName string   `json:"campaign_name"`
	Spend        string   `json:"spend"` // a decimal string in the account's currency
	Actions      []action `json:"actions"`
	DateStart    string   `json:"date_start"`
	DateStop     string   `json:"date_stop"`
}

// action is an AdsActionStats: an action type and its value, a numeric string.
type action struct {
	ActionType string `json:"action_type"`
	Value      string `json:"value"`
}

// insightsQuery is the query of a campaign-level, daily insights request.
func insightsQuery(from, to goalbot.Date) url.Values {
	tr, _ := json.Marshal(map[string]string{"since": from.String(), "until": to.String()})
	return url.Values{
		"level":          {"campaign"},
		"time_increment": {"1"},
		"time_range":     {string(tr)},
		"fields":         {"campaign_id,campaign_name,spend,actions"},
	}
}

// Rows reads the account's daily campaign insights from from to to: with plain
// paged GETs up to SyncDays, as an async report run beyond (or when Meta says the
// range holds too much data for a plain GET).
func (c *Client) Rows(ctx context.Context, a source.Account, from, to goalbot.Date, emit func(source.Row)) error {
	each := func(in insight) error {
		row, err := c.row(in)
		if err != nil {
			return &source.Error{Kind: source.Permanent, Message: goalbot.M("sources.meta.insight", nil), Err: err}
		}
		emit(row)
		return nil
	}
	var err error
	if goalbot.Days(from, to) <= SyncDays {
		err = list(ctx, c, "act_"+a.ID+"/insights", insightsQuery(from, to), each)
		if errors.Is(err, errTooMuchData) {
			err = c.asyncRows(ctx, a, from, to, each)
		}
	} else {
		err = c.asyncRows(ctx, a, from, to, each)
	}
	if err != nil {
		return fmt.Errorf("read insights of act_%s from %s to %s: %w", a.ID, from, to, err)
	}
	return nil
}

// row reads one insight.
func (c *Client) row(in insight) (source.Row, error) {
	d, err := goalbot.ParseDate(in.DateStart)
	if err != nil {
		return source.Row{}, fmt.Errorf("date_start %q: %w", in.DateStart, err)
	}
	if in.DateStop != "" && in.DateStop != in.DateStart {
		return source.Row{}, fmt.Errorf("an insight from %s to %s is not one day", in.DateStart, in.DateStop)
	}
	row := source.Row{Campaign: in.CampaignID, CampaignName: in.CampaignName, Date: d}
	if row.Spend, err = source.Amount(in.Spend); err != nil {
		return row, fmt.Errorf("spend: %w", err)
	}
	if row.Conversions, err = c.conversions(in.Actions); err != nil {
		return row, err
	}
	return row, nil
}

// Async report statuses.
const (
	jobCompleted = "Job Completed"
	jobFailed    = "Job Failed"
	jobSkipped   = "Job Skipped"
)

// asyncRows runs an async report (POST act_{id}/insights), polls it until it is
// completed and reads its insights; a report that fails is run again (with the
// retrier's attempts).
func (c *Client) asyncRows(ctx context.Context, a source.Account, from, to goalbot.Date, each func(insight) error) error {
	return c.cfg.Retry.Do(ctx, func() error {
		var run struct {
			ReportRunID string `json:"report_run_id"`
		}
		if err := c.send(ctx, http.MethodPost, "act_"+a.ID+"/insights", insightsQuery(from, to), &run); err != nil {
			return err
		}
		if run.ReportRunID == "" {
			return &source.Error{Kind: source.Transient, Message: goalbot.M("sources.meta.no_run", nil)}
		}
		if err := c.await(ctx, run.ReportRunID); err != nil {
			return err
		}
		return list(ctx, c, run.ReportRunID+"/insights", url.Values{}, each)
	})
}

// await polls report run id until it is completed.
func (c *Client) await(ctx context.Context, id string) error {
	deadline := c.cfg.PollTimeout
	for waited := time.Duration(0); ; waited += c.cfg.PollInterval {
		var st struct {
			AsyncStatus            string `json:"async_status"`
			AsyncPercentCompletion int    `json:"async_percent_completion"`
		}
		if err := c.get(ctx, id, url.Values{"fields": {"async_status,async_percent_completion"}}, &st); err != nil {
			return err
		}
		switch st.AsyncStatus {
		case jobCompleted:
			return nil
		case jobFailed, jobSkipped:
			return &source.Error{Kind: source.Transient, Message: goalbot.M("sources.meta.run_ended", goalbot.Args{"Run": id, "Status": st.AsyncStatus})}
		}
		if waited >= deadline {
			return &source.Error{Kind: source.Transient, Message: goalbot.M("sources.meta.run_slow", goalbot.Args{"Run": id, "Wait": deadline})}
		}
		if err := c.cfg.Sleep(ctx, c.cfg.PollInterval); err != nil {
			return err
		}
	}
}
