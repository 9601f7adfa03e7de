package goalbot

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Draft is a goal as people type it (the `/goal create` arguments, the create modal):
// every field as text, parsed and checked by NewGoal.
type Draft struct {
	Name       string
	Type       string
	Stage      string
	Accounts   []string
	Campaigns  []string
	Duration   string
	Start, End string
	FiscalYear bool
	Target     string            // one target for every campaign and period; "" for none
	Targets    map[string]string // campaign → "N" or "N,N,…" per period
	// Notifications: nil for the default, "none" for none, or a comma-separated list.
	Notifications *string
	Team          string
	Creator       string
	// Numbers is how the creator writes numbers (the targets): goalbot's own style
	// by default.
	Numbers NumberStyle
}

// NewGoal turns a draft into a goal with its defaults filled in (docs/contract.md), under the
// settings in force and with today's date in their time zone. It reports every problem
// at once, each under its field's name. Catalog rules (known campaigns, accounts,
// currency) are checked by CheckCatalog.
func NewGoal(d Draft, s Settings, today Date) (*Goal, error) {
	var p Problems
	g := &Goal{
		Name:       CleanName(d.Name),
		Type:       Type(strings.ToLower(strings.TrimSpace(d.Type))),
		Stage:      Stage(strings.ToLower(strings.TrimSpace(d.Stage))),
		Accounts:   cleanList(d.Accounts),
		Campaigns:  cleanList(d.Campaigns),
		Duration:   Duration(strings.ToLower(strings.TrimSpace(d.Duration))),
		FiscalYear: d.FiscalYear,
		Settings:   s,
		Team:       strings.TrimSpace(d.Team),
		Creator:    d.Creator,
	}
	g.Start = parseDateField(d.Start, "start_date", &p)
	g.End = parseDateField(d.End, "end_date", &p)
	// A target that does not parse is reported once: a stand-in of 1 takes its place,
	// so that the checks below do not report it again as missing or miscounted.
	standIn := MicroUnit
	if t := strings.TrimSpace(d.Target); t != "" {
		if m, err := d.Numbers.ParseMicro(t); err != nil {
			p.AddError("target", err)
			g.Targets.Target = &standIn
		} else {
			g.Targets.Target = &m
		}
	}
	for _, c := range sortedKeys(d.Targets) {
		v := strings.TrimSpace(d.Targets[c])
		if v == "" {
			continue
		}
		ct, err := d.Numbers.ParseCampaignTarget(v)
		if err != nil {
			p.AddError(TargetField(c), err)
			ct = CampaignTarget{All: standIn}
		}
		if g.Targets.PerCampaign == nil {
			g.Targets.PerCampaign = map[string]CampaignTarget{}
		}
		g.Targets.PerCampaign[c] = ct
	}
	if d.Notifications != nil {
		evs, err := ParseEvents(*d.Notifications, "notifications", GoalEvents, true)
		if err != nil {
			p = append(p, ErrorFields(err)...)
		}
		g.Notifications = evs
	}
	g.Prepare(today)
	p = append(p, g.Validate()...)
	g.Targets.checkWhole(g.Type, &p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return g, nil
}

func parseDateField(s, field string, p *Problems) Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}
	}
	d, err := ParseDate(s)
	if err != nil {
		p.AddError(field, err)
	}
	return d
}

func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		out = append(out, SplitList(s)...)
	}
	return unique(out)
}

// Prepare fills in what a user may leave out: the range (the contract's defaults, from today),
// and the notifications (the type's default when nil).
func (g *Goal) Prepare(today Date) {
	g.Name = CleanName(g.Name)
	if g.Type.Valid() && g.Duration.Valid() {
		g.Start, g.End = g.Splitter().DefaultRange(today, g.Start, g.End)
	}
	if g.Notifications == nil && g.Type.Valid() {
		g.Notifications = DefaultNotifications(g.Type)
	}
}

// Validate checks every rule of docs/contract.md that needs no catalog, returning every problem
// found, each under its field's name.
func (g *Goal) Validate() Problems {
	var p Problems
	switch n := utf8.RuneCountInString(g.Name); {
	case n == 0:
		p.Add("name", "errors.goal.name_empty", Args{"Max": MaxNameLength})
	case n > MaxNameLength:
		p.Add("name", "errors.goal.name_long", Args{"Length": n, "Max": MaxNameLength})
	}
	g.validateType(&p)
	g.validateCampaigns(&p)
	periods := g.validateRange(&p)
	g.Targets.validate(g.Campaigns, periods, g.subject(), &p)
	g.validateNotifications(&p)
	if g.Team != "" && !ValidTeam(g.Team) {
		p.Add("team", "errors.goal.team", Args{"Team": Quote(g.Team)})
	}
	if _, err := LoadLocation(g.Settings.TimeZone); err != nil {
		p.Add("time_zone", "errors.goal.time_zone", Args{"Zone": Quote(g.Settings.TimeZone)})
	}
	return p
}

// subject names g in messages: its id, or "this goal" before it has one.
func (g *Goal) subject() any {
	if g.ID == "" {
		return M("errors.goal.this", nil)
	}
	return g.ID
}

func (g *Goal) validateType(p *Problems) {
	switch {
	case g.Type == "":
		p.Add("goal_type", "errors.goal.type_missing", Args{"Types": OrList(strs(Types))})
		return
	case !g.Type.Valid():
		p.Add("goal_type", "errors.goal.type_unknown", Args{"Type": Quote(string(g.Type)), "Types": OrList(strs(Types))})
		return
	}
	switch {
	case g.Type.NeedsStage() && g.Stage == "":
		p.Add("lifecycle_stage", "errors.goal.stage_missing", Args{"Type": g.Type, "Stages": OrList(strs(Stages))})
	case g.Type.NeedsStage() && !g.Stage.Valid():
		p.Add("lifecycle_stage", "errors.goal.stage_custom", Args{"Stage": Quote(string(g.Stage)), "Stages": OrList(strs(Stages))})
	case !g.Type.NeedsStage() && g.Stage != "":
		p.Add("lifecycle_stage", "errors.goal.stage_unwanted", Args{"Type": g.Type})
	}
}

// validateNotifications checks the notifications against the goal type, in one
// message for all that are not available.
func (g *Goal) validateNotifications(p *Problems) {
	allowed := AllowedNotifications(g.Type)
	var bad []string
	for _, e := range g.Notifications {
		if !contains(allowed, e) {
			bad = append(bad, string(e))
		}
	}
	switch {
	case len(bad) == 0:
	case g.Type == CostPerContact:
		p.Add("notifications", "errors.goal.notify_cost", Args{"Count": len(bad), "Events": strings.Join(bad, ", ")})
	default:
		p.Add("notifications", "errors.goal.notify_unavailable", Args{"Count": len(bad), "Events": strings.Join(bad, ", "), "Allowed": strings.Join(strs(allowed), ", ")})
	}
}

func (g *Goal) validateCampaigns(p *Problems) {
	checkIDs(p, "ad_campaigns", "campaign", g.Campaigns)
	checkIDs(p, "ad_accounts", "account", g.Accounts)
	switch {
	case len(g.Campaigns) == 0:
		p.Add("ad_campaigns", "errors.goal.campaigns_none", nil)
	case len(g.Campaigns) > MaxCampaigns:
		p.Add("ad_campaigns", "errors.goal.campaigns_many", Args{"Max": MaxCampaigns, "Has": len(g.Campaigns)})
	}
}

// checkIDs reports the first of ids that CheckID refuses, under field.
func checkIDs(p *Problems, field, what string, ids []string) {
	for _, id := range ids {
		if err := CheckID(what, id); err != nil {
			p.AddError(field, err)
			return
		}
	}
}

// validateRange checks duration and dates and returns the number of periods, or -1
// when the range is not valid.
func (g *Goal) validateRange(p *Problems) int {
	switch {
	case g.Duration == "":
		p.Add("duration", "errors.goal.duration_missing", Args{"Durations": OrList(strs(Durations))})
		return -1
	case !g.Duration.Valid():
		p.Add("duration", "errors.goal.duration_unknown", Args{"Duration": Quote(string(g.Duration)), "Durations": OrList(strs(Durations))})
		return -1
	}
	if g.Duration == Custom && (g.Start.IsZero() || g.End.IsZero()) {
		if g.Start.IsZero() {
			p.Add("start_date", "errors.goal.start_missing", nil)
		}
		if g.End.IsZero() {
			p.Add("end_date", "errors.goal.end_missing", nil)
		}
		return -1
	}
	if g.Start.IsZero() || g.End.IsZero() {
		return -1 // a date that did not parse was reported already
	}
	bad := false
	for _, f := range []struct {
		field string
		d     Date
	}{{"start_date", g.Start}, {"end_date", g.End}} {
		if f.d.Year < MinYear || f.d.Year > 9999 {
			p.Add(f.field, "errors.goal.date_range", Args{"Date": f.d, "MinYear": MinYear})
			bad = true
		}
	}
	if bad {
		return -1
	}
	if g.End.Before(g.Start) {
		p.Add("end_date", "errors.goal.end_before_start", Args{"End": g.End, "Start": g.Start})
		return -1
	}
	sp := g.Splitter()
	if !sp.IsStart(g.Start) {
		before, after := sp.NearestStarts(g.Start)
		p.Add("start_date", "errors.goal.start_unaligned", Args{"Date": g.Start, "Duration": g.Duration, "Note": g.alignNote(), "Before": before, "After": after})
		bad = true
	}
	if !sp.IsEnd(g.End) {
		before, after := sp.NearestEnds(g.End)
		p.Add("end_date", "errors.goal.end_unaligned", Args{"Date": g.End, "Duration": g.Duration, "Note": g.alignNote(), "Before": before, "After": after})
		bad = true
	}
	if bad {
		return -1
	}
	n := len(sp.Split(g.Start, g.End))
	if n > MaxPeriods {
		p.Add("end_date", "errors.goal.periods_many", Args{"Max": MaxPeriods, "Duration": g.Duration})
		return -1
	}
	return n
}

// alignNote says when g's periods start, where that is not plain (weeks, fiscal
// years); the zero Message otherwise.
func (g *Goal) alignNote() Message {
	switch {
	case g.Duration == Weekly:
		return M("errors.goal.note_week", Args{"Day": g.Settings.WeekStart})
	case g.FiscalYear && (g.Duration == Quarterly || g.Duration == Yearly):
		return M("errors.goal.note_fiscal", Args{"Month": g.Settings.FiscalYearStart})
	}
	return Message{}
}

// CheckCatalog checks g's campaigns against the catalog (docs/contract.md): every campaign is
// known; when accounts are given each campaign belongs to one of them, otherwise they
// are derived from the campaigns; a cost_per_contact or ad_spend goal's campaigns
// share one currency, which it records. known maps campaign id → catalog entry.
func (g *Goal) CheckCatalog(known map[string]Campaign) Problems {
	var p Problems
	var unknown []string
	var elsewhere []any
	byCurrency := map[string][]string{}
	var accounts []string
	for _, c := range g.Campaigns {
		k, ok := known[c]
		if !ok {
			unknown = append(unknown, c)
			continue
		}
		accounts = appendNew(accounts, k.AccountID)
		if len(g.Accounts) > 0 && !contains(g.Accounts, k.AccountID) {
			elsewhere = append(elsewhere, M("errors.goal.campaign_in", Args{"Campaign": c, "Account": k.AccountID}))
		}
		byCurrency[k.Currency] = append(byCurrency[k.Currency], c)
	}
	switch {
	case len(elsewhere) == 1:
		p.Add("ad_campaigns", "errors.goal.campaign_elsewhere", Args{"Campaign": elsewhere[0], "Accounts": SomeOf(g.Accounts, 5)})
	case len(elsewhere) > 1:
		p.Add("ad_campaigns", "errors.goal.campaigns_elsewhere", Args{"Campaigns": List{Items: elsewhere, Max: 5}, "Accounts": SomeOf(g.Accounts, 5)})
	}
	if len(unknown) > 0 {
		p.Add("ad_campaigns", "errors.goal.campaigns_unknown", Args{"Count": len(unknown), "Campaigns": SomeOf(unknown, 5)})
	}
	if len(g.Accounts) == 0 {
		sort.Strings(accounts)
		g.Accounts = accounts
	}
	if g.Type.IsMoney() {
		if len(byCurrency) > 1 {
			var parts []any
			for _, cur := range sortedKeys(byCurrency) {
				parts = append(parts, M("errors.goal.currency_campaigns", Args{"Currency": orUnknown(cur), "Campaigns": strings.Join(byCurrency[cur], ", ")}))
			}
			key := "errors.goal.currencies_mixed"
			if g.Type == AdSpend {
				key = "errors.goal.currencies_mixed_spend"
			}
			p.Add("ad_campaigns", key, Args{"Currencies": List{Items: parts, Join: JoinAnd}})
		} else {
			for cur := range byCurrency {
				g.Currency = cur
			}
		}
	}
	return p
}

// orUnknown is a currency code, or "no currency" for a campaign without one.
func orUnknown(s string) any {
	if s == "" {
		return M("errors.goal.no_currency", nil)
	}
	return s
}

// GoalUpdate is an edit of a goal (`/goal edit` in docs/contract.md, PATCH /v1/goals/{id}); nil
// fields stay as they are.
type GoalUpdate struct {
	Name          *string
	Targets       *Targets // replaces `target` and `targets` for periods not yet ended
	Notifications *[]Event
	Team          *string
	// AllTargets says that Targets holds every target of the goal (the edit modal
	// sends them all), so that a target left out is removed; otherwise (commands,
	// HTTP) Targets is merged into the goal's (see Targets.Merge).
	AllTargets bool
}

// Apply edits g at now: targets change only for periods that have not ended (docs/contract.md).
// The targets asked for are checked as given (a value for every campaign and period,
// whole where the type counts whole things) before they are merged with the targets
// of ended periods. It returns every problem found and leaves g unchanged when there
// is one.
func (g *Goal) Apply(u GoalUpdate, now time.Time) error {
	var p Problems
	next := *g
	if u.Name != nil {
		next.Name = CleanName(*u.Name)
	}
	if u.Notifications != nil {
		next.Notifications = append([]Event{}, (*u.Notifications)...)
	}
	if u.Team != nil {
		next.Team = strings.TrimSpace(*u.Team)
	}
	if u.Targets != nil {
		ps := g.Periods()
		ended := 0
		for ended < len(ps) && !now.Before(ps[ended].EndTime(g.Location())) {
			ended++
		}
		if ended == len(ps) && len(ps) > 0 {
			return Invalid("errors.goal.ended", Args{"Goal": g.ID})
		}
		u.Targets.validate(g.Campaigns, len(ps), g.subject(), &p)
		u.Targets.checkWhole(g.Type, &p)
		if len(p) == 0 {
			next.Targets = g.Targets.Edit(*u.Targets, g.Campaigns, len(ps), ended)
		}
	}
	p = append(p, next.Validate()...)
	if err := p.Err(); err != nil {
		return err
	}
	*g = next
	return nil
}
