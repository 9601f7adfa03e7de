package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	"github.com/goalbot/goalbot/store"
)

// compactNice is the child's scheduling priority (nice): below the server's, so that
// commands get the CPU first.
const compactNice = 10

// compactor returns how the embedded store compacts: in a child process, this
// program running compactCommand, so that building the store's copy adds nothing to
// the server's garbage collection and yields the CPU to it. The child dies with this
// process, and is killed when the store closes.
func (m *Main) compactor() store.Compactor {
	return func(ctx context.Context, dir string, upto uint64) error {
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("compact in a child process: %w", err)
		}
		cmd := exec.CommandContext(ctx, exe, compactCommand, dir, strconv.FormatUint(upto, 10))
		cmd.Env = []string{} // it reads no configuration
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		// Pdeathsig follows the thread that started the child: keep this goroutine on it.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("compact in a child process: %w", err)
		}
		_ = syscall.Setpriority(syscall.PRIO_PROCESS, cmd.Process.Pid, compactNice) // best effort
		if err := cmd.Wait(); err != nil {
			return fmt.Errorf("compact in a child process: %w: %s", err, strings.TrimSpace(stderr.String()))
		}
		return nil
	}
}
