package goalbot

// Account is an ad account in the catalog.
type Account struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Network  string `json:"network"`
	Currency string `json:"currency"`
}

// Campaign is an ad campaign in the catalog. A campaign belongs to one account for good;
// Currency is its account's.
type Campaign struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	AccountID string `json:"account_id"`
	// Network and Currency are its account's (filled when read from the catalog).
	Network  string `json:"network,omitempty"`
	Currency string `json:"currency,omitempty"`
}

// CatalogOf returns the accounts and campaigns that metrics rows describe, each once
// (the last row's names win).
func CatalogOf(rows []Metric) ([]Account, []Campaign) {
	accIdx, campIdx := map[string]int{}, map[string]int{}
	var accs []Account
	var camps []Campaign
	for _, r := range rows {
		a := Account{ID: r.AccountID, Name: r.AccountName, Network: r.Network, Currency: r.Currency}
		if i, ok := accIdx[a.ID]; ok {
			accs[i] = a
		} else {
			accIdx[a.ID] = len(accs)
			accs = append(accs, a)
		}
		c := Campaign{ID: r.CampaignID, Name: r.CampaignName, AccountID: r.AccountID, Currency: r.Currency}
		if i, ok := campIdx[c.ID]; ok {
			camps[i] = c
		} else {
			campIdx[c.ID] = len(camps)
			camps = append(camps, c)
		}
	}
	return accs, camps
}
