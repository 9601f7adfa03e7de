package chart

import (
	"math"
	"slices"
	"testing"

	"github.com/goalbot/goalbot"
)

func TestCumulative(t *testing.T) {
	got := Cumulative([]goalbot.Micro{goalbot.Units(3), 500_000, 0, goalbot.Units(2)})
	if want := []float64{3, 3.5, 3.5, 5.5}; !slices.Equal(got, want) {
		t.Fatalf("Cumulative = %v, want %v", got, want)
	}
	if got := Cumulative(nil); len(got) != 0 {
		t.Fatalf("Cumulative(nil) = %v", got)
	}
}

func TestRunningCost(t *testing.T) {
	got := RunningCost([]goalbot.Micro{goalbot.Units(10), goalbot.Units(20), goalbot.Units(30), goalbot.Units(99)}, []int64{0, 2, 1})
	if len(got) != 3 || !math.IsNaN(got[0]) || got[1] != 15 || got[2] != 20 {
		t.Fatalf("RunningCost = %v, want [NaN 15 20]", got)
	}
}

func TestProjectionOf(t *testing.T) {
	if ProjectionOf(nil) != nil {
		t.Fatal("ProjectionOf(nil) is not nil")
	}
	p := ProjectionOf(&goalbot.Projection{Value: goalbot.Units(10), Low: 8_500_000, High: goalbot.Units(12), Method: goalbot.Linear})
	if *p != (Projection{Value: 10, Low: 8.5, High: 12}) {
		t.Fatalf("ProjectionOf = %+v", *p)
	}
}
