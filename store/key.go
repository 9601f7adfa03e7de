package store

import "fmt"

// keys names every key of one store: "<prefix>{gb}:" followed by the key's own name.
// The hash tag {gb} puts every key in one Cluster hash slot, so that every
// multi-key command, transaction and script works on a Cluster.
type keys struct{ base string }

// newKeys returns the key names under prefix.
func newKeys(prefix string) keys { return keys{base: prefix + "{gb}:"} }

func (k keys) schema() string  { return k.base + "schema" }
func (k keys) goalSeq() string { return k.base + "seq:goal" }
func (k keys) subSeq() string  { return k.base + "seq:sub" }

// Goals and their indexes.
func (k keys) goal(id string) string { return k.base + "goal:" + id }
func (k keys) goals() string         { return k.base + "goals" }
func (k keys) goalsOpen() string     { return k.base + "goals:open" }
func (k keys) goalsStart() string    { return k.base + "goals:start" }
func (k keys) goalsEnd() string      { return k.base + "goals:end" }
func (k keys) goalsProgress() string { return k.base + "goals:progress" }
func (k keys) goalsOutcome(o string) string {
	return k.base + "goals:outcome:" + o
}

// goalsBy is the set of the goals whose field (campaign, account, team, creator,
// duration, type) has value.
func (k keys) goalsBy(field, value string) string {
	return k.base + "goals:" + field + ":" + value
}

// Metrics.
func (k keys) metricMonth(campaign string, year int, month int) string {
	return k.base + "metric:" + campaign + ":" + yyyymm(year, month)
}
func (k keys) metricLast() string { return k.base + "metric:last" }

// Catalog.
func (k keys) catalog(kind string) string { return k.base + "catalog:" + kind }
func (k keys) catalogVersion() string     { return k.base + "catalog:version" }

// Subscriptions.
func (k keys) sub(id string) string         { return k.base + "sub:" + id }
func (k keys) subs() string                 { return k.base + "subs" }
func (k keys) subsChannel(ch string) string { return k.base + "subs:channel:" + ch }

// Alert ledger and outbox.
func (k keys) outbox(part string) string     { return k.base + "outbox:" + part }
func (k keys) outboxGoal(goal string) string { return k.base + "outbox:goal:" + goal }

// yyyymm formats a month as six digits (202603).
func yyyymm(year, month int) string { return fmt.Sprintf("%04d%02d", year, month) }
