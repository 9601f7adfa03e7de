package adfake

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/goalbot/goalbot"
)

var between = regexp.MustCompile(`segments\.date BETWEEN '(\d{4}-\d\d-\d\d)' AND '(\d{4}-\d\d-\d\d)'`)

// streamBatch is how many results one searchStream batch holds.
const streamBatch = 10_000

func (f *Fake) serveGoogle(w http.ResponseWriter, r *http.Request, path string) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	if path == "customers:listAccessibleCustomers" {
		names := make([]string, len(f.Google))
		for i, a := range f.Google {
			names[i] = "customers/" + a.ID
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"resourceNames": names})
		return
	}
	id := strings.TrimSuffix(strings.TrimPrefix(path, "customers/"), "/googleAds:searchStream")
	a, ok := account(f.Google, id)
	var body struct{ Query string }
	if !ok || json.NewDecoder(r.Body).Decode(&body) != nil {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `[{"error":{"code":404,"message":"Not found","status":"NOT_FOUND"}}]`)
		return
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	defer bw.Flush()
	switch {
	case strings.Contains(body.Query, "FROM customer_client"):
		fmt.Fprintf(bw, `[{"results":[{"customerClient":{"resourceName":"customers/%s/customerClients/%s","clientCustomer":"customers/%s","level":"0","timeZone":%q,"descriptiveName":%q,"currencyCode":%q,"id":"%s","status":"ENABLED"}}],"fieldMask":"customerClient.id","requestId":"fake"}]`,
			a.ID, a.ID, a.ID, a.TimeZone, a.Name, a.Currency, a.ID)
	case between.MatchString(body.Query):
		m := between.FindStringSubmatch(body.Query)
		from, _ := goalbot.ParseDate(m[1])
		to, _ := goalbot.ParseDate(m[2])
		f.googleMetrics(bw, a, from, to)
	default:
		bw.WriteString("[{")
		bw.WriteString(`"results":[`)
		for i, c := range a.Campaigns {
			if i > 0 {
				bw.WriteByte(',')
			}
			fmt.Fprintf(bw, `{"campaign":{"resourceName":"customers/%s/campaigns/%s","name":%q,"id":"%s"}}`, a.ID, c.ID, c.Name, c.ID)
		}
		bw.WriteString(`],"fieldMask":"campaign.id,campaign.name","requestId":"fake"}]`)
	}
}

// googleMetrics writes the stream's batches: at most streamBatch results each,
// costMicros as a string, conversions as a number, zero days left out.
func (f *Fake) googleMetrics(bw *bufio.Writer, a Account, from, to goalbot.Date) {
	bw.WriteByte('[')
	n, batches := 0, 0
	open := func() {
		if batches > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString(`{"results":[`)
		batches++
	}
	closeBatch := func() {
		bw.WriteString(`],"fieldMask":"campaign.id,campaign.name,segments.date,metrics.costMicros,metrics.conversions,metrics.allConversions","requestId":"fake"}`)
	}
	for _, d := range days(from, to) {
		for _, c := range a.Campaigns {
			v := f.value(c.ID, d)
			if v == (Value{}) {
				continue
			}
			if n%streamBatch == 0 {
				if n > 0 {
					closeBatch()
				}
				open()
			} else {
				bw.WriteByte(',')
			}
			n++
			fmt.Fprintf(bw, `{"campaign":{"resourceName":"customers/%s/campaigns/%s","name":%q,"id":"%s"},"metrics":{"costMicros":"%d","conversions":%d,"allConversions":%d},"segments":{"date":"%s"}}`,
				a.ID, c.ID, c.Name, c.ID, v.SpendMicros, v.Conversions, v.Conversions, d)
		}
	}
	if n > 0 {
		closeBatch()
	}
	bw.WriteByte(']')
}
