// Package commands holds what a user says and sees, whatever the door they come in by
// (Slack, the console, HTTP): the use cases (create, list, show, edit, delete goals,
// ingest metrics, catalog), their validation and permission checks, and the decoders
// of the formats people and tools send. It has no socket and no HTTP server; it speaks
// to the store through the small interfaces it declares.
package commands
