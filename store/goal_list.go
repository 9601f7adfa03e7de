package store

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// Page sizes of ListGoals.
const (
	DefaultListLimit = 100
	MaxListLimit     = 1000
)

// ListGoals returns one page of the goals that match f at instant now (which decides
// pending and in_progress), ordered by id number, and the cursor of the next page (""
// after the last). cursor is "" for the first page or a cursor ListGoals returned;
// limit is DefaultListLimit when 0 or less and at most MaxListLimit. The matching
// happens in Redis, on the indexes; only the goals of the page are read.
func (r *Redis) ListGoals(ctx context.Context, f goalbot.Filter, now time.Time, cursor string, limit int) ([]*goalbot.Goal, string, error) {
	after, err := parseCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	switch {
	case limit <= 0:
		limit = DefaultListLimit
	case limit > MaxListLimit:
		limit = MaxListLimit
	}
	args, err := r.listArgs(f, now, after, limit)
	if err != nil {
		return nil, "", err
	}
	res, err := listGoalsScript.Run(ctx, r.client, []string{r.keys.goals()}, args...).Slice()
	if err != nil {
		return nil, "", wrap(err, "list goals")
	}
	goals := make([]*goalbot.Goal, 0, (len(res)-1)/3)
	for i := 1; i+2 < len(res); i += 3 {
		id, body, version := res[i].(string), res[i+1].(string), res[i+2].(string)
		if body == "" {
			continue
		}
		r.bodiesRead.Add(1)
		g, err := parseGoal(id, body, version)
		if err != nil {
			return nil, "", fmt.Errorf("list goals: goal %s: %w", id, err)
		}
		goals = append(goals, g)
	}
	next := ""
	if more, _ := res[0].(int64); more == 1 && len(goals) > 0 {
		next = makeCursor(goalNumber(goals[len(goals)-1].ID))
	}
	return goals, next, nil
}

// listArgs encodes f for listGoalsScript.
func (r *Redis) listArgs(f goalbot.Filter, now time.Time, after int64, limit int) ([]any, error) {
	args := []any{r.keys.base, now.Unix(), after, limit, r.listWay}
	var groups [][]string
	group := func(field string, vals []string) {
		if len(vals) == 0 {
			return
		}
		g := make([]string, len(vals))
		for i, v := range vals {
			g[i] = r.keys.goalsBy(field, v)
		}
		groups = append(groups, g)
	}
	group(byCampaign, f.Campaigns)
	group(byAccount, f.Accounts)
	group(byTeam, f.Teams)
	group(byCreator, f.Users)
	group(byDuration, strs(f.Durations))
	group(byType, strs(f.Types))
	args = append(args, len(groups))
	for _, g := range groups {
		args = append(args, len(g))
		for _, k := range g {
			args = append(args, k)
		}
	}
	below := ""
	if b, ok := f.ProgressBelow(); ok {
		below = bound(&b)
	}
	args = append(args, bound(f.ProgressMin), below)
	args = append(args, len(f.Statuses))
	for _, s := range f.Statuses {
		if !s.Valid() {
			return nil, goalbot.Invalid("errors.store.status", goalbot.Args{"Status": goalbot.Quote(string(s)), "Statuses": strings.Join(strs(goalbot.Statuses), ", ")})
		}
		args = append(args, string(s))
	}
	return args, nil
}

// bound formats a progress bound exactly (” when absent).
func bound(b *float64) string {
	if b == nil {
		return ""
	}
	return strconv.FormatFloat(*b, 'g', -1, 64)
}

// OpenGoalIDs returns the ids of the goals whose figures are not settled yet (the
// goals the engine measures), ordered by number.
func (r *Redis) OpenGoalIDs(ctx context.Context) ([]string, error) {
	ids, err := r.client.ZRange(ctx, r.keys.goalsOpen(), 0, -1).Result()
	return ids, wrap(err, "list open goals")
}

// GoalsByCampaigns returns the goals of any of these campaigns, ordered by number.
func (r *Redis) GoalsByCampaigns(ctx context.Context, campaigns []string) ([]*goalbot.Goal, error) {
	if len(campaigns) == 0 {
		return nil, nil
	}
	cmds := make([]*redis.StringSliceCmd, len(campaigns))
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, c := range campaigns {
			cmds[i] = p.ZRange(ctx, r.keys.goalsBy(byCampaign, c), 0, -1)
		}
		return nil
	})
	if err != nil {
		return nil, wrap(err, "find goals of %d campaigns", len(campaigns))
	}
	seen := map[string]bool{}
	var ids []string
	for _, c := range cmds {
		for _, id := range c.Val() {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	sortIDs(ids)
	return r.Goals(ctx, ids)
}

// sortIDs orders ids (G<n>, S<n>) by number.
func sortIDs(ids []string) {
	sort.Slice(ids, func(i, j int) bool { return goalNumber(ids[i]) < goalNumber(ids[j]) })
}

// goalNumber is the number of an id such as G7 or S7 (0 when it has none).
func goalNumber(id string) int64 {
	if len(id) < 2 {
		return 0
	}
	n, _ := strconv.ParseInt(id[1:], 10, 64)
	return n
}

// makeCursor returns the cursor of the page after goal number n.
func makeCursor(n int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("after:" + strconv.FormatInt(n, 10)))
}

// parseCursor returns the goal number a cursor continues after (0 for "").
func parseCursor(c string) (int64, error) {
	if c == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	s, ok := strings.CutPrefix(string(b), "after:")
	n, err2 := strconv.ParseInt(s, 10, 64)
	if err := errors.Join(err, err2); err != nil || !ok || n < 0 {
		return 0, goalbot.Invalid("errors.store.cursor", goalbot.Args{"Cursor": goalbot.Quote(c)})
	}
	return n, nil
}

// strs converts a list of string-like values.
func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
