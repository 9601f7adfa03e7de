// Package store keeps everything goalbot knows in Redis (go-redis v9): goals and the
// indexes that answer every list filter, the engine's measurements, daily metrics laid
// out for fast range sums, the catalog of accounts and campaigns, subscriptions, and
// the alert ledger and outbox. It speaks the domain's types (package goalbot) and
// imports nothing else of goalbot's. Not-found becomes goalbot.ENOTFOUND, a Redis that
// cannot be reached goalbot.EUNAVAILABLE (IsUnavailable); every other error is
// returned wrapped with what was being done. Every operation that writes more than one
// key does so atomically (a Lua script, or MULTI/EXEC), so that a failure leaves
// nothing half-written.
//
// Open connects to REDIS_URL (one node, Sentinel or Cluster), or, without one, runs an
// embedded in-process Redis (miniredis) kept in the data directory, for trying
// goalbot on one machine.
//
// # Parts
//
// Each part of the store lives in the files named after it and documents its keys in
// its first file:
//
//	goals and their indexes   goal.go, goal_*.go (lists, measurements, codecs, bulk creates)
//	metrics and sums          metric.go, metric_*.go (the checked write, sums, bulk loads)
//	the catalog               catalog.go, catalog_*.go (writes, the search index, attribution)
//	subscriptions             subscription.go
//	alert ledger and outbox   outbox.go, outbox_*.go (firing, lanes)
//	the embedded server       embedded.go, embedded_*.go (sessions, log, snapshots, compaction)
//	what replicas share       lease.go (leases, pacing, dirty campaigns), clock.go, home.go
//	                          (App Home), draft.go, once.go, source.go (pull statuses)
//	connecting                redis.go (Open, the schema), url.go, key.go, error.go
//
// Every key is "<prefix>{gb}:<name>" (prefix: GOALBOT_KEY_PREFIX, default goalbot).
// The hash tag {gb} puts all keys in one Cluster slot, so every multi-key command,
// transaction and script works on a Cluster (which gains failover, not capacity).
// Scripts declare the keys they know in KEYS and derive a few others (a goal's old
// index sets, temporary keys) from the same prefix, hence the same slot. The key
// schema (schema version, SchemaVersion) is refused when newer than this code's. Keys
// that earlier versions wrote and this one no longer reads (metric:versions,
// catalog:changes, catalog:<kind>:names, catalog:<kind>:ids) are left as they were.
//
// # Commands
//
// All are in Redis 7.0 and in miniredis v2.40.0: EVALSHA/EVAL (Lua with cjson),
// MULTI, EXEC, PING, GET, SET (NX, PX), PEXPIRE, PTTL, INCR, EXISTS, DEL, TYPE, HGET,
// HMGET, HGETALL, HSET, HSETNX, HDEL, HEXISTS, HINCRBY, SADD, SREM, SMEMBERS, ZADD,
// ZREM, ZCARD, ZCOUNT, ZMSCORE, ZRANGE (LIMIT, WITHSCORES), ZRANGEBYSCORE (LIMIT),
// ZREMRANGEBYSCORE, ZINTERSTORE and ZUNIONSTORE (WEIGHTS, AGGREGATE). None of
// ZRANGESTORE, ZINTERCARD, ZDIFF, SORT, FUNCTION or CLIENT TRACKING.
package store
