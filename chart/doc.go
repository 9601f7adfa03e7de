// Package chart draws a goal's chart as a PNG: the current period's cumulative
// actual against its target, a dashed projection to the period's end with its band,
// and past periods as actual-versus-target bars; for a cost goal, the cost per contact
// against its cap.
//
// It draws from plain inputs (Chart), with every word, number, amount and date
// formatted by a Locale the caller passes (English by default), so that a caller can
// draw in the viewer's language and currency. It reads no store and knows no Slack:
// commands or the engine build a Chart from a goal's figures and hand the PNG on.
//
// Drawing uses gonum.org/v1/plot with the Liberation Sans font embedded in the
// binary, so a chart looks the same on every machine, and the same Chart gives the
// same bytes.
package chart
