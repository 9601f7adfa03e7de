package api

import (
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// goalJSON is a goal as the API returns it: the contract's fields with, on reads, its
// status and figures (null until the engine has measured it).
type goalJSON struct {
	*goalbot.Goal
	Status     goalbot.Status `json:"status"`
	Progress   *float64       `json:"progress"`
	Pace       *goalbot.Pace  `json:"pace"`
	MeasuredAt *time.Time     `json:"measured_at"`
	Periods    []periodJSON   `json:"periods"`
	// Budget is a running budget's outlook (ad_spend goals only).
	Budget *budgetJSON `json:"budget,omitempty"`
}

// periodJSON is one period's figures; numbers are null until measured. Its dates
// are YYYY-MM-DD strings (a period's dates are never zero), written as plain
// strings because a goal has up to 261 periods and a Marshaler costs much more.
// Spend is a list of amounts, one per currency (`[{"currency":"USD","amount":120.5}]`,
// `[]` for none), never a sum across currencies; null until measured, and when
// measured by an earlier goalbot that did not keep currencies.
type periodJSON struct {
	Start    string          `json:"start"`
	End      string          `json:"end"`
	Target   *goalbot.Micro  `json:"target"`
	Actual   *goalbot.Micro  `json:"actual"`
	Spend    goalbot.Money   `json:"spend"`
	Contacts *int64          `json:"contacts"`
	Progress *float64        `json:"progress"`
	Outcome  goalbot.Outcome `json:"outcome,omitempty"`
	// Spending is where an ended period of a budget landed against its band
	// (overspend, underspend, within).
	Spending goalbot.Spending `json:"spending,omitempty"`
	Settled  bool             `json:"settled"`
}

// spendJSON is spend as periodJSON has it: nil (null) when not known, an empty list
// for none.
func spendJSON(m goalbot.Money) goalbot.Money {
	switch {
	case !m.Known():
		return nil
	case m == nil:
		return goalbot.Money{}
	}
	return m
}

func round1(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := goalbot.Round1(*p)
	return &v
}

// newGoalJSON renders a goal with what was measured of it.
func newGoalJSON(v commands.GoalView) goalJSON {
	out := goalJSON{Goal: v.Goal, Status: v.Status, Progress: round1(v.Headline())}
	m := v.Measurement
	if m == nil {
		for _, p := range v.Goal.Periods() {
			out.Periods = append(out.Periods, periodJSON{Start: p.Start.String(), End: p.End.String()})
		}
		return out
	}
	at := m.At.UTC()
	out.MeasuredAt = &at
	if m.Pace != goalbot.NoPace && v.Status == goalbot.InProgress {
		out.Pace = &m.Pace
	}
	for _, p := range m.Periods {
		actual := &p.Actual
		if v.Goal.Type.IsMoney() && p.Progress == nil {
			actual = nil // no cost without contacts, or with spend not in the goal's currency
		}
		out.Periods = append(out.Periods, periodJSON{
			Start: p.Start.String(), End: p.End.String(), Target: &p.Target, Actual: actual, Spend: spendJSON(p.Spend),
			Contacts: &p.Contacts, Progress: round1(p.Progress), Outcome: p.PeriodOutcome(), Spending: periodSpending(v.Goal, p),
			Settled: p.Settled,
		})
	}
	out.Budget = newBudgetJSON(v)
	return out
}

// createRequest is the body of POST /v1/goals.
type createRequest struct {
	Name          string                     `json:"name"`
	Type          string                     `json:"goal_type"`
	Stage         string                     `json:"lifecycle_stage"`
	Accounts      []string                   `json:"ad_accounts"`
	Campaigns     []string                   `json:"ad_campaigns"`
	Duration      string                     `json:"duration"`
	Start         string                     `json:"start_date"`
	End           string                     `json:"end_date"`
	FiscalYear    bool                       `json:"fiscal_year"`
	Target        json.RawMessage            `json:"target"`
	Targets       map[string]json.RawMessage `json:"targets"`
	Notifications *[]string                  `json:"notifications"`
	Team          string                     `json:"team"`
	Creator       string                     `json:"creator"`
}

// targetsOf decodes `target` and `targets`, naming the field of each problem.
func targetsOf(target json.RawMessage, targets map[string]json.RawMessage) (goalbot.Targets, error) {
	var t goalbot.Targets
	var p goalbot.Problems
	if len(target) > 0 && string(target) != "null" {
		var m goalbot.Micro
		if err := json.Unmarshal(target, &m); err != nil {
			p.Add("target", goalbot.MessageText, goalbot.Args{"Text": numberProblem(target, err)})
		}
		t.Target = &m
	}
	for _, k := range slices.Sorted(maps.Keys(targets)) {
		var ct goalbot.CampaignTarget
		if err := json.Unmarshal(targets[k], &ct); err != nil {
			p.Add("targets."+k, "api.targets", nil)
			continue
		}
		if t.PerCampaign == nil {
			t.PerCampaign = map[string]goalbot.CampaignTarget{}
		}
		t.PerCampaign[k] = ct
	}
	return t, p.Err()
}

// numberProblem says what is wrong with raw, a target that did not decode: not a
// number at all, or a number goalbot cannot take (too many decimals, too large).
func numberProblem(raw json.RawMessage, err error) goalbot.Message {
	var n json.Number
	if json.Unmarshal(raw, &n) != nil {
		return goalbot.M("api.target", nil)
	}
	return goalbot.MessageOf(err)
}

// draft turns the request into the draft every door shares.
func (c createRequest) draft() (goalbot.Draft, error) {
	d := goalbot.Draft{Name: c.Name, Type: c.Type, Stage: c.Stage, Accounts: c.Accounts, Campaigns: c.Campaigns,
		Duration: c.Duration, Start: c.Start, End: c.End, FiscalYear: c.FiscalYear, Team: c.Team, Creator: c.Creator}
	t, err := targetsOf(c.Target, c.Targets)
	if err != nil {
		return d, err
	}
	if t.Target != nil {
		d.Target = t.Target.String()
	}
	if len(t.PerCampaign) > 0 {
		d.Targets = map[string]string{}
		for k, ct := range t.PerCampaign {
			d.Targets[k] = ct.String()
		}
	}
	if c.Notifications != nil {
		n := "none"
		if len(*c.Notifications) > 0 {
			n = strings.Join(*c.Notifications, ",")
		}
		d.Notifications = &n
	}
	return d, nil
}

// MaxBodyBytes is the largest body of the /v1 requests other than the ingest (POST
// and PATCH /v1/goals, POST /v1/catalog, POST /v1/evaluate and /v1/sources/sync):
// 1 MiB, far more than the largest goal (50 campaigns with a target for each of 261
// periods) takes.
const MaxBodyBytes = 1 << 20

// errBodyTooLarge is a body over MaxBodyBytes, answered 413.
var errBodyTooLarge = &tooLargeError{limit: MaxBodyBytes}

// tooLargeError is a request body over its limit: writeError answers 413 with the
// limit.
type tooLargeError struct{ limit int64 }

func (e *tooLargeError) Error() string { return e.Said().String() }

// Said says what the limit is and what to do.
func (e *tooLargeError) Said() goalbot.Message {
	return goalbot.M("api.body.too_large", goalbot.Args{"Limit": e.limit, "Size": mebibytes(e.limit)})
}

// mebibytes writes a byte count in MiB, such as "1 MiB".
func mebibytes(n int64) string {
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', -1, 64) + " MiB"
}

// decodeBody decodes a JSON object of at most MaxBodyBytes, refusing unknown fields
// (so that typos do not pass silently) and trailing data, with errors that name the
// field.
func decodeBody(r *http.Request, v any) error {
	body, err := limitedBody(r)
	if err != nil {
		return err
	}
	return decodeJSON(body, v)
}

// limitedBody is r's body, which reads at most MaxBodyBytes (a read past it fails
// with an *http.MaxBytesError, which bodyError makes a 413); a body whose length is
// known to be over it is refused at once.
func limitedBody(r *http.Request) (io.Reader, error) {
	if r.ContentLength > MaxBodyBytes {
		return nil, errBodyTooLarge
	}
	return http.MaxBytesReader(nil, r.Body, MaxBodyBytes), nil
}

// decodeJSON is decodeBody of what r reads.
func decodeJSON(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bodyError(err)
	}
	if dec.More() {
		return goalbot.Invalid("api.body.one_object", nil)
	}
	return nil
}

func bodyError(err error) error {
	var te *json.UnmarshalTypeError
	var ge *goalbot.Error
	var tooLarge *http.MaxBytesError
	msg := err.Error()
	switch {
	case errors.As(err, &tooLarge):
		return errBodyTooLarge
	case errors.As(err, &te):
		var p goalbot.Problems
		p.Add(te.Field, "api.body.type", goalbot.Args{"Field": te.Field, "Kind": jsonKind(te.Type.Kind().String())})
		return p.Err()
	case errors.As(err, &ge):
		return ge
	case strings.HasPrefix(msg, "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(msg, "json: unknown field "), `"`)
		var p goalbot.Problems
		p.Add(f, "api.body.unknown_field", goalbot.Args{"Field": f})
		return p.Err()
	case err == io.EOF:
		return errEmptyBody
	}
	return goalbot.Invalid("api.body.json", goalbot.Args{"Detail": msg})
}

// errEmptyBody is the error of a body with no JSON in it.
var errEmptyBody = goalbot.Invalid("api.body.empty", nil)

func isEmptyBody(err error) bool { return err == errEmptyBody }

// jsonKind names the JSON kind of a Go kind: a list, a JSON object, a number, a
// string…
func jsonKind(k string) any {
	switch k {
	case "slice":
		return goalbot.M("api.kind.list", nil)
	case "map", "struct":
		return goalbot.M("api.kind.object", nil)
	case "int64", "float64":
		return goalbot.M("api.kind.number", nil)
	case "string":
		return goalbot.M("api.kind.string", nil)
	case "bool":
		return goalbot.M("api.kind.bool", nil)
	}
	return k
}

func (v *V1) handleCreateGoal(w http.ResponseWriter, r *http.Request) error {
	var req createRequest
	if err := decodeBody(r, &req); err != nil {
		return err
	}
	d, err := req.draft()
	if err != nil {
		return err
	}
	g, err := v.App.CreateGoal(r.Context(), commands.APIActor, d)
	if err != nil {
		return err
	}
	view, err := v.App.ReadGoal(r.Context(), g.ID) // measured by CreateGoal
	if err != nil {
		return err
	}
	setETag(w, view.Goal)
	writeJSON(w, http.StatusCreated, newGoalJSON(view))
	return nil
}

// goalID is the goal id of the request's path, refused when it holds a character
// that cannot be seen (it would be named as not found, looking like a real id).
func goalID(r *http.Request) (string, error) {
	id := r.PathValue("id")
	return id, goalbot.CheckID("goal", id)
}

func (v *V1) handleGetGoal(w http.ResponseWriter, r *http.Request) error {
	id, err := goalID(r)
	if err != nil {
		return err
	}
	return v.writeGoal(w, r, id)
}

// writeGoal answers with goal id as GET /v1/goals/{id} gives it, with its ETag.
func (v *V1) writeGoal(w http.ResponseWriter, r *http.Request, id string) error {
	view, err := v.App.GetGoal(r.Context(), id)
	if err != nil {
		return err
	}
	setETag(w, view.Goal)
	writeJSON(w, http.StatusOK, newGoalJSON(view))
	return nil
}

// listKeys are the query parameters of GET /v1/goals besides the filters.
var listKeys = []string{"limit", "cursor"}

func (v *V1) handleListGoals(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f, err := filterOf(q)
	if err != nil {
		return err
	}
	limit := 100
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 500 {
			var p goalbot.Problems
			p.Add("limit", "api.limit", nil)
			return p.Err()
		}
		limit = n
	}
	views, next, err := v.App.ListGoals(r.Context(), f, q.Get("cursor"), limit)
	if err != nil {
		return err
	}
	out := struct {
		Goals      []goalJSON `json:"goals"`
		NextCursor string     `json:"next_cursor"`
	}{Goals: make([]goalJSON, len(views)), NextCursor: next}
	for i, view := range views {
		out.Goals[i] = newGoalJSON(view)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// filterOf reads the contract's filters from query parameters.
func filterOf(q url.Values) (goalbot.Filter, error) {
	var pairs [][2]string
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if slices.Contains(listKeys, k) {
			continue
		}
		for _, val := range q[k] {
			pairs = append(pairs, [2]string{k, val})
		}
	}
	return goalbot.ParseFilter(pairs)
}

// patchRequest is the body of PATCH /v1/goals/{id}; any other field is refused.
type patchRequest struct {
	Name          *string                    `json:"name"`
	Target        json.RawMessage            `json:"target"`
	Targets       map[string]json.RawMessage `json:"targets"`
	Notifications *[]string                  `json:"notifications"`
	Team          *string                    `json:"team"`
}

// update turns the request into the update every door shares.
func (req patchRequest) update() (goalbot.GoalUpdate, error) {
	u := goalbot.GoalUpdate{Name: req.Name, Team: req.Team}
	if req.Target != nil || req.Targets != nil {
		t, err := targetsOf(req.Target, req.Targets)
		if err != nil {
			return u, err
		}
		u.Targets = &t
	}
	if req.Notifications != nil {
		evs, err := goalbot.ParseEvents(strings.Join(*req.Notifications, ","), "notifications", goalbot.GoalEvents, true)
		if len(*req.Notifications) == 0 {
			evs, err = []goalbot.Event{}, nil
		}
		if err != nil {
			return u, err
		}
		u.Notifications = &evs
	}
	return u, nil
}

func (v *V1) handlePatchGoal(w http.ResponseWriter, r *http.Request) error {
	id, err := goalID(r)
	if err != nil {
		return err
	}
	var req patchRequest
	if err := decodePatch(r, &req); err != nil {
		return err
	}
	u, err := req.update()
	if err != nil {
		return err
	}
	err = atVersion(r, id, func(version int64) error {
		_, err := v.App.UpdateGoalAt(r.Context(), commands.APIActor, id, version, u)
		return err
	})
	if err != nil {
		return err
	}
	view, err := v.App.GetGoal(r.Context(), id)
	if err != nil {
		return err
	}
	setETag(w, view.Goal)
	writeJSON(w, http.StatusOK, newGoalJSON(view))
	return nil
}

func (v *V1) handleDeleteGoal(w http.ResponseWriter, r *http.Request) error {
	id, err := goalID(r)
	if err != nil {
		return err
	}
	err = atVersion(r, id, func(version int64) error {
		return v.App.DeleteGoalAt(r.Context(), commands.APIActor, id, version)
	})
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (v *V1) handleCatalog(w http.ResponseWriter, r *http.Request) error {
	var c commands.Catalog
	if err := decodeBody(r, &c); err != nil {
		return err
	}
	if err := v.App.AddCatalog(r.Context(), c); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"accounts": len(c.Accounts), "campaigns": len(c.Campaigns)})
	return nil
}
