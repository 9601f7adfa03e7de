package source

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/goalbot/goalbot"
)

// Amount parses a decimal amount as the networks send it, a string such as
// "123.45" (or "1.2345e2", alike): exactly, in micro-units; beyond six decimals it
// rounds half up.
func Amount(s string) (goalbot.Micro, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	in := s
	s, err := goalbot.PlainDecimal(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a decimal amount: %v", in, err)
	}
	whole, frac, _ := strings.Cut(s, ".")
	up := false
	if len(frac) > 6 {
		up = frac[6] >= '5' && frac[6] <= '9'
		if strings.Trim(frac[6:], "0123456789") != "" {
			return 0, fmt.Errorf("%q is not a decimal amount", in)
		}
		frac = frac[:6]
	}
	v := whole
	if frac != "" {
		v += "." + frac
	}
	m, err := goalbot.ParseMicro(v)
	if err != nil {
		return 0, fmt.Errorf("%q is not a decimal amount: %v", in, err)
	}
	if up {
		m++
	}
	return m, nil
}

// Micros reads an amount already in micro-units, as an int64 in a JSON string
// ("12345670000", Google's costMicros).
func Micros(s string) (goalbot.Micro, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number of micros", s)
	}
	return goalbot.Micro(n), nil
}

// Count reads a conversion count that may be fractional (modelled conversions), as a
// JSON number, in micro-units rounded to six decimals.
func Count(f float64) (goalbot.Micro, error) {
	m, err := goalbot.MicroFromFloat(f)
	if err != nil {
		return 0, fmt.Errorf("%v is not a count: %v", f, err)
	}
	return m, nil
}
