package api

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
)

// historyJSON is GET /v1/goals/{id}/history (docs/metrics-and-api.md): the goal as it
// was set, whether and by whom it was deleted, every period with its figures and its
// campaigns' (where kept), and a page of its changes, newest first.
type historyJSON struct {
	Goal       *goalbot.Goal   `json:"goal"`
	Status     goalbot.Status  `json:"status"`
	MeasuredAt *time.Time      `json:"measured_at"`
	Deleted    *deletedJSON    `json:"deleted"`
	Periods    []historyPeriod `json:"periods"`
	Changes    []changeJSON    `json:"changes"`
	Total      int             `json:"changes_total"`
	Dropped    int             `json:"changes_dropped"`
	Next       string          `json:"next_changes_cursor"`
}

// deletedJSON says when and by whom a goal was deleted, and until when it can be
// restored (null once it cannot).
type deletedJSON struct {
	At           time.Time  `json:"at"`
	By           *string    `json:"by"`
	RestoreUntil *time.Time `json:"restore_until"`
}

// historyPeriod is one period of a history: periodJSON's figures, where it stands,
// and its campaigns' figures (null when not known: see its state).
type historyPeriod struct {
	periodJSON
	State     commands.PeriodState `json:"state"`
	Campaigns []campaignJSON       `json:"campaigns"`
}

// campaignJSON is one campaign's figures in one period.
type campaignJSON struct {
	Campaign string         `json:"campaign"`
	Target   goalbot.Micro  `json:"target"`
	Actual   *goalbot.Micro `json:"actual"`
	Spend    goalbot.Money  `json:"spend"`
	Contacts int64          `json:"contacts"`
	Progress *float64       `json:"progress"`
}

// changeJSON is one change of a goal; by is null for the API token.
type changeJSON struct {
	At     time.Time             `json:"at"`
	By     *string               `json:"by"`
	Kind   goalbot.ChangeKind    `json:"kind"`
	Fields []goalbot.FieldChange `json:"fields"`
}

// historyKeys are the query parameters of GET /v1/goals/{id}/history.
var historyKeys = []string{"changes_limit", "changes_cursor"}

// handleHistory is GET /v1/goals/{id}/history?changes_limit=N&changes_cursor=C.
func (v *V1) handleHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := goalID(r)
	if err != nil {
		return err
	}
	q, err := historyQuery(r)
	if err != nil {
		return err
	}
	h, err := v.App.GoalHistory(r.Context(), id, q)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newHistoryJSON(h))
	return nil
}

// historyQuery reads the query parameters: every period with its campaigns, and the
// page of changes asked for (refusals are said in the language of Accept-Language,
// as every error of the API).
func historyQuery(r *http.Request) (commands.HistoryQuery, error) {
	q := commands.HistoryQuery{AllPeriods: true, ChangeLimit: 100}
	var p goalbot.Problems
	keys := slices.Sorted(maps.Keys(r.URL.Query()))
	for _, k := range keys {
		if !slices.Contains(historyKeys, k) {
			p.Add(k, "history.error.api_param", messages.Args{"Key": k})
		}
	}
	if s := r.URL.Query().Get("changes_limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > commands.MaxChangeLimit {
			p.Add("changes_limit", "history.error.api_limit", messages.Args{"Most": commands.MaxChangeLimit})
		}
		q.ChangeLimit = n
	}
	if s := r.URL.Query().Get("changes_cursor"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			p.Add("changes_cursor", "history.error.api_cursor", nil)
		}
		q.ChangeSkip = n
	}
	return q, p.Err()
}

// newHistoryJSON renders a history.
func newHistoryJSON(h commands.History) historyJSON {
	out := historyJSON{Goal: h.Goal, Status: h.Status, Total: h.ChangeTotal, Dropped: h.ChangesDropped,
		Periods: make([]historyPeriod, len(h.Periods)), Changes: make([]changeJSON, len(h.ChangeLog))}
	if !h.MeasuredAt.IsZero() {
		at := h.MeasuredAt.UTC()
		out.MeasuredAt = &at
	}
	if d := h.Deleted; d != nil {
		out.Deleted = &deletedJSON{At: d.At.UTC(), By: byJSON(d.By)}
		if !h.RestoreUntil.IsZero() {
			until := h.RestoreUntil.UTC()
			out.Deleted.RestoreUntil = &until
		}
	}
	for i, hp := range h.Periods {
		out.Periods[i] = newHistoryPeriod(h.Goal, hp)
	}
	for i, c := range h.ChangeLog {
		fields := c.Fields
		if fields == nil {
			fields = []goalbot.FieldChange{}
		}
		out.Changes[i] = changeJSON{At: c.At.UTC(), By: byJSON(c.By), Kind: c.Kind, Fields: fields}
	}
	if next := h.ChangeSkip + len(h.ChangeLog); next < h.ChangeTotal {
		out.Next = strconv.Itoa(next)
	}
	return out
}

// newHistoryPeriod renders one period: figures null while not measured, campaigns
// null when not known.
func newHistoryPeriod(g *goalbot.Goal, hp commands.HistoryPeriod) historyPeriod {
	out := historyPeriod{State: hp.State, periodJSON: periodJSON{Start: hp.Start.String(), End: hp.End.String()}}
	if !hp.Measured {
		return out
	}
	f := hp.Figures
	out.periodJSON = periodJSON{Start: hp.Start.String(), End: hp.End.String(), Target: &f.Target, Actual: actualJSON(g, f),
		Spend: spendJSON(f.Spend), Contacts: &f.Contacts, Progress: round1(f.Progress), Outcome: hp.PeriodOutcome(), Settled: hp.Settled}
	if hp.Campaigns != nil {
		out.Campaigns = make([]campaignJSON, len(hp.Campaigns))
		for i, c := range hp.Campaigns {
			out.Campaigns[i] = campaignJSON{Campaign: c.Campaign, Target: c.Target, Actual: actualJSON(g, c.Figures),
				Spend: spendJSON(c.Spend), Contacts: c.Contacts, Progress: round1(c.Progress)}
		}
	}
	return out
}

// actualJSON is figures' actual, or nil for a cost per contact that is not known (no
// contacts, or spend not in the goal's currency).
func actualJSON(g *goalbot.Goal, f goalbot.Figures) *goalbot.Micro {
	if g.Type == goalbot.CostPerContact && f.Progress == nil {
		return nil
	}
	a := f.Actual
	return &a
}

// byJSON is who made a change: a Slack user id, or null for the API token.
func byJSON(user string) *string {
	if user == "" {
		return nil
	}
	return &user
}

// handleRestore is POST /v1/goals/{id}/restore: a deleted goal put back (within the
// restore window), answered with the goal as GET /v1/goals/{id} gives it.
func (v *V1) handleRestore(w http.ResponseWriter, r *http.Request) error {
	id, err := goalID(r)
	if err != nil {
		return err
	}
	if _, err := v.App.RestoreGoal(r.Context(), commands.APIActor, id); err != nil {
		return err
	}
	return v.writeGoal(w, r, id)
}
