package messages

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.toml
var catalogs embed.FS

// Languages are the languages goalbot speaks; the first is the fallback for every
// other one.
var Languages = []language.Tag{language.English, language.Swedish}

var matcher = language.NewMatcher(Languages)

// Args are the data of a message: the values its template names ({{.Goal}}).
type Args = map[string]any

var (
	bundleOnce sync.Once
	bundle     *i18n.Bundle
	bundleErr  error
	// compiled are the messages' other forms taken apart, by language code (see
	// text), written once with bundle.
	compiled = map[string]*texts{}
)

// Bundle returns the catalogs, loaded once from the embedded files.
func Bundle() (*i18n.Bundle, error) {
	bundleOnce.Do(func() {
		b := i18n.NewBundle(Languages[0])
		b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
		files, err := fs.Glob(catalogs, "locales/*.toml")
		if err != nil {
			bundleErr = fmt.Errorf("list the catalogs: %w", err)
			return
		}
		for _, f := range files {
			mf, err := b.LoadMessageFileFS(catalogs, f)
			if err != nil {
				bundleErr = fmt.Errorf("load catalog %s: %w", f, err)
				return
			}
			base, _ := mf.Tag.Base()
			if compiled[base.String()] == nil {
				compiled[base.String()] = newTexts()
			}
			compiled[base.String()].add(mf.Messages)
		}
		bundle = b
	})
	return bundle, bundleErr
}

// Printer says things in one language: messages by id, numbers, money, percents.
// It is safe for concurrent use. The zero value is not usable; use For.
type Printer struct {
	tag  language.Tag
	lang string
	loc  *i18n.Localizer
	text *texts // the language's messages taken apart, ready to fill
	num  numbers
}

var (
	printersMu sync.Mutex
	printers   = map[string]*Printer{}
)

// For returns the printer of the language that best matches lang, which may be a
// tag ("sv", "sv-SE"), a Slack locale ("sv-SE"), a POSIX one ("sv_SE.UTF-8") or an
// Accept-Language header ("sv-SE,sv;q=0.9,en;q=0.8"). Anything goalbot does not
// speak, and the empty string, give English.
func For(lang string) *Printer {
	code := Match(lang)
	printersMu.Lock()
	defer printersMu.Unlock()
	if p, ok := printers[code]; ok {
		return p
	}
	b, err := Bundle()
	if err != nil {
		// The catalogs are embedded and checked by this package's tests: a load
		// failure is a build defect, not a runtime condition.
		panic(err)
	}
	tag := language.Make(code)
	p := &Printer{tag: tag, lang: code, loc: i18n.NewLocalizer(b, code), text: compiled[code], num: numbersFor(code)}
	printers[code] = p
	return p
}

// English is the printer of the fallback language.
func English() *Printer { return For("en") }

// Match returns the code ("en", "sv") of the language goalbot speaks that best
// matches lang (see For); "en" when none does.
func Match(lang string) string {
	lang = strings.TrimSpace(lang)
	if lang == "" {
		return "en"
	}
	// POSIX locales: sv_SE.UTF-8 → sv-SE.
	if i := strings.IndexAny(lang, ".@"); i > 0 && !strings.Contains(lang, ",") {
		lang = lang[:i]
	}
	lang = strings.ReplaceAll(lang, "_", "-")
	var tags []language.Tag
	if strings.ContainsAny(lang, ",;") {
		parsed, _, err := language.ParseAcceptLanguage(lang)
		if err != nil {
			return "en"
		}
		tags = parsed
	} else {
		t, err := language.Parse(lang)
		if err != nil {
			return "en"
		}
		tags = []language.Tag{t}
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return "en"
	}
	base, _ := Languages[i].Base()
	return base.String()
}

// Supported reports whether lang names a language goalbot speaks ("en", "sv",
// "sv-SE"…), for checking configuration and subscriptions; code is its code.
func Supported(lang string) (code string, ok bool) {
	t, err := language.Parse(strings.ReplaceAll(strings.TrimSpace(lang), "_", "-"))
	if err != nil {
		return "", false
	}
	_, i, conf := matcher.Match(t)
	if conf == language.No || conf == language.Low {
		return "", false
	}
	base, _ := Languages[i].Base()
	return base.String(), true
}

// Codes lists the codes of the languages goalbot speaks ("en", "sv").
func Codes() []string {
	out := make([]string, len(Languages))
	for i, t := range Languages {
		b, _ := t.Base()
		out[i] = b.String()
	}
	return out
}

// Lang is the printer's language code ("en", "sv").
func (p *Printer) Lang() string { return p.lang }

// Tag is the printer's language.
func (p *Printer) Tag() language.Tag { return p.tag }

// T returns message id with args filled in. A message missing from the catalogs
// (which this package's tests rule out for every id the code names) comes back as
// its id in brackets, so it shows rather than vanishes.
func (p *Printer) T(id string, args ...Args) string {
	var data Args
	if len(args) > 0 {
		data = args[0]
	}
	if t, ok := p.text.other[id]; ok {
		return t.fill(data)
	}
	return p.localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
}

// N returns message id in the plural form for count, with args filled in; the
// template sees the count as {{.Count}}, written the printer's way.
func (p *Printer) N(id string, count int, args ...Args) string {
	data := Args{}
	if len(args) > 0 {
		for k, v := range args[0] {
			data[k] = v
		}
	}
	if _, ok := data["Count"]; !ok {
		data["Count"] = p.Int(int64(count))
	}
	if s, ok := p.text.pluralOf(p.tag, id, count, data); ok {
		return s
	}
	return p.localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
}

func (p *Printer) localize(c *i18n.LocalizeConfig) string {
	s, err := p.loc.Localize(c)
	if err != nil {
		return "[" + c.MessageID + "]"
	}
	return s
}

// LanguageName is the name of the language with code ("en", "sv") in the printer's
// language (Swedish; svenska), or the code itself for one goalbot does not speak.
func (p *Printer) LanguageName(code string) string {
	if !slices.Contains(Codes(), code) {
		return code
	}
	return p.T("language." + code)
}
