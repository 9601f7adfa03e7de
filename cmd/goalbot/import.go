package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/goalbot/goalbot/commands"
)

// importMetrics is the import command: `goalbot import FILE.csv`, or `goalbot import
// -` for standard input. It reads and checks the whole file first and applies
// nothing when a row is wrong; then it writes the rows in batches and prints a
// summary line.
func (m *Main) importMetrics(ctx context.Context, args []string) (err error) {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	operands, err := m.parseCommand(fs, args, "FILE.csv, or - for standard input")
	if errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	path := operands[0]
	if err := m.openForCommand(ctx); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer func() { err = errors.Join(err, m.Close()) }()
	in, size, name, err := m.openInput(path)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer in.Close()

	start := time.Now()
	imp, err := m.readImport(ctx, in, size)
	if err != nil {
		return m.importFailed(name, err)
	}
	bar := m.progress(int64(imp.Rows), "importing", false)
	err = m.App.ApplyImport(ctx, imp, func(n int) { _ = bar.Add(n) })
	_ = bar.Finish()
	if err != nil {
		return fmt.Errorf("import %s: %w", name, err)
	}
	fmt.Fprintf(m.Stdout, "imported %d rows for %d campaigns from %s in %.1fs\n",
		imp.Rows, imp.Campaigns, name, time.Since(start).Seconds())
	return nil
}

// readImport reads and checks every row of in (size bytes, -1 when unknown), with a
// progress bar on a terminal.
func (m *Main) readImport(ctx context.Context, in io.Reader, size int64) (*commands.Import, error) {
	bar := m.progress(size, "checking", true)
	defer func() { _ = bar.Finish() }()
	r, err := commands.NewCSVReader(io.TeeReader(in, bar), m.App.Today())
	if err != nil {
		return nil, err
	}
	return m.App.ReadImport(ctx, r)
}

// importFailed prints the problems with the rows, one a line, on Stderr and returns
// the error that ends the command.
func (m *Main) importFailed(name string, err error) error {
	var re *commands.RowErrors
	if !errors.As(err, &re) {
		return fmt.Errorf("import %s: %w", name, err)
	}
	for _, e := range re.List {
		fmt.Fprintln(m.Stderr, english.Message(e.Said()))
	}
	if re.More > 0 {
		fmt.Fprintf(m.Stderr, "… and %d more problems (only the first %d are shown)\n", re.More, commands.MaxRowErrors)
	}
	return fmt.Errorf("import %s: %d problems in the file, so nothing was imported: fix them and run the import again", name, re.Len())
}

// openInput opens the file at path, or standard input for "-", and returns its size
// (-1 when unknown) and its name for messages.
func (m *Main) openInput(path string) (io.ReadCloser, int64, string, error) {
	if path == "-" {
		return io.NopCloser(m.Stdin), -1, "standard input", nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, "", err // the error names the path and the cause
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, "", err
	}
	if info.IsDir() {
		f.Close()
		return nil, 0, "", fmt.Errorf("%s is a directory: name a CSV file, or - for standard input", path)
	}
	return f, info.Size(), path, nil
}
