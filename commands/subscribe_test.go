package commands

import (
	"context"
	"strings"
	"testing"

	"github.com/goalbot/goalbot"
)

// TestSubscribeLanguage: `lang:` sets the language of a channel's alerts, kept with
// the subscription as goalbot's code for it (sv for sv-SE); without it the
// subscription follows the default; a language goalbot does not speak is refused,
// naming the ones it does, and nothing is stored.
func TestSubscribeLanguage(t *testing.T) {
	a := newTestApp(t)
	ctx := context.Background()
	for text, want := range map[string]string{
		"subscribe <#C1|alerts> team:growth lang:sv": "sv",
		"subscribe <#C1|alerts> lang:sv-SE":          "sv",
		"subscribe <#C1|alerts> lang:EN":             "en",
		"subscribe <#C1|alerts> events:digest":       "",
	} {
		s, ok := run(t, a, "U1", text).(Subscribed)
		if !ok {
			t.Fatalf("%s: not a subscription", text)
		}
		stored := storedSubscription(t, a, s.Subscription.ID)
		if stored.Lang != want {
			t.Errorf("%s: stored lang %q, want %q", text, stored.Lang, want)
		}
		if strings.Contains(text, "team:growth") && stored.Filter.String() != "team:growth" {
			t.Errorf("%s: filter %v", text, stored.Filter)
		}
	}
	o, err := a.Execute(ctx, Actor{UserID: "U1"}, "C1", "subscribe <#C1|alerts> lang:fr")
	r, refused := o.(Refusal)
	if err != nil || !refused || len(r.Problems) != 1 || r.Problems[0].Field != "lang" ||
		!strings.Contains(english.Problem(r.Problems[0]), `"fr" is not a language`) || !strings.Contains(english.Problem(r.Problems[0]), "en (English) or sv (Swedish)") {
		t.Fatalf("lang:fr = %+v, %v", o, err)
	}
	subs, err := a.Store.Subscriptions(ctx)
	if err != nil || len(subs) != 4 {
		t.Errorf("%d subscriptions after a refused one, want 4 (%v)", len(subs), err)
	}
}

// storedSubscription reads subscription id back from the store.
func storedSubscription(t *testing.T, a *App, id string) *goalbot.Subscription {
	t.Helper()
	subs, err := a.Store.Subscriptions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range subs {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("subscription %s was not stored", id)
	return nil
}
