package api

import (
	"net/http"
	"strconv"

	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
)

// handleGoalChart is GET /v1/goals/{id}/chart.png: the goal's chart as a PNG, for
// dashboards, drawn in the language of the request's Accept-Language (English by
// default). A goal that has no chart yet (not started, nothing measured) is a 400
// that says when it will; an unknown one a 404.
func (v *V1) handleGoalChart(w http.ResponseWriter, r *http.Request) error {
	id, err := goalID(r)
	if err != nil {
		return err
	}
	c, err := v.App.Chart(r.Context(), commands.APIActor, id, "")
	if err != nil {
		return err
	}
	png, err := c.Draw(messages.For(r.Header.Get("Accept-Language")))
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "image/png")
	h.Set("Content-Length", strconv.Itoa(len(png)))
	h.Set("Cache-Control", "no-cache") // the figures move with every ingest
	h.Set("Content-Disposition", `inline; filename="`+c.FileName()+`"`)
	h.Set("Vary", "Accept-Language")
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(png); err != nil { // the client went away: nothing left to answer
		v.Logger.InfoContext(r.Context(), "api: a chart's answer was cut short", "goal", id, "err", err)
	}
	return nil
}
