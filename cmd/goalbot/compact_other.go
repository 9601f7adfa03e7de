//go:build !linux

package main

import "github.com/goalbot/goalbot/store"

// compactor returns how the embedded store compacts: in this process, where a child
// cannot be tied to this process's life.
func (m *Main) compactor() store.Compactor { return nil }
