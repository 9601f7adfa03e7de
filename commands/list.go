package commands

import (
	"context"

	"github.com/goalbot/goalbot"
)

// ListPage is how many goals one page of a list holds (bot fits a page, with its
// buttons, in one Slack message).
const ListPage = 15

// GoalPage is a page of the goals that match a filter: `/goal list`, its next pages
// and its filters made wider.
type GoalPage struct {
	unchanged
	Filter goalbot.Filter
	// Cursor is where this page starts ("" for the first), Next where the next one
	// starts ("" when this page is the last).
	Cursor, Next string
	// Goals are this page's goals, at most ListPage, ordered by id number.
	Goals []GoalView
}

// List reads the page of the goals that match f from cursor.
func (a *App) List(ctx context.Context, f goalbot.Filter, cursor string) (GoalPage, error) {
	views, next, err := a.ListGoals(ctx, f, cursor, ListPage)
	if err != nil {
		return GoalPage{}, err
	}
	return GoalPage{Filter: f, Cursor: cursor, Next: next, Goals: views}, nil
}

// FilterFromText reads a filter in its text form ("team:growth status:missed"), as a
// list's buttons carry it.
func FilterFromText(text string) (goalbot.Filter, error) {
	c, err := Parse("list " + text)
	if err != nil {
		return goalbot.Filter{}, err
	}
	f, _, err := c.Filter(false)
	return f, err
}
