package store

import (
	"encoding/json"
	"strings"

	"github.com/goalbot/goalbot"
)

// The fields of the sets that index goals by a value (goals:<field>:<value>).
const (
	byCampaign = "campaign"
	byAccount  = "account"
	byTeam     = "team"
	byCreator  = "creator"
	byDuration = "duration"
	byType     = "type"
)

// goalIndex is how one goal is indexed: the sets it belongs to and its range.
type goalIndex struct {
	sets       []string // keys of the goals:<field>:<value> sorted sets
	start, end int64    // first instant of the range and first instant after it (unix s)
}

// indexOf returns how g is indexed. A value with a newline cannot be a key part the
// store trusts, so it is refused.
func (r *Redis) indexOf(g *goalbot.Goal) (goalIndex, error) {
	ix := goalIndex{start: g.StartTime().Unix(), end: g.EndTime().Unix()}
	seen := map[string]bool{}
	add := func(field string, vals ...string) error {
		for _, v := range vals {
			if v == "" {
				continue
			}
			if strings.ContainsAny(v, "\n\x00") {
				return goalbot.Invalid("errors.store.control", goalbot.Args{"Field": field, "Value": goalbot.Quote(v)})
			}
			if k := r.keys.goalsBy(field, v); !seen[k] {
				seen[k] = true
				ix.sets = append(ix.sets, k)
			}
		}
		return nil
	}
	for _, err := range []error{
		add(byCampaign, g.Campaigns...),
		add(byAccount, g.Accounts...),
		add(byTeam, g.Team),
		add(byCreator, g.Creator),
		add(byDuration, string(g.Duration)),
		add(byType, string(g.Type)),
	} {
		if err != nil {
			return goalIndex{}, err
		}
	}
	return ix, nil
}

// setsJSON is the list of set keys as JSON, as the goal's hash keeps it so that an
// update or a delete knows which sets to leave.
func (ix goalIndex) setsJSON() string {
	b, _ := json.Marshal(ix.sets) // a []string always marshals
	return string(b)
}
