package goalbot

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

// Metric is one day of one campaign, as pushed over HTTP or imported from CSV (SPEC §4).
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
