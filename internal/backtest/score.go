package backtest

import (
	"fmt"
	"io"
	"math"

	"github.com/goalbot/goalbot"
)

// Series is one daily series: a goal's quantity summed over its campaigns, from Start.
type Series struct {
	Name  string
	Start goalbot.Date
	Daily []goalbot.Micro
}

// Score is how one method did over the periods of one duration.
type Score struct {
	Duration goalbot.Duration
	Method   goalbot.Method
	// N is the number of projections made (one per complete day of each period but its
	// last, in each series).
	N int
	// MAPE is the mean absolute percentage error of the projected end value against
	// the real one; Early is the same over the first quarter of each period's days.
	MAPE, Early float64
	// Covered is the share of real end values that fell within the band.
	Covered float64
}

// Measure scores each method over the whole periods of each duration that lie in the
// series (weeks start on Monday, years in January). Each projection is made on a
// morning: the days before are complete and today has brought nothing yet.
func Measure(series []Series, durations []goalbot.Duration, methods []goalbot.Method) []Score {
	var out []Score
	for _, d := range durations {
		for _, m := range methods {
			var acc tally
			for _, s := range series {
				acc.series(s, d, m)
			}
			out = append(out, acc.score(d, m))
		}
	}
	return out
}

// tally adds up the errors of one duration and method.
type tally struct {
	n, early, covered int
	ape, apeEarly     float64
}

// series adds the projections of every whole period of duration d in s.
func (t *tally) series(s Series, d goalbot.Duration, m goalbot.Method) {
	end := s.Start.AddDays(len(s.Daily) - 1)
	sp := goalbot.Splitter{Duration: d, Settings: goalbot.DefaultSettings}
	for _, p := range sp.Split(s.Start, end) {
		if p.Start.Before(s.Start) || p.End.After(end) {
			continue // not whole in the data
		}
		t.period(s, p, m)
	}
}

// period adds the projections made on each day of p but its first.
func (t *tally) period(s Series, p goalbot.Period, m goalbot.Method) {
	off := s.Start.DaysUntil(p.Start)
	days := s.Daily[off : off+p.Days()]
	var real goalbot.Micro
	for _, v := range days {
		real += v
	}
	if real <= 0 {
		return
	}
	before := s.Daily[max(0, off-goalbot.ProfileDays):off]
	for k := 1; k < len(days); k++ {
		r := goalbot.Run{Period: p, Today: p.Start.AddDays(k), Target: real, Daily: days[:k], Before: before}
		proj, ok := goalbot.Project(r, m)
		if !ok {
			continue
		}
		ape := math.Abs(proj.Value.Float()-real.Float()) / real.Float()
		t.n++
		t.ape += ape
		if k*4 <= len(days) {
			t.early++
			t.apeEarly += ape
		}
		if proj.Low <= real && real <= proj.High {
			t.covered++
		}
	}
}

// score turns the tally into a Score.
func (t tally) score(d goalbot.Duration, m goalbot.Method) Score {
	s := Score{Duration: d, Method: m, N: t.n}
	if t.n > 0 {
		s.MAPE, s.Covered = t.ape/float64(t.n), float64(t.covered)/float64(t.n)
	}
	if t.early > 0 {
		s.Early = t.apeEarly / float64(t.early)
	}
	return s
}

// Print writes scores as a Markdown table.
func Print(w io.Writer, scores []Score) error {
	if _, err := fmt.Fprintln(w, "| duration | method | projections | MAPE | MAPE, first quarter | within band |\n|---|---|---|---|---|---|"); err != nil {
		return fmt.Errorf("print scores: %w", err)
	}
	for _, s := range scores {
		if _, err := fmt.Fprintf(w, "| %s | %s | %d | %.1f %% | %.1f %% | %.0f %% |\n",
			s.Duration, s.Method, s.N, s.MAPE*100, s.Early*100, s.Covered*100); err != nil {
			return fmt.Errorf("print scores: %w", err)
		}
	}
	return nil
}

// Mean is the mean of method m's MAPE over the durations in scores, each duration
// counting once (weeks give many more projections than quarters).
func Mean(scores []Score, m goalbot.Method) float64 {
	var sum float64
	var n int
	for _, s := range scores {
		if s.Method == m && s.N > 0 {
			sum += s.MAPE
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}
