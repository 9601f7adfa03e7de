package messages

import (
	"fmt"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// text is a message's other (non-plural) form taken apart once: the literal runs
// and, between them, the names of the values its {{.Name}} placeholders stand for.
// Every template of goalbot's catalogs is of that form, so filling one in is a few
// string joins instead of go-i18n's localizer and text/template's reflection
// (show, list and Home say dozens of messages each).
type text struct {
	lits  []string // len(names)+1 runs of literal text
	names []string
}

// compile takes a template apart; ok is false for a template with any other action,
// which then goes through go-i18n as before.
func compile(src string) (text, bool) {
	var t text
	for {
		i := strings.Index(src, "{{")
		if i < 0 {
			t.lits = append(t.lits, src)
			return t, !strings.Contains(src, "}}")
		}
		j := strings.Index(src[i:], "}}")
		if j < 0 {
			return text{}, false
		}
		name := src[i+2 : i+j]
		if !strings.HasPrefix(name, ".") || strings.ContainsAny(name[1:], " .|()\"'$-") || len(name) < 2 {
			return text{}, false
		}
		t.lits = append(t.lits, src[:i])
		t.names = append(t.names, name[1:])
		src = src[i+j+2:]
	}
}

// fill writes t with args as text/template would: a value by fmt's rules, a
// missing one as "<no value>".
func (t text) fill(args Args) string {
	if len(t.names) == 0 {
		return t.lits[0]
	}
	var b strings.Builder
	for i, lit := range t.lits {
		b.WriteString(lit)
		if i == len(t.names) {
			break
		}
		switch v := args[t.names[i]].(type) {
		case nil:
			b.WriteString("<no value>")
		case string:
			b.WriteString(v)
		default:
			fmt.Fprint(&b, v)
		}
	}
	return b.String()
}

// texts are one language's messages taken apart: their other forms by id (what T
// says), and the one and other forms of the plural messages that have only those two
// (what N says, English and Swedish having no other forms).
type texts struct {
	other  map[string]text
	plural map[string][2]text // one, other
}

func newTexts() *texts {
	return &texts{other: map[string]text{}, plural: map[string][2]text{}}
}

// add compiles the messages of a catalog file into ts.
func (ts *texts) add(msgs []*i18n.Message) {
	for _, m := range msgs {
		if m.Other == "" {
			continue
		}
		other, ok := compile(m.Other)
		if !ok {
			continue
		}
		ts.other[m.ID] = other
		if m.Zero != "" || m.Two != "" || m.Few != "" || m.Many != "" {
			continue
		}
		if one, ok := compile(m.One); ok && m.One != "" {
			ts.plural[m.ID] = [2]text{one, other}
		}
	}
}

// pluralOf is message id in the plural form of count in language tag, with data
// filled in; ok is false when it is not one of ts's plural messages or the
// language's rule gives a form other than one and other.
func (ts *texts) pluralOf(tag language.Tag, id string, count int, data Args) (string, bool) {
	forms, ok := ts.plural[id]
	if !ok {
		return "", false
	}
	switch plural.Cardinal.MatchPlural(tag, abs(count), 0, 0, 0, 0) {
	case plural.One:
		return forms[0].fill(data), true
	case plural.Other:
		return forms[1].fill(data), true
	}
	return "", false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
