package goalbot

import "testing"

// TestGoalQuantity: what each type of goal counts in a day's totals.
func TestGoalQuantity(t *testing.T) {
	var day Totals
	day.Spend, day.Conversions, day.FirstFormSubmissions = Units(40), 2_500_000, 3
	day.Contacts[StageIndex(Lead)] = 7
	for _, c := range []struct {
		g    Goal
		want Micro
	}{
		{Goal{Type: NetworkConversions}, 2_500_000},
		{Goal{Type: ContactsInStage, Stage: Lead}, Units(7)},
		{Goal{Type: ContactsInStage, Stage: Customer}, 0},
		{Goal{Type: FirstFormSubmissions}, Units(3)},
		{Goal{Type: CostPerContact, Stage: Lead}, Units(40)},
		{Goal{Type: AdSpend}, Units(40)},
	} {
		if got := c.g.Quantity(day); got != c.want {
			t.Errorf("%s %s: %d, want %d", c.g.Type, c.g.Stage, got, c.want)
		}
	}
}
