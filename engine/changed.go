package engine

import (
	"time"

	"github.com/goalbot/goalbot"
)

// ShownChanged reports whether measurement cur of goal g (at now) changes what people
// see of g compared with its previous measurement prev (nil when none): its status,
// its headline progress as a floored percent (or whether it is known), or its pace.
// Engine.Changed is told about such goals, so that the App Home tabs showing them are
// republished, and only those.
func ShownChanged(g *goalbot.Goal, prev, cur *goalbot.Measurement, now time.Time) bool {
	if prev == nil {
		return true
	}
	if g.Status(prev, prev.At) != g.Status(cur, now) || prev.Pace != cur.Pace {
		return true
	}
	a, b := prev.Headline, cur.Headline
	if a == nil || b == nil {
		return (a == nil) != (b == nil)
	}
	return goalbot.FloorPercent(*a) != goalbot.FloorPercent(*b)
}
