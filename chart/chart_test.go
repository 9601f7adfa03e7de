package chart

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

var update = flag.Bool("update", false, "rewrite docs/chart-example.png and print the new golden hash")

// decode decodes a PNG.
func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode png: %v", err)
	}
	return img
}

// region is a band of rows of the chart, in pixels from the top.
type region struct{ top, bottom int }

// The regions: the header (title and legend), the current period's plot, the past
// periods' plot (when both are drawn).
var (
	headerRows  = region{0, 110}
	currentRows = region{120, 390}
	pastRows    = region{460, Height}
)

// count counts the pixels of exactly colour c in rows r.
func count(img image.Image, r region, c color.Color) int {
	want := color.NRGBAModel.Convert(c)
	n := 0
	if p, ok := img.(*image.Paletted); ok { // the same, faster
		for i, pc := range p.Palette {
			if color.NRGBAModel.Convert(pc) == want {
				for _, px := range p.Pix[r.top*p.Stride : r.bottom*p.Stride] {
					if int(px) == i {
						n++
					}
				}
			}
		}
		return n
	}
	for y := r.top; y < r.bottom; y++ {
		for x := 0; x < Width; x++ {
			if color.NRGBAModel.Convert(img.At(x, y)) == want {
				n++
			}
		}
	}
	return n
}

func render(t *testing.T, c Chart) []byte {
	t.Helper()
	b, err := Render(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRenderSizeAndWeight(t *testing.T) {
	b := render(t, exampleChart())
	img := decode(t, b)
	if got := img.Bounds().Size(); got != (image.Point{Width, Height}) {
		t.Fatalf("size = %v, want %d×%d", got, Width, Height)
	}
	if len(b) > 150_000 {
		t.Fatalf("png is %d bytes, want at most 150 KB", len(b))
	}
}

// TestRenderSeries checks that each series is drawn where it belongs, in its own
// colour, and only when the input has it.
func TestRenderSeries(t *testing.T) {
	full := exampleChart()
	noProjection := exampleChart()
	noProjection.Current.Projection = nil
	noPast := exampleChart()
	noPast.Past = nil
	allMet := exampleChart()
	for i := range allMet.Past {
		allMet.Past[i].Actual = allMet.Past[i].Target
	}
	cost := costChart()
	type want struct {
		rows region
		clr  color.Color
		min  int // pixels at least; 0: none at all
	}
	cases := []struct {
		name  string
		chart Chart
		want  []want
	}{
		{"everything", full, []want{{currentRows, colorActual, 400}, {currentRows, colorBand, 400}, {currentRows, colorTarget, 800},
			{pastRows, colorMet, 2000}, {pastRows, colorMissed, 2000}, {pastRows, colorTarget, 100}, {pastRows, colorActual, 0}}},
		{"no projection: no band", noProjection, []want{{currentRows, colorActual, 400}, {currentRows, colorBand, 0}, {headerRows, colorBand, 0}}},
		{"no past periods: no bars", noPast, []want{{currentRows, colorActual, 400}, {region{0, Height}, colorMet, 0}, {region{0, Height}, colorMissed, 0},
			{pastRows, colorActual, 200}}},
		{"every period met", allMet, []want{{pastRows, colorMet, 2000}, {region{0, Height}, colorMissed, 0}}},
		{"cost goal", cost, []want{{currentRows, colorActual, 400}, {currentRows, colorTarget, 800}, {pastRows, colorMet, 1000},
			{pastRows, colorMissed, 1000}, {currentRows, colorBand, 0}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			img := decode(t, render(t, c.chart))
			for _, w := range c.want {
				n := count(img, w.rows, w.clr)
				if w.min == 0 && n > 0 || n < w.min {
					t.Errorf("%d pixels of %v in rows %v, want %s", n, w.clr, w.rows, map[bool]string{true: "none", false: "at least " + itoa(w.min)}[w.min == 0])
				}
			}
		})
	}
}

func itoa(n int) string { return englishNumber(float64(n)) }

// costChart is a cost goal's chart: cost per contact under and over a $45 cap.
func costChart() Chart {
	cur := Current{Start: goalbot.Date{Year: 2026, Month: 4, Day: 1}, Days: 30, Target: 45}
	for i := 0; i < 18; i++ {
		v := math.NaN()
		if i > 0 {
			v = 40 + 8*math.Sin(float64(i)/3)
		}
		cur.Actual = append(cur.Actual, v)
	}
	return Chart{Title: "G3 · Cost per MQL on social", Subtitle: "April 2026", Cost: true, Current: cur, Locale: English("USD"),
		Past: []Past{{Label: "Jan", Actual: 41, Target: 45}, {Label: "Feb", Actual: 49, Target: 45}, {Label: "Mar", Actual: math.NaN(), Target: 45}}}
}

// budgetChart is a budget's chart: $1,000 a month spent at $42 a day, projected over
// it, with its 80 %–110 % band, and three months as spend-versus-budget bars (one
// within the band, one over it, one unknown).
func budgetChart() Chart {
	cur := Current{Start: goalbot.Date{Year: 2026, Month: 4, Day: 1}, Days: 30, Target: 1000,
		Projection: &Projection{Value: 1260, Low: 1150, High: 1370}}
	for i := range 18 {
		cur.Actual = append(cur.Actual, float64(42*(i+1)))
	}
	return Chart{Title: "G5 · Paid social budget", Subtitle: "April 2026 · spent $756.00 of $1,000.00 (76%)", Current: cur,
		Budget: &Band{Under: 0.8, Over: 1.1, Label: "Band 80%–110%"}, Locale: English("USD"),
		Past: []Past{{Label: "Jan", Actual: 950, Target: 1000}, {Label: "Feb", Actual: 1240, Target: 1000}, {Label: "Mar", Actual: math.NaN(), Target: 1000}}}
}

// TestRenderBudget checks a budget's chart: its size, its series (the spend, the
// budget line, the band's lines, the projection and its band, the bars within and
// outside the band), not blank, the same bytes each time, and amounts and words of
// a budget in its legend.
func TestRenderBudget(t *testing.T) {
	c := budgetChart()
	b := render(t, c)
	img := decode(t, b)
	if got := img.Bounds().Size(); got != (image.Point{Width, Height}) || len(b) > 150_000 {
		t.Fatalf("size = %v, %d bytes; want %d×%d, at most 150 KB", got, len(b), Width, Height)
	}
	if !bytes.Equal(b, render(t, budgetChart())) {
		t.Fatal("the same budget chart drew other bytes")
	}
	// The band's two dashed lines are 1.5 px wide: how many of their pixels are of
	// their exact colour (not blended with the white) depends on where they fall
	// within a row, 470 to 1,000 of them.
	for _, w := range []struct {
		rows region
		clr  color.Color
		min  int
	}{{currentRows, colorActual, 400}, {currentRows, colorBand, 400}, {currentRows, colorTarget, 800}, {currentRows, colorPace, 30},
		{currentRows, colorMissed, 300}, {pastRows, colorMet, 1000}, {pastRows, colorMissed, 1000}, {pastRows, colorTarget, 100}} {
		if n := count(img, w.rows, w.clr); n < w.min {
			t.Errorf("%d pixels of %v in rows %v, want at least %d", n, w.clr, w.rows, w.min)
		}
	}
	noBand := budgetChart()
	noBand.Budget = nil
	if n := count(decode(t, render(t, noBand)), currentRows, colorMissed); n != 0 {
		t.Errorf("without a band: %d pixels of its colour in the current period", n)
	}
	words := func(c Chart) []string {
		var out []string
		for _, k := range keys(&c, c.Locale.filled()) {
			out = append(out, k.words)
		}
		return out
	}
	if got, want := words(c), []string{"Spent $756", "Budget $1,000", "Even spend", "Projected $1,260 ($1,150–$1,370)", "Band 80%–110%",
		"Within band", "Outside band"}; !slices.Equal(got, want) {
		t.Errorf("legend = %q, want %q", got, want)
	}
	bad := budgetChart()
	bad.Budget.Over = 0.9
	if _, err := Render(bad); goalbot.ErrorCode(err) != goalbot.EINVALID || !strings.Contains(messages.English().Error(err), "band 0.8–0.9") {
		t.Errorf("a band whose upper level is under the budget: %v", err)
	}
}

func TestRenderIsNotBlank(t *testing.T) {
	for _, c := range []Chart{exampleChart(), budgetChart()} {
		notBlank(t, c)
	}
}

// notBlank fails unless c's chart has many colours and is not nearly all white.
func notBlank(t *testing.T, c Chart) {
	t.Helper()
	img := decode(t, render(t, c))
	colours := map[color.Color]bool{}
	white := 0
	for y := 0; y < Height; y++ {
		for x := 0; x < Width; x++ {
			c := img.At(x, y)
			colours[c] = true
			if r, g, b, _ := c.RGBA(); r == 0xffff && g == 0xffff && b == 0xffff {
				white++
			}
		}
	}
	if len(colours) < 20 || white > Width*Height*95/100 {
		t.Fatalf("%d colours, %d of %d pixels white: the chart looks blank", len(colours), white, Width*Height)
	}
}

// TestRenderIsDeterministic renders the same chart many times, some at once.
func TestRenderIsDeterministic(t *testing.T) {
	want := render(t, exampleChart())
	var wg sync.WaitGroup
	got := make([][]byte, 4)
	for i := range got {
		wg.Go(func() { got[i], _ = Render(exampleChart()) })
	}
	wg.Wait()
	for i, b := range got {
		if !bytes.Equal(b, want) {
			t.Fatalf("render %d differs from the first", i)
		}
	}
}

// goldenSHA256 is the hash of exampleChart's PNG (amd64: other architectures may
// round a pixel differently). Run go test ./chart -run Golden -update after a change
// that moves pixels, look at docs/chart-example.png, and copy the printed hash here.
const goldenSHA256 = "75294f4fe28322346fee7ff1a2e6afdb2e7d10e67eb67e104301d9a6a3697144"

// TestRenderGolden checks exampleChart's bytes against the golden hash and
// docs/chart-example.png; with -update it rewrites the file.
func TestRenderGolden(t *testing.T) {
	b := render(t, exampleChart())
	sum := sha256.Sum256(b)
	got := hex.EncodeToString(sum[:])
	if *update {
		if err := os.WriteFile("../docs/chart-example.png", b, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote docs/chart-example.png (%d bytes); golden hash %s", len(b), got)
		return
	}
	if runtime.GOARCH != "amd64" {
		t.Skipf("the golden hash is amd64's; this is %s", runtime.GOARCH)
	}
	if got != goldenSHA256 {
		t.Fatalf("hash = %s, want %s: the chart's pixels moved (see goldenSHA256)", got, goldenSHA256)
	}
	doc, err := os.ReadFile("../docs/chart-example.png")
	if err != nil || !bytes.Equal(doc, b) {
		t.Fatalf("docs/chart-example.png is not what the code draws (%v): run with -update", err)
	}
}

func TestRenderRefuses(t *testing.T) {
	ok := exampleChart()
	cases := []struct {
		name string
		edit func(c *Chart)
		want string
	}{
		{"too many days", func(c *Chart) { c.Current.Days = MaxDays + 1 }, "it must have 0 to"},
		{"more actuals than days", func(c *Chart) { c.Current.Days = 3 }, "at most one a day"},
		{"no first day", func(c *Chart) { c.Current.Start = goalbot.Date{} }, "needs its first day"},
		{"too many past periods", func(c *Chart) { c.Past = make([]Past, MaxPast+1) }, "past periods: at most"},
		{"a long title", func(c *Chart) { c.Title = strings.Repeat("x", MaxLabel+1) }, "at most 200 characters"},
		{"a NaN target", func(c *Chart) { c.Current.Target = math.NaN() }, "target must be a number"},
		{"an infinite actual", func(c *Chart) { c.Current.Actual[2] = math.Inf(1) }, "actual of day 3"},
		{"a band that does not hold the projection", func(c *Chart) { c.Current.Projection.Low = c.Current.Projection.Value + 1 }, "low ≤ value ≤ high"},
		{"a past target below 0", func(c *Chart) { c.Past[1].Target = -1 }, "past period 2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ch := ok
			ch.Current.Actual = append([]float64(nil), ok.Current.Actual...)
			p := *ok.Current.Projection
			ch.Current.Projection = &p
			ch.Past = append([]Past(nil), ok.Past...)
			c.edit(&ch)
			b, err := Render(ch)
			if b != nil || goalbot.ErrorCode(err) != goalbot.EINVALID || !strings.Contains(messages.English().Error(err), c.want) {
				t.Fatalf("Render = %d bytes, %v; want EINVALID with %q", len(b), err, c.want)
			}
		})
	}
}

// TestRenderUsesTheLocale checks that a caller's locale formats every figure and
// names every series: each function is called, and other words draw other pixels.
func TestRenderUsesTheLocale(t *testing.T) {
	calls := map[string]int{}
	l := Locale{
		Number: func(v float64) string { calls["number"]++; return englishNumber(v) },
		Date:   func(d goalbot.Date) string { calls["date"]++; return d.String() },
		Words:  Words{Actual: "Utfall", Target: "Mål", Projected: "Prognos", PastPeriods: "Tidigare perioder"},
	}
	c := exampleChart()
	c.Locale = l
	sv := render(t, c)
	if calls["number"] == 0 || calls["date"] == 0 {
		t.Fatalf("calls = %v: the locale's functions were not used", calls)
	}
	if bytes.Equal(sv, render(t, exampleChart())) {
		t.Fatal("the chart in other words has the same pixels as in English")
	}
	cc := costChart()
	cc.Locale = Locale{Money: func(v float64) string { calls["money"]++; return englishMoney("SEK", v) }}
	render(t, cc)
	if calls["money"] == 0 {
		t.Fatal("a cost chart did not format its amounts with the locale's Money")
	}
}

func TestEnglishFormats(t *testing.T) {
	cases := []struct{ got, want string }{
		{englishNumber(1180.4), "1,180"},
		{englishNumber(1234567), "1,234,567"},
		{englishNumber(12.5), "12.5"},
		{englishNumber(7), "7"},
		{englishNumber(-1500), "-1,500"},
		{englishNumber(math.NaN()), "–"},
		{englishMoney("USD", 35.372), "$35.37"},
		{englishMoney("EUR", 45), "€45"},
		{englishMoney("SEK", 1200.5), "SEK 1,200.50"},
		{englishMoney("", -3.1), "-3.10"},
		{English("").Date(goalbot.Date{Year: 2026, Month: 4, Day: 6}), "Apr 6"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestLegendKeys checks the legend's words and figures: the latest known actual, the
// target, the projection with its band, and met or missed only for what the bars show;
// an unknown actual has no figure.
func TestLegendKeys(t *testing.T) {
	words := func(c Chart) []string {
		var out []string
		for _, k := range keys(&c, c.Locale.filled()) {
			out = append(out, k.words)
		}
		return out
	}
	example := exampleChart()
	if got, want := words(example), []string{"Actual 1,304", "Target 2,400", "Target pace", "Projected 2,199 (2,156–2,241)", "Met", "Missed"}; !slices.Equal(got, want) {
		t.Errorf("count chart legend = %q, want %q", got, want)
	}
	cost := costChart()
	if got, want := words(cost), []string{"Cost per contact $35.37", "Cap $45", "Met", "Missed"}; !slices.Equal(got, want) {
		t.Errorf("cost chart legend = %q, want %q", got, want)
	}
	cost.Current.Actual = []float64{math.NaN(), math.NaN()}
	cost.Past = cost.Past[:1]
	if got, want := words(cost), []string{"Cost per contact", "Cap $45", "Met"}; !slices.Equal(got, want) {
		t.Errorf("cost chart without contacts = %q, want %q", got, want)
	}
}

// TestLegendWraps: a legend wider than the chart goes on in a second row instead of
// dropping its last keys, and the plots start below it.
func TestLegendWraps(t *testing.T) {
	c := budgetChart()
	ks := keys(&c, c.Locale.filled())
	for _, width := range []vg.Length{px(Width - 48), px(500)} {
		rec := &recorder.Canvas{}
		dc := draw.Canvas{Canvas: rec, Rectangle: vg.Rectangle{Max: vg.Point{X: px(Width), Y: px(Height)}}}
		rows := legend(dc, vg.Point{X: 0, Y: px(100)}, width, ks)
		var drawn []string
		for _, a := range rec.Actions {
			if f, ok := a.(*recorder.FillString); ok {
				drawn = append(drawn, f.String)
				if f.Point.X+textStyle(14, false, colorText).Width(f.String) > width+px(1) {
					t.Errorf("width %v: %q runs past the legend's width", width, f.String)
				}
			}
		}
		if len(drawn) != len(ks) {
			t.Errorf("width %v: drew %q of %d keys", width, drawn, len(ks))
		}
		if width == px(500) && rows < 3 {
			t.Errorf("a 500 px legend of %d keys took %d rows", len(ks), rows)
		}
	}
	one := budgetChart()
	one.Budget, one.Current.Projection, one.Past = nil, nil, nil
	full := budgetChart()
	top := func(c Chart) vg.Length {
		dc := draw.Canvas{Canvas: &recorder.Canvas{}, Rectangle: vg.Rectangle{Max: vg.Point{X: px(Width), Y: px(Height)}}}
		return header(dc, &c, c.Locale.filled()).Max.Y
	}
	if a, b := top(one), top(full); b >= a {
		t.Errorf("the plots start at %v under a two-row legend, %v under one row", b, a)
	}
}
