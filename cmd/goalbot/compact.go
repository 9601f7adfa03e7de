package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/goalbot/goalbot/store"
)

// compactCommand is the internal command that compacts the embedded store's log in
// a child process (compactInChild); it is not for users, and not in the usage.
const compactCommand = "internal-compact"

// internalCompact is the compactCommand: `goalbot internal-compact DIR UPTO` folds the
// log segments of the embedded store in DIR below UPTO into its snapshot. The parent
// that runs it holds the directory.
func (m *Main) internalCompact(ctx context.Context, args []string) error {
	if len(args) != 2 {
		return fmt.Errorf("%s takes a data directory and a segment number, got %q", compactCommand, args)
	}
	upto, err := strconv.ParseUint(args[1], 10, 64)
	if err != nil {
		return fmt.Errorf("%s: segment number %q: %w", compactCommand, args[1], err)
	}
	return store.CompactDir(ctx, args[0], upto)
}
