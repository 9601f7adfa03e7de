package commands

import "testing"

func TestUnmrkdwn(t *testing.T) {
	for in, want := range map[string]string{
		"✅ Created *G6* · &lt;!channel&gt; &amp; co": "✅ Created G6 · <!channel> & co",
		"*G1* · 2*3 leads, status:in_progress":       "G1 · 2*3 leads, status:in_progress",
		"_Not measured yet_ for <@U1> in <#C1|x>":    "Not measured yet for @U1 in #C1",
		"`/goal list` and ~gone~ and * not bold *":   "/goal list and gone and * not bold *",
		"&amp;lt; stays an entity as typed":          "&lt; stays an entity as typed",
		"*a\nb*":                                     "*a\nb*",
	} {
		if got := unmrkdwn(in); got != want {
			t.Errorf("unmrkdwn(%q) = %q, want %q", in, got, want)
		}
	}
}
