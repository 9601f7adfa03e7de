package main

import (
	"os"
	"path/filepath"

	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
)

// writeChart draws chart ch in the console's language (w's) into a PNG file of the
// console's chart directory and says where it is; or why it could not.
func (c *Console) writeChart(w words, ch commands.Charted) string {
	p := w.p
	png, err := ch.Draw(p)
	if err != nil {
		c.App.Logger.Error("console: draw a chart", "goal", ch.Series.View.Goal.ID, "err", err)
		return w.outcome(commands.Refuse(err))
	}
	dir := c.ChartDir
	if dir == "" {
		dir = os.TempDir()
	}
	path := filepath.Join(dir, ch.FileName())
	if err := os.WriteFile(path, png, 0o644); err != nil {
		return p.T("charts.console.unwritable", messages.Args{"Path": path, "Error": err.Error()})
	}
	return p.T("charts.console.written", messages.Args{"Goal": ch.Series.View.Goal.ID, "Path": path})
}
