package commands

import (
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/goalbot/goalbot"
)

// csvRequired are the columns a metrics CSV must have; the others may be left out.
var csvRequired = []string{"date", "account_id", "campaign_id", "currency"}

// CSVColumns are every column a metrics CSV may have: the JSON row's keys, with
// contacts_<stage> for each lifecycle stage.
func CSVColumns() []string {
	cols := []string{"date", "network", "account_id", "account_name", "campaign_id", "campaign_name", "currency",
		"spend", "conversions"}
	for _, s := range goalbot.Stages {
		cols = append(cols, "contacts_"+string(s))
	}
	return append(cols, "first_form_submissions")
}

// CSVReader reads metrics rows from CSV (see docs/contract.md) one at a time, validating each.
type CSVReader struct {
	r     *csv.Reader
	cols  []string
	today goalbot.Date
	in    interner
	row   int // data rows read so far
	line  int // file line of the row Next returned last
	errs  RowErrors
}

// NewCSVReader reads the header of a metrics CSV (a UTF-8 BOM and CRLF line ends are
// fine) and returns a reader of its rows, or an error naming what the header lacks or
// has too much.
func NewCSVReader(r io.Reader, today goalbot.Date) (*CSVReader, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &RowErrors{List: []RowError{{Line: 1, Error: goalbot.M("errors.csv.empty", goalbot.Args{"Columns": strings.Join(csvRequired, ",")})}}}
	} else if err != nil {
		return nil, &RowErrors{List: []RowError{{Line: 1, Error: csvProblem(err)}}}
	}
	c := &CSVReader{r: cr, today: today, in: interner{}}
	known := CSVColumns()
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		switch {
		case !slices.Contains(known, h):
			c.errs.Add(RowError{Line: 1, Field: h, Error: goalbot.M("errors.csv.column_unknown", goalbot.Args{"Column": goalbot.Quote(h), "Columns": strings.Join(known, ", ")})})
		case slices.Contains(c.cols, h):
			c.errs.Add(RowError{Line: 1, Field: h, Error: goalbot.M("errors.csv.column_twice", goalbot.Args{"Column": goalbot.Quote(h), "N": i + 1})})
		}
		c.cols = append(c.cols, h)
	}
	for _, req := range csvRequired {
		if !slices.Contains(c.cols, req) {
			c.errs.Add(RowError{Line: 1, Field: req, Error: goalbot.M("errors.csv.column_missing", goalbot.Args{"Column": goalbot.Quote(req), "Required": strings.Join(csvRequired, ", ")})})
		}
	}
	if c.errs.Len() > 0 {
		return nil, &c.errs
	}
	cr.FieldsPerRecord = len(c.cols)
	return c, nil
}

// Next returns the next valid row, or ok false at the end or after a malformed line.
// Problems of invalid rows are collected; Err reports them once reading is done.
func (c *CSVReader) Next() (m goalbot.Metric, ok bool) {
	for {
		rec, err := c.r.Read()
		if err == io.EOF {
			return m, false
		}
		c.row++
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			c.errs.Add(RowError{Row: c.row, Line: line, Error: csvProblem(err)})
			if !errors.Is(err, csv.ErrFieldCount) {
				return m, false // the rest of the file cannot be trusted
			}
			continue
		}
		line, _ := c.r.FieldPos(0)
		m, valid := c.decode(rec, line)
		if valid {
			c.line = line
			return m, true
		}
	}
}

// Row returns the number of data rows read so far: the data row (from 1) of the row
// Next returned last.
func (c *CSVReader) Row() int { return c.row }

// Line returns the file line on which the row Next returned last starts.
func (c *CSVReader) Line() int { return c.line }

// addError records a problem found beyond one row's own fields (such as a campaign
// that changes accounts), so that Err reports it with the others.
func (c *CSVReader) addError(e RowError) { c.errs.Add(e) }

// Err returns the problems found, or nil.
func (c *CSVReader) Err() error {
	if c.errs.Len() == 0 {
		return nil
	}
	return &c.errs
}

func (c *CSVReader) decode(rec []string, line int) (goalbot.Metric, bool) {
	var m goalbot.Metric
	ok := true
	var cells []string // columns whose cell could not be read
	bad := func(field string, msg goalbot.Message) {
		c.errs.Add(RowError{Row: c.row, Line: line, Field: field, Error: msg})
		cells = append(cells, field)
		ok = false
	}
	for i, col := range c.cols {
		v := strings.TrimSpace(rec[i])
		switch {
		case col == "date":
			if v == "" {
				continue
			}
			d, err := goalbot.ParseDate(v)
			if err != nil {
				bad(col, goalbot.MessageOf(err))
			}
			m.Date = d
		case col == "spend" || col == "conversions":
			n := parseNumber(v, col, false, bad)
			if col == "spend" {
				m.Spend = n
			} else {
				m.Conversions = n
			}
		case col == "first_form_submissions":
			m.FirstFormSubmissions = int64(parseNumber(v, col, true, bad) / goalbot.MicroUnit)
		case strings.HasPrefix(col, "contacts_"):
			i := goalbot.StageIndex(goalbot.Stage(strings.TrimPrefix(col, "contacts_")))
			m.Contacts[i] = int64(parseNumber(v, col, true, bad) / goalbot.MicroUnit)
		case col == "account_name" || col == "campaign_name":
			setText(&m, col, c.in.get(oneLine(v)))
		default:
			setText(&m, col, c.in.get(v))
		}
	}
	for _, p := range m.Validate(c.today) {
		field := p.Field
		if strings.HasPrefix(field, "contacts.") {
			field = "contacts_" + strings.TrimPrefix(field, "contacts.")
		}
		if !slices.Contains(cells, field) { // a cell that did not read is reported once
			bad(field, p.Message)
		}
	}
	return m, ok
}

func setText(m *goalbot.Metric, col, v string) {
	switch col {
	case "network":
		m.Network = v
	case "account_id":
		m.AccountID = v
	case "account_name":
		m.AccountName = v
	case "campaign_id":
		m.CampaignID = v
	case "campaign_name":
		m.CampaignName = v
	case "currency":
		m.Currency = v
	}
}

// parseNumber reads a CSV number cell (empty is 0).
func parseNumber(v, col string, whole bool, bad func(string, goalbot.Message)) goalbot.Micro {
	if v == "" {
		return 0
	}
	n, err := goalbot.ParseMicro(v)
	switch {
	case err != nil:
		bad(col, goalbot.M("errors.csv.number", goalbot.Args{"Column": col, "Problem": err}))
		return 0
	case whole && n%goalbot.MicroUnit != 0:
		bad(col, goalbot.M("errors.rows.whole", goalbot.Args{"Field": col}))
		return 0
	}
	return n
}

// csvProblem says what is wrong with a line of CSV (the CSV reader's own words when
// it is not a line's cell count).
func csvProblem(err error) goalbot.Message {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return goalbot.M("errors.csv.cells", nil)
		}
		return goalbot.M("errors.csv.malformed", goalbot.Args{"Detail": pe.Err.Error()})
	}
	return goalbot.Text(err.Error())
}
