package commands

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/goalbot/goalbot"
)

var today = goalbot.Date{Year: 2026, Month: 11, Day: 28}

const row = `{"date":"2026-03-01","network":"google","account_id":"act-1","account_name":"Acme Google","campaign_id":"cmp-9","campaign_name":"Spring sale","currency":"USD","spend":120.5,"conversions":7,"contacts":{"lead":3,"customer":1},"first_form_submissions":2}`

func rowErrs(t *testing.T, err error) []RowError {
	t.Helper()
	var re *RowErrors
	if !errors.As(err, &re) {
		t.Fatalf("err = %v, want *RowErrors", err)
	}
	return re.List
}

func TestDecodeJSONRows(t *testing.T) {
	for name, body := range map[string]string{
		"array":        "[" + row + "," + row + "]",
		"ndjson":       row + "\n" + row + "\n",
		"ndjson no nl": row + "\r\n" + row,
		"bom":          "\ufeff [" + row + "," + row + "]",
	} {
		rows, err := DecodeJSONRows(strings.NewReader(body), today)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		m := rows[1]
		if len(rows) != 2 || m.Spend != 120_500_000 || m.Conversions != 7*goalbot.MicroUnit || m.ContactsIn(goalbot.Lead) != 3 ||
			m.ContactsIn(goalbot.Customer) != 1 || m.FirstFormSubmissions != 2 || m.CampaignName != "Spring sale" || m.Date.String() != "2026-03-01" {
			t.Fatalf("%s: decoded %+v", name, m)
		}
	}
}

func TestDecodeJSONRowsErrors(t *testing.T) {
	cases := []struct {
		name, body string
		row        int
		field      string
		says       string
	}{
		{"empty", "", 1, "", "no rows"},
		{"empty array", "[]", 1, "", "no rows"},
		{"malformed", "[" + row + ",{", 2, "", "malformed JSON"},
		{"not an object", "[1]", 1, "", "JSON object"},
		{"string number", strings.Replace(row, "120.5", `"120.5"`, 1), 1, "spend", "must be a number"},
		{"NaN", strings.Replace(row, "120.5", "NaN", 1), 1, "", "malformed JSON"},
		{"negative", strings.Replace(row, "120.5", "-1", 1), 1, "spend", "negative"},
		{"huge", strings.Replace(row, "120.5", "1e300", 1), 1, "spend", "too large"},
		{"fraction of a contact", strings.Replace(row, `"lead":3`, `"lead":3.5`, 1), 1, "contacts.lead", "whole number"},
		{"custom stage", strings.Replace(row, `"lead":3`, `"hot":3`, 1), 1, "contacts.hot", "standard lifecycle stage"},
		{"unknown field", strings.Replace(row, `"network"`, `"netwrok"`, 1), 1, "netwrok", "unknown field"},
		{"old date", strings.Replace(row, "2026-03-01", "1999-12-31", 1), 1, "date", "before 2000-01-01"},
		{"future date", strings.Replace(row, "2026-03-01", "2026-11-30", 1), 1, "date", "more than one day after today"},
		{"bad date", strings.Replace(row, "2026-03-01", "2026-13-01", 1), 1, "date", "YYYY-MM-DD"},
		{"second row", row + "\n" + strings.Replace(row, `"cmp-9"`, `""`, 1), 2, "campaign_id", "required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows, err := DecodeJSONRows(strings.NewReader(c.body), today)
			if rows != nil {
				t.Fatalf("rows returned with an error")
			}
			for _, e := range rowErrs(t, err) {
				if e.Row == c.row && e.Field == c.field && strings.Contains(english.Message(e.Error), c.says) {
					return
				}
			}
			t.Fatalf("no error at row %d field %q saying %q in %+v", c.row, c.field, c.says, rowErrs(t, err))
		})
	}
}

func TestDecodeJSONRowsCapsErrors(t *testing.T) {
	bad := strings.Replace(row, "120.5", "-1", 1)
	body := strings.Repeat(bad+"\n", 150)
	_, err := DecodeJSONRows(strings.NewReader(body), today)
	var re *RowErrors
	if !errors.As(err, &re) || len(re.List) != MaxRowErrors || re.More != 50 {
		t.Fatalf("errors %d + %d more", len(re.List), re.More)
	}
}

const csvHeader = "date,network,account_id,account_name,campaign_id,campaign_name,currency,spend,conversions,contacts_lead,contacts_customer,first_form_submissions"

func readCSV(t *testing.T, body string) ([]goalbot.Metric, error) {
	t.Helper()
	r, err := NewCSVReader(strings.NewReader(body), today)
	if err != nil {
		return nil, err
	}
	var out []goalbot.Metric
	for {
		m, ok := r.Next()
		if !ok {
			break
		}
		out = append(out, m)
	}
	return out, r.Err()
}

func TestCSV(t *testing.T) {
	body := "\ufeff" + csvHeader + "\r\n" +
		`2026-03-01,google,act-1,"Acme, Inc.",cmp-9,"Spring` + "\n" + `sale",USD,120.5,7,3,1,2` + "\r\n" +
		"\r\n" +
		"2026-03-02,google,act-1,Acme,cmp-9,Spring sale,USD,,,,,\r\n"
	rows, err := readCSV(t, body)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].AccountName != "Acme, Inc." || rows[0].CampaignName != "Spring sale" ||
		rows[0].Spend != 120_500_000 || rows[0].ContactsIn(goalbot.Customer) != 1 || rows[1].Spend != 0 {
		t.Fatalf("rows %+v", rows)
	}
}

func TestCSVReportsABadCellOnce(t *testing.T) {
	_, err := readCSV(t, csvHeader+"\n2026-02-30,g,act-1,A,cmp-9,S,USD,1,7,3,1,2\n")
	if errs := rowErrs(t, err); len(errs) != 1 {
		t.Errorf("a bad date gave %d problems, want 1: %+v", len(errs), errs)
	}
}

func TestCSVErrors(t *testing.T) {
	cases := []struct {
		name, body  string
		row, line   int
		field, says string
	}{
		{"empty file", "", 0, 1, "", "empty"},
		{"unknown column", "date,account_id,campaign_id,currency,clicks\n", 0, 1, "clicks", "unknown column"},
		{"missing column", "date,account_id,campaign_id\n", 0, 1, "currency", "lacks the column"},
		{"bad number", csvHeader + "\n2026-03-01,g,act-1,A,cmp-9,S,USD,12x,7,3,1,2\n", 1, 2, "spend", "not a number"},
		{"cell count", csvHeader + "\n2026-03-01,g,act-1\n", 1, 2, "", "number of cells"},
		{"bad date", csvHeader + "\n2026-02-30,g,act-1,A,cmp-9,S,USD,1,7,3,1,2\n", 1, 2, "date", "is not a date"},
		{"line after a quoted newline", csvHeader + "\n2026-03-01,g,act-1,\"A\nB\",cmp-9,S,USD,1,7,3,1,2\n2026-03-01,g,act-1,A,cmp-9,S,USD,1,7,-3,1,2\n", 2, 4, "contacts_lead", "negative"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := readCSV(t, c.body)
			for _, e := range rowErrs(t, err) {
				if e.Row == c.row && e.Line == c.line && e.Field == c.field && strings.Contains(english.Message(e.Error), c.says) {
					return
				}
			}
			t.Fatalf("no error at row %d line %d field %q saying %q in %+v", c.row, c.line, c.field, c.says, rowErrs(t, err))
		})
	}
}

// FuzzDecodeJSONRows: no input panics, the decoder either returns valid rows or
// row errors that name a row, and jsonRow's decoding of a row agrees with
// decodeRow's.
func FuzzDecodeJSONRows(f *testing.F) {
	for _, s := range []string{row, "[" + row + "]", "", "[", "{}", `[{"contacts":{"lead":1e400}}]`, "\ufeff[]", `{"spend":-0}`} {
		f.Add(s)
	}
	for _, s := range jsonRowCases {
		f.Add(s)
	}
	f.Add(row + "\n" + `{"spend":1,"spend":2,"date":"2026-03-01","account_id":"a","campaign_id":"c","currency":"USD"}` + " " + row + "\n")
	f.Add(strings.ReplaceAll(row, ",", ",\n ") + "\n" + strings.Replace(row, `"Spring sale"`, `"Caf\u00e9"`, 1))
	f.Fuzz(func(t *testing.T, body string) {
		checkJSONRow(t, []byte(body))
		rows, err := DecodeJSONRows(strings.NewReader(body), today)
		if err == nil {
			for _, m := range rows {
				if p := m.Validate(today); len(p) != 0 {
					t.Fatalf("invalid row accepted: %v", p)
				}
			}
			if want, ok := referenceRows(body); ok && !slices.Equal(rows, want) {
				t.Fatalf("rows %+v; decodeRow on each value reads %+v", rows, want)
			}
			return
		}
		var re *RowErrors
		if !errors.As(err, &re) || re.Len() == 0 || re.List[0].Row < 1 || rows != nil {
			t.Fatalf("err = %v", err)
		}
	})
}

// referenceRows reads an NDJSON body with encoding/json and decodeRow alone; ok is
// false for any other body, or one they refuse.
func referenceRows(body string) (out []goalbot.Metric, ok bool) {
	body = strings.TrimPrefix(strings.TrimLeft(body, " \t\r\n"), "\ufeff")
	if strings.HasPrefix(strings.TrimLeft(body, " \t\r\n"), "[") {
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(body))
	for n := 1; ; n++ {
		var obj map[string]json.RawMessage
		if err := dec.Decode(&obj); err == io.EOF {
			return out, true
		} else if err != nil {
			return nil, false
		}
		var errs RowErrors
		m, ok := decodeRow(obj, n, &errs, interner{})
		if !ok {
			return nil, false
		}
		out = append(out, m)
	}
}

// jsonRowCases are rows that jsonRow must decode as decodeRow does, or leave to it.
var jsonRowCases = []string{
	row,
	`{}`,
	`{"campaign_id":null,"spend":null,"contacts":null,"date":null}`,
	` { "spend" : 1.5 , "contacts" : { "lead" : 2 , "customer":0 } } `,
	`{"campaign_name":"Caf\u00e9 \"sale\"\n2","account_name":"Été\tEU","campaign_id":"x"}`,
	`{"spend":1,"spend":2,"contacts":{"lead":1},"contacts":{"customer":2}}`,
	`{"date":"2026-13-01","date":"2026-03-01"}`,
	`{"spend":1e3,"conversions":2.5E-1,"first_form_submissions":3e0}`,
	`{"Spend":1}`,
	`{"sp\u0065nd":1}`,
	`{"spend":"1"}`,
	`{"spend":true}`,
	`{"spend":[1]}`,
	`{"spend":1.1234567}`,
	`{"spend":-0}`,
	`{"contacts":{"lead":1.5}}`,
	`{"contacts":{"hot":1}}`,
	`{"contacts":[]}`,
	`{"first_form_submissions":2.000000}`,
	`{"network":"\ud800"}`,
	`{"campaign_name":"a\u0000b"}`,
	`[1]`,
	`"row"`,
	`null`,
	`{"spend":01}`,
	`{"spend":1.}`,
	`{"spend":.5}`,
	`{"spend":+1}`,
	`{"spend":1e}`,
	`{"spend":-}`,
	`{"spend":1,}`,
	`{"spend":1}}`,
	`{"spend":1} x`,
	`{"spend" 1}`,
	`{"network":"a` + "\t" + `b"}`,
	`{"network":"a\x"}`,
	`{"network":"abc}`,
	`{"spend":nul}`,
	`{"contacts":{"lead":1,}}`,
	`{"contacts":{"lead":1}`,
}

// decodeUsual decodes b as the one usual row it holds; ok is false when it is not.
func decodeUsual(b []byte) (goalbot.Metric, bool) {
	dec := jsontext.NewDecoder(bytes.NewReader(b), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	m, err := jsonRow{in: interner{}}.decode(dec)
	if err != nil {
		return m, false
	}
	_, err = dec.ReadToken()
	return m, err == io.EOF
}

// checkJSONRow checks that when jsonRow decodes b, b is valid JSON and decodeRow
// decodes it the same.
func checkJSONRow(t *testing.T, b []byte) {
	t.Helper()
	usual, ok := decodeUsual(b)
	if !ok {
		return
	}
	if !json.Valid(b) {
		t.Fatalf("jsonRow decoded invalid JSON %q", b)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		t.Fatalf("jsonRow decoded %s, which is not an object: %v", b, err)
	}
	var errs RowErrors
	fields, fieldsOK := decodeRow(obj, 1, &errs, interner{})
	if !fieldsOK || usual != fields {
		t.Fatalf("jsonRow decoded %s as %+v; decodeRow as %+v, %v (%v)", b, usual, fields, fieldsOK, errs.List)
	}
}

func TestJSONRowAgrees(t *testing.T) {
	decoded := 0
	for _, c := range jsonRowCases {
		checkJSONRow(t, []byte(c))
		if _, ok := decodeUsual([]byte(c)); ok {
			decoded++
		}
	}
	if decoded < 8 {
		t.Errorf("jsonRow decoded only %d of the cases", decoded)
	}
	if _, ok := decodeUsual([]byte(row)); !ok {
		t.Error("jsonRow leaves the documented example row to decodeRow")
	}
}

func TestDecodeJSONRowsMixedNDJSON(t *testing.T) {
	pretty := strings.ReplaceAll(strings.Replace(row, `"cmp-9"`, `"cmp-pretty"`, 1), ",", ",\n  ")
	long := strings.Replace(row, `"Spring sale"`, `"`+strings.Repeat("x", 250)+`"`, 1)
	body := row + "\n\n" + pretty + "\n" + row + " " + row + "\n" + long + "\n" + strings.Replace(row, "120.5", "-1", 1) + "\n"
	_, err := DecodeJSONRows(strings.NewReader(body), today)
	errs := rowErrs(t, err)
	if len(errs) != 2 || errs[0].Row != 5 || errs[0].Field != "campaign_name" || errs[1].Row != 6 || errs[1].Field != "spend" {
		t.Fatalf("errors %+v, want the long name of row 5 and row 6's spend", errs)
	}
	// Without the bad row: every row, in order, whichever way each was read.
	body = strings.TrimSuffix(body, strings.Replace(row, "120.5", "-1", 1)+"\n")
	body = strings.Replace(body, long, strings.Replace(row, `"cmp-9"`, `"cmp-last"`, 1), 1)
	rows, err := DecodeJSONRows(strings.NewReader(body), today)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range rows {
		ids = append(ids, m.CampaignID)
	}
	if strings.Join(ids, " ") != "cmp-9 cmp-pretty cmp-9 cmp-9 cmp-last" {
		t.Errorf("rows %v", ids)
	}
	// An array whose middle row is unusual (its campaign id twice) reads it as
	// decodeRow does: the last value wins.
	twice := strings.Replace(row, `"campaign_id":"cmp-9"`, `"campaign_id":"cmp-x","campaign_id":"cmp-twice"`, 1)
	rows, err = DecodeJSONRows(strings.NewReader("[ "+row+" ,\n "+twice+" , "+row+"]"), today)
	if err != nil || len(rows) != 3 || rows[1].CampaignID != "cmp-twice" || rows[2] != rows[0] {
		t.Fatalf("array with an unusual row: %d rows, %v", len(rows), err)
	}
	// A line longer than the reader's buffer is read too.
	huge := strings.Replace(row, `"first_form_submissions":2`, `"first_form_submissions":2`+strings.Repeat(" ", 70_000), 1)
	if rows, err := DecodeJSONRows(strings.NewReader(row+"\n"+huge+"\n"+row), today); err != nil || len(rows) != 3 {
		t.Errorf("with a 70 kB line: %d rows, %v", len(rows), err)
	}
}

// failingReader returns its data, then err.
type failingReader struct {
	data string
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestDecodeJSONRowsReadError(t *testing.T) {
	boom := errors.New("connection reset")
	for _, body := range []string{row + "\n" + row[:40], "[" + row + "," + row[:40]} {
		_, err := DecodeJSONRows(&failingReader{data: body, err: boom}, today)
		var re *RowErrors
		if !errors.Is(err, boom) || errors.As(err, &re) {
			t.Errorf("%.10s…: err = %v, want the read error itself", body, err)
		}
	}
}

// BenchmarkDecodeJSONRows decodes 10,000 NDJSON rows of 100 campaigns.
func BenchmarkDecodeJSONRows(b *testing.B) {
	var body strings.Builder
	for i := range 10_000 {
		r := strings.Replace(row, `"cmp-9"`, fmt.Sprintf(`"cmp-%d"`, i%100), 1)
		body.WriteString(strings.Replace(r, "2026-03-01", today.AddDays(-i%300).String(), 1) + "\n")
	}
	b.SetBytes(int64(body.Len()))
	b.ReportAllocs()
	for b.Loop() {
		rows, err := DecodeJSONRows(strings.NewReader(body.String()), today)
		if err != nil || len(rows) != 10_000 {
			b.Fatal(len(rows), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*10_000), "ns/row")
}
