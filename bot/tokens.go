package bot

import (
	"context"
	"sync"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// The configuration variables of the two tokens, as problems name them.
const (
	botTokenVar = "SLACK_BOT_TOKEN"
	appTokenVar = "SLACK_APP_TOKEN"
)

// refusalCodes are Slack's answers to a token it does not take.
var refusalCodes = map[string]bool{
	"invalid_auth":           true,
	"not_authed":             true,
	"account_inactive":       true,
	"token_revoked":          true,
	"token_expired":          true,
	"not_allowed_token_type": true,
	"missing_scope":          true,
}

// tokenHints say what to do about each token when Slack refuses it.
var tokenHints = map[string]goalbot.Message{
	botTokenVar: goalbot.M("api.ready.hint_bot", nil),
	appTokenVar: goalbot.M("api.ready.hint_app", nil),
}

// refusal returns Slack's code when err is Slack refusing a token, or "".
func refusal(err error) string {
	code := slackCode(err)
	if code == "" && err != nil && refusalCodes[err.Error()] {
		code = err.Error() // slack-go's socket loop returns the bare code
	}
	if refusalCodes[code] {
		return code
	}
	return ""
}

// tokenState holds what Slack said of each token: the problem of a refused one.
type tokenState struct {
	mu       sync.Mutex
	problems map[string]goalbot.Message // token variable → what is wrong
}

// refused records that Slack refused the token of variable with code; it reports
// whether this is news (the token was not refused with that code before), so that
// the caller logs it once.
func (s *tokenState) refused(variable, code string) (problem goalbot.Message, news bool) {
	problem = goalbot.M("api.ready.token", goalbot.Args{"Variable": variable, "Code": code, "Hint": tokenHints[variable]})
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.problems == nil {
		s.problems = map[string]goalbot.Message{}
	}
	news = s.problems[variable].String() != problem.String()
	s.problems[variable] = problem
	return problem, news
}

// accepted records that Slack took the token of variable; it reports whether the
// token had been refused.
func (s *tokenState) accepted(variable string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, was := s.problems[variable]
	delete(s.problems, variable)
	return was
}

// err returns the problems of the refused tokens as one error, or nil.
func (s *tokenState) err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.problems) == 0 {
		return nil
	}
	var out []goalbot.Message
	for _, v := range []string{botTokenVar, appTokenVar} {
		if p, ok := s.problems[v]; ok {
			out = append(out, p)
		}
	}
	m := out[0] // a message for people: /readyz shows it
	if len(out) > 1 {
		m = goalbot.M("api.ready.tokens", goalbot.Args{"First": out[0], "Second": out[1]})
	}
	return &goalbot.Error{Code: goalbot.EUNAUTHORIZED, Message: m}
}

// noteRefused records a refusal of the token of variable and logs it when it is news
// (at ERROR, naming the variable and never the token); later ones go to DEBUG.
func (b *Bot) noteRefused(variable, code string) {
	problem, news := b.tokens.refused(variable, code)
	if news {
		b.log.Error("slack refused a token", "token", variable, "code", code, "problem", messages.English().Message(problem))
		return
	}
	b.log.Debug("slack still refuses a token", "token", variable, "code", code)
}

// noteAccepted records that Slack took the token of variable, and logs it when it
// had been refused.
func (b *Bot) noteAccepted(variable string) {
	if b.tokens.accepted(variable) {
		b.log.Info("slack accepts the token now", "token", variable)
	}
}

// watchBotToken checks SLACK_BOT_TOKEN with auth.test at start, and again, backing
// off, while Slack refuses it or cannot be reached; then it waits until a Web API
// call is refused (TokenRefused) to check again, until ctx ends.
func (b *Bot) watchBotToken(ctx context.Context) {
	for {
		wait := b.retry
		for b.checkBotToken(ctx) != nil {
			if !b.sleepCtx(ctx, wait) {
				return
			}
			wait = min(2*wait, maxRetry)
		}
		select {
		case <-ctx.Done():
			return
		case <-b.recheck:
		}
	}
}

// TokenRefused is told of a Web API call that failed (a delivery's): when Slack
// refused the bot token, the refusal is recorded (and logged once, shown by Ready)
// and the token is checked again, with backoff, until Slack takes it.
func (b *Bot) TokenRefused(err error) {
	code := refusal(err)
	if code == "" {
		return
	}
	b.noteRefused(botTokenVar, code)
	select {
	case b.recheck <- struct{}{}:
	default: // a check is due already
	}
}

// checkBotToken asks Slack whether it takes the bot token (auth.test) and records
// the answer.
func (b *Bot) checkBotToken(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, WebTimeout)
	defer cancel()
	_, err := b.api.AuthTestContext(ctx)
	switch code := refusal(err); {
	case err == nil:
		b.noteAccepted(botTokenVar)
	case code != "":
		b.noteRefused(botTokenVar, code)
	case ctx.Err() == nil:
		b.log.Warn("could not check SLACK_BOT_TOKEN with Slack; retrying", "err", err)
	}
	return err
}

// sleepCtx waits d; it reports false when ctx ended first.
func (b *Bot) sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
