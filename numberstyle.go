package goalbot

import (
	"strconv"
	"strings"
)

// NumberStyle is how a reader writes the numbers they type (targets, progress
// bounds): goalbot's own style, the zero value, with a decimal point (1234.5), or a
// decimal comma with thousands grouped by spaces (Swedish: 1 234,5). Every style
// also reads a decimal point, so that scripts and documentation written with it
// stay valid whatever the reader's language.
//
// With a decimal comma the comma is a decimal separator only where one number is
// expected: targets per period are separated by semicolons (100;120,5;150), and a
// value with two or more commas and no semicolon is read as goalbot's own list of
// whole numbers (100,120,150). A number such as 1,000 or 12,500 (one to three
// digits, a separator, exactly three digits) could mean a thousand or one, so it is
// refused with both spellings suggested: figures are right or absent.
type NumberStyle struct {
	// DecimalComma: the decimal separator is a comma, and thousands may be grouped
	// with a space, a no-break space, a narrow no-break space or a thin space.
	DecimalComma bool
}

// groupSpaces are the spaces that may group thousands in the decimal comma style:
// the one people type, and the no-break ones that goalbot and word processors print.
const groupSpaces = " \u00a0\u202f\u2009"

// ListSeparator separates the targets per period of one campaign in what the
// style's reader types and reads: a comma, or a semicolon in the decimal comma
// style.
func (ns NumberStyle) ListSeparator() string {
	if ns.DecimalComma {
		return ";"
	}
	return ","
}

// ParseMicro reads a decimal number in the style (see ParseMicro for the rest: at
// most six decimals, exponents).
func (ns NumberStyle) ParseMicro(s string) (Micro, error) {
	if !ns.DecimalComma || strings.TrimSpace(s) == "" {
		return ParseMicro(s)
	}
	plain, err := ns.plain(s)
	if err != nil {
		return 0, err
	}
	return parseMicro(strings.TrimSpace(s), plain)
}

// ParseProgressBound reads a progress bound in percent in the style (see
// ParseProgressBound).
func (ns NumberStyle) ParseProgressBound(s string) (float64, error) {
	if !ns.DecimalComma {
		return ParseProgressBound(s)
	}
	plain, err := ns.plain(s)
	if err != nil {
		return 0, Invalid("errors.filter.percent_comma", Args{"Value": Quote(s), "Max": strconv.FormatFloat(MaxProgress, 'f', -1, 64)})
	}
	return ParseProgressBound(plain)
}

// ParseCampaignTarget reads a campaign's override in the style: one number for every
// period, or one per period, separated by semicolons in every style and by commas
// where the comma is no decimal separator (see NumberStyle).
func (ns NumberStyle) ParseCampaignTarget(s string) (CampaignTarget, error) {
	sep := ","
	switch {
	case strings.Contains(s, ";"):
		sep = ";"
	case !strings.Contains(s, ","), ns.DecimalComma && strings.Count(s, ",") == 1:
		m, err := ns.ParseMicro(s)
		return CampaignTarget{All: m}, err
	}
	parts := strings.Split(s, sep)
	out := CampaignTarget{PerPeriod: make([]Micro, len(parts))}
	for i, p := range parts {
		if strings.TrimSpace(p) == "" {
			return CampaignTarget{}, Invalid(ns.emptyValueKey(), Args{"N": i + 1, "Of": len(parts)})
		}
		m, err := ns.ParseMicro(p)
		if err != nil {
			return CampaignTarget{}, Invalid("errors.target.value_bad", Args{"N": i + 1, "Of": len(parts), "Problem": err})
		}
		out.PerPeriod[i] = m
	}
	return out, nil
}

// emptyValueKey is the message for an empty value among targets per period, which
// names the style's list separator.
func (ns NumberStyle) emptyValueKey() string {
	if ns.DecimalComma {
		return "errors.target.value_empty_semicolons"
	}
	return "errors.target.value_empty"
}

// FormatMicro writes m in the style without grouping, so that what it writes reads
// back as the same number ("120,5" with a decimal comma; "1,1250", never the
// ambiguous "1,125").
func (ns NumberStyle) FormatMicro(m Micro) string {
	s := m.String()
	if !ns.DecimalComma {
		return s
	}
	whole, frac, ok := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	if !ok {
		return s
	}
	if len(frac) == 3 && len(whole) <= 3 && whole != "0" {
		frac += "0"
	}
	return strings.TrimSuffix(s, strings.TrimPrefix(s, "-")) + whole + "," + frac
}

// FormatCampaignTarget writes an override in the style, so that it reads back the
// same ("100;120,5" with a decimal comma).
func (ns NumberStyle) FormatCampaignTarget(c CampaignTarget) string {
	if c.PerPeriod == nil {
		return ns.FormatMicro(c.All)
	}
	parts := make([]string, len(c.PerPeriod))
	for i, m := range c.PerPeriod {
		parts[i] = ns.FormatMicro(m)
	}
	return strings.Join(parts, ns.ListSeparator())
}

// FormatProgress writes a progress bound in the style ("12,5").
func (ns NumberStyle) FormatProgress(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if ns.DecimalComma {
		return strings.Replace(s, ".", ",", 1)
	}
	return s
}

// plain rewrites a number of the decimal comma style as goalbot's own ("1 234,5" →
// "1234.5"), refusing what is not a number of the style and what could be read two
// ways.
func (ns NumberStyle) plain(s string) (string, error) {
	in := strings.TrimSpace(s)
	sign, rest := "", in
	if rest != "" && (rest[0] == '-' || rest[0] == '+') {
		sign, rest = rest[:1], rest[1:]
	}
	if strings.ContainsAny(rest, "eE") { // exponent form: no groups
		if strings.Count(rest, ",")+strings.Count(rest, ".") > 1 {
			return "", notCommaNumber(in)
		}
		return sign + strings.Replace(rest, ",", ".", 1), nil
	}
	if strings.Contains(rest, ",") && strings.Contains(rest, ".") || strings.Count(rest, ",") > 1 || strings.Count(rest, ".") > 1 {
		return "", notCommaNumber(in)
	}
	whole, frac, mark := rest, "", ""
	if i := strings.IndexAny(rest, ",."); i >= 0 {
		whole, frac, mark = rest[:i], rest[i+1:], rest[i:i+1]
	}
	digitsOnly, grouped, ok := ungroup(whole)
	if !ok || !digits(frac) || digitsOnly == "" && frac == "" {
		return "", notCommaNumber(in)
	}
	if mark != "" && len(frac) == 3 && !grouped && len(digitsOnly) <= 3 && strings.Trim(digitsOnly, "0") != "" {
		return "", ambiguous(in, sign, digitsOnly, frac)
	}
	if mark == "" {
		return sign + digitsOnly, nil
	}
	return sign + digitsOnly + "." + frac, nil
}

// ungroup removes the spaces that group s's digits by thousands (1 000 000), and
// reports whether it had any; ok is false when s is not digits, grouped that way or
// not at all.
func ungroup(s string) (out string, grouped, ok bool) {
	if s == "" {
		return "", false, true
	}
	groups := strings.Split(strings.Map(func(r rune) rune {
		if strings.ContainsRune(groupSpaces, r) {
			return ' '
		}
		return r
	}, s), " ")
	for i, g := range groups {
		if g == "" || !digits(g) || i > 0 && len(g) != 3 || i == 0 && len(groups) > 1 && len(g) > 3 {
			return "", false, false
		}
	}
	return strings.Join(groups, ""), len(groups) > 1, true
}

// notCommaNumber is the error for text that is no number of the decimal comma style.
func notCommaNumber(in string) error {
	return Invalid("errors.number.format_comma", Args{"Value": Quote(in)})
}

// ambiguous is the error for a number that could mean thousands or decimals
// (1,000; 12,500), with both written so that they cannot be mistaken.
func ambiguous(in, sign, whole, frac string) error {
	decimals := strings.TrimRight(frac, "0")
	switch {
	case decimals == "":
		decimals = sign + whole
	case len(decimals) == 3:
		decimals = sign + whole + "," + decimals + "0"
	default:
		decimals = sign + whole + "," + decimals
	}
	return Invalid("errors.number.ambiguous", Args{"Value": Quote(in), "Thousands": sign + whole + " " + frac, "Decimals": decimals,
		"Whole": sign + whole, "Frac": frac})
}
