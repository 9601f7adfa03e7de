package messages

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// pluralForms are the CLDR plural categories a message may have (and go-i18n's
// description).
var pluralForms = []string{"zero", "one", "two", "few", "many", "other", "description"}

// catalog is one language's messages: id → form ("other" for a plain one) → text.
type catalog map[string]map[string]string

// readCatalogs reads every embedded catalog file, by language code.
func readCatalogs(t *testing.T) map[string]catalog {
	t.Helper()
	files, err := fs.Glob(catalogs, "locales/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no catalogs: %v", err)
	}
	out := map[string]catalog{}
	for _, f := range files {
		parts := strings.Split(filepath.Base(f), ".")
		if len(parts) != 3 {
			t.Fatalf("%s: a catalog is named AREA.LANG.toml", f)
		}
		lang := parts[1]
		if out[lang] == nil {
			out[lang] = catalog{}
		}
		raw, err := fs.ReadFile(catalogs, f)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := toml.Unmarshal(raw, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		flatten(t, f, "", m, out[lang])
	}
	return out
}

func flatten(t *testing.T, file, prefix string, m map[string]any, into catalog) {
	for k, v := range m {
		id := k
		if prefix != "" {
			id = prefix + "." + k
		}
		switch x := v.(type) {
		case string:
			if _, dup := into[id]; dup {
				t.Errorf("%s: message %q is defined twice", file, id)
			}
			into[id] = map[string]string{"other": x}
		case map[string]any:
			if isPlural(x) {
				if _, dup := into[id]; dup {
					t.Errorf("%s: message %q is defined twice", file, id)
				}
				forms := map[string]string{}
				for form, text := range x {
					s, ok := text.(string)
					if !ok {
						t.Errorf("%s: %s.%s is not a string", file, id, form)
					}
					if form != "description" {
						forms[form] = s
					}
				}
				into[id] = forms
				continue
			}
			flatten(t, file, id, x, into)
		default:
			t.Errorf("%s: %s is neither text nor a message", file, id)
		}
	}
}

func isPlural(m map[string]any) bool {
	for k := range m {
		if !slices.Contains(pluralForms, k) {
			return false
		}
	}
	return len(m) > 0
}

var placeholder = regexp.MustCompile(`\{\{-?\s*\.(\w+)`)

// placeholders are the data fields a message's forms name, sorted.
func placeholders(forms map[string]string) []string {
	seen := map[string]bool{}
	for _, text := range forms {
		for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
			seen[m[1]] = true
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestCatalogsAgree: every language has exactly the messages English has, each with
// the same placeholders and, for plural messages, every form its language needs.
func TestCatalogsAgree(t *testing.T) {
	cats := readCatalogs(t)
	en := cats["en"]
	for _, code := range Codes() {
		if cats[code] == nil {
			t.Fatalf("no catalog for %s", code)
		}
	}
	for lang, cat := range cats {
		if !slices.Contains(Codes(), lang) {
			t.Errorf("a catalog for %s, which goalbot does not speak (Languages)", lang)
			continue
		}
		for id, forms := range en {
			other, ok := cat[id]
			if !ok {
				t.Errorf("%s: message %q is missing (English has it)", lang, id)
				continue
			}
			if a, b := placeholders(forms), placeholders(other); !slices.Equal(a, b) {
				t.Errorf("%s: message %q has placeholders %v, English %v", lang, id, b, a)
			}
			if len(forms) > 1 || len(other) > 1 {
				for _, need := range []string{"one", "other"} {
					if other[need] == "" {
						t.Errorf("%s: plural message %q lacks its %q form", lang, id, need)
					}
				}
			}
		}
		for id := range cat {
			if _, ok := en[id]; !ok {
				t.Errorf("%s: message %q is not in English", lang, id)
			}
		}
	}
}

// TestEveryMessageRendersInEveryLanguage: each message's template runs with its own
// placeholders filled in.
func TestEveryMessageRendersInEveryLanguage(t *testing.T) {
	cats := readCatalogs(t)
	for _, code := range Codes() {
		p := For(code)
		for id, forms := range cats[code] {
			args := Args{}
			for _, ph := range placeholders(forms) {
				args[ph] = "x"
			}
			var got string
			if len(forms) > 1 {
				got = p.N(id, 2, args)
			} else {
				got = p.T(id, args)
			}
			if got == "["+id+"]" || strings.Contains(got, "<no value>") {
				t.Errorf("%s: %q renders as %q", code, id, got)
			}
		}
	}
}

// sourceStrings walks the module's Go code (not tests) and returns the ids asked for
// with a literal first argument of T or N, and every string literal it holds.
func sourceStrings(t *testing.T) (asked map[string]string, literals map[string]bool) {
	t.Helper()
	asked, literals = map[string]string{}, map[string]bool{}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.BasicLit:
				if x.Kind == token.STRING {
					if s, err := strconv.Unquote(x.Value); err == nil {
						literals[s] = true
					}
				}
			case *ast.CallExpr:
				sel, ok := x.Fun.(*ast.SelectorExpr)
				if !ok || (sel.Sel.Name != "T" && sel.Sel.Name != "N") || len(x.Args) == 0 {
					return true
				}
				if lit, ok := x.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil {
						asked[s] = fset.Position(lit.Pos()).String()
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return asked, literals
}

// TestEveryAskedMessageExists: every message id the code asks a Printer for with a
// literal is in the English catalog (and so, by TestCatalogsAgree, in every one).
func TestEveryAskedMessageExists(t *testing.T) {
	en := readCatalogs(t)["en"]
	asked, _ := sourceStrings(t)
	if len(asked) == 0 {
		t.Fatal("found no use of the catalogs in the code")
	}
	for id, where := range asked {
		if _, ok := en[id]; !ok && !strings.HasSuffix(id, ".") {
			t.Errorf("%s: message %q is not in the catalogs", where, id)
		}
	}
}

// TestEveryMessageIsUsed: every message of the catalogs is named by the code: as a
// string literal, or by a literal family prefix ending in "." that the code
// completes ("month." + the month's number).
func TestEveryMessageIsUsed(t *testing.T) {
	en := readCatalogs(t)["en"]
	_, literals := sourceStrings(t)
	var families []string
	for s := range literals {
		if strings.HasSuffix(s, ".") && len(s) > 1 && !strings.Contains(s, " ") {
			families = append(families, s)
		}
	}
	for id := range en {
		if literals[id] {
			continue
		}
		used := false
		for _, f := range families {
			if strings.HasPrefix(id, f) {
				used = true
				break
			}
		}
		if !used {
			t.Errorf("message %q is in the catalogs but the code never names it", id)
		}
	}
}

// TestCatalogFilesArePaired: each area's catalog exists in every language.
func TestCatalogFilesArePaired(t *testing.T) {
	entries, err := os.ReadDir("locales")
	if err != nil {
		t.Fatal(err)
	}
	areas := map[string][]string{}
	for _, e := range entries {
		parts := strings.Split(e.Name(), ".")
		if len(parts) == 3 {
			areas[parts[0]] = append(areas[parts[0]], parts[1])
		}
	}
	for area, langs := range areas {
		sort.Strings(langs)
		want := Codes()
		sort.Strings(want)
		if !slices.Equal(langs, want) {
			t.Errorf("area %s has catalogs for %v, want %v", area, langs, want)
		}
	}
}
