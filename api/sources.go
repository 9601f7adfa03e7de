package api

import (
	"net/http"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// sourceJSON is one source in GET /v1/sources: times are RFC 3339 UTC, empty when
// they have not happened.
type sourceJSON struct {
	Name        string `json:"name"`
	Accounts    int    `json:"accounts"`
	Campaigns   int    `json:"campaigns"`
	LastSuccess string `json:"last_success"`
	Rows        int64  `json:"rows"`
	NextRun     string `json:"next_run"`
	Error       string `json:"error"`
	// Unattributed (a CRM source only) is how many paid contacts of the last 30 days
	// matched no campaign, from UnattributedFrom to UnattributedTo, with the
	// drill-downs they carried, most first.
	Unattributed     *int64              `json:"unattributed,omitempty"`
	UnattributedFrom string              `json:"unattributed_from,omitempty"`
	UnattributedTo   string              `json:"unattributed_to,omitempty"`
	UnattributedTop  []goalbot.DrillDown `json:"unattributed_top,omitempty"`
}

// syncJSON is what one pull of one source did, in POST /v1/sources/sync's answer:
// its failure in the reader's language, empty when it succeeded.
type syncJSON struct {
	Name      string `json:"name"`
	Accounts  int    `json:"accounts"`
	Campaigns int    `json:"campaigns"`
	Rows      int64  `json:"rows"`
	Error     string `json:"error,omitempty"`
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// handleSources is GET /v1/sources: each configured source's status.
func (v *V1) handleSources(w http.ResponseWriter, r *http.Request) error {
	sts, err := v.App.SourceStatuses(r.Context())
	if err != nil {
		return err
	}
	out := make([]sourceJSON, len(sts))
	for i, st := range sts {
		out[i] = sourceJSON{Name: st.Name, Accounts: st.Accounts, Campaigns: st.Campaigns, LastSuccess: rfc3339(st.LastSuccess),
			Rows: st.Rows, NextRun: rfc3339(st.NextRun), Error: printer(r).Message(st.Error)}
		if u := st.Unattributed; u != nil {
			n := u.Contacts
			out[i].Unattributed, out[i].UnattributedFrom, out[i].UnattributedTo = &n, u.From.String(), u.To.String()
			out[i].UnattributedTop = append([]goalbot.DrillDown{}, u.Top...)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"sources": out})
	return nil
}

// handleSync is POST /v1/sources/sync: pulls now ({"source":"meta","from":"…","to":"…"},
// every field optional) and answers when the pull is done, with what each source did.
func (v *V1) handleSync(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Source string `json:"source"`
		From   string `json:"from"`
		To     string `json:"to"`
	}
	if r.ContentLength != 0 {
		if err := decodeBody(r, &req); err != nil && !isEmptyBody(err) {
			return err
		}
	}
	from, to, err := commands.SyncDates(req.From, req.To, "from", "to")
	if err != nil {
		return err
	}
	res, err := v.App.SyncSources(r.Context(), commands.APIActor, req.Source, from, to)
	if err != nil {
		return err
	}
	p := printer(r)
	out := make([]syncJSON, len(res))
	for i, s := range res {
		out[i] = syncJSON{Name: s.Name, Accounts: s.Accounts, Campaigns: s.Campaigns, Rows: s.Rows, Error: p.Message(s.Error)}
	}
	writeJSON(w, http.StatusOK, map[string]any{"sources": out})
	return nil
}
