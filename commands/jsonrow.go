package commands

import (
	"bytes"
	"errors"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/goalbot/goalbot"
)

// jsonRow is a metrics row as JSON sends it. Decoding into it is strict (no unknown
// key, no key spelled in another case, strings where strings belong, numbers or null
// where numbers belong, valid UTF-8; a repeated key takes its last value, as in
// decodeRow): a row it refuses is read again by decodeRow, which reads what the strict
// decoding does not and names each problem.
type jsonRow struct {
	Date                 string       `json:"date"`
	Network              string       `json:"network"`
	AccountID            string       `json:"account_id"`
	AccountName          string       `json:"account_name"`
	CampaignID           string       `json:"campaign_id"`
	CampaignName         string       `json:"campaign_name"`
	Currency             string       `json:"currency"`
	Spend                jsonNumber   `json:"spend"`
	Conversions          jsonNumber   `json:"conversions"`
	Contacts             jsonContacts `json:"contacts"`
	FirstFormSubmissions jsonNumber   `json:"first_form_submissions"`
}

// strictRows returns the options of a jsonRow's decoding: besides the defaults (names
// matched as spelled, valid UTF-8), no unknown name, a repeated one allowed, and
// strings shared through in.
func strictRows(in interner) json.Options {
	return json.JoinOptions(json.RejectUnknownMembers(true), jsontext.AllowDuplicateNames(true),
		json.WithUnmarshalers(json.UnmarshalFromFunc(in.unmarshal)))
}

// unmarshal reads a string (null: "") and shares its bytes with the same string read
// before; the bytes of a string without escapes are copied only the first time.
func (in interner) unmarshal(dec *jsontext.Decoder, s *string) error {
	v, err := dec.ReadValue()
	switch {
	case err != nil:
		return err
	case v.Kind() == 'n':
		*s = ""
		return nil
	case v.Kind() != '"':
		return errNotAString
	}
	text := v[1 : len(v)-1]
	if bytes.IndexByte(text, '\\') >= 0 {
		if text, err = jsontext.AppendUnquote(nil, v); err != nil {
			return err
		}
	}
	if shared, ok := in[string(text)]; ok {
		*s = shared
		return nil
	}
	*s = in.get(string(text))
	return nil
}

// decodeJSONRow decodes one row strictly with the options of strictRows(in); ok is
// false for any row that decodeRow must look at, and when it is true m is what
// decodeRow decodes of the row.
func decodeJSONRow(raw []byte, in interner, strict json.Options) (m goalbot.Metric, ok bool) {
	var w jsonRow
	if json.Unmarshal(raw, &w, strict) != nil {
		return m, false
	}
	if w.Date != "" {
		d, err := goalbot.ParseDate(w.Date)
		if err != nil {
			return m, false
		}
		m.Date = d
	}
	m.Network, m.AccountID, m.AccountName = w.Network, w.AccountID, in.get(oneLine(w.AccountName))
	m.CampaignID, m.CampaignName, m.Currency = w.CampaignID, in.get(oneLine(w.CampaignName)), w.Currency
	m.Spend, m.Conversions = goalbot.Micro(w.Spend), goalbot.Micro(w.Conversions)
	m.Contacts = w.Contacts
	if m.FirstFormSubmissions, ok = wholeNumber(w.FirstFormSubmissions); !ok {
		return m, false
	}
	return m, true
}

// errNotANumber and errNotAString refuse a value of another kind.
var (
	errNotANumber = errors.New("not a number")
	errNotAString = errors.New("not a string")
)

// jsonNumber is a quantity of a row: a number (up to six decimals) or null (0).
type jsonNumber goalbot.Micro

// UnmarshalJSONFrom reads the number without copying it.
func (n *jsonNumber) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	v, err := dec.ReadValue()
	switch {
	case err != nil:
		return err
	case v.Kind() == 'n':
		*n = 0
		return nil
	case v.Kind() != '0':
		return errNotANumber
	}
	var m goalbot.Micro
	if bytes.ContainsAny(v, "eE") {
		err = m.UnmarshalJSON(v)
	} else {
		m, err = goalbot.ParseMicro(string(v))
	}
	*n = jsonNumber(m)
	return err
}

// wholeNumber is n as a count, ok false when it has a fraction.
func wholeNumber(n jsonNumber) (int64, bool) {
	m := goalbot.Micro(n)
	return int64(m / goalbot.MicroUnit), m%goalbot.MicroUnit == 0
}

// jsonContacts are contacts by standard lifecycle stage, each a whole number (null:
// none at all).
type jsonContacts [goalbot.NumStages]int64

// UnmarshalJSONFrom reads an object of stage → count.
func (c *jsonContacts) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	*c = jsonContacts{}
	tok, err := dec.ReadToken()
	if err != nil || tok.Kind() == 'n' {
		return err
	} else if tok.Kind() != '{' {
		return errNotANumber
	}
	for dec.PeekKind() != '}' {
		name, err := dec.ReadToken()
		if err != nil {
			return err
		}
		i := goalbot.StageIndex(goalbot.Stage(name.String()))
		var n jsonNumber
		if i < 0 {
			return errNotANumber
		} else if err := n.UnmarshalJSONFrom(dec); err != nil {
			return err
		}
		var ok bool
		if c[i], ok = wholeNumber(n); !ok {
			return errNotANumber
		}
	}
	_, err = dec.ReadToken()
	return err
}
