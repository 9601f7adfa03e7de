package store

import "fmt"

// keys names every key of one store: "<prefix>{gb}:" followed by the key's own name.
// The hash tag {gb} puts every key in one Cluster hash slot, so that every
// multi-key command, transaction and script works on a Cluster. Each part of the
// store names and documents its keys in its own file (see doc.go).
type keys struct{ base string }

// newKeys returns the key names under prefix.
func newKeys(prefix string) keys { return keys{base: prefix + "{gb}:"} }

// schema holds the schema version (SchemaVersion); a newer one is refused.
func (k keys) schema() string { return k.base + "schema" }

// yyyymm formats a month as six digits (202603).
func yyyymm(year, month int) string { return fmt.Sprintf("%04d%02d", year, month) }
