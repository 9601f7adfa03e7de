package main

import (
	"strconv"
	"strings"

	"github.com/goalbot/goalbot"
)

// budgetBand parses GOALBOT_BUDGET_OVER and GOALBOT_BUDGET_UNDER, whole percents of
// a budget: over above 100 and at most 1000, under from 0 to below 100 (a trailing
// % is allowed).
func (c *checker) budgetBand(over, under string) goalbot.BudgetBand {
	b := goalbot.BudgetBand{
		Over:  c.budgetLevel("GOALBOT_BUDGET_OVER", over, 101, 1000, "110"),
		Under: c.budgetLevel("GOALBOT_BUDGET_UNDER", under, 0, 99, "80"),
	}
	if b.Over == 0 || b.Under < 0 {
		return goalbot.DefaultBudgetBand // a problem is recorded: the start stops
	}
	return b
}

// budgetLevel parses one level of the band, from lo to hi percent.
func (c *checker) budgetLevel(variable, value string, lo, hi int, example string) int {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(value), "%"))
	if err != nil || n < lo || n > hi {
		c.add(variable, "%q is not a whole percent of the budget from %d to %d: use one such as %s", value, lo, hi, example)
		return -1
	}
	return n
}
