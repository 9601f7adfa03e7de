// Package backtest measures the domain's projection methods on daily series: at
// every day of every past period it projects the period's end from the days before
// and compares the projection with the real end value. Its test runs the
// measurement on the demo's data (see docs/projection.md) and checks that
// goalbot.DefaultMethod is the better method there.
//
// It is a development tool: nothing of goalbot imports it.
package backtest
