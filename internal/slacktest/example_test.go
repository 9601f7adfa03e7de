package slacktest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/goalbot/goalbot/internal/slacktest"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// Point slack-go at the fake, run socket mode, send a slash command and read the ack.
func Example() {
	fake := slacktest.New()
	defer fake.Close()

	api := slack.New(fake.BotToken(),
		slack.OptionAPIURL(fake.APIURL()), // ends in "/"
		slack.OptionAppLevelToken(fake.AppToken()))
	sm := socketmode.New(api)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	go func() { // the consumer runs before RunContext and never blocks
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-sm.Events:
				if evt.Type == socketmode.EventTypeSlashCommand {
					_ = sm.AckCtx(ctx, evt.Request.EnvelopeID, map[string]string{"text": "hi"})
				}
			}
		}
	}()
	go func() { _ = sm.RunContext(ctx) }()

	id := fake.SlashCommand(slacktest.SlashCommandArgs{Text: "help", UserID: "U1", ChannelID: "C1"})
	ack, err := fake.WaitAck(ctx, id)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(ack.Payload))
	// Output: {"text":"hi"}
}
