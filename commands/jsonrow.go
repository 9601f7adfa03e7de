package commands

import (
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/goalbot/goalbot"
)

// jsonRow decodes the usual metrics row into a goalbot.Metric, field by field, as
// jsontext reads the row's tokens from the body: one JSON object of known keys, each
// spelled as documented and given once, strings (or null) where strings belong,
// numbers (or null) where numbers belong, contacts by standard stage, valid UTF-8.
// Any other row is unusual: DecodeJSONRows then reads its text again with decodeRow,
// which names each problem.
type jsonRow struct{ in interner }

// errUnusual stops the decoding of a row that decodeRow must read.
var errUnusual = errors.New("not the usual row")

// decode reads the next row of dec. It returns errUnusual for a row that decodeRow
// must read (with dec somewhere within it), any other error for JSON text that is
// not well-formed, and otherwise m as decodeRow would decode the row.
func (r jsonRow) decode(dec *jsontext.Decoder) (m goalbot.Metric, err error) {
	if tok, err := dec.ReadToken(); err != nil {
		return m, err
	} else if tok.Kind() != '{' {
		return m, errUnusual
	}
	var seen uint16
	for dec.PeekKind() == '"' {
		name, err := dec.ReadValue()
		if err != nil {
			return m, err
		}
		i := fieldIndex(name)
		if i == len(rowKeys) || seen&(1<<i) != 0 {
			return m, errUnusual
		}
		seen |= 1 << i
		if err := r.field(dec, &m, rowKeys[i]); err != nil {
			return m, err
		}
	}
	_, err = dec.ReadToken() // the closing brace, or what is wrong instead
	return m, err
}

// fieldIndex is the place of a row's key, quoted as the row spells it, in rowKeys
// (len(rowKeys) for another).
func fieldIndex(name []byte) int {
	for i, k := range rowKeys {
		if len(name) == len(k)+2 && string(name[1:len(name)-1]) == k {
			return i
		}
	}
	return len(rowKeys)
}

// field reads the value of key into m.
func (r jsonRow) field(dec *jsontext.Decoder, m *goalbot.Metric, key string) (err error) {
	switch key {
	case "date":
		var s string
		if s, err = r.text(dec); err == nil && s != "" {
			if m.Date, err = goalbot.ParseDate(s); err != nil {
				err = errUnusual
			}
		}
	case "network":
		m.Network, err = r.text(dec)
	case "account_id":
		m.AccountID, err = r.text(dec)
	case "account_name":
		m.AccountName, err = r.text(dec)
		m.AccountName = r.in.get(oneLine(m.AccountName))
	case "campaign_id":
		m.CampaignID, err = r.text(dec)
	case "campaign_name":
		m.CampaignName, err = r.text(dec)
		m.CampaignName = r.in.get(oneLine(m.CampaignName))
	case "currency":
		m.Currency, err = r.text(dec)
	case "spend":
		m.Spend, err = number(dec)
	case "conversions":
		m.Conversions, err = number(dec)
	case "first_form_submissions":
		m.FirstFormSubmissions, err = wholeNumber(dec)
	case "contacts":
		err = contacts(dec, &m.Contacts)
	}
	return err
}

// text reads a string (null: "") and shares its bytes with the same string read
// before.
func (r jsonRow) text(dec *jsontext.Decoder) (string, error) {
	v, err := dec.ReadValue()
	switch {
	case err != nil:
		return "", err
	case v.Kind() == 'n':
		return "", nil
	case v.Kind() != '"':
		return "", errUnusual
	}
	s := v[1 : len(v)-1]
	if bytes.IndexByte(s, '\\') >= 0 {
		if s, err = jsontext.AppendUnquote(nil, v); err != nil {
			return "", errUnusual
		}
	}
	if !utf8.Valid(s) {
		return "", errUnusual
	}
	if shared, ok := r.in[string(s)]; ok {
		return shared, nil
	}
	return r.in.get(string(s)), nil
}

// number reads a quantity: a number with up to six decimals, or null (0).
func number(dec *jsontext.Decoder) (goalbot.Micro, error) {
	v, err := dec.ReadValue()
	switch {
	case err != nil:
		return 0, err
	case v.Kind() == 'n':
		return 0, nil
	case v.Kind() != '0':
		return 0, errUnusual
	}
	m, err := goalbot.ParseMicro(string(v)) // as Micro.UnmarshalJSON reads it
	if err != nil {
		return 0, errUnusual
	}
	return m, nil
}

// wholeNumber reads a whole number, or null (0).
func wholeNumber(dec *jsontext.Decoder) (int64, error) {
	m, err := number(dec)
	if err == nil && m%goalbot.MicroUnit != 0 {
		err = errUnusual
	}
	return int64(m / goalbot.MicroUnit), err
}

// contacts reads an object of standard stage → count, or null (none).
func contacts(dec *jsontext.Decoder, c *[goalbot.NumStages]int64) error {
	*c = [goalbot.NumStages]int64{}
	tok, err := dec.ReadToken()
	if err != nil || tok.Kind() == 'n' {
		return err
	} else if tok.Kind() != '{' {
		return errUnusual
	}
	var seen uint16
	for dec.PeekKind() == '"' {
		name, err := dec.ReadToken()
		if err != nil {
			return err
		}
		i := goalbot.StageIndex(goalbot.Stage(name.String()))
		if i < 0 || seen&(1<<i) != 0 {
			return errUnusual
		}
		seen |= 1 << i
		if c[i], err = wholeNumber(dec); err != nil {
			return err
		}
	}
	_, err = dec.ReadToken()
	return err
}

// skipRest reads what is left of a value that dec is within, down to depth.
func skipRest(dec *jsontext.Decoder, depth int) error {
	for dec.StackDepth() > depth {
		var err error
		if k := dec.PeekKind(); k == '}' || k == ']' {
			_, err = dec.ReadToken()
		} else {
			err = dec.SkipValue()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// bodyReader keeps the error of reading the body, which the JSON decoder wraps, and
// the body's bytes from offset from on, so that an unusual row can be read again.
type bodyReader struct {
	r    io.Reader
	err  error
	kept []byte
	from int64
}

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.kept = append(b.kept, p[:n]...)
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}

// keepFrom forgets the bytes before offset off.
func (b *bodyReader) keepFrom(off int64) { b.kept, b.from = b.kept[off-b.from:], off }

// text returns the body from offset from (kept) to offset to, without the separators
// before the value there.
func (b *bodyReader) text(from, to int64) []byte {
	return bytes.TrimLeft(b.kept[from-b.from:to-b.from], " \t\r\n,")
}
