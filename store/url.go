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
		return nil, goalbot.Errorf(goalbot.EINVALID, "REDIS_URL is not a URL: use redis://host:6379/0")
	}
	if u.Scheme != "redis" && u.Scheme != "rediss" {
		return nil, goalbot.Errorf(goalbot.EINVALID, "REDIS_URL must start with redis:// or rediss://, not %s://", u.Scheme)
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
	return goalbot.Errorf(goalbot.EINVALID, "REDIS_URL %s: %s", u.Redacted(), redactErr(u, err))
}

// redactErr is err's text with the URL's password removed.
func redactErr(u *url.URL, err error) string {
	msg := err.Error()
	if p, ok := u.User.Password(); ok && p != "" {
		msg = strings.ReplaceAll(msg, p, "xxxxx")
	}
	return msg
}
