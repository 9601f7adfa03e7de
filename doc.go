// Package goalbot holds the domain of goalbot: goals for ad campaigns, their types,
// lifecycle stages, durations, periods and targets, how progress, status, pace and
// outcomes follow from metrics, where a running period is heading and what reaching
// its target (or staying within a budget) takes, the filters of the /goal command and
// the HTTP API, and the one error type every adapter renders.
//
// The package is pure: standard library only, no I/O, no global mutable state. Time
// comes in as arguments (see Clock); adapters (store, engine, commands, bot, api) import
// it, never the other way round.
package goalbot
