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
