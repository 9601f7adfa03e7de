package commands

import (
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Dialect is how a reader types /goal commands in their language: the words they
// may use for verbs and values (skapa, månadsvis, pågående) beside goalbot's own
// English ones, which every dialect understands so that scripts and documentation
// stay valid, and how they write numbers (100,5 and 1 000 in Swedish). The words
// come from the input catalogs (messages/locales/input.*.toml), the number style
// from how the language's printer writes numbers: what goalbot writes, it reads.
// The language of the reader is an input of parsing; the outcome of a command is the
// same whatever the language it was typed in.
type Dialect struct {
	lang string
	// Numbers is how the reader writes numbers.
	Numbers goalbot.NumberStyle
	// words are, for each kind of value, goalbot's value of each folded word.
	words map[wordKind]map[string]string
	// shown are, for each kind, the word the reader types for each value.
	shown map[wordKind]map[string]string
	// clashes are the words of the language dropped because they name two values
	// (an English word wins); the catalogs' tests keep it empty.
	clashes []string
}

// wordKind is a kind of value that people may type in words.
type wordKind string

const (
	kindVerb     wordKind = "verb"
	kindDuration wordKind = "duration"
	kindStatus   wordKind = "status"
	kindType     wordKind = "type"
	kindStage    wordKind = "stage"
	kindEvent    wordKind = "event"
	kindAnswer   wordKind = "answer"
)

// wordKinds are the kinds with goalbot's values of each, in its own words.
var wordKinds = map[wordKind][]string{
	kindVerb:     Verbs,
	kindDuration: strs(goalbot.Durations),
	kindStatus:   strs(goalbot.Statuses),
	kindType:     strs(goalbot.Types),
	kindStage:    strs(goalbot.Stages),
	kindEvent:    append(strs(goalbot.Events), "none"),
	kindAnswer:   {"yes", "no"},
}

// keyKinds are the keys whose values are words of a kind.
var keyKinds = map[string]wordKind{
	"duration": kindDuration, "status": kindStatus, "goal_type": kindType, "type": kindType,
	"lifecycle_stage": kindStage, "stage": kindStage, "notify": kindEvent, "notifications": kindEvent,
	"events": kindEvent, "fiscal_year": kindAnswer, "chart": kindAnswer,
}

var (
	dialectsMu sync.Mutex
	dialects   = map[string]*Dialect{}
)

// DialectFor is the dialect of the language that best matches lang (a code, a
// Slack or POSIX locale; see messages.For); English for "" and anything goalbot does
// not speak.
func DialectFor(lang string) *Dialect {
	code := messages.Match(lang)
	dialectsMu.Lock()
	defer dialectsMu.Unlock()
	if d, ok := dialects[code]; ok {
		return d
	}
	d := newDialect(code)
	dialects[code] = d
	return d
}

// English is the dialect of goalbot's own words, for text that machines write
// (a list button's filter) and readers of no other language.
func English() *Dialect { return DialectFor("en") }

// newDialect builds the dialect of language code from the catalogs: goalbot's own
// words first, then English's other words, then the language's.
func newDialect(code string) *Dialect {
	en, p := messages.English(), messages.For(code)
	d := &Dialect{lang: code, Numbers: numberStyle(p), words: map[wordKind]map[string]string{}, shown: map[wordKind]map[string]string{}}
	for kind, values := range wordKinds {
		d.words[kind], d.shown[kind] = map[string]string{}, map[string]string{}
		for _, v := range values {
			d.words[kind][fold(v)] = v
			d.shown[kind][v] = v
		}
		for _, v := range values {
			d.learn(kind, v, catalogWords(en, "input."+string(kind)+".", v), false)
		}
		if code != "en" {
			for _, v := range values {
				d.learn(kind, v, catalogWords(p, "input."+string(kind)+".", v), true)
			}
		}
	}
	return d
}

// learn adds the words for value v of kind; the first becomes the word shown to the
// reader when show is set. A word that already names another value is a clash.
func (d *Dialect) learn(kind wordKind, v string, words []string, show bool) {
	for i, w := range words {
		f := fold(w)
		if had, ok := d.words[kind][f]; ok && had != v {
			d.clashes = append(d.clashes, fmt.Sprintf("%s %s: %q is already %s", d.lang, kind, w, had))
			continue
		}
		d.words[kind][f] = v
		if show && i == 0 {
			d.shown[kind][v] = strings.ReplaceAll(strings.TrimSpace(w), " ", "_")
		}
	}
}

// catalogWords are the words of message prefix+value, separated by "|"; none when
// the catalogs lack it.
func catalogWords(p *messages.Printer, prefix, value string) []string {
	s := p.T(prefix + value)
	if strings.HasPrefix(s, "[") {
		return nil
	}
	var out []string
	for _, w := range strings.Split(s, "|") {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// numberStyle is how p writes numbers, read back: a decimal comma where p writes
// one and a half as 1,5.
func numberStyle(p *messages.Printer) goalbot.NumberStyle {
	return goalbot.NumberStyle{DecimalComma: strings.Contains(p.Number(goalbot.MicroUnit*3/2), ",")}
}

// Lang is the dialect's language code ("en", "sv").
func (d *Dialect) Lang() string { return d.lang }

// value is goalbot's value of kind that word names, and whether it names one.
func (d *Dialect) value(kind wordKind, word string) (string, bool) {
	v, ok := d.words[kind][fold(word)]
	return v, ok
}

// Verb is goalbot's verb that word names in the dialect ("skapa" is create), and
// whether it names one.
func (d *Dialect) Verb(word string) (string, bool) { return d.value(kindVerb, word) }

// Says reports whether typed is one of the words of message id (words separated by
// "|") in the dialect's language or in English, such as the console's "more".
func (d *Dialect) Says(typed, id string) bool {
	t := fold(typed)
	for _, p := range []*messages.Printer{messages.English(), messages.For(d.lang)} {
		for _, w := range catalogWords(p, id, "") {
			if fold(w) == t {
				return true
			}
		}
	}
	return false
}

// Word is how the reader types goalbot's value v of key (status, duration,
// goal_type…): "månadsvis" for monthly in Swedish, v itself in English.
func (d *Dialect) Word(key, v string) string {
	if w, ok := d.shown[keyKinds[key]][v]; ok {
		return w
	}
	return v
}

// VerbWord is how the reader types verb ("skapa" for create in Swedish).
func (d *Dialect) VerbWord(verb string) string {
	if w, ok := d.shown[kindVerb][verb]; ok {
		return w
	}
	return verb
}

// translate translates each item of a comma-separated value of key into goalbot's
// words; items that name nothing stay as typed, so that a refusal quotes them.
func (d *Dialect) translate(key, val string) string {
	kind, ok := keyKinds[key]
	if !ok {
		return val
	}
	items := strings.Split(val, ",")
	for i, it := range items {
		if v, ok := d.value(kind, it); ok {
			items[i] = v
		}
	}
	return strings.Join(items, ",")
}

// FilterText is a filter in its text form as the reader types it
// ("status:pågående progress:50-75,5" in Swedish; Filter.String in English).
func (d *Dialect) FilterText(f goalbot.Filter) string {
	var parts []string
	for _, kv := range f.Pairs() {
		key, val := kv[0], kv[1]
		switch {
		case key == "progress":
			val = d.progressText(f)
		case keyKinds[key] != "":
			items := strings.Split(val, ",")
			for i, it := range items {
				items[i] = d.Word(key, it)
			}
			val = strings.Join(items, ",")
		}
		parts = append(parts, key+":"+val)
	}
	return strings.Join(parts, " ")
}

// progressText is f's progress bounds written in the reader's style.
func (d *Dialect) progressText(f goalbot.Filter) string {
	bound := func(b *float64) string {
		if b == nil {
			return ""
		}
		return d.Numbers.FormatProgress(*b)
	}
	return bound(f.ProgressMin) + "-" + bound(f.ProgressMax)
}

// folder folds a word for comparison: letters without their accents (å, ä, ö are
// a, a, o), lower case.
var folder = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// fold is word as it is compared: trimmed, lower case, without accents, and with
// every run of spaces, hyphens and underscores as one underscore ("Ej påbörjat" and
// "ej_paborjat" are alike).
func fold(word string) string {
	t := folder.Get().(transform.Transformer)
	defer folder.Put(t)
	t.Reset()
	s, _, err := transform.String(t, strings.ToLower(strings.TrimSpace(word)))
	if err != nil {
		s = strings.ToLower(strings.TrimSpace(word))
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '_' || r == '-' || unicode.IsSpace(r) }), "_")
}

// joinGroups joins the digit groups of numbers that the tokenizer split at their
// spaces (target:1 000 000,5; target.cmp-1:1 000;1 200), for a style that groups
// digits with spaces. Only the values of keys that take numbers are joined, and only
// where the next word is a group of three digits that ends there or goes on with a
// decimal, a list or a range.
func joinGroups(toks []token) []token {
	out := make([]token, 0, len(toks))
	for _, t := range toks {
		if n := len(out); n > 1 && !out[n-1].quoted && !t.quoted && numericPair(out[n-1].text) && groupEnd(out[n-1].text) && groupNext(t.text) {
			out[n-1].text += " " + t.text
			continue
		}
		out = append(out, t)
	}
	return out
}

// numericPair reports whether word is a key:value pair of a key that takes numbers.
func numericPair(word string) bool {
	key, _, ok := strings.Cut(strings.ToLower(word), ":")
	return ok && (key == "target" || key == "progress" || strings.HasPrefix(key, "target.") || strings.HasPrefix(key, "target_"))
}

// groupEnd reports whether word ends with digits that a group of three may follow:
// one to three digits starting a number, or a group of three after a space.
func groupEnd(word string) bool {
	i := len(word)
	for i > 0 && word[i-1] >= '0' && word[i-1] <= '9' {
		i--
	}
	n := len(word) - i
	switch {
	case n == 0 || n > 3 || i == 0:
		return false
	case word[i-1] == ' ':
		return n == 3
	}
	return strings.IndexByte(":;-+", word[i-1]) >= 0
}

// groupNext reports whether word is a group of three digits, alone or followed by a
// decimal part, a list or a range.
func groupNext(word string) bool {
	if len(word) < 3 || !isDigits(word[:3]) {
		return false
	}
	return len(word) == 3 || strings.IndexByte(",.;-%", word[3]) >= 0
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
