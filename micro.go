package goalbot

import (
	"cmp"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// Micro is a fixed-point number with six decimals: money in micro-units of its
// currency, fractional conversions and targets. Keeping integers makes sums and
// outcome comparisons exact.
type Micro int64

// MicroUnit is 1 in Micro.
const MicroUnit Micro = 1_000_000

// MaxMicro is the largest value accepted from input: 1e12 units, far above any real
// budget or count, with room for sums without overflow.
const MaxMicro Micro = 1_000_000_000_000 * MicroUnit

// Units returns m as a whole number of units (for counts).
func Units(n int64) Micro { return Micro(n) * MicroUnit }

// ParseMicro parses a decimal number such as "120.5", with at most six decimals, and
// the same number in exponent form alike ("1.205e2"; "1e-7" has more than six
// decimals, as "0.0000001" has). "1,000", NaN and infinity are not numbers.
func ParseMicro(s string) (Micro, error) {
	s = strings.TrimSpace(s)
	return parseMicro(s, s)
}

// parseMicro reads s, goalbot's own form of the number in as it was typed (which
// errors quote).
func parseMicro(in, s string) (Micro, error) {
	if s == "" {
		return 0, Invalid("errors.number.missing", nil)
	}
	neg := false
	switch s[0] {
	case '-':
		neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	if mant, exp, ok := strings.Cut(strings.ToLower(s), "e"); ok {
		var err error
		if s, err = unexponent(in, mant, exp); err != nil {
			return 0, err
		}
	}
	return parsePlain(in, s, neg)
}

// PlainDecimal writes a number in exponent form as a plain decimal ("1.5e-7" is
// "0.00000015"), so that a reader of decimals takes both forms alike; any other
// string is returned as it is.
func PlainDecimal(s string) (string, error) {
	sign, rest := "", strings.TrimSpace(s)
	if rest != "" && (rest[0] == '-' || rest[0] == '+') {
		sign, rest = rest[:1], rest[1:]
	}
	mant, exp, ok := strings.Cut(strings.ToLower(rest), "e")
	if !ok {
		return s, nil
	}
	plain, err := unexponent(strings.TrimSpace(s), mant, exp)
	if sign == "-" {
		plain = "-" + plain
	}
	return plain, err
}

// parsePlain reads s, the plain decimal of in (whose sign was taken off, neg).
func parsePlain(in, s string, neg bool) (Micro, error) {
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" && frac == "" || !digits(whole) || !digits(frac) || hasDot && frac == "" && whole == "" {
		return 0, notNumber(in)
	}
	if len(frac) > 6 {
		if strings.Trim(frac[6:], "0") != "" {
			return 0, Invalid("errors.number.decimals", Args{"Value": Quote(in)})
		}
		frac = frac[:6]
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > 13 {
		return 0, Invalid("errors.number.large", Args{"Value": in, "Max": MaxMicro})
	}
	var v Micro
	for i := range len(whole) + 6 { // the digits, without building a string of them
		d := byte('0')
		if i < len(whole) {
			d = whole[i]
		} else if j := i - len(whole); j < len(frac) {
			d = frac[j]
		}
		v = v*10 + Micro(d-'0')
	}
	if v > MaxMicro {
		return 0, Invalid("errors.number.large", Args{"Value": in, "Max": MaxMicro})
	}
	if neg {
		v = -v
	}
	return v, nil
}

// unexponent writes mant×10^exp (an unsigned decimal and a signed whole exponent,
// of the number in) as a plain decimal, for ParseMicro to read as it reads any.
func unexponent(in, mant, exp string) (string, error) {
	whole, frac, _ := strings.Cut(mant, ".")
	e := strings.TrimPrefix(strings.TrimPrefix(exp, "+"), "-")
	if mant == "" || mant == "." || !digits(whole) || !digits(frac) || e == "" || !digits(e) {
		return "", notNumber(in)
	}
	ds := strings.TrimLeft(whole+frac, "0")
	if ds == "" {
		return "0", nil
	}
	// The exponent moves the point; one that moves it far beyond the digits makes a
	// number too large or with too many decimals whatever its size.
	n, err := strconv.Atoi(e)
	if err != nil || n > len(whole)+len(frac)+20 {
		if strings.HasPrefix(exp, "-") {
			return "", Invalid("errors.number.decimals", Args{"Value": Quote(in)})
		}
		return "", Invalid("errors.number.large", Args{"Value": in, "Max": MaxMicro})
	}
	if strings.HasPrefix(exp, "-") {
		n = -n
	}
	digitsAll := whole + frac
	point := len(whole) + n
	switch {
	case point <= 0:
		return "0." + strings.Repeat("0", -point) + digitsAll, nil
	case point >= len(digitsAll):
		return digitsAll + strings.Repeat("0", point-len(digitsAll)), nil
	}
	return digitsAll[:point] + "." + digitsAll[point:], nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MicroFromFloat converts a float (as decoded from JSON) to Micro, rounding to six
// decimals. It refuses NaN, infinities and values beyond MaxMicro.
func MicroFromFloat(f float64) (Micro, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, Invalid("errors.number.finite", nil)
	}
	if math.Abs(f) > float64(MaxMicro/MicroUnit) {
		return 0, Invalid("errors.number.large", Args{"Value": strconv.FormatFloat(f, 'g', -1, 64), "Max": MaxMicro})
	}
	return Micro(math.Round(f * 1e6)), nil
}

// String formats m with as few decimals as needed ("120.5", "7", "-0.25").
func (m Micro) String() string {
	sign := ""
	u := uint64(m)
	if m < 0 {
		sign, u = "-", uint64(-m)
	}
	whole, frac := u/1_000_000, u%1_000_000
	if frac == 0 {
		return sign + strconv.FormatUint(whole, 10)
	}
	fs := strings.TrimRight(strconv.FormatUint(frac+1_000_000, 10)[1:], "0")
	return sign + strconv.FormatUint(whole, 10) + "." + fs
}

// Float returns m as a float64 (for display and ratios, never for comparisons).
func (m Micro) Float() float64 { return float64(m) / 1e6 }

// MarshalJSON writes m as a JSON number with as few decimals as needed.
func (m Micro) MarshalJSON() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalJSON reads a JSON number exactly (no float rounding), in exponent form
// as in plain decimals.
func (m *Micro) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return Invalid("errors.number.json_string", nil)
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return Invalid("errors.number.json", nil)
	}
	v, err := ParseMicro(n.String()) // 1e-7 as 0.0000001, exactly
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Plus returns m + o, saturating at Micro's bounds instead of wrapping around.
func (m Micro) Plus(o Micro) Micro { return satAdd(m, o) }

// cmpProducts compares a×b with c×d exactly, for any int64 values: in 128 bits,
// without allocating (every budget's pace compares this way, every pass).
func cmpProducts(a, b, c, d int64) int {
	sx, sy := sign(a)*sign(b), sign(c)*sign(d)
	if sx != sy {
		return cmp.Compare(sx, sy)
	}
	n := mul64(magnitude(a), magnitude(b)).cmp(mul64(magnitude(c), magnitude(d)))
	return n * sx // both negative: the larger magnitude is the smaller product
}

func sign(v int64) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// magnitude is |v|, math.MinInt64's included.
func magnitude(v int64) uint64 {
	if v < 0 {
		return uint64(-(v + 1)) + 1
	}
	return uint64(v)
}

// notNumber is the error of in, which is not a number.
func notNumber(in string) *Error {
	return Invalid("errors.number.format", Args{"Value": Quote(in)})
}
