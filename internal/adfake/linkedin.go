package adfake

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
)

// linkedInCap is the most elements one adAnalytics answer holds; the rest is cut off.
const linkedInCap = 15_000

var (
	dateRange = regexp.MustCompile(`dateRange=\(start:\(year:(\d+),month:(\d+),day:(\d+)\),end:\(year:(\d+),month:(\d+),day:(\d+)\)\)`)
	accounts  = regexp.MustCompile(`accounts=List\(urn%3Ali%3AsponsoredAccount%3A(\d+)\)`)
)

func (f *Fake) serveLinkedIn(w http.ResponseWriter, r *http.Request, path string) {
	w.Header().Set("Content-Type", "application/json")
	bw := bufio.NewWriterSize(w, 64<<10)
	defer bw.Flush()
	if path == "adAnalytics" {
		m, am := dateRange.FindStringSubmatch(r.URL.RawQuery), accounts.FindStringSubmatch(r.URL.RawQuery)
		a, ok := Account{}, false
		if am != nil {
			a, ok = account(f.LinkedIn, am[1])
		}
		if m == nil || !ok {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(bw, `{"message":"Invalid query parameters","serviceErrorCode":100,"status":400}`)
			return
		}
		f.linkedInAnalytics(bw, a, date(m[1], m[2], m[3]), date(m[4], m[5], m[6]))
		return
	}
	if path == "adAccounts" {
		items := make([]string, len(f.LinkedIn))
		for i, a := range f.LinkedIn {
			items[i] = fmt.Sprintf(`{"id":%s,"name":%q,"currency":%q,"status":"ACTIVE","type":"BUSINESS"}`, a.ID, a.Name, a.Currency)
		}
		bw.WriteString(`{"elements":[` + strings.Join(items, ",") + `],"metadata":{}}`)
		return
	}
	id, rest, _ := strings.Cut(strings.TrimPrefix(path, "adAccounts/"), "/")
	a, ok := account(f.LinkedIn, id)
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(bw, `{"message":"Not found","status":404}`)
		return
	}
	if rest == "" {
		_ = json.NewEncoder(bw).Encode(map[string]any{"id": json.Number(a.ID), "name": a.Name, "currency": a.Currency, "status": "ACTIVE", "type": "BUSINESS"})
		return
	}
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("pageToken"))
	size, _ := strconv.Atoi(q.Get("pageSize"))
	size = max(1, min(size, 1000))
	end := min(offset+size, len(a.Campaigns))
	offset = min(offset, end)
	items := make([]string, 0, end-offset)
	for _, c := range a.Campaigns[offset:end] {
		items = append(items, fmt.Sprintf(`{"id":%s,"name":%q,"account":"urn:li:sponsoredAccount:%s","status":"ACTIVE"}`, c.ID, c.Name, a.ID))
	}
	next := ""
	if end < len(a.Campaigns) {
		next = `"nextPageToken":"` + strconv.Itoa(end) + `"`
	}
	bw.WriteString(`{"elements":[` + strings.Join(items, ",") + `],"metadata":{` + next + `}}`)
}

// linkedInAnalytics writes the daily elements of account a, cut off at linkedInCap.
func (f *Fake) linkedInAnalytics(bw *bufio.Writer, a Account, from, to goalbot.Date) {
	bw.WriteString(`{"elements":[`)
	n := 0
	for _, d := range days(from, to) {
		for _, c := range a.Campaigns {
			v := f.value(c.ID, d)
			if v == (Value{}) || n == linkedInCap {
				continue
			}
			if n > 0 {
				bw.WriteByte(',')
			}
			n++
			fmt.Fprintf(bw, `{"costInLocalCurrency":"%d.%06d","externalWebsiteConversions":%d,"oneClickLeads":0,"dateRange":{"start":{"year":%d,"month":%d,"day":%d},"end":{"year":%d,"month":%d,"day":%d}},"pivotValues":["urn:li:sponsoredCampaign:%s"]}`,
				v.SpendMicros/1_000_000, v.SpendMicros%1_000_000, v.Conversions, d.Year, d.Month, d.Day, d.Year, d.Month, d.Day, c.ID)
		}
	}
	bw.WriteString(`]}`)
}

func date(y, m, d string) goalbot.Date {
	yi, _ := strconv.Atoi(y)
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	return goalbot.Date{Year: yi, Month: time.Month(mi), Day: di}
}
