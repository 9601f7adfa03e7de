package commands

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/goalbot/goalbot"
)

// RowError is one problem with one metrics row: Row counts data rows from 1; Line is
// the file line for CSV (0 for JSON); Field is the row's key (`spend`, `contacts.foo`),
// empty when the row as a whole is wrong.
type RowError struct {
	Row   int    `json:"row"`
	Line  int    `json:"line,omitempty"`
	Field string `json:"field"`
	Error string `json:"error"`
}

// MaxRowErrors caps the row errors reported for one request or file; the rest are
// counted.
const MaxRowErrors = 100

// RowErrors collects row errors up to MaxRowErrors and counts the rest.
type RowErrors struct {
	List []RowError
	More int // errors beyond MaxRowErrors
}

// Add records a problem.
func (e *RowErrors) Add(re RowError) {
	if len(e.List) < MaxRowErrors {
		e.List = append(e.List, re)
		return
	}
	e.More++
}

// Len returns how many problems were found.
func (e *RowErrors) Len() int { return len(e.List) + e.More }

// Error implements error.
func (e *RowErrors) Error() string {
	if e.Len() == 0 {
		return "no errors"
	}
	return fmt.Sprintf("%d invalid rows or fields; first: %s", e.Len(), e.List[0])
}

// String shows the problem on one line for a person: where it is (`row 3 (line 4)
// spend`, `line 1 clicks` for the header) and what is wrong.
func (e RowError) String() string {
	var where []string
	if e.Row > 0 {
		where = append(where, fmt.Sprintf("row %d", e.Row))
	}
	if e.Line > 0 {
		line := fmt.Sprintf("line %d", e.Line)
		if e.Row > 0 {
			line = "(" + line + ")"
		}
		where = append(where, line)
	}
	if e.Field != "" {
		where = append(where, e.Field)
	}
	if len(where) == 0 {
		return e.Error
	}
	return strings.Join(where, " ") + ": " + e.Error
}

// rowKeys are the keys of a JSON metrics row.
var rowKeys = []string{"date", "network", "account_id", "account_name", "campaign_id", "campaign_name", "currency",
	"spend", "conversions", "contacts", "first_form_submissions"}

// interner shares the bytes of repeated ids and names across the rows of one request,
// so that parsed rows stay compact.
type interner map[string]string

func (in interner) get(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	in[s] = s
	return s
}

// DecodeJSONRows reads metrics rows sent as a JSON array or as NDJSON, validating every
// row against today (the workspace's date). It returns the rows, or every problem
// found (capped, see RowErrors) and no rows.
func DecodeJSONRows(r io.Reader, today goalbot.Date) ([]goalbot.Metric, error) {
	br := bufio.NewReader(r)
	array, err := startsWith(br, '[')
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(br)
	dec.UseNumber()
	var errs RowErrors
	var rows []goalbot.Metric
	in := interner{}
	if array {
		if _, err := dec.Token(); err != nil {
			return nil, fmt.Errorf("read metrics body: %w", err)
		}
	}
	for n := 1; ; n++ {
		if array && !dec.More() {
			if _, err := dec.Token(); err != nil && !isJSONError(err) {
				return nil, fmt.Errorf("read metrics body: %w", err)
			} else if err != nil {
				errs.Add(RowError{Row: n, Error: "malformed JSON: " + jsonProblem(err)})
			} else if _, err := dec.Token(); err != io.EOF {
				errs.Add(RowError{Row: n, Error: "malformed JSON: only one array may be sent"})
			}
			break
		}
		var raw map[string]json.RawMessage
		if err := dec.Decode(&raw); err == io.EOF && !array {
			break
		} else if err != nil && !isJSONError(err) {
			return nil, fmt.Errorf("read metrics row %d: %w", n, err)
		} else if err != nil {
			errs.Add(RowError{Row: n, Error: "malformed JSON: " + jsonProblem(err)})
			break
		}
		m, ok := decodeRow(raw, n, &errs, in)
		if ok {
			for _, p := range m.Validate(today) {
				errs.Add(RowError{Row: n, Field: p.Field, Error: p.Message})
				ok = false
			}
		}
		if ok && errs.Len() == 0 {
			rows = append(rows, m)
		}
	}
	if errs.Len() > 0 {
		return nil, &errs
	}
	if len(rows) == 0 {
		errs.Add(RowError{Row: 1, Error: "no rows: send a JSON array of rows, or one row per line (NDJSON)"})
		return nil, &errs
	}
	return rows, nil
}

// startsWith reports whether the first byte after white space (and a UTF-8 BOM) is c,
// leaving it unread.
func startsWith(br *bufio.Reader, c byte) (bool, error) {
	for {
		b, err := br.Peek(1)
		if err == io.EOF {
			return false, nil
		} else if err != nil {
			return false, fmt.Errorf("read metrics body: %w", err)
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			_, _ = br.ReadByte()
			continue
		case 0xEF:
			if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xEF\xBB\xBF")) {
				_, _ = br.Discard(3)
				continue
			}
		}
		return b[0] == c, nil
	}
}

// decodeRow turns one JSON object into a metric, recording problems by field.
func decodeRow(raw map[string]json.RawMessage, n int, errs *RowErrors, in interner) (goalbot.Metric, bool) {
	var m goalbot.Metric
	ok := true
	bad := func(field, format string, args ...any) {
		errs.Add(RowError{Row: n, Field: field, Error: fmt.Sprintf(format, args...)})
		ok = false
	}
	for k := range raw {
		if !slices.Contains(rowKeys, k) {
			bad(k, "unknown field %q: a row has %s", k, strings.Join(rowKeys, ", "))
		}
	}
	str := func(key string) string {
		v, found := raw[key]
		if !found || string(v) == "null" {
			return ""
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			bad(key, "%s must be a string", key)
			return ""
		}
		return in.get(s)
	}
	if s := str("date"); s != "" {
		d, err := goalbot.ParseDate(s)
		if err != nil {
			bad("date", "%s", goalbot.ErrorMessage(err))
		}
		m.Date = d
	}
	m.Network, m.AccountID, m.AccountName = str("network"), str("account_id"), in.get(oneLine(str("account_name")))
	m.CampaignID, m.CampaignName, m.Currency = str("campaign_id"), in.get(oneLine(str("campaign_name"))), str("currency")
	m.Spend = decimal(raw, "spend", bad)
	m.Conversions = decimal(raw, "conversions", bad)
	m.FirstFormSubmissions = whole(raw["first_form_submissions"], "first_form_submissions", bad)
	if v, found := raw["contacts"]; found && string(v) != "null" {
		var cs map[string]json.RawMessage
		if err := json.Unmarshal(v, &cs); err != nil {
			bad("contacts", "contacts must be an object of lifecycle stage → count, such as {\"lead\":3}")
		}
		for stage, cv := range cs {
			i := goalbot.StageIndex(goalbot.Stage(stage))
			if i < 0 {
				bad("contacts."+stage, "%q is not a standard lifecycle stage: use %s", stage, stageNames())
				continue
			}
			m.Contacts[i] = whole(cv, "contacts."+stage, bad)
		}
	}
	return m, ok
}

// decimal reads a number with up to six decimals (absent or null is 0).
func decimal(raw map[string]json.RawMessage, key string, bad func(string, string, ...any)) goalbot.Micro {
	v, found := raw[key]
	if !found || string(v) == "null" {
		return 0
	}
	var m goalbot.Micro
	if err := json.Unmarshal(v, &m); err != nil {
		bad(key, "%s must be a number, such as 120.5 (%s)", key, goalbot.ErrorMessage(err))
	}
	return m
}

// whole reads a whole number (absent or null is 0).
func whole(v json.RawMessage, key string, bad func(string, string, ...any)) int64 {
	if v == nil || string(v) == "null" {
		return 0
	}
	var m goalbot.Micro
	if err := json.Unmarshal(v, &m); err != nil || m%goalbot.MicroUnit != 0 {
		bad(key, "%s must be a whole number, such as 3", key)
		return 0
	}
	return int64(m / goalbot.MicroUnit)
}

// oneLine folds line breaks and tabs in a name into single spaces.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\t") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func stageNames() string {
	names := make([]string, len(goalbot.Stages))
	for i, s := range goalbot.Stages {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// isJSONError reports whether err is about the JSON text rather than reading it.
func isJSONError(err error) bool {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	return errors.As(err, &se) || errors.As(err, &te) || errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF
}

func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return se.Error()
	case errors.As(err, &te):
		return "each row must be a JSON object"
	case errors.Is(err, io.ErrUnexpectedEOF), err == io.EOF:
		return "the body ends in the middle of a row or before the closing ]"
	}
	return err.Error()
}
