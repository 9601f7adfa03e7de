package goalbot

import (
	"regexp"
	"strings"
	"sync"
	"time"
)

// Type is a goal type (`goal_type` in docs/contract.md).
type Type string

// The goal types.
const (
	NetworkConversions   Type = "network_conversions"
	CostPerContact       Type = "cost_per_contact"
	ContactsInStage      Type = "contacts_in_stage"
	FirstFormSubmissions Type = "first_form_submissions"
	// AdSpend is a budget: the spend of the goal's campaigns against their budgets
	// (see budget.go).
	AdSpend Type = "ad_spend"
)

// Types lists every goal type in the order people see them.
var Types = []Type{NetworkConversions, CostPerContact, ContactsInStage, FirstFormSubmissions, AdSpend}

// NeedsStage reports whether the type requires a lifecycle stage.
func (t Type) NeedsStage() bool { return t == CostPerContact || t == ContactsInStage }

// IsCount reports whether the type counts things (higher is better), as opposed to
// cost_per_contact (lower is better) and ad_spend (a budget: near it is best).
func (t Type) IsCount() bool { return t != CostPerContact && t != AdSpend }

// IsMoney reports whether the type's targets and actuals are money, in the goal's
// currency (Goal.Currency): a cost per contact, or a budget and its spend.
func (t Type) IsMoney() bool { return t == CostPerContact || t == AdSpend }

// WholeUnit names what a goal of the type counts when that comes in whole numbers
// (contacts, form submissions), so that its targets must be whole too; it is the
// zero Message for network conversions (networks attribute fractions) and cost per
// contact (money).
func (t Type) WholeUnit() Message {
	switch t {
	case ContactsInStage:
		return M("errors.target.unit_contacts", nil)
	case FirstFormSubmissions:
		return M("errors.target.unit_submissions", nil)
	}
	return Message{}
}

// Valid reports whether t is one of Types.
func (t Type) Valid() bool { return contains(Types, t) }

// Label is the type in words.
func (t Type) Label() string {
	switch t {
	case NetworkConversions:
		return "Network conversions"
	case CostPerContact:
		return "Cost per contact"
	case ContactsInStage:
		return "Contacts in lifecycle stage"
	case FirstFormSubmissions:
		return "First form submissions"
	case AdSpend:
		return "Ad spend"
	}
	return string(t)
}

// Stage is a standard lifecycle stage.
type Stage string

// The standard lifecycle stages; custom stages cannot be used.
const (
	Subscriber             Stage = "subscriber"
	Lead                   Stage = "lead"
	MarketingQualifiedLead Stage = "marketingqualifiedlead"
	SalesQualifiedLead     Stage = "salesqualifiedlead"
	Opportunity            Stage = "opportunity"
	Customer               Stage = "customer"
	Evangelist             Stage = "evangelist"
	OtherStage             Stage = "other"
)

// Stages lists the standard lifecycle stages in funnel order.
var Stages = stageList[:]

// Valid reports whether s is a standard stage.
func (s Stage) Valid() bool { return contains(Stages, s) }

// StageIndex returns the position of s in Stages, or -1.
func StageIndex(s Stage) int {
	for i, x := range Stages {
		if x == s {
			return i
		}
	}
	return -1
}

// Duration is how a goal's range is split into periods.
type Duration string

// The durations.
const (
	Weekly    Duration = "weekly"
	Monthly   Duration = "monthly"
	Quarterly Duration = "quarterly"
	Yearly    Duration = "yearly"
	Custom    Duration = "custom"
)

// Durations lists every duration.
var Durations = []Duration{Weekly, Monthly, Quarterly, Yearly, Custom}

// Valid reports whether d is one of Durations.
func (d Duration) Valid() bool { return contains(Durations, d) }

// Event is an alert event (docs/contract.md).
type Event string

// The alert events.
const (
	EventStarted   Event = "started"
	EventThreshold Event = "threshold"
	EventMilestone Event = "milestone"
	EventAtRisk    Event = "at_risk"
	EventStale     Event = "stale"
	EventDigest    Event = "digest"
	// EventDrift is the tracking drift of a campaign: its network conversions and its
	// CRM first form submissions over the last settled week differ too much. It goes
	// to the creators of the goals on the campaign and to subscriptions that ask for it.
	EventDrift Event = "drift"
	// EventSourceFailed tells goalbot's admins that a pull source fails (once per
	// spell of failures). It is not a goal's event: no goal or subscription asks for it.
	EventSourceFailed Event = "source_failed"
	// EventOverspend and EventUnderspend: an ad_spend goal's projected spend leaves
	// its band, above or below (see BudgetBand); at most once a period each.
	EventOverspend  Event = "overspend"
	EventUnderspend Event = "underspend"
)

// Events lists every event name.
var Events = []Event{EventStarted, EventThreshold, EventMilestone, EventAtRisk, EventStale, EventDigest, EventDrift,
	EventOverspend, EventUnderspend}

// GoalEvents are the events a goal's creator may ask for in `notifications` (the digest
// is for subscriptions only); which of them a goal of a type may ask for is
// AllowedNotifications.
var GoalEvents = []Event{EventStarted, EventThreshold, EventMilestone, EventAtRisk, EventStale, EventOverspend, EventUnderspend}

// countEvents are the events a count goal's creator may ask for, budgetEvents an
// ad_spend goal's.
var (
	countEvents  = []Event{EventStarted, EventThreshold, EventMilestone, EventAtRisk, EventStale}
	budgetEvents = []Event{EventStarted, EventMilestone, EventOverspend, EventUnderspend, EventStale}
)

// Valid reports whether e is one of Events.
func (e Event) Valid() bool { return contains(Events, e) }

// Settings are the workspace settings in force when a goal is created; they are stored
// with the goal, so that changing them later does not re-split existing goals.
type Settings struct {
	TimeZone        string       `json:"time_zone"`         // IANA name, "UTC" by default
	WeekStart       time.Weekday `json:"week_start"`        // first day of a weekly period
	FiscalYearStart time.Month   `json:"fiscal_year_start"` // first month of the fiscal year
	// Budget is the band an ad_spend goal's spend is judged by (GOALBOT_BUDGET_OVER
	// and GOALBOT_BUDGET_UNDER); zero in goals kept before there were budgets (see
	// Band).
	Budget BudgetBand `json:"budget_band,omitzero"`
}

// DefaultSettings are the contract's defaults: UTC, weeks from Monday, fiscal year
// from January, overspend above 110 % and underspend below 80 % of a budget.
var DefaultSettings = Settings{TimeZone: "UTC", WeekStart: time.Monday, FiscalYearStart: time.January, Budget: DefaultBudgetBand}

// Band returns the budget band of s: DefaultBudgetBand when s has none.
func (s Settings) Band() BudgetBand {
	if s.Budget == (BudgetBand{}) {
		return DefaultBudgetBand
	}
	return s.Budget
}

// Location returns the time zone of s (UTC when empty or unknown; a zone is checked
// when the setting is read, so unknown ones do not reach a goal).
func (s Settings) Location() *time.Location {
	loc, err := LoadLocation(s.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// fiscalStart returns the first month of the year used for quarters and years: the
// fiscal one when aligned, January otherwise.
func (s Settings) yearStart(fiscal bool) time.Month {
	if fiscal && s.FiscalYearStart >= time.January && s.FiscalYearStart <= time.December {
		return s.FiscalYearStart
	}
	return time.January
}

var locations sync.Map // zone name → *time.Location; zones are immutable, so caching is safe

// LoadLocation is time.LoadLocation with a cache ("" is UTC).
func LoadLocation(name string) (*time.Location, error) {
	if name == "" || name == "UTC" {
		return time.UTC, nil
	}
	if l, ok := locations.Load(name); ok {
		return l.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	locations.Store(name, loc)
	return loc, nil
}

// Goal is a marketing goal for a set of ad campaigns.
type Goal struct {
	ID            string    `json:"id"`
	Name          string    `json:"name"`
	Type          Type      `json:"goal_type"`
	Stage         Stage     `json:"lifecycle_stage,omitempty"`
	Accounts      []string  `json:"ad_accounts"`
	Campaigns     []string  `json:"ad_campaigns"`
	Duration      Duration  `json:"duration"`
	Start         Date      `json:"start_date"`
	End           Date      `json:"end_date"`
	FiscalYear    bool      `json:"fiscal_year"`
	Settings      Settings  `json:"settings"`
	Targets                 // `target` and `targets`, as they were set
	Notifications []Event   `json:"notifications"`
	Team          string    `json:"team,omitempty"`
	Creator       string    `json:"creator"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	// Version counts the saved changes; the store uses it for optimistic concurrency.
	Version int64 `json:"version"`
	// Currency is the campaigns' shared currency for cost_per_contact and ad_spend
	// ("" otherwise).
	Currency string `json:"currency,omitempty"`
}

// Limits of a goal's fields.
const (
	MaxNameLength = 100
	MaxCampaigns  = 50
)

var teamPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// ValidTeam reports whether t is a valid team label.
func ValidTeam(t string) bool { return teamPattern.MatchString(t) }

// CleanName trims a goal name.
func CleanName(s string) string { return strings.TrimSpace(s) }

// DefaultNotifications returns the notifications a goal of type t gets when none are
// asked for.
func DefaultNotifications(t Type) []Event {
	switch t {
	case CostPerContact:
		return []Event{EventStarted}
	case AdSpend:
		return []Event{EventStarted, EventMilestone, EventOverspend, EventUnderspend}
	}
	return []Event{EventStarted, EventMilestone}
}

// AllowedNotifications returns the events the creator of a goal of type t may ask for.
func AllowedNotifications(t Type) []Event {
	switch t {
	case CostPerContact:
		return []Event{EventStarted}
	case AdSpend:
		return budgetEvents
	}
	return countEvents
}

// Notifies reports whether the creator asked for e.
func (g *Goal) Notifies(e Event) bool { return contains(g.Notifications, e) }

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
