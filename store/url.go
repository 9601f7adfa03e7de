package store

import (
	"net/url"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// NewClient returns a client for REDIS_URL (docs/contract.md): `redis://` or `rediss://` for
// one node; with `?master_name=` a Sentinel set (the host and any `?addr=` are
// sentinels); with `?addr=` a Cluster (the host and every `addr` are seed nodes).
// Other query parameters are go-redis options (`dial_timeout=3s`…); unknown ones are
// an error. The URL's password never appears in an error.
func NewClient(rawURL string) (redis.UniversalClient, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, goalbot.Invalid("errors.store.redis_url", nil)
	}
	if u.Scheme != "redis" && u.Scheme != "rediss" {
		return nil, goalbot.Invalid("errors.store.redis_scheme", goalbot.Args{"Scheme": u.Scheme})
	}
	q := u.Query()
	switch {
	case q.Get("master_name") != "":
		o, err := redis.ParseFailoverURL(rawURL)
		if err != nil {
			return nil, invalidURL(u, err)
		}
		o.DisableIdentity = true
		return redis.NewFailoverClient(o), nil
	case len(q["addr"]) > 0:
		o, err := redis.ParseClusterURL(rawURL)
		if err != nil {
			return nil, invalidURL(u, err)
		}
		o.DisableIdentity = true
		return redis.NewClusterClient(o), nil
	}
	o, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, invalidURL(u, err)
	}
	o.DisableIdentity = true
	return redis.NewClient(o), nil
}

// invalidURL reports a URL go-redis refused, without its password.
func invalidURL(u *url.URL, err error) error {
	return goalbot.Invalid("errors.store.redis_refused", goalbot.Args{"URL": u.Redacted(), "Detail": redactErr(u, err)})
}

// redactErr is err's text with the URL's password removed.
func redactErr(u *url.URL, err error) string {
	msg := err.Error()
	if p, ok := u.User.Password(); ok && p != "" {
		msg = strings.ReplaceAll(msg, p, "xxxxx")
	}
	return msg
}
