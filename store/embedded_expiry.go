package store

import (
	"container/heap"
	"strings"
	"sync"
	"time"

	"github.com/alicebob/miniredis/v2"
)

// expiry runs the embedded store's clock and the times to live of its keys. miniredis
// keeps a key's time to live as a duration that only moves when told to, and moving
// it walks every key; so the embedded server never moves it on its own. Instead,
// expiry keeps each key's deadline on the store's clock, deletes a key once the clock
// passes its deadline, and sets the durations miniredis shows (PTTL) from the deadlines
// just before a command that reads or carries them runs. The clock only moves forward,
// and only through advance: the log records the clock of every write, so that
// replaying the log expires the same keys at the same points as the writes saw.
//
// Every method but track must be called by one goroutine at a time (the store's
// writer lock, or the replay).
type expiry struct {
	m        *miniredis.Miniredis
	clock    int64            // unix ns
	deadline map[string]int64 // key → unix ns
	queue    deadlineQueue

	mu      sync.Mutex
	touched []string // keys whose time to live a command may have set, since settle
}

func newExpiry(m *miniredis.Miniredis, clock int64) *expiry {
	x := &expiry{m: m, deadline: map[string]int64{}}
	x.setClock(clock)
	return x
}

// setClock moves the clock to at and gives miniredis the same time (for EXPIREAT,
// TIME and stream ids).
func (x *expiry) setClock(at int64) {
	x.clock = at
	x.m.SetTime(time.Unix(0, at))
}

// advance moves the clock to at (never back) and deletes the keys whose deadline it
// reached.
func (x *expiry) advance(at int64) {
	if at <= x.clock {
		return
	}
	x.setClock(at)
	for len(x.queue) > 0 && x.queue[0].at <= at {
		d := heap.Pop(&x.queue).(deadlineEntry)
		if x.deadline[d.key] != d.at {
			continue // a later command set another deadline
		}
		delete(x.deadline, d.key)
		if x.m.TTL(d.key) > 0 {
			x.m.Del(d.key)
		}
	}
}

// track notes the keys that a command may give a time to live; settle reads them
// once the command ran. It is called for every command, from any goroutine.
func (x *expiry) track(cmd string, args []string) {
	var key string
	switch cmd {
	case "SET", "SETEX", "PSETEX", "GETEX", "EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT", "RESTORE":
		if len(args) > 0 {
			key = args[0]
		}
	case "RENAME", "RENAMENX", "COPY":
		if len(args) > 1 {
			key = args[1]
		}
	default:
		return
	}
	if cmd == "SET" && !hasTTLOption(args[1:]) {
		return // a SET without one only removes a time to live
	}
	x.mu.Lock()
	x.touched = append(x.touched, key)
	x.mu.Unlock()
}

// hasTTLOption reports whether SET's options give or keep a time to live.
func hasTTLOption(opts []string) bool {
	for _, o := range opts {
		switch strings.ToUpper(o) {
		case "EX", "PX", "EXAT", "PXAT", "KEEPTTL":
			return true
		}
	}
	return false
}

// settle takes the deadlines of the keys tracked since the last settle from the
// durations miniredis now holds for them.
func (x *expiry) settle() {
	x.mu.Lock()
	touched := x.touched
	x.touched = nil
	x.mu.Unlock()
	for _, key := range touched {
		ttl := x.m.TTL(key)
		if ttl <= 0 {
			delete(x.deadline, key)
			continue
		}
		x.set(key, x.clock+int64(ttl))
	}
}

// set gives key a deadline.
func (x *expiry) set(key string, at int64) {
	x.deadline[key] = at
	heap.Push(&x.queue, deadlineEntry{at: at, key: key})
}

// sync sets the durations miniredis holds from the deadlines, so that a command run
// next reads (PTTL) or carries (RENAME, SET KEEPTTL) the right time to live.
func (x *expiry) sync() {
	for key, at := range x.deadline {
		if x.m.TTL(key) <= 0 {
			delete(x.deadline, key) // gone, or kept for ever since
			continue
		}
		x.m.SetTTL(key, time.Duration(at-x.clock))
	}
}

// ttlSensitive reports whether a command reads or carries a key's time to live, so
// that sync must run before it.
func ttlSensitive(cmd string, args []string) bool {
	switch cmd {
	case "TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME", "RENAME", "RENAMENX", "COPY", "DUMP", "OBJECT":
		return true
	case "SET":
		return hasTTLOption(args[1:])
	}
	return false
}

// scriptTTLSensitive reports whether a script's body calls a command that reads or
// carries a time to live.
func scriptTTLSensitive(body string) bool {
	b := strings.ToUpper(body)
	for _, name := range []string{"TTL", "EXPIRETIME", "RENAME", "COPY", "KEEPTTL"} {
		if strings.Contains(b, name) {
			return true
		}
	}
	return false
}

// deadlineEntry is a key's deadline in the queue; a later deadline of the same key
// makes it stale.
type deadlineEntry struct {
	at  int64
	key string
}

// deadlineQueue is a min-heap of deadlines.
type deadlineQueue []deadlineEntry

func (q deadlineQueue) Len() int           { return len(q) }
func (q deadlineQueue) Less(i, j int) bool { return q[i].at < q[j].at }
func (q deadlineQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *deadlineQueue) Push(v any)        { *q = append(*q, v.(deadlineEntry)) }
func (q *deadlineQueue) Pop() any {
	old := *q
	v := old[len(old)-1]
	*q = old[:len(old)-1]
	return v
}
