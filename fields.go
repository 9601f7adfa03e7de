package goalbot

// Fields says which quantities of a day's metrics a write replaces: a pull from an ad
// network owns the spend and conversions, a pull from the CRM the contacts and first
// form submissions, and each keeps the other's figures of the same (campaign, day).
type Fields uint8

// The field sets of a write.
const (
	// AdFields are spend and conversions: what the ad networks report.
	AdFields Fields = 1 << iota
	// CRMFields are contacts per lifecycle stage and first form submissions: what the
	// CRM reports.
	CRMFields
	// AllFields is the whole row: a push (POST /v1/metrics, CSV import) replaces it.
	AllFields = AdFields | CRMFields
)

// Merge returns old with the quantities of f taken from new.
func (f Fields) Merge(old, new Totals) Totals {
	out := old
	if f&AdFields != 0 {
		out.Spend, out.Conversions = new.Spend, new.Conversions
	}
	if f&CRMFields != 0 {
		out.Contacts, out.FirstFormSubmissions = new.Contacts, new.FirstFormSubmissions
	}
	return out
}

// HasCRM reports whether t holds any contact or first form submission.
func (t Totals) HasCRM() bool {
	return t.Contacts != [NumStages]int64{} || t.FirstFormSubmissions != 0
}
