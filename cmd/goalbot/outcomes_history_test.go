package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// goldenHistories are the history rows of the outcomes' table: a short history, the
// largest one (a year of weeks, fifty campaigns in two currencies, a page of edits
// of every field with the longest values, earlier changes no longer kept), a deleted
// goal still restorable and one past its window, and a restore.
func goldenHistories(t *testing.T) []goldenOutcome {
	plain := goldenGoal(t, "G1", draftOf("Spring leads", "cmp-1", "cmp-2"))
	big := goldenGoal(t, "G9", goalbot.Draft{Name: longName, Type: string(goalbot.NetworkConversions), Campaigns: campaigns(50),
		Duration: string(goalbot.Weekly), Target: "7", Start: "2025-10-06", End: "2026-10-04"})
	created := goalbot.Change{At: goldenNow.Add(-40 * 24 * time.Hour), By: "U1", Kind: goalbot.ChangeCreated}
	edit := goalbot.Change{At: goldenNow.Add(-48 * time.Hour), By: "U2", Kind: goalbot.ChangeEdited, Fields: []goalbot.FieldChange{
		{Field: "name", Old: "Leads", New: pingName}, {Field: "target", Old: "100", New: "1500.5"},
		{Field: "targets.cmp-1", Old: "", New: "50,60.5"},
		{Field: "notifications", Old: "started,milestone", New: ""}, {Field: "team", Old: "", New: "growth"}}}
	small := historyOf(plain, 0.6)
	small.ChangeLog, small.ChangeTotal, small.ChangeLimit = []goalbot.Change{edit, created}, 2, commands.ChangesPerPage

	large := historyOf(big, 0.9)
	var long []goalbot.FieldChange
	for _, c := range big.Campaigns {
		long = append(long, goalbot.FieldChange{Field: goalbot.CampaignTargetPrefix + c, Old: strings.Repeat("7,", 26) + "7", New: strings.Repeat("8,", 26) + "8"})
	}
	long = append(long, goalbot.FieldChange{Field: "name", Old: longName, New: longName + "y"})
	for i := range commands.ChangesPerPage {
		large.ChangeLog = append(large.ChangeLog, goalbot.Change{At: goldenNow.Add(-time.Duration(i) * time.Minute), By: "U2", Kind: goalbot.ChangeEdited, Fields: long})
	}
	large.ChangeSkip, large.ChangeLimit, large.ChangeTotal, large.ChangesDropped = 990, commands.ChangesPerPage, 1001, 24
	last := large
	last.ChangeSkip, last.ChangeLog = 1000, []goalbot.Change{created}

	deleted := small
	del := goalbot.Change{At: goldenNow.Add(-24 * time.Hour), By: "U3", Kind: goalbot.ChangeDeleted}
	deleted.Deleted, deleted.RestoreUntil = &del, goalbot.RestoreBy(del.At)
	deleted.ChangeLog, deleted.ChangeTotal = []goalbot.Change{del, edit, created}, 3
	gone := deleted
	old := goalbot.Change{At: goldenNow.Add(-31 * 24 * time.Hour), Kind: goalbot.ChangeDeleted}
	gone.Deleted, gone.RestoreUntil = &old, time.Time{}
	gone.ChangeLog = []goalbot.Change{old, edit, created}
	return []goldenOutcome{
		{"history/a month's goal", small},
		{"history/a year of weeks, fifty campaigns and long edits", large},
		{"history/the last page of changes, earlier ones no longer kept", last},
		{"history/deleted", deleted},
		{"history/deleted past its window", gone},
		{"restored", commands.Restored{Goal: plain, Deleted: del}},
	}
}

// historyOf is g's history as measured at goldenNow (each campaign with per of its
// target), its running period detailed with its campaigns' figures, and the settled
// periods' spend in two currencies.
func historyOf(g *goalbot.Goal, per float64) commands.History {
	v := measured(g, per)
	m := v.Measurement
	h := commands.History{Goal: g, Status: v.Status, MeasuredAt: m.At, PeriodCount: len(m.Periods)}
	from := max(m.Current, 0) / commands.PeriodsPerPage * commands.PeriodsPerPage
	for i := from; i < min(from+commands.PeriodsPerPage, len(m.Periods)); i++ {
		hp := commands.HistoryPeriod{PeriodFigures: m.Periods[i], Index: i, Measured: true, Detailed: i == m.Current}
		switch {
		case hp.Settled:
			hp.State = commands.PeriodSettled
			hp.Spend = append(goalbot.Money{{Currency: goalbot.CurrencyOf("EUR"), Amount: goalbot.Units(int64(10 + i))}}, hp.Spend...)
		case hp.Ended:
			hp.State = commands.PeriodProvisional
		case i == m.Current:
			hp.State = commands.PeriodRunning
		default:
			hp.State = commands.PeriodPending
		}
		if !hp.Detailed {
			hp.Campaigns = nil
		}
		h.Periods = append(h.Periods, hp)
	}
	if len(h.Periods) == 0 {
		panic(fmt.Sprintf("no periods in the history of %s", g.ID))
	}
	return h
}
