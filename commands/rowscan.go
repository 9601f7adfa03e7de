package commands

import (
	"bytes"
	"encoding/json"

	"github.com/goalbot/goalbot"
)

// fastRow decodes one JSON row without reflection or a map: the common case of an
// ingest, a row of known keys spelled exactly, strings where strings belong, plain
// numbers, and contacts by standard stage. It returns ok false for anything else,
// and for any value that is wrong; then encoding/json and decodeRow look at the row
// field by field and say what is wrong. When ok is true, b is one valid JSON object
// (with white space around it) and m is exactly what decodeRow decodes of it.
func fastRow(b []byte, in interner) (m goalbot.Metric, ok bool) {
	s := rowScanner{b: b}
	if !s.eat('{') {
		return m, false
	}
	if s.eat('}') {
		return m, s.end()
	}
	for {
		key, ok := s.key()
		if !ok || !s.eat(':') || !s.field(&m, key, in) {
			return m, false
		}
		if s.eat('}') {
			return m, s.end()
		}
		if !s.eat(',') {
			return m, false
		}
	}
}

// rowScanner reads a valid JSON value byte by byte.
type rowScanner struct {
	b []byte
	i int
}

// ws skips white space.
func (s *rowScanner) ws() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

// eat skips white space and c, reporting whether c was there.
func (s *rowScanner) eat(c byte) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// end reports whether only white space is left.
func (s *rowScanner) end() bool {
	s.ws()
	return s.i == len(s.b)
}

// key reads an object key that needs no unescaping.
func (s *rowScanner) key() ([]byte, bool) {
	s.ws()
	raw, ok := s.rawString()
	if !ok || bytes.IndexByte(raw, '\\') >= 0 {
		return nil, false
	}
	return raw[1 : len(raw)-1], true
}

// rawString reads a string and returns it with its quotes, still escaped.
func (s *rowScanner) rawString() ([]byte, bool) {
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return nil, false
	}
	for j := s.i + 1; j < len(s.b); j++ {
		switch s.b[j] {
		case '\\':
			j++
		case '"':
			raw := s.b[s.i : j+1]
			s.i = j + 1
			return raw, true
		}
	}
	return nil, false
}

// literal reads a number, true, false or null.
func (s *rowScanner) literal() []byte {
	start := s.i
	for s.i < len(s.b) && !endsLiteral(s.b[s.i]) {
		s.i++
	}
	return s.b[start:s.i]
}

// endsLiteral reports whether c is the first byte after a literal.
func endsLiteral(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}

// text reads a string or null ("") as decodeRow's str does.
func (s *rowScanner) text(in interner) (string, bool) {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] != '"' {
		return "", string(s.literal()) == "null"
	}
	raw, ok := s.rawString()
	if !ok {
		return "", false
	}
	inner := raw[1 : len(raw)-1]
	plain := true
	for _, c := range inner {
		if c == '\\' || c >= 0x80 || c < 0x20 {
			plain = false
			break
		}
	}
	if plain {
		return in.bytes(inner), true
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil { // escapes, control characters and UTF-8 as encoding/json reads them
		return "", false
	}
	return in.get(v), true
}

// number reads a number or null (0) as decodeRow's decimal does.
func (s *rowScanner) number() (goalbot.Micro, bool) {
	s.ws()
	lit := s.literal()
	if string(lit) == "null" {
		return 0, true
	}
	if !validNumber(lit) {
		return 0, false
	}
	if m, ok := plainMicro(lit); ok {
		return m, true
	}
	var m goalbot.Micro
	if bytes.ContainsAny(lit, "eE") {
		return m, m.UnmarshalJSON(lit) == nil
	}
	m, err := goalbot.ParseMicro(string(lit))
	return m, err == nil
}

// plainMicro reads the common number, digits with at most 13 before the point and 6
// after it, without allocating; ok false leaves any other to goalbot.ParseMicro,
// which reads these the same way.
func plainMicro(b []byte) (goalbot.Micro, bool) {
	var whole, frac int64
	i := 0
	for ; i < len(b) && b[i] != '.'; i++ {
		if b[i] < '0' || b[i] > '9' || i == 13 {
			return 0, false
		}
		whole = whole*10 + int64(b[i]-'0')
	}
	if i == 0 {
		return 0, false
	}
	if i < len(b) {
		digits := b[i+1:]
		if len(digits) == 0 || len(digits) > 6 {
			return 0, false
		}
		for j := range 6 {
			frac *= 10
			if j < len(digits) {
				if digits[j] < '0' || digits[j] > '9' {
					return 0, false
				}
				frac += int64(digits[j] - '0')
			}
		}
	}
	m := goalbot.Micro(whole)*goalbot.MicroUnit + goalbot.Micro(frac)
	return m, m <= goalbot.MaxMicro
}

// count reads a whole number or null (0) as decodeRow's whole does.
func (s *rowScanner) count() (int64, bool) {
	m, ok := s.number()
	if !ok || m%goalbot.MicroUnit != 0 {
		return 0, false
	}
	return int64(m / goalbot.MicroUnit), true
}

// field reads the value of key into m.
func (s *rowScanner) field(m *goalbot.Metric, key []byte, in interner) bool {
	var ok bool
	switch string(key) {
	case "date":
		var d string
		if d, ok = s.text(in); ok && d != "" {
			var err error
			m.Date, err = goalbot.ParseDate(d)
			ok = err == nil
		} else if ok {
			m.Date = goalbot.Date{}
		}
	case "network":
		m.Network, ok = s.text(in)
	case "account_id":
		m.AccountID, ok = s.text(in)
	case "account_name":
		m.AccountName, ok = s.text(in)
		m.AccountName = in.get(oneLine(m.AccountName))
	case "campaign_id":
		m.CampaignID, ok = s.text(in)
	case "campaign_name":
		m.CampaignName, ok = s.text(in)
		m.CampaignName = in.get(oneLine(m.CampaignName))
	case "currency":
		m.Currency, ok = s.text(in)
	case "spend":
		m.Spend, ok = s.number()
	case "conversions":
		m.Conversions, ok = s.number()
	case "first_form_submissions":
		m.FirstFormSubmissions, ok = s.count()
	case "contacts":
		m.Contacts = [goalbot.NumStages]int64{}
		ok = s.contacts(m)
	}
	return ok
}

// contacts reads the contacts object (or null) into m.
func (s *rowScanner) contacts(m *goalbot.Metric) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] != '{' {
		return string(s.literal()) == "null"
	}
	s.i++
	if s.eat('}') {
		return true
	}
	for {
		key, ok := s.key()
		if !ok || !s.eat(':') {
			return false
		}
		i := stageIndex(key)
		if i < 0 {
			return false
		}
		if m.Contacts[i], ok = s.count(); !ok {
			return false
		}
		if s.eat('}') {
			return true
		}
		if !s.eat(',') {
			return false
		}
	}
}

// stageIndex is goalbot.StageIndex for a stage name in bytes.
func stageIndex(name []byte) int {
	for i, st := range goalbot.Stages {
		if string(name) == string(st) {
			return i
		}
	}
	return -1
}

// validNumber reports whether b is a JSON number:
// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func validNumber(b []byte) bool {
	i := 0
	digits := func() int {
		start := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i - start
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch n := digits(); {
	case n == 0, n > 1 && b[i-n] == '0':
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(b)
}
