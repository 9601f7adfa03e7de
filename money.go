package goalbot

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// CurrencyCode is an ISO 4217 currency code such as USD, held in three bytes so
// that amounts hold no pointers (a measurement keeps one a period, and the engine
// works out many). The zero code is no known currency.
type CurrencyCode [3]byte

// CurrencyOf returns the code of currency cur (three letters, as rows and the
// catalog hold it); anything else, "" included, is the zero code.
func CurrencyOf(cur string) CurrencyCode {
	var c CurrencyCode
	if len(cur) == len(c) {
		copy(c[:], cur)
	}
	return c
}

// Known reports whether c is a currency (not the zero code).
func (c CurrencyCode) Known() bool { return c != CurrencyCode{} }

// String returns the code ("USD"), "" for the zero code.
func (c CurrencyCode) String() string {
	if !c.Known() {
		return ""
	}
	return string(c[:])
}

// MarshalText writes the code as text (a JSON string).
func (c CurrencyCode) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads a code of three letters, or "" for none.
func (c *CurrencyCode) UnmarshalText(b []byte) error {
	if len(b) != 0 && len(b) != len(c) {
		return fmt.Errorf("currency %q is not a three-letter code", b)
	}
	*c = CurrencyOf(string(b))
	return nil
}

// before reports whether c sorts before d.
func (c CurrencyCode) before(d CurrencyCode) bool { return string(c[:]) < string(d[:]) }

// Amount is money in one currency: micro-units of Currency (the zero code when the
// currency is not known, see Money).
type Amount struct {
	Currency CurrencyCode `json:"currency"`
	Amount   Micro        `json:"amount"`
}

// Money is an amount per currency, each currency once, in code order: money is never
// added across currencies. No amounts is no money. An amount whose currency is not
// known (spend summed by a goalbot that did not keep currencies, or of a campaign
// whose account has none) makes the whole of it unknown (Known is false): such a
// figure is never shown as money.
type Money []Amount

// MoneyIn returns v in currency cur (an ISO 4217 code, "" when not known) as Money
// (none when v is 0).
func MoneyIn(cur string, v Micro) Money {
	if v == 0 {
		return nil
	}
	return Money{{Currency: CurrencyOf(cur), Amount: v}}
}

// Known reports whether every amount of m is in a known currency.
func (m Money) Known() bool {
	for _, a := range m {
		if !a.Currency.Known() {
			return false
		}
	}
	return true
}

// Single returns m's amount when m is known and in at most one currency (no money
// is 0 of no particular currency); ok is false otherwise.
func (m Money) Single() (a Amount, ok bool) {
	switch {
	case len(m) == 0:
		return Amount{}, true
	case len(m) == 1 && m[0].Currency.Known():
		return m[0], true
	}
	return Amount{}, false
}

// In returns m's amount in currency cur when that is all m holds (no money is 0 in
// any currency; cur "" takes any one known currency); ok is false when m holds
// another currency or an unknown one.
func (m Money) In(cur string) (Micro, bool) {
	a, ok := m.Single()
	if !ok || cur != "" && a.Currency.Known() && a.Currency != CurrencyOf(cur) {
		return 0, false
	}
	return a.Amount, true
}

// add adds v in currency cur to m, in place when m has that currency already (or
// room for one more), and returns the result. A caller adds only to a Money of its
// own.
func (m Money) add(cur CurrencyCode, v Micro) Money {
	if v == 0 {
		return m
	}
	for i := range m {
		switch {
		case m[i].Currency == cur:
			m[i].Amount = satAdd(m[i].Amount, v)
			return m
		case cur.before(m[i].Currency):
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
func (m Money) relabel(cur CurrencyCode) Money {
	if !cur.Known() || m.Known() {
		return m
	}
	var out Money
	for _, a := range m {
		if !a.Currency.Known() {
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
