package adfake

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/goalbot/goalbot"
)

// metaPage is the most items one Meta page holds.
const metaPage = 500

func (f *Fake) serveMeta(w http.ResponseWriter, r *http.Request, path string) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	if path == "me/adaccounts" {
		items := make([]string, len(f.Meta))
		for i, a := range f.Meta {
			items[i] = fmt.Sprintf(`{"account_id":"%s","id":"act_%s","name":%q,"currency":%q,"timezone_name":%q,"account_status":1}`,
				a.ID, a.ID, a.Name, a.Currency, a.TimeZone)
		}
		bw := bufio.NewWriter(w)
		defer bw.Flush()
		metaPageOf(bw, items, 0, len(items))
		return
	}
	if strings.HasPrefix(path, "60") { // a report run
		f.serveReport(w, r, path)
		return
	}
	id, rest, _ := strings.Cut(strings.TrimPrefix(path, "act_"), "/")
	a, ok := account(f.Meta, id)
	if !ok {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":{"message":"Unsupported get request.","type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"fake"}}`)
		return
	}
	q := r.URL.Query()
	offset, _ := strconv.Atoi(strings.TrimPrefix(q.Get("after"), "o"))
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 || limit > metaPage {
		limit = metaPage
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	defer bw.Flush()
	switch rest {
	case "":
		_ = json.NewEncoder(bw).Encode(map[string]any{"account_id": a.ID, "id": "act_" + a.ID, "name": a.Name, "currency": a.Currency,
			"timezone_name": a.TimeZone, "account_status": 1})
	case "campaigns":
		items := make([]string, 0, len(a.Campaigns))
		for _, c := range a.Campaigns {
			items = append(items, fmt.Sprintf(`{"id":"%s","name":%q}`, c.ID, c.Name))
		}
		metaPageOf(bw, items, offset, limit)
	case "insights":
		if r.Method == http.MethodPost {
			_ = r.ParseForm()
			q = r.PostForm
		}
		var tr struct{ Since, Until string }
		_ = json.Unmarshal([]byte(q.Get("time_range")), &tr)
		if r.Method == http.MethodPost {
			f.mu.Lock()
			f.reports = append(f.reports, report{account: a.ID, since: tr.Since, until: tr.Until})
			id := fmt.Sprintf("60%d", len(f.reports)-1)
			f.mu.Unlock()
			fmt.Fprintf(bw, `{"report_run_id":"%s"}`, id)
			return
		}
		f.metaInsights(bw, a, tr.Since, tr.Until, offset, limit)
	default:
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":{"message":"Unknown path","type":"OAuthException","code":2500,"fbtrace_id":"fake"}}`)
	}
}

// metaPageOf writes one page of items with cursor paging.
func metaPageOf(bw *bufio.Writer, items []string, offset, limit int) {
	end := min(offset+limit, len(items))
	offset = min(offset, end)
	bw.WriteString(`{"data":[` + strings.Join(items[offset:end], ",") + `],"paging":{"cursors":{"before":"o` + strconv.Itoa(offset) + `","after":"o` + strconv.Itoa(end) + `"}`)
	if end < len(items) {
		bw.WriteString(`,"next":"https://graph.facebook.com/v27.0/next?after=o` + strconv.Itoa(end) + `"`)
	}
	bw.WriteString("}}")
}

// report is an async report run: an account's insights over a range.
type report struct{ account, since, until string }

// serveReport answers a report run's status (always completed) and its insights.
func (f *Fake) serveReport(w http.ResponseWriter, r *http.Request, path string) {
	id, rest, _ := strings.Cut(path, "/")
	n, _ := strconv.Atoi(strings.TrimPrefix(id, "60"))
	f.mu.RLock()
	ok := n < len(f.reports)
	var rep report
	if ok {
		rep = f.reports[n]
	}
	f.mu.RUnlock()
	a, found := account(f.Meta, rep.account)
	if !ok || !found {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":{"message":"Unsupported get request.","type":"GraphMethodException","code":100,"fbtrace_id":"fake"}}`)
		return
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	defer bw.Flush()
	if rest == "" {
		fmt.Fprintf(bw, `{"id":"%s","async_status":"Job Completed","async_percent_completion":100}`, id)
		return
	}
	q := r.URL.Query()
	offset, _ := strconv.Atoi(strings.TrimPrefix(q.Get("after"), "o"))
	f.metaInsights(bw, a, rep.since, rep.until, offset, metaPage)
}

// metaInsights writes one page of an account's daily campaign insights: spend and
// action values as strings, the lead action beside others. Only the page's items
// are formatted.
func (f *Fake) metaInsights(bw *bufio.Writer, a Account, since, until string, offset, limit int) {
	from, _ := goalbot.ParseDate(since)
	to, _ := goalbot.ParseDate(until)
	type item struct {
		c Campaign
		d goalbot.Date
		v Value
	}
	var all []item
	for _, d := range days(from, to) {
		for _, c := range a.Campaigns {
			if v := f.value(c.ID, d); v != (Value{}) {
				all = append(all, item{c, d, v})
			}
		}
	}
	end := min(offset+limit, len(all))
	offset = min(offset, end)
	items := make([]string, len(all))
	for i, it := range all[offset:end] {
		c, d, v := it.c, it.d, it.v
		items[offset+i] = fmt.Sprintf(`{"campaign_id":"%s","campaign_name":%q,"spend":"%d.%06d","actions":[{"action_type":"link_click","value":"%d"},{"action_type":"lead","value":"%d"}],"date_start":"%s","date_stop":"%s"}`,
			c.ID, c.Name, v.SpendMicros/1_000_000, v.SpendMicros%1_000_000, v.Conversions*10, v.Conversions, d, d)
	}
	metaPageOf(bw, items, offset, limit)
}
