package store

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/goalbot/goalbot"
)

// A goal's body (field body of its hash) is the goal in a compact binary form (see
// binEncoder), without its id and version, which the key and the field v hold. The
// engine reads every open goal on every pass, and decoding JSON took most of its
// time; this form decodes about ten times faster:
//
//	format byte (goalFormat)
//	name · type · stage · accounts · campaigns · duration · start · end · fiscal year
//	settings: time zone · week start · fiscal year start
//	targets: [target] · per campaign (sorted): campaign · all, or one per period
//	notifications · team · creator · created at · updated at · currency
//	budget band: over · under
//
// Lists tell nil from empty (notifications: none). A body that starts with '{' is the
// JSON form an earlier goalbot kept, and is still read; so is format 1, which had no
// budget band (its goals read with none: goalbot.Settings.Band gives the default).
// Either is replaced when the goal is next saved.
const goalFormat byte = 2

// goalFormatNoBand is the format before budgets: no band at the end.
const goalFormatNoBand byte = 1

// target flags of the stored form.
const (
	targetAll       = 0 // one value for every period
	targetPerPeriod = 1 // one value per period
)

// goalBody is g as the hash keeps it.
func goalBody(g *goalbot.Goal) (string, error) { return goalBodyAs(g, goalFormat) }

// goalBodyAs is g in the form of format: the current one, or the one before budgets
// (for the tests that read it back).
func goalBodyAs(g *goalbot.Goal, format byte) (string, error) {
	e := binEncoder{b: make([]byte, 0, 128+16*len(g.Campaigns))}
	e.byte(format)
	e.str(g.Name)
	e.str(string(g.Type))
	e.str(string(g.Stage))
	writeStrs(&e, g.Accounts)
	writeStrs(&e, g.Campaigns)
	e.str(string(g.Duration))
	e.date(g.Start)
	e.date(g.End)
	e.bool(g.FiscalYear)
	e.str(g.Settings.TimeZone)
	e.int(int64(g.Settings.WeekStart))
	e.int(int64(g.Settings.FiscalYearStart))
	e.bool(g.Target != nil)
	if g.Target != nil {
		e.micro(*g.Target)
	}
	if g.PerCampaign == nil {
		e.uint(0)
	} else {
		e.uint(uint64(len(g.PerCampaign)) + 1)
		keys := make([]string, 0, len(g.PerCampaign))
		for k := range g.PerCampaign {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ct := g.PerCampaign[k]
			e.str(k)
			if ct.PerPeriod == nil {
				e.byte(targetAll)
				e.micro(ct.All)
				continue
			}
			e.byte(targetPerPeriod)
			e.uint(uint64(len(ct.PerPeriod)))
			for _, m := range ct.PerPeriod {
				e.micro(m)
			}
		}
	}
	writeStrs(&e, g.Notifications)
	e.str(g.Team)
	e.str(g.Creator)
	e.time(g.CreatedAt)
	e.time(g.UpdatedAt)
	e.str(g.Currency)
	if format != goalFormatNoBand {
		e.int(int64(g.Settings.Budget.Over))
		e.int(int64(g.Settings.Budget.Under))
	}
	return string(e.b), nil
}

// parseGoal decodes a goal body and sets its id and version.
func parseGoal(id, body, version string) (*goalbot.Goal, error) {
	g, err := decodeGoalBody(body)
	if err != nil {
		return nil, fmt.Errorf("decode goal: %w", err)
	}
	v, err := strconv.ParseInt(version, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("decode goal version %q: %w", version, err)
	}
	g.ID, g.Version = id, v
	return g, nil
}

// decodeGoalBody reads a body in either form.
func decodeGoalBody(body string) (*goalbot.Goal, error) {
	g := new(goalbot.Goal)
	if body != "" && body[0] == '{' {
		if err := json.Unmarshal([]byte(body), g); err != nil {
			return nil, err
		}
		return g, nil
	}
	if body == "" || body[0] != goalFormat && body[0] != goalFormatNoBand {
		return nil, fmt.Errorf("unknown format (written by a newer goalbot?)")
	}
	d := binDecoder{s: body, i: 1}
	g.Name = d.str()
	g.Type = goalbot.Type(d.str())
	g.Stage = goalbot.Stage(d.str())
	g.Accounts = readStrs[string](&d)
	g.Campaigns = readStrs[string](&d)
	g.Duration = goalbot.Duration(d.str())
	g.Start, g.End = d.date(), d.date()
	g.FiscalYear = d.bool()
	g.Settings = goalbot.Settings{TimeZone: d.str(), WeekStart: time.Weekday(d.int()), FiscalYearStart: time.Month(d.int())}
	if d.bool() {
		t := d.micro()
		g.Target = &t
	}
	if n := d.count(); n > 0 {
		g.PerCampaign = make(map[string]goalbot.CampaignTarget, n-1)
		for i := 0; i < n-1 && d.err == nil; i++ {
			k := d.str()
			var ct goalbot.CampaignTarget
			switch d.byte() {
			case targetAll:
				ct.All = d.micro()
			case targetPerPeriod:
				ct.PerPeriod = make([]goalbot.Micro, d.count())
				for j := range ct.PerPeriod {
					ct.PerPeriod[j] = d.micro()
				}
			default:
				d.fail("target")
			}
			g.PerCampaign[k] = ct
		}
	}
	g.Notifications = readStrs[goalbot.Event](&d)
	g.Team = d.str()
	g.Creator = d.str()
	g.CreatedAt, g.UpdatedAt = d.time(), d.time()
	g.Currency = d.str()
	if body[0] != goalFormatNoBand {
		g.Settings.Budget = goalbot.BudgetBand{Over: int(d.int()), Under: int(d.int())}
	}
	if err := d.done(); err != nil {
		return nil, err
	}
	return g, nil
}
