package goalbot

import (
	"encoding/json"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

func TestParseMicro(t *testing.T) {
	cases := []struct {
		in   string
		want Micro
		ok   bool
	}{
		{"120.5", 120_500_000, true},
		{"7", 7_000_000, true},
		{"0.000001", 1, true},
		{".5", 500_000, true},
		{"5.", 5_000_000, true},
		{"-2.25", -2_250_000, true},
		{"1.1234560", 1_123_456, true},
		{"1.1234567", 0, false},
		{"1e3", 1000 * MicroUnit, true},
		{"1.5E+2", 150 * MicroUnit, true},
		{"-2.5e-6", 0, false},
		{"e5", 0, false},
		{"1e", 0, false},
		{"1e+", 0, false},
		{"1e1.5", 0, false},
		{"1e999999999999999999999", 0, false},
		{"0e-999999999999", 0, true},
		{"abc", 0, false},
		{"", 0, false},
		{".", 0, false},
		{"1,000", 0, false},
		{"NaN", 0, false},
		{"99999999999999", 0, false},
	}
	for _, c := range cases {
		got, err := ParseMicro(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseMicro(%q) = %d, %v; want %d, ok=%v", c.in, got, err, c.want, c.ok)
		}
		if err != nil && ErrorCode(err) != EINVALID {
			t.Errorf("ParseMicro(%q) error code %q", c.in, ErrorCode(err))
		}
	}
}

func TestMicroString(t *testing.T) {
	for in, want := range map[Micro]string{120_500_000: "120.5", 7_000_000: "7", -250_000: "-0.25", 1: "0.000001", 0: "0"} {
		if got := in.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int64(in), got, want)
		}
		back, err := ParseMicro(want)
		if err != nil || back != in {
			t.Errorf("round trip of %q = %d, %v", want, back, err)
		}
	}
}

func TestMicroJSON(t *testing.T) {
	var v struct{ A, B Micro }
	if err := json.Unmarshal([]byte(`{"A":0.1,"B":1.5e2}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.A != 100_000 || v.B != 150*MicroUnit {
		t.Fatalf("decoded %+v", v)
	}
	b, _ := json.Marshal(v)
	if string(b) != `{"A":0.1,"B":150}` {
		t.Fatalf("encoded %s", b)
	}
	if err := json.Unmarshal([]byte(`{"A":"x"}`), &v); err == nil {
		t.Fatal("a string was accepted as a number")
	}
	if _, err := MicroFromFloat(math.Inf(1)); err == nil {
		t.Fatal("infinity accepted")
	}
}

// TestCmpProducts compares cmpProducts with math/big's products on the edges of
// int64 and on random values of every size and sign.
func TestCmpProducts(t *testing.T) {
	if cmpProducts(math.MaxInt64, 3, math.MaxInt64, 2) != 1 || cmpProducts(4, 5, 2, 10) != 0 || cmpProducts(1, 1, 1, 2) != -1 {
		t.Fatal("cmpProducts is wrong")
	}
	edges := []int64{math.MinInt64, math.MinInt64 + 1, -1 << 32, -7, -1, 0, 1, 2, 100, 1 << 31, math.MaxInt64 - 1, math.MaxInt64}
	rnd := rand.New(rand.NewPCG(1, 2))
	pick := func() int64 {
		if rnd.IntN(3) == 0 {
			return edges[rnd.IntN(len(edges))]
		}
		return rnd.Int64() >> rnd.UintN(64) * int64(1-2*rnd.IntN(2))
	}
	for range 100_000 {
		a, b, c, d := pick(), pick(), pick(), pick()
		var x, y big.Int
		x.Mul(big.NewInt(a), big.NewInt(b))
		y.Mul(big.NewInt(c), big.NewInt(d))
		if got, want := cmpProducts(a, b, c, d), x.Cmp(&y); got != want {
			t.Fatalf("cmpProducts(%d, %d, %d, %d) = %d, want %d", a, b, c, d, got, want)
		}
	}
}
