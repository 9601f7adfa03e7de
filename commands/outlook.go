package commands

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// HomeGroupGoals is how many goals one status group of the Home tab shows at most;
// the outlooks of the running goals it can show are computed (see Home).
const HomeGroupGoals = 10

// homeOutlookCells bounds the days times campaigns the outlooks of one Home tab read
// (a goal whose read would pass it goes without one).
const homeOutlookCells = 100_000

// hasOutlook reports whether v is a running goal of a type whose rate can be said
// (a count goal: conversions, contacts, form submissions).
func hasOutlook(v GoalView) bool {
	return v.Status == goalbot.InProgress && unitID(v.Goal) != ""
}

// outlooks computes the outlook of each of views that has one (see hasOutlook), by
// goal id, reading their days in one round trip.
func (a *App) outlooks(ctx context.Context, views []GoalView) (map[string]goalbot.Outlook, error) {
	var want []GoalView
	for _, v := range views {
		if hasOutlook(v) {
			want = append(want, v)
		}
	}
	out := map[string]goalbot.Outlook{}
	if len(want) == 0 {
		return out, nil
	}
	ss, err := a.loadSeries(ctx, want, a.now())
	if err != nil {
		return nil, err
	}
	for _, s := range ss {
		if s.Run == nil {
			continue
		}
		if o, ok := goalbot.OutlookOf(s.View.Goal.Type, *s.Run); ok {
			out[s.View.Goal.ID] = o
		}
	}
	return out, nil
}

// outlookOf is the outlook of one goal, nil when it has none.
func (a *App) outlookOf(ctx context.Context, v GoalView) (*goalbot.Outlook, error) {
	os, err := a.outlooks(ctx, []GoalView{v})
	if err != nil {
		return nil, fmt.Errorf("outlook of %s: %w", v.Goal.ID, err)
	}
	if o, ok := os[v.Goal.ID]; ok {
		return &o, nil
	}
	return nil, nil
}

// homeOutlooks computes the outlooks of the running goals the Home tab of views can
// show: the first HomeGroupGoals at risk and the first HomeGroupGoals others, as many
// as homeOutlookCells allows.
func (a *App) homeOutlooks(ctx context.Context, views []GoalView) (map[string]goalbot.Outlook, error) {
	var atRisk, others []GoalView
	cells := 0
	for _, v := range views {
		if !hasOutlook(v) {
			continue
		}
		risk := v.Measurement != nil && v.Measurement.Pace == goalbot.AtRisk
		group := &others
		if risk {
			group = &atRisk
		}
		n := outlookCells(v.Goal, a.now())
		if len(*group) >= HomeGroupGoals || cells+n > homeOutlookCells {
			continue
		}
		cells += n
		*group = append(*group, v)
	}
	return a.outlooks(ctx, append(atRisk, others...))
}

// outlookCells is the days times campaigns an outlook of g reads at now (see
// loadSeries): its running period so far and the days before it that the projection
// still needs, for each campaign.
func outlookCells(g *goalbot.Goal, now time.Time) int {
	loc := g.Location()
	ps := g.Periods()
	k := goalbot.PeriodIndex(ps, now, loc)
	if k < 0 || k >= len(ps) {
		return 0
	}
	days := goalbot.Days(ps[k].Start, goalbot.DateIn(now, loc))
	return max(days, goalbot.ProfileDays+1) * len(g.Campaigns)
}

// OutlookText says in p's language what o, the outlook of g's running period, is
// heading for and what reaching the target takes: "behind (pace 0.86): projected
// 1,180 (1,050–1,310); needs 42 leads a day for the 12 days left; the last 7 days
// averaged 30". It holds nothing people typed.
func OutlookText(p *messages.Printer, g *goalbot.Goal, o goalbot.Outlook) string {
	text := withPace(p, o, ": ", strings.Join(outlookParts(p, g, o, true), "; "))
	if o.Pace == goalbot.AtRisk {
		return "⚠️ " + text // as the pace is marked everywhere in Slack and the console
	}
	return text
}

// TakesText is OutlookText without the projection and the mark of a pace at risk:
// the pace, what reaching the target takes and the last days' average (a chart's
// subtitle, whose legend holds the projection and whose font has no emoji).
func TakesText(p *messages.Printer, g *goalbot.Goal, o goalbot.Outlook) string {
	return withPace(p, o, " · ", strings.Join(outlookParts(p, g, o, false), "; "))
}

// withPace is text after o's pace and sep, or text alone without a pace.
func withPace(p *messages.Printer, o goalbot.Outlook, sep, text string) string {
	if pace := PaceText(p, o.Pace, o.PaceRatio); pace != "" {
		return pace + sep + text
	}
	return text
}

// PaceText is a pace with its ratio: "behind (pace 0.86)"; "" without a pace.
func PaceText(p *messages.Printer, pace goalbot.Pace, ratio float64) string {
	if pace == "" {
		return ""
	}
	word := p.T("charts.outlook.pace." + string(pace))
	return p.T("charts.outlook.pace_ratio", messages.Args{"Pace": word, "Ratio": p.Fixed(ratioMicro(ratio))})
}

// outlookParts are the projection (when projected), what reaching the target takes,
// and the last days' average.
func outlookParts(p *messages.Printer, g *goalbot.Goal, o goalbot.Outlook, projected bool) []string {
	var parts []string
	if projected {
		if pr := o.Projection; pr != nil {
			parts = append(parts, p.T("charts.outlook.projected", messages.Args{
				"Value": quantityText(p, g, pr.Value, false), "Low": quantityText(p, g, pr.Low, false), "High": quantityText(p, g, pr.High, false)}))
		} else {
			parts = append(parts, p.T("charts.outlook.no_projection"))
		}
	}
	if o.Reached {
		parts = append(parts, p.T("charts.outlook.reached"))
	} else {
		parts = append(parts, p.N("charts.outlook.needed", o.DaysLeft, messages.Args{"Amount": unitCount(p, g, o.Needed)}))
	}
	if o.Last7Days > 0 {
		parts = append(parts, p.N("charts.outlook.last", o.Last7Days, messages.Args{"Value": quantityText(p, g, o.Last7, false)}))
	}
	return parts
}

// unitID is the message of what g counts, with its number ("42 leads"); "" for a
// goal that counts nothing (cost per contact, or a type without an outlook).
func unitID(g *goalbot.Goal) string {
	switch g.Type {
	case goalbot.NetworkConversions:
		return "charts.outlook.unit.network_conversions"
	case goalbot.FirstFormSubmissions:
		return "charts.outlook.unit.first_form_submissions"
	case goalbot.ContactsInStage:
		if g.Stage.Valid() {
			return "charts.outlook.unit.stage." + string(g.Stage)
		}
	}
	return ""
}

// unitCount is a daily rate still needed with what g counts: "42 leads", rounded up
// (to a whole for what comes in whole numbers, to a hundredth for conversions).
func unitCount(p *messages.Printer, g *goalbot.Goal, m goalbot.Micro) string {
	s := quantityText(p, g, m, true)
	n := 2 // the plural form of any number but exactly one
	if s == p.Int(1) {
		n = 1
	}
	return p.N(unitID(g), n, messages.Args{"Count": s})
}

// quantityText writes a quantity of g: whole numbers for what comes whole (rounded, or up
// when up), up to two decimals for conversions (cut, or up to the hundredth).
func quantityText(p *messages.Printer, g *goalbot.Goal, m goalbot.Micro, up bool) string {
	const cent = goalbot.MicroUnit / 100
	if g.Type.WholeUnit().Key != "" {
		u := float64(m) / float64(goalbot.MicroUnit)
		if up {
			return p.Int(int64(math.Ceil(u)))
		}
		return p.Int(int64(math.Round(u)))
	}
	if up && m%cent != 0 {
		m += cent - m%cent
	}
	return p.Number(m)
}

// ratioMicro is a pace ratio as Micro, rounded to the hundredth ("0.86").
func ratioMicro(r float64) goalbot.Micro {
	return goalbot.Micro(math.Round(r*100)) * (goalbot.MicroUnit / 100)
}
