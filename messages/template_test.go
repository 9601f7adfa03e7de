package messages

import (
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// TestFastTextsMatchGoI18n: every message T fills in itself says exactly what
// go-i18n's localizer says, with all its values given (of several kinds), with
// none, and with nil ones.
func TestFastTextsMatchGoI18n(t *testing.T) {
	for _, code := range Codes() {
		p := For(code)
		if len(p.text.other) == 0 || len(p.text.plural) == 0 {
			t.Fatalf("%s: no message is filled in without go-i18n", code)
		}
		for id, txt := range p.text.other {
			full, nils := Args{}, Args{}
			for i, name := range txt.names {
				switch i % 3 {
				case 0:
					full[name] = "<b>" + name + "</b> & co"
				case 1:
					full[name] = i * 1001
				default:
					full[name] = 12.5
				}
				nils[name] = nil
			}
			for _, args := range []Args{full, nil, nils} {
				want := p.localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: args})
				if got := txt.fill(args); got != want {
					t.Errorf("%s %s with %v:\n got %q\nwant %q", code, id, args, got, want)
				}
			}
		}
	}
}

// TestFastPluralsMatchGoI18n: N says every plural message as go-i18n's localizer
// does, for counts on both sides of each form.
func TestFastPluralsMatchGoI18n(t *testing.T) {
	for _, code := range Codes() {
		p := For(code)
		for id := range p.text.plural {
			for _, n := range []int{-2, -1, 0, 1, 2, 5, 11, 21, 101, 1001} {
				args := Args{"Count": p.Int(int64(n)), "Goal": "G1"}
				want := p.localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: args, PluralCount: n})
				if got, ok := p.text.pluralOf(p.tag, id, n, args); !ok || got != want {
					t.Errorf("%s %s for %d: got %q (%v), want %q", code, id, n, got, ok, want)
				}
			}
		}
	}
}

func TestCompile(t *testing.T) {
	for src, ok := range map[string]bool{
		"plain": true, "{{.A}} and {{.B}}": true, "{{.A}}{{.B}}": true, "a }} b": false,
		"{{if .A}}x{{end}}": false, "{{.A.B}}": false, "{{ .A }}": false, "{{.}}": false, "{{.A": false,
	} {
		if _, got := compile(src); got != ok {
			t.Errorf("compile(%q) ok = %v, want %v", src, got, ok)
		}
	}
}
