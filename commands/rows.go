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

	"github.com/go-json-experiment/json/jsontext"
	"github.com/goalbot/goalbot"
)

// RowError is one problem with one metrics row: Row counts data rows from 1; Line is
// the file line for CSV (0 for JSON); Field is the row's key (`spend`, `contacts.foo`),
// empty when the row as a whole is wrong.
type RowError struct {
	Row   int    `json:"row"`
	Line  int    `json:"line,omitempty"`
	Field string `json:"field"`
	// Error says what is wrong (package messages says it in the reader's language).
	Error goalbot.Message `json:"-"`
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

// String is the problem for logs (see Said).
func (e RowError) String() string { return e.Said().String() }

// Said is the problem on one line for a person: where it is (`row 3 (line 4)
// spend`, `line 1 clicks` for the header) and what is wrong.
func (e RowError) Said() goalbot.Message {
	where := rowLine(e.Row, e.Line)
	switch {
	case where == nil && e.Field == "":
		return e.Error
	case where == nil:
		where = e.Field
	case e.Field != "":
		where = goalbot.M("errors.rows.where_field", goalbot.Args{"Where": where, "Field": e.Field})
	}
	return goalbot.M("errors.rows.at", goalbot.Args{"Where": where, "Problem": e.Error})
}

// rowLine names a data row and its file line ("row 3 (line 4)", "row 3", "line
// 1"); nil for neither.
func rowLine(row, line int) any {
	switch {
	case row > 0 && line > 0:
		return goalbot.M("errors.rows.row_line", goalbot.Args{"Row": row, "Line": line})
	case row > 0:
		return goalbot.M("errors.rows.row", goalbot.Args{"Row": row})
	case line > 0:
		return goalbot.M("errors.rows.line", goalbot.Args{"Line": line})
	}
	return nil
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
//
// jsontext reads the body; jsonRow decodes the usual row from its tokens, and
// decodeRow reads any other row's text again, field by field, naming its problems.
func DecodeJSONRows(r io.Reader, today goalbot.Date) ([]goalbot.Metric, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	array, err := startsWith(br, '[')
	if err != nil {
		return nil, err
	}
	d := &rowDecoder{today: today, in: interner{}, n: 1}
	d.usual.in = d.in
	body := &bodyReader{r: br}
	dec := jsontext.NewDecoder(body, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if err := d.values(dec, body, array); err != nil {
		if body.err != nil {
			return nil, fmt.Errorf("read metrics row %d: %w", d.n, body.err)
		}
		d.errs.Add(RowError{Row: d.n, Error: goalbot.M("errors.rows.malformed", goalbot.Args{"Problem": jsonProblem(err)})})
	}
	if d.errs.Len() > 0 {
		return nil, &d.errs
	}
	rows := d.rows()
	if len(rows) == 0 {
		d.errs.Add(RowError{Row: 1, Error: goalbot.M("errors.rows.none", nil)})
		return nil, &d.errs
	}
	return rows, nil
}

// rowDecoder holds what DecodeJSONRows has read so far.
type rowDecoder struct {
	today  goalbot.Date
	in     interner
	usual  jsonRow
	n      int                // the number of the next row
	chunks [][]goalbot.Metric // the rows so far, while none had a problem
	errs   RowErrors
}

// accept validates m, the next row, and keeps it while no row had a problem.
func (d *rowDecoder) accept(m goalbot.Metric) {
	ok := true
	for _, p := range m.Validate(d.today) {
		d.errs.Add(RowError{Row: d.n, Field: p.Field, Error: p.Message})
		ok = false
	}
	if ok && d.errs.Len() == 0 {
		if len(d.chunks) == 0 || len(d.chunks[len(d.chunks)-1]) == rowChunk {
			d.chunks = append(d.chunks, make([]goalbot.Metric, 0, rowChunk))
		}
		last := &d.chunks[len(d.chunks)-1]
		*last = append(*last, m)
	} else {
		d.chunks = nil // nothing will be applied: stop holding rows
	}
	d.n++
}

// rowChunk is how many rows the decoder keeps in one slice: the rows are copied
// once, into the slice it returns, instead of at every growth of one slice.
const rowChunk = 4096

// rows returns the rows kept, in one slice.
func (d *rowDecoder) rows() []goalbot.Metric { return slices.Concat(d.chunks...) }

// values reads the rows of dec: the elements of one array, or values one after
// another. It returns the error of JSON that is not well-formed.
func (d *rowDecoder) values(dec *jsontext.Decoder, body *bodyReader, array bool) error {
	if array {
		if _, err := dec.ReadToken(); err != nil {
			return err
		}
	}
	depth := dec.StackDepth()
	for {
		if array && dec.PeekKind() == ']' {
			if _, err := dec.ReadToken(); err != nil {
				return err
			}
			if _, err := dec.ReadValue(); err != io.EOF {
				d.errs.Add(RowError{Row: d.n, Error: goalbot.M("errors.rows.one_array", nil)})
			}
			return nil
		}
		start := dec.InputOffset()
		body.keepFrom(start)
		m, err := d.usual.decode(dec)
		switch {
		case err == nil:
			d.accept(m)
		case errors.Is(err, errUnusual):
			if err := skipRest(dec, depth); err != nil {
				return err
			}
			d.value(body.text(start, dec.InputOffset()))
		case err == io.EOF && !array:
			return nil
		default:
			return err
		}
	}
}

// value decodes one unusual row, naming its problems.
func (d *rowDecoder) value(raw []byte) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		d.errs.Add(RowError{Row: d.n, Error: goalbot.M("errors.rows.malformed", goalbot.Args{"Problem": jsonProblem(err)})})
		d.n++
		return
	}
	if m, ok := decodeRow(obj, d.n, &d.errs, d.in); ok {
		d.accept(m)
		return
	}
	d.chunks = nil
	d.n++
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
	bad := func(field, key string, args goalbot.Args) {
		errs.Add(RowError{Row: n, Field: field, Error: goalbot.M(key, args)})
		ok = false
	}
	for k := range raw {
		if !slices.Contains(rowKeys, k) {
			bad(k, "errors.rows.field_unknown", goalbot.Args{"Field": goalbot.Quote(k), "Fields": strings.Join(rowKeys, ", ")})
		}
	}
	str := func(key string) string {
		v, found := raw[key]
		if !found || string(v) == "null" {
			return ""
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			bad(key, "errors.rows.string", goalbot.Args{"Field": key})
			return ""
		}
		return in.get(s)
	}
	if s := str("date"); s != "" {
		d, err := goalbot.ParseDate(s)
		if err != nil {
			bad("date", goalbot.MessageText, goalbot.Args{"Text": err})
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
			bad("contacts", "errors.rows.contacts", nil)
		}
		for stage, cv := range cs {
			i := goalbot.StageIndex(goalbot.Stage(stage))
			if i < 0 {
				bad("contacts."+stage, "errors.rows.stage", goalbot.Args{"Stage": goalbot.Quote(stage), "Stages": stageNames()})
				continue
			}
			m.Contacts[i] = whole(cv, "contacts."+stage, bad)
		}
	}
	return m, ok
}

// decimal reads a number with up to six decimals (absent or null is 0).
func decimal(raw map[string]json.RawMessage, key string, bad func(string, string, goalbot.Args)) goalbot.Micro {
	v, found := raw[key]
	if !found || string(v) == "null" {
		return 0
	}
	var m goalbot.Micro
	if err := json.Unmarshal(v, &m); err != nil {
		bad(key, "errors.rows.number", goalbot.Args{"Field": key, "Problem": err})
	}
	return m
}

// whole reads a whole number (absent or null is 0).
func whole(v json.RawMessage, key string, bad func(string, string, goalbot.Args)) int64 {
	if v == nil || string(v) == "null" {
		return 0
	}
	var m goalbot.Micro
	if err := json.Unmarshal(v, &m); err != nil || m%goalbot.MicroUnit != 0 {
		bad(key, "errors.rows.whole", goalbot.Args{"Field": key})
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

// jsonProblem says what is wrong with the JSON text (the JSON reader's own words
// when it is none of the usual).
func jsonProblem(err error) goalbot.Message {
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te):
		return goalbot.M("errors.rows.object", nil)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return goalbot.M("errors.rows.cut", nil)
	}
	return goalbot.Text(strings.TrimPrefix(err.Error(), "jsontext: "))
}
