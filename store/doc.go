// Package store keeps everything goalbot knows in Redis (go-redis v9): goals and the
// indexes that answer every list filter, the engine's measurements, daily metrics laid
// out for fast range sums, the catalog of accounts and campaigns, subscriptions, and
// the alert ledger and outbox. It speaks the domain's types (package goalbot) and
// imports nothing else of goalbot's. Not-found becomes goalbot.ENOTFOUND, a Redis that
// cannot be reached goalbot.EUNAVAILABLE (IsUnavailable); every other error is
// returned wrapped with what was being done. Every operation that writes more than one
// key does so atomically (a Lua script, or WATCH and MULTI/EXEC), so that a failure
// leaves nothing half-written.
//
// Open connects to REDIS_URL (one node, Sentinel or Cluster), or, without one, runs an
// embedded in-process Redis (miniredis) kept in the data directory, for trying
// goalbot on one machine.
//
// # The embedded store
//
// The client reaches miniredis over in-memory pipes: there is no network listener.
// Each connection is served by a session of the store's own (embedded_conn.go) that
// runs each command on miniredis. Writes run one at a time, in the order an
// append-only log records them (wal.go, wal_record.go: length, CRC-32C, the commands,
// the store's clock); a write's reply goes out only once its record is synced, and
// writes that arrive while a sync runs share the next one (group commit). Reads run
// beside the writes and wait for nothing but the earlier writes of their connection.
// A transaction is logged at its EXEC, with its queued commands, unless WATCH aborted
// it; a script by its body (an EVALSHA's body once per log segment, as a SCRIPT LOAD);
// a write that failed is not logged, a script that failed half-way is (its replay
// fails the same way). Commands that draw from the random source (SPOP, scripts) run
// with it seeded by the record's number, and time runs on the store's clock, which
// the log records: a replay does what the writes did. Times to live run from
// deadlines on that clock (expiry.go), not from miniredis's clock, which walks every
// key on every command. Commands the store cannot keep are refused with a message:
// blocking ones, pub/sub, other databases, field expiry.
//
// At start the snapshot (snapshot.go) is loaded and the log segments after it
// replayed; a record cut short at the end of the last one was never acknowledged and
// is dropped, damage anywhere else stops the start. When a segment fills (at about the
// snapshot's size, at least 4 MiB) a compaction (compact.go) folds the closed segments
// into a new snapshot, built from the old one and the segments on a private copy, in a
// child process when Options.Compactor says so (goalbot does), so that no lock and no
// garbage collection of the server's waits for it. Once a sync fails the store
// answers every command with an error saying to restart: what it holds in memory is
// then more than what is on disk. Live reports a store whose log, writes or answers
// stopped moving, for /healthz.
//
// # Keys
//
// Every key is "<prefix>{gb}:<name>" (prefix: GOALBOT_KEY_PREFIX, default goalbot).
// The hash tag {gb} puts all keys in one Cluster slot, so every multi-key command,
// transaction and script works on a Cluster (which gains failover, not capacity).
// Scripts declare the keys they know in KEYS and derive a few others (a goal's old
// index sets, temporary keys) from the same prefix, hence the same slot.
//
//	schema                      string  schema version (SchemaVersion); a newer one is refused
//	seq:goal, seq:sub           string  last goal / subscription number (INCR; never reused)
//	goal:<id>                   hash    body: the goal without id and version (binary,
//	                                    goal_codec.go; JSON when kept by an earlier goalbot);
//	                                    v: version; ix: JSON list of its index sets;
//	                                    m: latest measurement (binary, measurement_codec.go);
//	                                    ma: when it was last found to hold (unix ns);
//	                                    mi: the headline|outcome the goal is indexed by
//	goals                       zset    every goal, score = its number (the list order)
//	goals:<field>:<value>       zset    goals by campaign, account, team, creator, duration, type
//	goals:open                  zset    goals whose figures are not settled
//	goals:outcome:<outcome>     zset    settled goals by outcome (exceeded, achieved, missed)
//	                                    (these index sorted sets are all scored by goal number)
//	goals:start, goals:end      zset    score = first instant of the range / first instant after it (unix s)
//	goals:progress              zset    score = headline progress, for goals where it is known
//	tmp:list:<name>             (any)   temporaries of the list script, deleted before it returns
//	metric:<campaign>:<yyyymm>  hash    "1".."31": one day's metrics; "t": the month's totals
//	                                    (each a compact string of zig-zag varints)
//	metric:last                 hash    campaign → when its last row was accepted (unix ms)
//	metric:versions             hash    "<campaign>:<yyyymm>" → how many writes changed that month,
//	                                    counted in the transaction of each (engine caches check it);
//	                                    "epoch": a random token, set anew when the hash was lost
//	catalog:accounts            hash    account id → JSON {name, network, currency}
//	catalog:campaigns           hash    campaign id → JSON {name, account}
//	catalog:<kind>:names        zset    "lowercase name\0lowercase id\0id" (score 0), the search
//	                                    entries (kept for replicas of earlier versions)
//	catalog:<kind>:ids          zset    "lowercase id\0id" (score 0), likewise for exact ids
//	catalog:attribution         hash    campaign id → JSON list of the CRM drill-downs that count for it
//	catalog:changes             stream  {k: accounts|campaigns, id}: the entries added or changed,
//	                                    about the last 10,000; searches bring their in-memory
//	                                    index up to date from it
//	sub:<id>                    hash    body: the subscription as JSON; ch: channel; failure
//	subs                        zset    every subscription, score = its number
//	subs:channel:<channel>      set     subscriptions of a channel
//	outbox:ledger               hash    alert key → queued, delivered, failed: <reason>, dropped (kept for ever)
//	outbox:alert                hash    alert key → alert JSON, while queued or in flight
//	outbox:due                  zset    alert key, score = not before (unix ms): the first alert of each lane
//	outbox:lane:<recipient>     list    the recipient's queued alerts, in order; only the first is due or
//	                                    in flight, the next is due once it is delivered or failed (lane.go)
//	outbox:parked               hash    alert key → not before (unix ms), for alerts behind another in their lane
//	outbox:stale:<recipient>    hash    goal id → its stale alert JSON, waiting for its evaluation to end
//	outbox:stale                zset    recipients with pending stale alerts, score = the first one's not before
//	outbox:members:<group key>  hash    goal id → stale alert JSON, the goals of a queued stale group
//	outbox:grouped              hash    a goal's stale alert key → p:<recipient> while pending, g:<group key> once grouped
//	outbox:groups               string  last stale group number (INCR)
//	outbox:inflight             zset    alert key, score = end of the taker's lease (unix ms)
//	outbox:attempts             hash    alert key → times taken
//	outbox:goal:<id>            set     alert keys queued for a goal (to drop them with it)
//	outbox:fired                hash    occurrence key (goal:event:period[:level]) → when it fired (kept for ever)
//	lease:<name>                string  owner of a lease (leader, pass, sync), PX = its ttl
//	sources                     hash    pull source name → its status as JSON (what the last pull found, errors)
//	pace:<channel>              string  a channel's sending slot, PX = the pacing interval
//	dirty                       set     campaigns whose metrics changed since the leader last measured
//	clock                       string  the frozen instant replicas share (GOALBOT_NOW), unix ns
//	home:opened                 set     users who opened goalbot's Home tab (only they are republished)
//	home:changed                set     goals whose shown figures changed, until a replica maps them to users
//	home:queue                  set     users whose Home tab waits to be republished (once however many changes)
//	home:pace                   string  the next publishing slot shared by replicas, PX = the pacing interval
//	draft:<id>                  string  a create wizard's draft (the caller's bytes), with a ttl renewed at each step
//	once:<key>                  string  an envelope's identity, SET NX with a ttl, so a redelivery is acted on once
//
// # Lists
//
// ListGoals runs one script. It counts what each part of the filter allows (ZCARD,
// ZCOUNT) and takes the cheaper way. Scan: walk the smallest index (or every goal) in
// number order from the cursor, checking a chunk of candidates at a time against the
// other parts with ZMSCORE, most selective part first, until the page is full.
// Intersect: ZINTERSTORE the indexes (ZUNIONSTORE for several values of one field),
// narrow by progress (ZINTERSTORE with goals:progress, ZREMRANGEBYSCORE) and status
// (outcome sets; pending and in_progress from the open goals' start instants against
// the clock at read time), score by number and cut the page with ZRANGEBYSCORE …
// LIMIT. Either way, only the page's goals are read.
//
// # Metrics
//
// A day's row replaces the stored one (or only its ad fields, or only its CRM fields:
// UpsertMetricFields) and changes the month total by the difference, in the same
// MULTI/EXEC (under WATCH). A range reads its first and last months' days
// and the totals of the months between (HMGET, one pipelined round trip for any
// number of ranges).
//
// # Commands
//
// All are in Redis 7.0 and in miniredis v2.40.0: EVALSHA/EVAL (Lua with cjson),
// WATCH, MULTI, EXEC, UNWATCH, PING, GET, SET (NX, PX), PEXPIRE, PTTL, INCR, EXISTS, DEL, TYPE, HGET,
// HMGET, HSET, HSETNX, HDEL, HEXISTS, HINCRBY, SADD, SREM, SMEMBERS, ZADD, ZREM,
// ZCARD, ZCOUNT, ZMSCORE, ZRANGE (BYLEX, LIMIT, WITHSCORES), ZRANGEBYSCORE (LIMIT),
// ZREMRANGEBYSCORE, ZINTERSTORE and ZUNIONSTORE (WEIGHTS, AGGREGATE), ZSCAN (MATCH). None of ZRANGESTORE, ZINTERCARD, ZDIFF, SORT, FUNCTION or CLIENT TRACKING.
package store
