package store

import (
	"context"
	"errors"
	"fmt"
	"github.com/goalbot/goalbot"
	"log/slog"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// SchemaVersion is the version of the key layout this code reads and writes. A store
// that records a newer one was written by a newer goalbot and is refused.
const SchemaVersion = 1

// DefaultKeyPrefix is the key prefix when none is configured (GOALBOT_KEY_PREFIX).
const DefaultKeyPrefix = "goalbot"

// DefaultDataDir is where the embedded store is kept when no directory is configured.
const DefaultDataDir = "data"

// Options configure Open.
type Options struct {
	// URL is REDIS_URL: redis:// or rediss:// for one node, with ?master_name= for a
	// Sentinel set, with ?addr= for a Cluster. Empty: the embedded store.
	URL string
	// KeyPrefix starts every key (DefaultKeyPrefix when empty).
	KeyPrefix string
	// DataDir keeps the embedded store (DefaultDataDir when empty); unused with a URL.
	DataDir string
	// Now is the clock (time.Now when nil); it stamps alerts queued without a time.
	Now func() time.Time
	// Logger receives the few lines the store logs (slog.Default when nil).
	Logger *slog.Logger
	// Compactor runs the embedded store's compactions (CompactDir, in this process,
	// when nil); unused with a URL.
	Compactor Compactor
}

// Redis is goalbot's store: goals and their indexes, measurements, metrics, the
// catalog, subscriptions and the alert outbox, kept in Redis under one key prefix.
// It is safe for concurrent use.
type Redis struct {
	client   redis.UniversalClient
	keys     keys
	now      func() time.Time
	log      *slog.Logger
	embedded *embedded // the in-process server and its persistence; nil with a URL

	bodiesRead atomic.Int64 // goal bodies read so far (for benchmarks and tests)
	listWay    string       // how lists find goals: "" chooses; tests force "scan" or "intersect"
	keepOnly   int          // changes a goal's history keeps: MaxChanges when 0; tests lower it
	catalog    catalogCache // the in-memory index that catalog searches use

}

// Option sets an optional part of a Redis made by NewRedis.
type Option func(*Redis)

// WithClock sets the clock that stamps alerts queued without a time.
func WithClock(now func() time.Time) Option { return func(r *Redis) { r.now = now } }

// WithLogger sets the logger.
func WithLogger(l *slog.Logger) Option { return func(r *Redis) { r.log = l } }

// NewRedis returns a store on client with every key under prefix ("" means
// DefaultKeyPrefix). It does no I/O; call CheckSchema before use (Open does).
func NewRedis(client redis.UniversalClient, prefix string, opts ...Option) *Redis {
	if prefix == "" {
		prefix = DefaultKeyPrefix
	}
	r := &Redis{client: client, keys: newKeys(prefix), now: time.Now, log: slog.Default()}
	for _, o := range opts {
		o(r)
	}
	return r
}

// Open connects to the store that opts describe: Redis at opts.URL, or the embedded
// store in opts.DataDir when the URL is empty. It checks that Redis answers and that
// its schema is not newer than this code's.
func Open(ctx context.Context, opts Options) (*Redis, error) {
	if strings.ContainsAny(opts.KeyPrefix, "{}") {
		return nil, goalbot.Invalid("errors.store.key_prefix", goalbot.Args{"Prefix": goalbot.Quote(opts.KeyPrefix)})
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	var (
		client redis.UniversalClient
		emb    *embedded
		err    error
	)
	if opts.URL == "" {
		if emb, err = openEmbedded(opts.DataDir, opts.Logger, opts.Compactor, listGoalsLua); err != nil {
			return nil, err
		}
		client = emb.client
	} else if client, err = NewClient(opts.URL); err != nil {
		return nil, err
	}
	r := NewRedis(client, opts.KeyPrefix, WithLogger(opts.Logger))
	if opts.Now != nil {
		r.now = opts.Now
	}
	r.embedded = emb
	if err := r.Ping(ctx); err != nil {
		return nil, errors.Join(err, r.Close())
	}
	if err := r.CheckSchema(ctx); err != nil {
		return nil, errors.Join(err, r.Close())
	}
	return r, nil
}

// Close closes the connections; the embedded store is written to its directory
// first and its lock released.
func (r *Redis) Close() error {
	if r.embedded != nil {
		return r.embedded.Close()
	}
	return r.client.Close()
}

// Live returns an error when a part of this process's store is stuck: the embedded
// store's log, its writes or its answers stopped moving. It does no I/O and says
// nothing of a Redis server, whose outages Ping reports.
func (r *Redis) Live() error {
	if r.embedded == nil {
		return nil
	}
	return r.embedded.live()
}

// Ping checks that Redis answers.
func (r *Redis) Ping(ctx context.Context) error {
	return wrap(r.client.Ping(ctx).Err(), "ping redis")
}

// Client returns the Redis client, for the few things other packages keep in Redis
// themselves (leases, dedupe keys); name their keys with Key.
func (r *Redis) Client() redis.UniversalClient { return r.client }

// Key returns the full name of a key of this store ("<prefix>{gb}:name"), in the
// store's hash slot.
func (r *Redis) Key(name string) string { return r.keys.base + name }

// CheckSchema records SchemaVersion when the store has no version yet, and refuses a
// store whose version is newer than this code's.
func (r *Redis) CheckSchema(ctx context.Context) error {
	var get *redis.StringCmd
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.SetNX(ctx, r.keys.schema(), SchemaVersion, 0)
		get = p.Get(ctx, r.keys.schema())
		return nil
	})
	if err != nil {
		return wrap(err, "check schema version")
	}
	v, err := strconv.Atoi(get.Val())
	if err != nil {
		return fmt.Errorf("check schema version: key %s holds %q, not a version number", r.keys.schema(), get.Val())
	}
	if v > SchemaVersion {
		return fmt.Errorf("check schema version: this store was written with schema version %d, newer than the %d this goalbot understands; upgrade goalbot (or use another GOALBOT_KEY_PREFIX)", v, SchemaVersion)
	}
	return nil
}

// BodiesRead returns how many goal bodies the store has read since it was made: a
// way to check that a list reads only the goals it returns.
func (r *Redis) BodiesRead() int64 { return r.bodiesRead.Load() }
