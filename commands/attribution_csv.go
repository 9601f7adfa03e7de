package commands

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"github.com/goalbot/goalbot"
)

// maxAttributionRows bounds an attribution CSV.
const maxAttributionRows = 100_000

// ReadAttributionCSV reads an attribution file: a header `campaign_id,utm`, then one
// row per value that counts for a campaign (several rows for several values); a row
// whose utm is `none` removes the campaign's override. Every problem is reported at
// once, naming the data row (from 1) and the file line; nothing is returned then.
func ReadAttributionCSV(r io.Reader) (map[string][]string, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, goalbot.Invalid("errors.attribution.file_empty", nil)
	} else if err != nil {
		return nil, goalbot.Invalid("errors.attribution.header_read", goalbot.Args{"Detail": err.Error()})
	}
	if len(head) != 2 || strings.TrimSpace(strings.TrimPrefix(head[0], "\ufeff")) != "campaign_id" || strings.TrimSpace(head[1]) != "utm" {
		return nil, goalbot.Invalid("errors.attribution.header", goalbot.Args{"Header": goalbot.Quote(strings.Join(head, ","))})
	}
	out := map[string][]string{}
	var p goalbot.Problems
	for row := 1; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			p.Add("csv", "errors.rows.at", goalbot.Args{"Where": rowLine(row, line), "Problem": goalbot.Text(err.Error())})
			break
		}
		if row > maxAttributionRows {
			p.Add("csv", "errors.attribution.rows", goalbot.Args{"Max": maxAttributionRows})
			break
		}
		attributionRow(&p, out, rec, row, line)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// attributionRow adds one row's value to out, or its problem to p.
func attributionRow(p *goalbot.Problems, out map[string][]string, rec []string, row, line int) {
	where := rowLine(row, line)
	if len(rec) != 2 {
		p.Add("csv", "errors.attribution.columns", goalbot.Args{"Where": where, "Columns": len(rec)})
		return
	}
	id, val := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1])
	if id == "" {
		p.Add("campaign_id", "errors.attribution.campaign_empty", goalbot.Args{"Where": where})
		return
	}
	if strings.EqualFold(val, "none") {
		out[id] = []string{}
		return
	}
	vals, err := goalbot.CheckMatchValues(append(out[id], val), "utm")
	if err != nil {
		p.Add("utm", "errors.rows.at", goalbot.Args{"Where": where, "Problem": err})
		return
	}
	out[id] = vals
}
