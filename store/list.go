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

// listGoalsScript finds one page of the goals that match a filter, with native set
// and sorted-set operations, and reads only the goals of that page.
//
// KEYS[1] is the sorted set of every goal by number. ARGV: base, now (unix s), the
// number after which the page starts, limit, the number of set groups and each group
// (its size, then its keys: a goal must be in one key of every group), the progress
// bounds (” for none), then the number of statuses and each status.
//
// The candidates narrow step by step: the intersection of the groups (each a union);
// the progress range (the progress sorted set restricted to the candidates, with the
// scores outside the bounds removed); the statuses (settled outcomes from the outcome
// sets, pending and in_progress from the open goals' start instants against now).
// The last step scores the candidates by goal number so that the page is one range.
// Temporary keys live only inside the script. Returns {more, id, body, version, …}.
var listGoalsScript = redis.NewScript(`
local base, now, after, limit = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local temps = {}
local function temp(name)
  local k = base .. 'tmp:list:' .. name
  temps[#temps + 1] = k
  return k
end
local i = 5
local ngroups = tonumber(ARGV[i]); i = i + 1
local sets = {}
for g = 1, ngroups do
  local n = tonumber(ARGV[i]); i = i + 1
  if n == 1 then
    sets[#sets + 1] = ARGV[i]
  else
    local d = temp('union' .. g)
    redis.call('SUNIONSTORE', d, unpack(ARGV, i, i + n - 1))
    sets[#sets + 1] = d
  end
  i = i + n
end
local cand = nil
if #sets == 1 then
  cand = sets[1]
elseif #sets > 1 then
  cand = temp('inter')
  redis.call('SINTERSTORE', cand, unpack(sets))
end
local pmin, pmax = ARGV[i], ARGV[i + 1]; i = i + 2
if pmin ~= '' or pmax ~= '' then
  local d = temp('progress')
  if cand then
    redis.call('ZINTERSTORE', d, 2, cand, base .. 'goals:progress', 'WEIGHTS', 0, 1)
  else
    redis.call('ZINTERSTORE', d, 1, base .. 'goals:progress')
  end
  if pmin ~= '' then redis.call('ZREMRANGEBYSCORE', d, '-inf', '(' .. pmin) end
  if pmax ~= '' then redis.call('ZREMRANGEBYSCORE', d, '(' .. pmax, '+inf') end
  cand = d
end
local nstatus = tonumber(ARGV[i]); i = i + 1
if nstatus > 0 then
  local want = {}
  for s = 1, nstatus do want[ARGV[i]] = true; i = i + 1 end
  local parts = {}
  for _, o in ipairs({'exceeded', 'achieved', 'missed'}) do
    if want[o] then
      local set = base .. 'goals:outcome:' .. o
      if cand then
        local d = temp('outcome:' .. o)
        redis.call('ZINTERSTORE', d, 2, cand, set, 'WEIGHTS', 0, 0)
        parts[#parts + 1] = d
      else
        parts[#parts + 1] = set
      end
    end
  end
  if want['pending'] or want['in_progress'] then
    local d = temp('open')
    if cand then
      redis.call('ZINTERSTORE', d, 3, cand, base .. 'goals:open', base .. 'goals:start', 'WEIGHTS', 0, 0, 1)
    else
      redis.call('ZINTERSTORE', d, 2, base .. 'goals:open', base .. 'goals:start', 'WEIGHTS', 0, 1)
    end
    if not want['pending'] then redis.call('ZREMRANGEBYSCORE', d, '(' .. now, '+inf') end
    if not want['in_progress'] then redis.call('ZREMRANGEBYSCORE', d, '-inf', now) end
    parts[#parts + 1] = d
  end
  if #parts == 1 then
    cand = parts[1]
  else
    cand = temp('status')
    if #parts > 1 then redis.call('ZUNIONSTORE', cand, #parts, unpack(parts)) end
  end
end
local page = KEYS[1]
if cand then
  page = temp('page')
  redis.call('ZINTERSTORE', page, 2, cand, KEYS[1], 'WEIGHTS', 0, 1)
end
local ids = redis.call('ZRANGEBYSCORE', page, '(' .. after, '+inf', 'LIMIT', 0, limit + 1)
local out = {0}
if #ids > limit then
  out[1] = 1
  ids[#ids] = nil
end
for _, id in ipairs(ids) do
  local r = redis.call('HMGET', base .. 'goal:' .. id, 'body', 'v')
  out[#out + 1] = id
  out[#out + 1] = r[1] or ''
  out[#out + 1] = r[2] or '0'
end
if #temps > 0 then redis.call('DEL', unpack(temps)) end
return out
`)

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
	args := []any{r.keys.base, now.Unix(), after, limit}
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
	// The smallest groups first: SINTERSTORE is fastest when its first set is small,
	// and a union of one set costs nothing.
	sort.SliceStable(groups, func(i, j int) bool { return len(groups[i]) < len(groups[j]) })
	args = append(args, len(groups))
	for _, g := range groups {
		args = append(args, len(g))
		for _, k := range g {
			args = append(args, k)
		}
	}
	args = append(args, bound(f.ProgressMin), bound(f.ProgressMax))
	args = append(args, len(f.Statuses))
	for _, s := range f.Statuses {
		if !s.Valid() {
			return nil, goalbot.Errorf(goalbot.EINVALID, "status %q is not one of %s", s, strings.Join(strs(goalbot.Statuses), ", "))
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
	ids, err := r.client.SMembers(ctx, r.keys.goalsOpen()).Result()
	if err != nil {
		return nil, wrap(err, "list open goals")
	}
	sortIDs(ids)
	return ids, nil
}

// GoalsByCampaigns returns the goals of any of these campaigns, ordered by number.
func (r *Redis) GoalsByCampaigns(ctx context.Context, campaigns []string) ([]*goalbot.Goal, error) {
	if len(campaigns) == 0 {
		return nil, nil
	}
	sets := make([]string, len(campaigns))
	for i, c := range campaigns {
		sets[i] = r.keys.goalsBy(byCampaign, c)
	}
	ids, err := r.client.SUnion(ctx, sets...).Result()
	if err != nil {
		return nil, wrap(err, "find goals of %d campaigns", len(campaigns))
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
		return 0, goalbot.Errorf(goalbot.EINVALID, "cursor %q is not one this store returned: start again without a cursor", c)
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
