package commands

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/goalbot/goalbot"
)

// DemoDays is the fewest days of metrics the demo holds, ending today; it holds the
// whole year so far when that is longer, so that the demo's goals have figures from
// their first day.
const DemoDays = 120

// DemoFrom is the first day of the demo's metrics when today is the last: DemoDays
// ago, or the first day of the year when that is earlier.
func DemoFrom(today goalbot.Date) goalbot.Date {
	from := today.AddDays(1 - DemoDays)
	if jan1 := (goalbot.Date{Year: today.Year, Month: time.January, Day: 1}); jan1.Before(from) {
		return jan1
	}
	return from
}

// demoCampaign is one campaign of the demo: its catalog entry and what an average
// weekday of it brings.
type demoCampaign struct {
	goalbot.Campaign
	spend       float64 // in the account's currency
	conversions float64 // modelled by the network, so fractional
	funnel      [goalbot.NumStages]float64
	forms       float64 // first form submissions
}

// weekdayFactor is the demo's weekly seasonality: busy midweek, quiet weekends.
var weekdayFactor = map[time.Weekday]float64{
	time.Monday: 1.05, time.Tuesday: 1.12, time.Wednesday: 1.15, time.Thursday: 1.08,
	time.Friday: 0.95, time.Saturday: 0.62, time.Sunday: 0.58,
}

// meanWeekdayFactor is the mean of weekdayFactor, which turns an average weekday
// into an average day.
const meanWeekdayFactor = (1.05 + 1.12 + 1.15 + 1.08 + 0.95 + 0.62 + 0.58) / 7

// demoMetrics returns a row a day from DemoFrom(today) to today for every campaign:
// each day its campaign's average scaled by the weekday, a slow trend and noise, all
// drawn from a PCG source seeded with seed (the same seed gives the same rows).
func demoMetrics(seed int64, today goalbot.Date, accounts map[string]goalbot.Account, camps []demoCampaign) []goalbot.Metric {
	rnd := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	from := DemoFrom(today)
	days := goalbot.Days(from, today)
	rows := make([]goalbot.Metric, 0, days*len(camps))
	for _, c := range camps {
		trend := 0.4 * (rnd.Float64() - 0.3) // -12 % to +28 % over the days
		acc := accounts[c.AccountID]
		for i := range days {
			d := from.AddDays(i)
			f := weekdayFactor[d.Weekday()] * (1 + trend*(float64(i)/float64(days)-0.5)) * noise(rnd, 0.15)
			m := goalbot.Metric{Date: d, Network: acc.Network, AccountID: acc.ID, AccountName: acc.Name,
				CampaignID: c.ID, CampaignName: c.Name, Currency: acc.Currency}
			m.Spend = cents(c.spend * f * noise(rnd, 0.05))
			m.Conversions = tenths(c.conversions * f * noise(rnd, 0.2))
			for s, n := range c.funnel {
				m.Contacts[s] = count(rnd, n*f*noise(rnd, 0.25))
			}
			m.FirstFormSubmissions = count(rnd, c.forms*f*noise(rnd, 0.25))
			rows = append(rows, m)
		}
	}
	return rows
}

// noise returns a factor around 1 with standard deviation sd, never below 0.2.
func noise(rnd *rand.Rand, sd float64) float64 { return max(0.2, 1+sd*rnd.NormFloat64()) }

// cents is an amount of money rounded to cents.
func cents(x float64) goalbot.Micro { return goalbot.Micro(math.Round(x*100)) * 10_000 }

// tenths is a modelled count rounded to one decimal.
func tenths(x float64) goalbot.Micro { return goalbot.Micro(math.Round(x*10)) * 100_000 }

// count rounds x up or down at random, in proportion, so that small averages still
// add up right over many days.
func count(rnd *rand.Rand, x float64) int64 { return int64(math.Floor(x + rnd.Float64())) }
