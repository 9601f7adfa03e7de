package main

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// These tests keep the documentation (README.md and docs/*.md) whole: every relative
// link and anchor resolves, every configuration variable is documented, and nothing
// cites a contract file that the repository does not hold.

// markdownDoc is a markdown file's links and the anchors of its headings.
type markdownDoc struct {
	links   []string
	anchors map[string]bool
}

// docFiles returns the markdown files of the documentation, relative to the root.
func docFiles(t *testing.T) []string {
	t.Helper()
	docs, err := filepath.Glob(filepath.Join("..", "..", "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"README.md"}
	for _, d := range docs {
		files = append(files, filepath.Join("docs", filepath.Base(d)))
	}
	return files
}

// parseMarkdown reads the links and heading anchors of src (GitHub-flavoured).
func parseMarkdown(src []byte) markdownDoc {
	doc := markdownDoc{anchors: map[string]bool{}}
	seen := map[string]int{}
	root := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(src))
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			slug := githubSlug(plainText(n, src))
			if k := seen[slug]; k > 0 {
				doc.anchors[fmt.Sprintf("%s-%d", slug, k)] = true
			} else {
				doc.anchors[slug] = true
			}
			seen[slug]++
		case *ast.Link:
			doc.links = append(doc.links, string(n.Destination))
		case *ast.Image:
			doc.links = append(doc.links, string(n.Destination))
		}
		return ast.WalkContinue, nil
	})
	return doc
}

// plainText is the text of n's inline children, code spans included.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch c := c.(type) {
			case *ast.Text:
				b.Write(c.Segment.Value(src))
			case *ast.String:
				b.Write(c.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// githubSlug is the anchor GitHub gives a heading: lower case, spaces as hyphens,
// punctuation and symbols dropped.
func githubSlug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestGithubSlug(t *testing.T) {
	for heading, want := range map[string]string{
		"The /goal command":         "the-goal-command",
		"`POST /v1/evaluate`":       "post-v1evaluate",
		"Outages and stopping":      "outages-and-stopping",
		"Redis, Sentinel & Cluster": "redis-sentinel--cluster",
		"Engine (100,000 goals)":    "engine-100000-goals",
	} {
		if got := githubSlug(heading); got != want {
			t.Errorf("githubSlug(%q) = %q, want %q", heading, got, want)
		}
	}
}

func TestParseMarkdownIgnoresCode(t *testing.T) {
	doc := parseMarkdown([]byte("# A\n\n# A\n\n[x](b.md#c) `[y](z.md)`\n\n```\n[w](v.md)\n```\n"))
	if len(doc.links) != 1 || doc.links[0] != "b.md#c" {
		t.Errorf("links = %q, want [b.md#c] alone", doc.links)
	}
	if !doc.anchors["a"] || !doc.anchors["a-1"] {
		t.Errorf("anchors = %v, want a and a-1", doc.anchors)
	}
}

// TestDocsLinks checks that every relative link of the documentation names a file or
// directory of the repository and, for a markdown file, one of its headings.
func TestDocsLinks(t *testing.T) {
	docs := map[string]markdownDoc{}
	for _, name := range docFiles(t) {
		docs[name] = parseMarkdown(readRootFile(t, name))
	}
	for name, doc := range docs {
		for _, link := range doc.links {
			if err := checkLink(name, link, docs); err != nil {
				t.Errorf("%s: link %s: %v", name, link, err)
			}
		}
	}
}

// checkLink checks one link of the file name.
func checkLink(name, link string, docs map[string]markdownDoc) error {
	u, err := url.Parse(link)
	if err != nil {
		return err
	}
	if u.Scheme != "" || u.Host != "" {
		return nil // outside the repository
	}
	target := name
	if u.Path != "" {
		target = filepath.Clean(filepath.Join(filepath.Dir(name), u.Path))
		if strings.HasPrefix(target, "..") {
			return fmt.Errorf("points outside the repository")
		}
		if _, err := os.Stat(filepath.Join("..", "..", target)); err != nil {
			return fmt.Errorf("no such file: %s", target)
		}
	}
	if u.Fragment == "" {
		return nil
	}
	doc, ok := docs[target]
	if !ok {
		if filepath.Ext(target) == ".md" {
			return fmt.Errorf("%s is not one of the documentation files checked", target)
		}
		return nil // an anchor in a source file (a line): not checked
	}
	if !doc.anchors[u.Fragment] {
		return fmt.Errorf("%s has no heading with the anchor #%s", target, u.Fragment)
	}
	return nil
}

// TestConfigurationDocumented checks that every variable goalbot reads (every field of
// env) has a row with its default in docs/configuration.md, and that the table lists
// no variable goalbot does not read. .env.example and `goalbot help` are checked by
// TestEnvExample and TestPrintEnvUsage.
func TestConfigurationDocumented(t *testing.T) {
	page := string(readRootFile(t, "docs/configuration.md"))
	defaults := envDefaults()
	for _, name := range envNames() {
		row := lineWith(page, "| `"+name+"` |")
		if row == "" {
			t.Errorf("docs/configuration.md has no table row for %s", name)
		} else if def := defaults[name]; def != "" && !strings.Contains(row, "`"+def+"`") {
			t.Errorf("docs/configuration.md's row for %s does not show its default `%s`", name, def)
		}
	}
	rowName := regexp.MustCompile("(?m)^\\| `([A-Z][A-Z0-9_]*)` \\|")
	for _, m := range rowName.FindAllStringSubmatch(page, -1) {
		if _, ok := defaults[m[1]]; !ok {
			t.Errorf("docs/configuration.md documents %s, which goalbot does not read", m[1])
		}
	}
}

// TestDocsCiteNoContractFile checks that no documentation cites a contract file or
// section the repository does not hold: the contract is docs/contract.md.
func TestDocsCiteNoContractFile(t *testing.T) {
	cite := regexp.MustCompile(`SPEC(\.md| ?§)`)
	for _, name := range docFiles(t) {
		if loc := cite.FindIndex(readRootFile(t, name)); loc != nil {
			t.Errorf("%s cites %q: say it in the project's words or link to docs/contract.md", name, readRootFile(t, name)[loc[0]:loc[1]])
		}
	}
}
