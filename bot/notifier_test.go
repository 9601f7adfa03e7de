package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/internal/slacktest"
)

// fakeAlertStore serves goals, measurements and subscriptions from memory.
type fakeAlertStore struct {
	goals map[string]*goalbot.Goal
	ms    map[string]*goalbot.Measurement
	subs  map[string]*goalbot.Subscription
	err   error
}

func (f *fakeAlertStore) Goals(_ context.Context, ids []string) ([]*goalbot.Goal, error) {
	if f.err != nil {
		return nil, f.err
	}
	var out []*goalbot.Goal
	for _, id := range ids {
		if g := f.goals[id]; g != nil {
			out = append(out, g)
		}
	}
	return out, nil
}

func (f *fakeAlertStore) Measurements(_ context.Context, ids []string) (map[string]*goalbot.Measurement, error) {
	out := map[string]*goalbot.Measurement{}
	for _, id := range ids {
		if m := f.ms[id]; m != nil {
			out[id] = m
		}
	}
	return out, f.err
}

func (f *fakeAlertStore) Subscription(_ context.Context, id string) (*goalbot.Subscription, error) {
	if s := f.subs[id]; s != nil {
		return s, nil
	}
	return nil, errorf(goalbot.ENOTFOUND, "subscription %s not found", id)
}

// notifierRig is a Notifier on a fake Slack with a user U1, a DM-able user U2 (a
// subscriber), and channels of every kind.
func notifierRig(t *testing.T) (*Notifier, *slacktest.Server, *fakeAlertStore) {
	t.Helper()
	fake := slacktest.NewT(t)
	fake.SetUser(slacktest.User{ID: "U1", Name: "ana"})
	fake.SetUser(slacktest.User{ID: "U2", Name: "bo"})
	fake.SetChannel(slacktest.Channel{ID: "C1", Name: "alerts", BotMember: true})
	fake.SetChannel(slacktest.Channel{ID: "C2", Name: "outside"})
	fake.SetChannel(slacktest.Channel{ID: "G3", Name: "secret", Private: true})
	fake.SetChannel(slacktest.Channel{ID: "C4", Name: "old", Archived: true, BotMember: true})
	st := &fakeAlertStore{
		goals: map[string]*goalbot.Goal{"G7": {ID: "G7", Name: "<!channel> & <@U9> leads", Type: goalbot.NetworkConversions}},
		subs:  map[string]*goalbot.Subscription{"S3": {ID: "S3", Channel: "C4", Creator: "U2"}},
	}
	n := NewNotifier(NewClient(fake.BotToken(), fake.AppToken(), fake.APIURL()), st, testLogger())
	return n, fake, st
}

func threshold(recipient string) goalbot.Alert {
	return goalbot.Alert{Key: "G7:threshold:2026-03-01:75:" + recipient, GoalID: "G7", Event: goalbot.EventThreshold,
		PeriodStart: goalbot.Date{Year: 2026, Month: 3, Day: 1}, PeriodEnd: goalbot.Date{Year: 2026, Month: 3, Day: 31},
		Progress: ptr(75.96), Threshold: 75, Recipient: recipient, SubscriptionID: "S3"}
}

func TestNotifyDirectMessage(t *testing.T) {
	n, fake, _ := notifierRig(t)
	if err := n.Notify(context.Background(), threshold("U1")); err != nil {
		t.Fatal(err)
	}
	msgs := fake.Messages(fake.DMChannel("U1"))
	if len(msgs) != 1 {
		t.Fatalf("%d DMs, want 1", len(msgs))
	}
	m := msgs[0]
	if want := "G7 &lt;!channel&gt; &amp; &lt;@U9&gt; leads: reached 75%"; m.Text != want {
		t.Errorf("text = %q, want %q", m.Text, want)
	}
	blocks := unescaped(t, m.Blocks)
	for _, want := range []string{"▰▰▰▰▰▰▰▱▱▱ 75%", `"action_id":"goal_show"`, `"value":"G7"`, "View goal", "&lt;!channel&gt;", "Network conversions"} {
		if !strings.Contains(blocks, want) {
			t.Errorf("blocks lack %q: %s", want, blocks)
		}
	}
	if strings.Contains(blocks, "<!channel>") || strings.Contains(m.Text, "<@U9>") {
		t.Errorf("the goal name is not escaped: %s %s", m.Text, blocks)
	}
	if m.Metadata == nil || m.Metadata.EventType != "goal_alert" {
		t.Fatalf("metadata = %+v", m.Metadata)
	}
	want := `{"event":"threshold","goal_id":"G7","period_end":"2026-03-31","period_start":"2026-03-01","progress":75.9,"threshold":75}`
	if got := compact(t, m.Metadata.EventPayload); got != want {
		t.Errorf("event_payload = %s, want %s", got, want)
	}
	// The DM channel is opened once.
	if err := n.Notify(context.Background(), threshold("U1")); err != nil {
		t.Fatal(err)
	}
	if calls := fake.Calls("conversations.open"); len(calls) != 1 {
		t.Errorf("conversations.open called %d times, want 1", len(calls))
	}
}

func TestNotifyJoinsPublicChannel(t *testing.T) {
	n, fake, _ := notifierRig(t)
	if err := n.Notify(context.Background(), threshold("C2")); err != nil {
		t.Fatal(err)
	}
	if len(fake.Calls("conversations.join")) != 1 || len(fake.Messages("C2")) != 1 {
		t.Errorf("joins %d, posts %d; want one each", len(fake.Calls("conversations.join")), len(fake.Messages("C2")))
	}
}

func TestNotifyErrors(t *testing.T) {
	tests := []struct {
		name      string
		recipient string
		setup     func(*slacktest.Server, *fakeAlertStore)
		permanent string        // the PermanentError's reason
		transient time.Duration // > 0: a TransientError with this RetryAfter; -1: without
	}{
		{"private channel", "G3", nil, "not_in_channel", 0},
		{"archived", "C4", nil, "is_archived", 0},
		{"unknown channel", "C9", nil, "channel_not_found", 0},
		{"unknown user", "U9", nil, "user_not_found", 0},
		{"rate limited", "C1", func(f *slacktest.Server, _ *fakeAlertStore) {
			f.FailNext("chat.postMessage", 1, slacktest.RateLimited{RetryAfter: 3})
		}, "", 3 * time.Second},
		{"server error", "C1", func(f *slacktest.Server, _ *fakeAlertStore) {
			f.FailNext("chat.postMessage", 1, slacktest.ServerError{Status: 503})
		}, "", -1},
		{"network", "C1", func(f *slacktest.Server, _ *fakeAlertStore) {
			f.FailNext("chat.postMessage", 1, slacktest.NetworkError{})
		}, "", -1},
		{"slack fatal_error", "C1", func(f *slacktest.Server, _ *fakeAlertStore) {
			f.FailNext("chat.postMessage", 1, slacktest.SlackError("fatal_error"))
		}, "", -1},
		{"store unavailable", "C1", func(_ *slacktest.Server, s *fakeAlertStore) { s.err = errUnavailable }, "", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, fake, st := notifierRig(t)
			if tt.setup != nil {
				tt.setup(fake, st)
			}
			err := n.Notify(context.Background(), threshold(tt.recipient))
			var perm *goalbot.PermanentError
			var trans *goalbot.TransientError
			switch {
			case tt.permanent != "":
				if !errors.As(err, &perm) || perm.Reason != tt.permanent {
					t.Fatalf("Notify = %v, want a PermanentError %s", err, tt.permanent)
				}
			case !errors.As(err, &trans):
				t.Fatalf("Notify = %v, want a TransientError", err)
			case tt.transient > 0 && trans.RetryAfter != tt.transient:
				t.Fatalf("RetryAfter = %v, want %v", trans.RetryAfter, tt.transient)
			}
			if len(fake.Messages("")) != 0 {
				t.Errorf("a message was posted: %+v", fake.Messages(""))
			}
		})
	}
}

func TestUndeliverableTellsSubscriber(t *testing.T) {
	n, fake, _ := notifierRig(t)
	a := threshold("C4")
	if err := n.Undeliverable(context.Background(), a, "is_archived"); err != nil {
		t.Fatal(err)
	}
	msgs := fake.Messages(fake.DMChannel("U2"))
	if len(msgs) != 1 || !strings.Contains(msgs[0].Text, "S3") || !strings.Contains(msgs[0].Text, "<#C4> is archived") {
		t.Fatalf("DMs to the subscriber = %+v", msgs)
	}
	if !strings.Contains(UndeliverableText(en, &goalbot.Subscription{ID: "S1", Channel: "G3"}, "not_in_channel"), "`/invite @goalbot`") {
		t.Error("the private channel's explanation does not ask to /invite the bot")
	}
	// A subscription deleted meanwhile: nobody to tell.
	a.SubscriptionID = "S404"
	if err := n.Undeliverable(context.Background(), a, "is_archived"); err != nil {
		t.Fatal(err)
	}
}

// TestNotifyInRecipientsLanguage: a direct message is in its user's Slack language; a
// channel's alert in its subscription's lang, else the default (GOALBOT_LOCALE); its
// dates are Slack dates with a fallback in that language; a subscriber told that
// their channel gets no more alerts reads it in their own language.
func TestNotifyInRecipientsLanguage(t *testing.T) {
	n, fake, st := notifierRig(t)
	fake.SetUser(slacktest.User{ID: "U1", Name: "ana", Locale: "sv-SE"})
	fake.SetUser(slacktest.User{ID: "U2", Name: "bo", Locale: "sv-SE"})
	n.Locales = NewLocales(SlackUserInfo(n.Slack), "en")
	st.subs["S5"] = &goalbot.Subscription{ID: "S5", Channel: "C1", Creator: "U2", Lang: "sv"}
	st.subs["S6"] = &goalbot.Subscription{ID: "S6", Channel: "C1", Creator: "U2"}
	ctx := context.Background()
	post := func(a goalbot.Alert) slacktest.Message {
		t.Helper()
		before := len(fake.Messages(""))
		if err := n.Notify(ctx, a); err != nil {
			t.Fatal(err)
		}
		msgs := fake.Messages("")
		if len(msgs) != before+1 {
			t.Fatalf("%d messages, want %d", len(msgs), before+1)
		}
		return msgs[len(msgs)-1]
	}
	if m := post(threshold("U1")); !strings.Contains(m.Text, "nådde 75\u00a0%") || !strings.Contains(string(m.Blocks), "Visa mål") {
		t.Errorf("DM to a Swedish user: %q %s", m.Text, m.Blocks)
	}
	sv := threshold("C1")
	sv.SubscriptionID = "S5"
	m := post(sv)
	if !strings.Contains(m.Text, "nådde 75\u00a0%") || !strings.Contains(unescaped(t, m.Blocks), "Period <!date^1772366400^{date_short_pretty}|1 mars 2026> – <!date^") {
		t.Errorf("alert to a lang:sv channel: %q %s", m.Text, unescaped(t, m.Blocks))
	}
	plain := threshold("C1")
	plain.SubscriptionID = "S6"
	if m := post(plain); !strings.Contains(m.Text, "reached 75%") || !strings.Contains(unescaped(t, m.Blocks), "|March 1, 2026>") {
		t.Errorf("alert to a channel without lang, default en: %q %s", m.Text, unescaped(t, m.Blocks))
	}
	n.Locales = NewLocales(SlackUserInfo(n.Slack), "sv")
	if m := post(plain); !strings.Contains(m.Text, "nådde 75\u00a0%") {
		t.Errorf("alert to a channel without lang, default sv: %q", m.Text)
	}
	if err := n.Undeliverable(ctx, threshold("C4"), "is_archived"); err != nil {
		t.Fatal(err)
	}
	dms := fake.Messages(fake.DMChannel("U2"))
	if len(dms) != 1 || !strings.Contains(dms[0].Text, "<#C4> är arkiverad") {
		t.Errorf("DM to a Swedish subscriber = %+v", dms)
	}
}
