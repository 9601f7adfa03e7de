package store

import (
	"encoding/binary"
	"fmt"

	"github.com/goalbot/goalbot"
)

// A day's metrics (and a month's totals) are kept as one compact string: the
// quantities as zig-zag varints in a fixed order (spend, conversions, contacts per
// stage in goalbot.Stages order, first form submissions), trailing zeros left out.
// A typical day takes 6–20 bytes, so a month of one campaign stays a small hash.
const totalsFields = 3 + goalbot.NumStages

// encodeTotals returns t in the compact form.
func encodeTotals(t goalbot.Totals) string {
	vals := totalsValues(t)
	n := len(vals)
	for n > 0 && vals[n-1] == 0 {
		n--
	}
	b := make([]byte, 0, n*3)
	for _, v := range vals[:n] {
		b = binary.AppendVarint(b, v)
	}
	return string(b)
}

// decodeTotals reads the compact form ("" is zero).
func decodeTotals(s string) (goalbot.Totals, error) {
	var vals [totalsFields]int64
	b := []byte(s)
	for i := 0; len(b) > 0; i++ {
		v, n := binary.Varint(b)
		if n <= 0 || i >= totalsFields {
			return goalbot.Totals{}, fmt.Errorf("decode metrics %q: malformed", s)
		}
		vals[i], b = v, b[n:]
	}
	return totalsFrom(vals), nil
}

// totalsValues lists t's quantities in the stored order.
func totalsValues(t goalbot.Totals) [totalsFields]int64 {
	var v [totalsFields]int64
	v[0], v[1] = int64(t.Spend), int64(t.Conversions)
	copy(v[2:], t.Contacts[:])
	v[totalsFields-1] = t.FirstFormSubmissions
	return v
}

// totalsFrom is the inverse of totalsValues.
func totalsFrom(v [totalsFields]int64) goalbot.Totals {
	t := goalbot.Totals{Spend: goalbot.Micro(v[0]), Conversions: goalbot.Micro(v[1]), FirstFormSubmissions: v[totalsFields-1]}
	copy(t.Contacts[:], v[2:])
	return t
}
