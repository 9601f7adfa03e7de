package goalbot

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Amount is money in one currency: micro-units of Currency, an ISO 4217 code, or ""
// when the currency is not known (see Money).
type Amount struct {
	Currency string `json:"currency"`
	Amount   Micro  `json:"amount"`
}

// Money is an amount per currency, each currency once, in code order: money is never
// added across currencies. No amounts is no money. An amount whose currency is not
// known ("": spend summed by a goalbot that did not keep currencies, or of a campaign
// whose account has none) makes the whole of it unknown (Known is false): such a
// figure is never shown as money.
type Money []Amount

// MoneyIn returns v in currency cur as Money (none when v is 0).
func MoneyIn(cur string, v Micro) Money {
	if v == 0 {
		return nil
	}
	return Money{{Currency: cur, Amount: v}}
}

// Known reports whether every amount of m is in a known currency.
func (m Money) Known() bool {
	for _, a := range m {
		if a.Currency == "" {
			return false
		}
	}
	return true
}

// Single returns m's amount when m is known and in at most one currency (no money
// is 0 of any currency, with Currency ""); ok is false otherwise.
func (m Money) Single() (a Amount, ok bool) {
	switch {
	case len(m) == 0:
		return Amount{}, true
	case len(m) == 1 && m[0].Currency != "":
		return m[0], true
	}
	return Amount{}, false
}

// In returns m's amount in currency cur when that is all m holds (no money is 0 in
// any currency; cur "" takes any one known currency); ok is false when m holds
// another currency or an unknown one.
func (m Money) In(cur string) (Micro, bool) {
	a, ok := m.Single()
	if !ok || cur != "" && a.Currency != "" && a.Currency != cur {
		return 0, false
	}
	return a.Amount, true
}

// add adds v in currency cur to m, in place when m has that currency already, and
// returns the result. A caller adds only to a Money of its own.
func (m Money) add(cur string, v Micro) Money {
	if v == 0 {
		return m
	}
	for i := range m {
		switch {
		case m[i].Currency == cur:
			m[i].Amount = satAdd(m[i].Amount, v)
			return m
		case m[i].Currency > cur:
			m = append(m, Amount{})
			copy(m[i+1:], m[i:])
			m[i] = Amount{Currency: cur, Amount: v}
			return m
		}
	}
	return append(m, Amount{Currency: cur, Amount: v})
}

// merge adds every amount of o to m (as add does: o is not shared) and returns the
// result.
func (m Money) merge(o Money) Money {
	for _, a := range o {
		m = m.add(a.Currency, a.Amount)
	}
	return m
}

// relabel returns m with its amount of unknown currency counted in cur (m itself
// when it has none, or cur is not known either).
func (m Money) relabel(cur string) Money {
	if cur == "" || m.Known() {
		return m
	}
	var out Money
	for _, a := range m {
		if a.Currency == "" {
			a.Currency = cur
		}
		out = out.add(a.Currency, a.Amount)
	}
	return out
}

// UnmarshalJSON reads the list of amounts, or a plain number as measurements kept
// as JSON by an earlier goalbot wrote spend: a sum in no known currency (none when 0).
func (m *Money) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9') {
		var v Micro
		if err := v.UnmarshalJSON(b); err != nil {
			return fmt.Errorf("decode spend %s: %w", b, err)
		}
		*m = MoneyIn("", v)
		return nil
	}
	var list []Amount
	if err := json.Unmarshal(b, &list); err != nil {
		return fmt.Errorf("decode spend: %w", err)
	}
	*m = list
	return nil
}
