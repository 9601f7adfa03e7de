package bot

import (
	"testing"
	"unicode/utf8"
)

// TestTruncate: a cut never falls inside an entity or a mention, and the result is
// never longer than asked; EscapeWithin cuts before a whole character.
func TestTruncate(t *testing.T) {
	truncate, escape := "Truncate", "EscapeWithin"
	funcs := map[string]func(string, int) string{truncate: Truncate, escape: EscapeWithin}
	for _, c := range []struct {
		fn, in string
		n      int
		want   string
	}{
		{truncate, "short", 10, "short"},
		{truncate, "abcdefghij", 5, "abcd…"},
		{truncate, "ab&amp;cdef", 5, "ab…"},      // the cut at 4 falls in &amp;
		{truncate, "ab&amp;cdef", 8, "ab&amp;…"}, // just after it
		{truncate, "x &lt;b&gt; y", 7, "x &lt;…"},
		{truncate, "x &lt;b&gt; y", 6, "x …"},
		{truncate, "see <#C123|alerts> now", 10, "see …"},
		{truncate, "see <@U1> now", 12, "see <@U1> n…"},
		{truncate, "R&D and more", 4, "R&D…"}, // a bare & (plain text) is no entity
		{truncate, "&&&&&&", 4, "&&&…"},
		{truncate, "a &amp b;", 5, "a &a…"}, // no ; right after the letters: no entity
		{truncate, "&amp;&amp;&amp;", 9, "&amp;…"},
		{escape, "a&b", 10, "a&amp;b"},
		{escape, "a&b&c", 8, "a&amp;b…"},
		{escape, "<<<<", 9, "&lt;&lt;…"},
	} {
		got := funcs[c.fn](c.in, c.n)
		if got != c.want || utf8.RuneCountInString(got) > c.n {
			t.Errorf("%s(%q, %d) = %q, want %q", c.fn, c.in, c.n, got, c.want)
		}
	}
}

func TestEscape(t *testing.T) {
	if got := Escape("<!channel> & <@U1>"); got != "&lt;!channel&gt; &amp; &lt;@U1&gt;" {
		t.Errorf("Escape = %q", got)
	}
}
