package api

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/goalbot/goalbot"
)

// patchable are the fields PATCH /v1/goals/{id} changes, as its messages list them.
var patchable = jsonFields(reflect.TypeFor[patchRequest]())

// goalFields are the fields of a goal as the API reads it out.
var goalFields = jsonFields(reflect.TypeFor[goalJSON]())

// decodePatch decodes a PATCH body into req after checking that it names only fields
// that can change: every other one is a problem that says which can.
func decodePatch(r *http.Request, req *patchRequest) error {
	body, err := limitedBody(r)
	if err != nil {
		return err
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		return bodyError(err)
	}
	var fields map[string]json.RawMessage
	if err := decodeJSON(bytes.NewReader(raw), &fields); err != nil {
		return err
	}
	var p goalbot.Problems
	for _, f := range slices.Sorted(maps.Keys(fields)) {
		if !slices.Contains(patchable, f) {
			p = append(p, goalbot.FieldError{Field: f, Message: unpatchable(f)})
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	return decodeJSON(bytes.NewReader(raw), req)
}

// unpatchable says why PATCH refuses field f and what it takes instead.
func unpatchable(f string) goalbot.Message {
	can := goalbot.M("api.patch.can", goalbot.Args{"Fields": goalbot.AndList(patchable)})
	switch {
	case f == "version":
		return goalbot.M("api.patch.version", goalbot.Args{"Can": can})
	case slices.Contains(goalFields, f):
		return goalbot.M("api.patch.fixed", goalbot.Args{"Field": f, "Can": can})
	}
	return goalbot.M("api.patch.unknown", goalbot.Args{"Field": f, "Can": can})
}

// jsonFields are the JSON names of t's fields, those of embedded structs included.
func jsonFields(t reflect.Type) []string {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-":
		case name == "" && f.Anonymous:
			out = append(out, jsonFields(f.Type)...)
		case name != "":
			out = append(out, name)
		}
	}
	return out
}
