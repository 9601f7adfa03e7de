package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// docsChart is the picture of docs/charts.md: the console's `chart G4` (the demo's
// weekly form fills goal) on the demo's data, seed 1, on Wednesday 2026-05-20.
const docsChart = "docs/chart-demo.png"

// TestDocsChartPicture keeps docs/chart-demo.png what goalbot draws from the demo
// (its bytes, which the same input always gives) and small. After a change that moves
// pixels, look at the new picture and write it with
//
//	go test ./cmd/goalbot -run TestDocsChartPicture -update
func TestDocsChartPicture(t *testing.T) {
	dir := t.TempDir()
	m, stdout, stderr := newTestMain(map[string]string{"GOALBOT_DATA_DIR": t.TempDir(), "GOALBOT_NOW": "2026-05-20T12:00:00Z"})
	m.Stdin = strings.NewReader("chart G4\n")
	if err := m.Run(context.Background(), []string{"console", "--demo", "--charts", dir}); err != nil {
		t.Fatalf("console: %v\n%s", err, stderr.String())
	}
	path := filepath.Join(dir, "goalbot-G4-2026-05-20.png")
	if !strings.Contains(stdout.String(), path) {
		t.Fatalf("the console did not write %s:\n%s", path, stdout.String())
	}
	drawn, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(drawn) > 150_000 {
		t.Errorf("the chart is %d bytes, want at most 150 KB", len(drawn))
	}
	if *update {
		if err := os.WriteFile(filepath.Join("..", "..", docsChart), drawn, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(readRootFile(t, docsChart), drawn) {
		t.Errorf("%s is not what the console draws from the demo now; look at %s and run `go test ./cmd/goalbot -run TestDocsChartPicture -update`", docsChart, path)
	}
}
