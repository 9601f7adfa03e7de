// Package commands holds what a user says and what happened, whatever the door they
// come in by (Slack, the console, HTTP): the `/goal` grammar, the use cases (create,
// list, show, edit, delete goals, subscribe, ingest metrics, catalog) with their
// validation and permission checks, and the decoders of the formats people and tools
// send. The use cases return typed outcomes (see Outcome) that say what happened and
// what changed; each surface renders them its own way. It has no socket, no HTTP
// server, no Block Kit and no slack-go import (TestLayers holds it so); it speaks to
// the store through the small interfaces it declares. Its format.go holds the words of
// values (numbers, money, statuses) that every renderer shares.
package commands
