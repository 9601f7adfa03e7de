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
		var tr struct{ Since, Until string }
		_ = json.Unmarshal([]byte(q.Get("time_range")), &tr)
		from, _ := goalbot.ParseDate(tr.Since)
		to, _ := goalbot.ParseDate(tr.Until)
		var items []string
		for _, d := range days(from, to) {
			for _, c := range a.Campaigns {
				v := f.value(c.ID, d)
				if v == (Value{}) {
					continue
				}
				items = append(items, fmt.Sprintf(`{"campaign_id":"%s","campaign_name":%q,"spend":"%d.%06d","actions":[{"action_type":"link_click","value":"%d"},{"action_type":"lead","value":"%d"}],"date_start":"%s","date_stop":"%s"}`,
					c.ID, c.Name, v.SpendMicros/1_000_000, v.SpendMicros%1_000_000, v.Conversions*10, v.Conversions, d, d))
			}
		}
		metaPageOf(bw, items, offset, limit)
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
