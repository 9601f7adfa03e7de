package store

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"

	"github.com/goalbot/goalbot"
)

// binEncoder writes the compact binary forms of goals and measurements: integers
// as varints, floats as their IEEE bits (little endian), strings and lists as a
// length and their items, dates as year · month · day, instants as unix seconds ·
// nanoseconds · zone offset.
type binEncoder struct {
	b   []byte
	cur []goalbot.CurrencyCode // a measurement's currencies, that its spends name by index
	// oneSpend: write a measurement of an earlier format, one number for each spend.
	oneSpend bool
}

func (e *binEncoder) byte(c byte)   { e.b = append(e.b, c) }
func (e *binEncoder) int(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *binEncoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *binEncoder) float(f float64) {
	e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(f))
}
func (e *binEncoder) micro(m goalbot.Micro) { e.int(int64(m)) }

func (e *binEncoder) bool(v bool) {
	if v {
		e.byte(1)
	} else {
		e.byte(0)
	}
}

func (e *binEncoder) str(s string) {
	e.uint(uint64(len(s)))
	e.b = append(e.b, s...)
}

// writeStrs writes a list of strings, telling nil (0) from empty (1).
func writeStrs[T ~string](e *binEncoder, list []T) {
	if list == nil {
		e.uint(0)
		return
	}
	e.uint(uint64(len(list)) + 1)
	for _, s := range list {
		e.str(string(s))
	}
}

func (e *binEncoder) date(d goalbot.Date) {
	e.int(int64(d.Year))
	e.int(int64(d.Month))
	e.int(int64(d.Day))
}

// time writes an instant and its zone's offset (UTC, or a fixed zone when read).
func (e *binEncoder) time(t time.Time) {
	_, offset := t.Zone()
	e.int(t.Unix())
	e.int(int64(t.Nanosecond()))
	e.int(int64(offset))
}

// binDecoder reads what binEncoder wrote from a string (as Redis returns it); the
// first error sticks and every later read returns zero.
type binDecoder struct {
	s    string
	i    int
	err  error
	slab []float64 // floats that pointers are taken to, allocated a chunk at a time
	// cur are a measurement's currencies, that its spends name by index; oneSpend:
	// the measurement is of an earlier format, with one number for each spend.
	cur      []goalbot.CurrencyCode
	oneSpend bool
	amounts  []goalbot.Amount // the spends' amounts, allocated a chunk at a time
}

func (d *binDecoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("malformed %s at byte %d", what, d.i)
	}
}

// done fails unless every byte was read, and returns the error.
func (d *binDecoder) done() error {
	if d.err == nil && d.i != len(d.s) {
		d.err = fmt.Errorf("%d bytes left over", len(d.s)-d.i)
	}
	return d.err
}

func (d *binDecoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	var v uint64
	var shift uint
	for ; d.i < len(d.s); d.i++ {
		c := d.s[d.i]
		if c < 0x80 {
			if shift == 63 && c > 1 {
				break
			}
			d.i++
			return v | uint64(c)<<shift
		}
		v |= uint64(c&0x7f) << shift
		shift += 7
		if shift > 63 {
			break
		}
	}
	d.fail("number")
	return 0
}

func (d *binDecoder) int() int64 {
	u := d.uint()
	return int64(u>>1) ^ -int64(u&1)
}

func (d *binDecoder) micro() goalbot.Micro { return goalbot.Micro(d.int()) }

// count reads a number of items, each at least a byte long.
func (d *binDecoder) count() int {
	n := d.uint()
	if n > uint64(len(d.s)-d.i) {
		d.fail("count")
		return 0
	}
	return int(n)
}

func (d *binDecoder) byte() byte {
	if d.err != nil {
		return 0
	}
	if d.i >= len(d.s) {
		d.fail("flags")
		return 0
	}
	d.i++
	return d.s[d.i-1]
}

func (d *binDecoder) bool() bool { return d.byte() != 0 }

func (d *binDecoder) float() float64 {
	if d.err != nil {
		return 0
	}
	if len(d.s)-d.i < 8 {
		d.fail("float")
		return 0
	}
	v := uint64(d.s[d.i]) | uint64(d.s[d.i+1])<<8 | uint64(d.s[d.i+2])<<16 | uint64(d.s[d.i+3])<<24 |
		uint64(d.s[d.i+4])<<32 | uint64(d.s[d.i+5])<<40 | uint64(d.s[d.i+6])<<48 | uint64(d.s[d.i+7])<<56
	d.i += 8
	return math.Float64frombits(v)
}

// floatPtr reads a float and returns a pointer to it in the decoder's slab.
func (d *binDecoder) floatPtr() *float64 {
	if len(d.slab) == cap(d.slab) {
		d.slab = make([]float64, 0, 32)
	}
	d.slab = append(d.slab, d.float())
	return &d.slab[len(d.slab)-1]
}

// str reads a string: a slice of the decoded value, which it keeps alive.
func (d *binDecoder) str() string {
	n := d.count()
	if d.err != nil {
		return ""
	}
	d.i += n
	return d.s[d.i-n : d.i]
}

// readStrs reads a list written by writeStrs.
func readStrs[T ~string](d *binDecoder) []T {
	n := d.count()
	if n == 0 || d.err != nil {
		return nil
	}
	out := make([]T, n-1)
	for i := range out {
		out[i] = T(d.str())
	}
	return out
}

func (d *binDecoder) date() goalbot.Date {
	return goalbot.Date{Year: int(d.int()), Month: time.Month(d.int()), Day: int(d.int())}
}

// time reads an instant: in UTC when its offset was 0, else in a fixed zone (as a
// time read from JSON is).
func (d *binDecoder) time() time.Time {
	sec, nsec, offset := d.int(), d.int(), d.int()
	if d.err != nil {
		return time.Time{}
	}
	t := time.Unix(sec, nsec)
	if offset == 0 {
		return t.UTC()
	}
	return t.In(time.FixedZone("", int(offset)))
}
