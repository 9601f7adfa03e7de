package store

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
)

// TestMain runs the test binary as a compaction child when asked (compactChild), as
// goalbot runs itself.
func TestMain(m *testing.M) {
	if len(os.Args) == 4 && os.Args[1] == "compact-child" {
		upto, err := strconv.ParseUint(os.Args[3], 10, 64)
		if err == nil {
			err = CompactDir(context.Background(), os.Args[2], upto)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// compactChild compacts in a child process: this test binary, at a lower priority.
func compactChild(ctx context.Context, dir string, upto uint64) error {
	cmd := exec.CommandContext(ctx, os.Args[0], "compact-child", dir, strconv.FormatUint(upto, 10))
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return err
	}
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, cmd.Process.Pid, 10)
	return cmd.Wait()
}
