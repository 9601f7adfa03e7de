package main

import "log/slog"

// redacted is what a set Secret shows instead of its value.
const redacted = "[redacted]"

// Secret is a value that must never be printed or logged, such as a token. Formatting,
// logging and marshalling it show only whether it is set; Value returns the value
// itself for the one place that needs it.
type Secret string

// Value returns the secret itself.
func (s Secret) Value() string { return string(s) }

// String returns "[redacted]", or "" when the secret is not set.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString is String, so that %#v does not show the value either.
func (s Secret) GoString() string { return s.String() }

// LogValue is String, for log/slog.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText is String, for encoding/json and its kin.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
