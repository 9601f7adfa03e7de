package bot

import (
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// Escape makes user-typed text safe in a Slack mrkdwn or plain message: &, < and >
// become entities, so that a goal named <!channel> pings nobody.
func Escape(s string) string { return escaper.Replace(s) }

// escaper is Escape's replacer, built once (a Replacer builds its tables on first use).
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Text budgets of a message. Slack refuses a message whose blocks hold more than about
// 12,000 characters of text (msg_blocks_too_long), a section's text over 3,000
// characters, and cuts a fallback text at 40,000. The builders keep to these by
// construction, with a margin.
const (
	// MaxBlockText is the most text the blocks of one message hold, all together.
	MaxBlockText = 10_000
	// MaxFallbackText is the longest fallback text of a reply or an alert (a
	// notification's preview; the blocks carry the message).
	MaxFallbackText = 3000
	// maxSectionText is the most text of one section.
	maxSectionText = 3000
)

// Truncate shortens s to at most n characters, ending with … when cut. It never cuts
// inside an entity (&amp;) or a mention or link (<#C1|name>): the cut moves before it.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	cut := max(n-1, 0)
	if amp := entityStart(r, cut); amp >= 0 {
		cut = amp
	}
	if open := lastRune(r[:cut], '<'); open >= 0 && lastRune(r[open:cut], '>') < 0 {
		cut = open
	}
	return string(r[:cut]) + "…"
}

// maxEntity is the longest entity a text may hold (&quot; and the like).
const maxEntity = 8

// entityStart is the index of the & of an entity (&amp;, &#39;) that r[:cut] ends
// inside, or -1. A lone & (raw text, or "& more") is no entity.
func entityStart(r []rune, cut int) int {
	for i := cut - 1; i >= 0 && i >= cut-maxEntity; i-- {
		switch c := r[i]; {
		case c == '&':
			if entityEnds(r, i, cut) {
				return i
			}
			return -1
		case entityRune(c):
		default:
			return -1
		}
	}
	return -1
}

// entityEnds reports whether the & at r[amp] starts an entity that goes on past cut:
// entity characters up to a ; within maxEntity.
func entityEnds(r []rune, amp, cut int) bool {
	for j := cut; j < len(r) && j <= amp+maxEntity; j++ {
		switch {
		case r[j] == ';':
			return j > amp+1
		case !entityRune(r[j]):
			return false
		}
	}
	return false
}

func entityRune(c rune) bool {
	return c == '#' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func lastRune(r []rune, c rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == c {
			return i
		}
	}
	return -1
}

// EscapeWithin is Escape(s) shortened to at most n characters (ending with … when
// cut), cut before a whole character of s so that no entity is broken.
func EscapeWithin(s string, n int) string {
	full := Escape(s)
	if utf8.RuneCountInString(full) <= n {
		return full
	}
	var b strings.Builder
	used := 0
	for _, c := range s {
		e := Escape(string(c))
		if used+utf8.RuneCountInString(e) > n-1 {
			break
		}
		b.WriteString(e)
		used += utf8.RuneCountInString(e)
	}
	return b.String() + "…"
}

// FairShare is how many characters each of n items may take of budget once every
// item's fixed part (fixed characters each) is paid, at most most and at least least.
func FairShare(budget, n, fixed, least, most int) int {
	if n == 0 {
		return most
	}
	return min(max((budget-n*fixed)/n, least), most)
}

// LineSections packs lines into mrkdwn sections of whole lines (a line longer than a
// section is shortened), while the text of all stays within budget characters. It
// returns the sections and how many of the lines they hold.
func LineSections(lines []string, budget int) ([]slack.Block, int) {
	var blocks []slack.Block
	var cur []string
	size, used := 0, 0
	flush := func() {
		if len(cur) > 0 {
			blocks = append(blocks, section(strings.Join(cur, "\n")))
			cur, size = nil, 0
		}
	}
	for i, l := range lines {
		l = Truncate(l, maxSectionText)
		n := utf8.RuneCountInString(l)
		if used+n+1 > budget {
			flush()
			return blocks, i
		}
		if size+n+1 > maxSectionText {
			flush()
		}
		cur = append(cur, l)
		size += n + 1
		used += n + 1
	}
	flush()
	return blocks, len(lines)
}
