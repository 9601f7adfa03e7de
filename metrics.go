package goalbot

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Totals are metric sums of one campaign over some days: the quantities every goal type
// is measured from.
type Totals struct {
	Spend                Micro                 `json:"spend"`
	Conversions          Micro                 `json:"conversions"`
	Contacts             [len(stageList)]int64 `json:"contacts"`
	FirstFormSubmissions int64                 `json:"first_form_submissions"`
}

// stageList fixes the number of stages for array sizes; Stages is the exported copy.
var stageList = [...]Stage{Subscriber, Lead, MarketingQualifiedLead, SalesQualifiedLead, Opportunity, Customer, Evangelist, OtherStage}

// NumStages is the number of standard lifecycle stages.
const NumStages = len(stageList)

// Add adds o to t (saturating, so absurd inputs cannot wrap around).
func (t *Totals) Add(o Totals) {
	t.Spend = satAdd(t.Spend, o.Spend)
	t.Conversions = satAdd(t.Conversions, o.Conversions)
	for i := range t.Contacts {
		t.Contacts[i] = int64(satAdd(Micro(t.Contacts[i]), Micro(o.Contacts[i])))
	}
	t.FirstFormSubmissions = int64(satAdd(Micro(t.FirstFormSubmissions), Micro(o.FirstFormSubmissions)))
}

// Sub subtracts o from t (for replacing a day's row by a newer one).
func (t *Totals) Sub(o Totals) {
	t.Spend -= o.Spend
	t.Conversions -= o.Conversions
	for i := range t.Contacts {
		t.Contacts[i] -= o.Contacts[i]
	}
	t.FirstFormSubmissions -= o.FirstFormSubmissions
}

// ContactsIn returns the contacts that reached stage s.
func (t Totals) ContactsIn(s Stage) int64 {
	if i := StageIndex(s); i >= 0 {
		return t.Contacts[i]
	}
	return 0
}

// IsZero reports whether t holds nothing.
func (t Totals) IsZero() bool { return t == Totals{} }

// Metric is one day of one campaign, as pushed over HTTP or imported from CSV (docs/contract.md).
// The wire formats (JSON row, CSV columns) are decoded by their adapters.
type Metric struct {
	Date         Date
	Network      string
	AccountID    string
	AccountName  string
	CampaignID   string
	CampaignName string
	Currency     string
	Totals
}

func satAdd(a, b Micro) Micro {
	s := a + b
	switch {
	case a > 0 && b > 0 && s < 0:
		return 1<<63 - 1
	case a < 0 && b < 0 && s >= 0:
		return -1 << 63
	}
	return s
}

// MaxMetricValue bounds every metric value (1e9 units): far above any real day of one
// campaign, and low enough that sums over years of many campaigns cannot overflow.
const MaxMetricValue = 1_000_000_000

// MaxIDLength bounds account and campaign ids (and network names), in characters: an
// id must fit every Slack field goalbot puts it in, and the smallest is a picker
// option's value (150 characters; a campaign's own target field, target_<id>, fits a
// block_id's 255). Longer ids are refused where they enter: ingest, import and the
// catalog API.
const MaxIDLength = 150

// MaxCatalogNameLength bounds account and campaign names, in characters (they are
// shortened where Slack needs it).
const MaxCatalogNameLength = 200

// Validate checks one metrics row: today is the workspace's date, and rows dated more
// than one day after it are refused (docs/contract.md). Fields are named as in the JSON row.
func (m *Metric) Validate(today Date) Problems {
	var p Problems
	switch {
	case m.Date.IsZero():
		p.Add("date", "errors.metric.date_missing", nil)
	case m.Date.Year < MinYear:
		p.Add("date", "errors.metric.date_early", Args{"Date": m.Date, "MinYear": MinYear})
	case m.Date.After(today.AddDays(1)):
		p.Add("date", "errors.metric.date_future", Args{"Date": m.Date, "Today": today})
	}
	checkID(&p, "campaign_id", m.CampaignID, true)
	checkID(&p, "account_id", m.AccountID, true)
	checkID(&p, "network", m.Network, false)
	checkName(&p, "account_name", m.AccountName)
	checkName(&p, "campaign_name", m.CampaignName)
	if !validCurrency(m.Currency) {
		p.Add("currency", "errors.metric.currency", Args{"Currency": Quote(m.Currency)})
	}
	checkValue(&p, "spend", m.Spend, true)
	checkValue(&p, "conversions", m.Conversions, true)
	for i, n := range m.Contacts {
		checkValue(&p, contactFields[i], Micro(n), false)
	}
	checkValue(&p, "first_form_submissions", Micro(m.FirstFormSubmissions), false)
	return p
}

// contactFields name the contacts of each stage as a row does (`contacts.lead`),
// made once rather than for every row validated.
var contactFields = func() (f [NumStages]string) {
	for i, s := range stageList {
		f[i] = "contacts." + string(s)
	}
	return f
}()

func checkID(p *Problems, field, v string, required bool) {
	switch {
	case v == "" && required:
		p.Add(field, "errors.metric.required", Args{"Field": field})
	case utf8.RuneCountInString(v) > MaxIDLength:
		p.Add(field, "errors.metric.id_long", Args{"Field": field, "Length": utf8.RuneCountInString(v), "Max": MaxIDLength})
	case CheckID(field, v) != nil:
		p.AddError(field, CheckID(field, v))
	case strings.ContainsFunc(v, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == ',' }):
		p.Add(field, "errors.metric.id_spaces", Args{"Field": field, "ID": Quote(v)})
	}
}

func checkName(p *Problems, field, v string) {
	if utf8.RuneCountInString(v) > MaxCatalogNameLength || strings.ContainsFunc(v, unicode.IsControl) {
		p.Add(field, "errors.metric.name", Args{"Field": field, "Max": MaxCatalogNameLength})
	}
}

// checkValue checks a metric value: not negative, at most MaxMetricValue; micro says
// whether v is in micro-units (spend, conversions) or whole units.
func checkValue(p *Problems, field string, v Micro, micro bool) {
	limit := Micro(MaxMetricValue)
	if micro {
		limit *= MicroUnit
	}
	switch {
	case v < 0:
		p.Add(field, "errors.metric.negative", Args{"Field": field})
	case v > limit:
		p.Add(field, "errors.metric.large", Args{"Field": field, "Max": MaxMetricValue})
	}
}

func validCurrency(c string) bool {
	if len(c) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if c[i] < 'A' || c[i] > 'Z' {
			return false
		}
	}
	return true
}

// CampaignMonth is one campaign's month of metrics.
type CampaignMonth struct {
	Campaign string
	Year     int
	Month    time.Month
}

// CampaignRange is one campaign's days from From to To, both included: what the
// engine asks the store to sum.
type CampaignRange struct {
	Campaign string
	From, To Date
}

// Quantity is what goal g counts in totals t (a day's, or a period's): its
// conversions, contacts in its stage or first form submissions; for a cost goal or a
// budget, its spend.
func (g *Goal) Quantity(t Totals) Micro {
	switch g.Type {
	case NetworkConversions:
		return t.Conversions
	case ContactsInStage:
		return Units(t.ContactsIn(g.Stage))
	case FirstFormSubmissions:
		return Units(t.FirstFormSubmissions)
	}
	return t.Spend
}

// DaysRange is some campaigns' days from From to To, both included: what a goal's
// chart and outlook read day by day (their totals summed over the campaigns).
type DaysRange struct {
	Campaigns []string
	From, To  Date
}

// MaxRangeDays bounds the days of one DaysRange: the longest period a chart draws
// (five years) and the ProfileDays before it.
const MaxRangeDays = 5*366 + 1 + ProfileDays
