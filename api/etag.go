package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/goalbot/goalbot"
)

// A goal's ETag is its version in quotes ("3"): GET, POST and PATCH send it, and
// PATCH and DELETE with If-Match act only on a goal still at that version (412
// Precondition Failed otherwise, with nothing changed).

// maxIfMatch bounds the entity tags of one If-Match header.
const maxIfMatch = 16

// etag is the ETag of a goal at version.
func etag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// setETag sends g's ETag.
func setETag(w http.ResponseWriter, g *goalbot.Goal) { w.Header().Set("ETag", etag(g.Version)) }

// ifMatch reads the If-Match header of a goal's request: any when there is none or
// it is "*", otherwise the versions it names. Weak tags (W/"3") never match, as HTTP
// wants for If-Match, so a header of only weak tags names no version and fails every
// precondition.
func ifMatch(r *http.Request, id string) (versions []int64, any bool, err error) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" || h == "*" {
		return nil, true, nil
	}
	tags := strings.Split(h, ",")
	if len(tags) > maxIfMatch {
		return nil, false, badIfMatch(id, goalbot.M("api.etag.count", goalbot.Args{"Tags": len(tags), "Max": maxIfMatch}))
	}
	for _, t := range tags {
		t = strings.TrimSpace(t)
		tag, weak := strings.CutPrefix(t, "W/")
		n, err := strconv.ParseInt(strings.Trim(tag, `"`), 10, 64)
		if len(tag) < 3 || tag[0] != '"' || tag[len(tag)-1] != '"' || err != nil || n < 1 {
			return nil, false, badIfMatch(id, goalbot.M("api.etag.tag", goalbot.Args{"Tag": t}))
		}
		if !weak {
			versions = append(versions, n)
		}
	}
	return versions, false, nil
}

// badIfMatch is the error of an If-Match header goalbot cannot read.
func badIfMatch(id string, problem goalbot.Message) error {
	var p goalbot.Problems
	p.Add("If-Match", "api.etag.bad", goalbot.Args{"Goal": id, "Problem": problem})
	return p.Err()
}

// preconditionFailed is an If-Match that names none of the goal's current version:
// the request changed nothing, and the answer is 412.
type preconditionFailed struct{ err error }

func (p *preconditionFailed) Error() string { return "precondition failed: " + p.err.Error() }
func (p *preconditionFailed) Unwrap() error { return p.err }

// atVersion runs change, a change of goal id made on one version (0: any), for each
// version that If-Match names until one is current. change must change nothing when
// its version is not current, and then return an ECONFLICT error: when no version
// If-Match names is current, atVersion returns that error as a *preconditionFailed.
func atVersion(r *http.Request, id string, change func(version int64) error) error {
	versions, any, err := ifMatch(r, id)
	if err != nil {
		return err
	}
	if any {
		return change(0)
	}
	err = goalbot.NewError(goalbot.ECONFLICT, "api.etag.weak", goalbot.Args{"Goal": id})
	for _, v := range versions {
		err = change(v)
		if goalbot.ErrorCode(err) != goalbot.ECONFLICT {
			return err
		}
	}
	return &preconditionFailed{err: err}
}
