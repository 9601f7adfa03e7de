package store

import (
	"context"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// A checked write sets hash fields only if each still holds what the writer read:
// the writer reads what it needs without a transaction, works out the new values,
// and hands both to checkedWriteScript, which Redis runs whole. Two writers conflict
// only when they change the same fields, so that ingests of different campaigns
// never do (under WATCH they did, on the catalog's hashes and metric:last, which
// every ingest reads). A writer whose fields changed meanwhile reads them again.

// checkedWriteScript writes a checkedWrite. KEYS: the hashes, then the counters to
// increment once written. ARGV[1]: the number of hashes; then, for each hash, the
// number of its fields n and n triples: the field, the value read (” for none), the
// value to write. Returns 1 when it wrote, 0 when a field no longer held the value
// read (then it wrote nothing).
var checkedWriteScript = redis.NewScript(`
local a, sets = 2, {}
for k = 1, tonumber(ARGV[1]) do
  local n, fields, set = tonumber(ARGV[a]), {}, {}
  for i = 0, n - 1 do
    local f = ARGV[a + 1 + 3 * i]
    fields[i + 1] = f
    set[2 * i + 1], set[2 * i + 2] = f, ARGV[a + 3 + 3 * i]
  end
  for i = 1, n, 1000 do
    local cur = redis.call('HMGET', KEYS[k], unpack(fields, i, math.min(i + 999, n)))
    for x = 1, #cur do
      if (cur[x] or '') ~= ARGV[a + 3 * (i + x - 2) + 2] then return 0 end
    end
  end
  sets[k], a = set, a + 1 + 3 * n
end
for k, set in ipairs(sets) do
  for i = 1, #set, 2000 do redis.call('HSET', KEYS[k], unpack(set, i, math.min(i + 1999, #set))) end
end
for k = #sets + 1, #KEYS do redis.call('INCR', KEYS[k]) end
return 1
`)

// checkedWrite is the fields a writer sets, each with the value it read.
type checkedWrite struct {
	hashes   []string
	fields   [][]any // per hash: field, value read, value to write, …
	at       map[string]int
	counters []string
}

// set writes value to field of hash key, if the field still holds read ("": none).
func (w *checkedWrite) set(key, field, read string, value any) {
	i, ok := w.at[key]
	if !ok {
		if w.at == nil {
			w.at = map[string]int{}
		}
		i = len(w.hashes)
		w.at[key] = i
		w.hashes = append(w.hashes, key)
		w.fields = append(w.fields, nil)
	}
	w.fields[i] = append(w.fields[i], field, read, value)
}

// maxWriteTries bounds how often a checked write reads again because another writer
// changed its fields meanwhile.
const maxWriteTries = 20

// writeChecked makes a checked write (attempt reads and returns it; nil: nothing to
// write) and makes it again, reading afresh, while another writer changes its fields
// in between.
func (r *Redis) writeChecked(ctx context.Context, attempt func(ctx context.Context) (*checkedWrite, error)) error {
	for range maxWriteTries {
		w, err := attempt(ctx)
		if err != nil || w == nil || len(w.hashes) == 0 {
			return err
		}
		args := make([]any, 0, 1+len(w.hashes)+3*len(w.fields))
		args = append(args, len(w.hashes))
		for _, fs := range w.fields {
			args = append(args, len(fs)/3)
			args = append(args, fs...)
		}
		done, err := checkedWriteScript.Run(ctx, r.client, append(w.hashes, w.counters...), args...).Int()
		if err != nil || done == 1 {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return goalbot.NewError(goalbot.EUNAVAILABLE, "errors.store.busy", nil)
}

// raw is a value as HMGET returns it, "" for none.
func raw(v any) string {
	s, _ := v.(string)
	return s
}
