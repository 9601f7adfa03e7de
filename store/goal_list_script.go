package store

import "github.com/redis/go-redis/v9"

// listGoalsScript finds one page of the goals that match a filter and reads only the
// goals of that page. Every index it uses is a sorted set scored by goal number.
//
// KEYS[1] is the sorted set of every goal. ARGV: base, now (unix s), the number after
// which the page starts, limit, the way (” to choose, 'scan' or 'intersect'), the
// number of set groups and each group (its size, then its keys: a goal must be in one
// key of every group), the progress bounds (” for none: the least progress, and the
// exclusive bound below which it must be, goalbot.Filter.ProgressBelow), then the
// number of statuses and each status.
//
// It first counts (ZCARD, ZCOUNT: O(1) or O(log n)) how many goals each part of the
// filter allows, then takes the cheaper of two ways:
//
//   - scan: walk the smallest group (or every goal) in number order from the cursor,
//     checking the other parts for a chunk of candidates at a time with ZMSCORE,
//     until the page is full. Its cost is about the page size divided by the share of
//     goals the other parts allow.
//   - intersect: ZINTERSTORE the groups (each a ZUNIONSTORE of its keys), narrow by
//     progress (ZINTERSTORE with goals:progress, ZREMRANGEBYSCORE) and status (the
//     outcome sets; for pending and in_progress the open goals' start instants
//     against now), score the result by number and cut the page with ZRANGEBYSCORE.
//     Each step iterates its smallest input, so the cost is about the size of the
//     smallest part; a narrow progress range seeds the intersection itself.
//
// Neither way alone is quick for every filter, so the script keeps both: on the store
// benchmark's 100,000 goals (2026-12-06), scan alone takes 7.7 ms median for a team
// and a narrow progress range, and intersect alone 5.1 ms for an account, a type and
// a status, while choosing keeps every filter under 2 ms (docs/benchmarks.md).
//
// Temporary keys live only inside the script. Returns {more, id, body, version, …}.
var listGoalsScript = redis.NewScript(listGoalsLua)

// listGoalsLua is the source of listGoalsScript.
const listGoalsLua = `
local base, now, after, limit, way = ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4]), ARGV[5]
local all = KEYS[1]
local temps = {}
local function temp(name)
  local k = base .. 'tmp:list:' .. name
  temps[#temps + 1] = k
  return k
end
local function number(id) return tonumber(string.sub(id, 2)) end
-- store runs cmd (ZUNIONSTORE, ZINTERSTORE) into dst over keys, with options.
local function store(cmd, dst, keys, ...)
  local args = {cmd, dst, #keys}
  for _, k in ipairs(keys) do args[#args + 1] = k end
  for _, a in ipairs({...}) do args[#args + 1] = a end
  return redis.call(unpack(args))
end

-- The filter.
local i = 6
local groups = {}
for g = 1, tonumber(ARGV[i]) do
  local n = tonumber(ARGV[i + 1])
  local keys = {}
  for j = 1, n do keys[j] = ARGV[i + 1 + j] end
  groups[g] = {keys = keys, card = 0}
  i = i + 1 + n
end
i = i + 1
local pmin, pmax = ARGV[i], ARGV[i + 1]
local hasProgress = pmin ~= '' or pmax ~= ''
local lo, hi, zlo, zhi = -math.huge, math.huge, '-inf', '+inf'
if pmin ~= '' then lo, zlo = tonumber(pmin), pmin end
if pmax ~= '' then hi, zhi = tonumber(pmax), '(' .. pmax end
local nstatus = tonumber(ARGV[i + 2])
local want = {}
for s = 1, nstatus do want[ARGV[i + 2 + s]] = true end
local outcomes = {'exceeded', 'achieved', 'missed'}
local progress, open, start = base .. 'goals:progress', base .. 'goals:open', base .. 'goals:start'

-- How many goals each part allows.
local N = redis.call('ZCARD', all)
local function share(c) if N == 0 then return 0 end return math.min(1, c / N) end
local smallest = N
for _, g in ipairs(groups) do
  for _, k in ipairs(g.keys) do g.card = g.card + redis.call('ZCARD', k) end
  smallest = math.min(smallest, g.card)
end
local statusCard = 0
if nstatus > 0 then
  for _, o in ipairs(outcomes) do
    if want[o] then statusCard = statusCard + redis.call('ZCARD', base .. 'goals:outcome:' .. o) end
  end
  if want['pending'] or want['in_progress'] then
    local pending = redis.call('ZCOUNT', start, '(' .. now, '+inf')
    if want['pending'] then statusCard = statusCard + pending end
    if want['in_progress'] then statusCard = statusCard + math.max(0, redis.call('ZCARD', open) - pending) end
  end
  smallest = math.min(smallest, statusCard)
end
local progCard = N
if hasProgress then
  progCard = redis.call('ZCOUNT', progress, zlo, zhi)
  smallest = math.min(smallest, progCard)
end

-- The cost of each way.
local driver, dcard = nil, N
for _, g in ipairs(groups) do
  if g.card < dcard then driver, dcard = g, g.card end
end
local p, checks = 1, 0
for _, g in ipairs(groups) do
  if g ~= driver then p, checks = p * share(g.card), checks + #g.keys end
end
if nstatus > 0 then p, checks = p * share(statusCard), checks + 3 end
if hasProgress then p, checks = p * share(progCard), checks + 1 end
local need = limit + 1
local expect = dcard
if p > 0 then expect = math.min(dcard, need / p) end
local costScan = expect * (1 + checks)
if driver and #driver.keys > 1 then costScan = costScan + dcard end
local costInter = smallest * (#groups + 2) + 1
for _, g in ipairs(groups) do
  if #g.keys > 1 then costInter = costInter + g.card end
end

-- The checks of the scan, most selective first: each takes the candidates that
-- passed the ones before and returns, for each, whether it passes.
local tests = {}
for _, g in ipairs(groups) do
  if g ~= driver then
    tests[#tests + 1] = {share = share(g.card), run = function(ids)
      local any = {}
      for _, k in ipairs(g.keys) do
        local s = redis.call('ZMSCORE', k, unpack(ids))
        for j = 1, #ids do if s[j] then any[j] = true end end
      end
      return any
    end}
  end
end
if hasProgress then
  tests[#tests + 1] = {share = share(progCard), run = function(ids)
    local ok, s = {}, redis.call('ZMSCORE', progress, unpack(ids))
    for j = 1, #ids do
      local v = s[j] and tonumber(s[j])
      ok[j] = v and v >= lo and v < hi
    end
    return ok
  end}
end
if nstatus > 0 then
  tests[#tests + 1] = {share = share(statusCard), run = function(ids)
    local ok = {}
    for _, o in ipairs(outcomes) do
      if want[o] then
        local s = redis.call('ZMSCORE', base .. 'goals:outcome:' .. o, unpack(ids))
        for j = 1, #ids do if s[j] then ok[j] = true end end
      end
    end
    if want['pending'] or want['in_progress'] then
      local op = redis.call('ZMSCORE', open, unpack(ids))
      local sc = redis.call('ZMSCORE', start, unpack(ids))
      for j = 1, #ids do
        if op[j] and sc[j] then
          local started = tonumber(sc[j]) <= now
          if (started and want['in_progress']) or (not started and want['pending']) then ok[j] = true end
        end
      end
    end
    return ok
  end}
end
table.sort(tests, function(a, b) return a.share < b.share end)

-- checked returns the ids that pass every check, in order.
local function checked(ids)
  for _, t in ipairs(tests) do
    if #ids == 0 then break end
    local ok, pass = t.run(ids), {}
    for j = 1, #ids do if ok[j] then pass[#pass + 1] = ids[j] end end
    ids = pass
  end
  return ids
end

local function scan()
  local src = all
  if driver then
    src = driver.keys[1]
    if #driver.keys > 1 then
      src = temp('driver')
      store('ZUNIONSTORE', src, driver.keys, 'AGGREGATE', 'MAX')
    end
  end
  local found, cursor = {}, after
  local chunk = math.max(50, math.min(1000, math.ceil(1.3 * need / math.max(p, 0.001))))
  while #found < need do
    local ids = redis.call('ZRANGEBYSCORE', src, '(' .. cursor, '+inf', 'LIMIT', 0, chunk)
    if #ids == 0 then break end
    cursor = number(ids[#ids])
    for _, id in ipairs(checked(ids)) do
      found[#found + 1] = id
      if #found == need then break end
    end
    if #ids < chunk then break end
    chunk = math.min(chunk * 2, 2000)
  end
  return found
end

local function intersect()
  local inputs = {}
  local progressDone = false
  if hasProgress and progCard <= smallest then
    -- the progress range is the narrowest part: it seeds the candidates
    local seed = temp('seed')
    local ids = redis.call('ZRANGEBYSCORE', progress, zlo, zhi)
    for j = 1, #ids, 500 do
      local args = {}
      for k = j, math.min(j + 499, #ids) do
        args[#args + 1] = number(ids[k])
        args[#args + 1] = ids[k]
      end
      redis.call('ZADD', seed, unpack(args))
    end
    inputs[1], progressDone = seed, true
  end
  for g, grp in ipairs(groups) do
    if #grp.keys == 1 then
      inputs[#inputs + 1] = grp.keys[1]
    else
      local d = temp('union' .. g)
      store('ZUNIONSTORE', d, grp.keys, 'AGGREGATE', 'MAX')
      inputs[#inputs + 1] = d
    end
  end
  local cand = nil
  if #inputs == 1 then
    cand = inputs[1]
  elseif #inputs > 1 then
    cand = temp('inter')
    store('ZINTERSTORE', cand, inputs, 'AGGREGATE', 'MAX')
  end
  if hasProgress and not progressDone then
    local d = temp('progress')
    if cand then
      redis.call('ZINTERSTORE', d, 2, cand, progress, 'WEIGHTS', 0, 1)
    else
      redis.call('ZINTERSTORE', d, 1, progress)
    end
    if pmin ~= '' then redis.call('ZREMRANGEBYSCORE', d, '-inf', '(' .. pmin) end
    if pmax ~= '' then redis.call('ZREMRANGEBYSCORE', d, pmax, '+inf') end
    cand = d
  end
  if nstatus > 0 then
    local parts = {}
    for _, o in ipairs(outcomes) do
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
        redis.call('ZINTERSTORE', d, 3, cand, open, start, 'WEIGHTS', 0, 0, 1)
      else
        redis.call('ZINTERSTORE', d, 2, open, start, 'WEIGHTS', 0, 1)
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
  local page = all
  if cand then
    page = temp('page')
    redis.call('ZINTERSTORE', page, 2, cand, all, 'WEIGHTS', 0, 1)
  end
  return redis.call('ZRANGEBYSCORE', page, '(' .. after, '+inf', 'LIMIT', 0, need)
end

local ids = {}
if N > 0 and smallest > 0 then
  if way == 'scan' or (way == '' and costScan <= costInter) then ids = scan() else ids = intersect() end
end
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
`
