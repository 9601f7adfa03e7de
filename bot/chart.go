package bot

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// ActionChart is the Chart button of show replies and Home rows (value: the goal id):
// it posts the goal's chart to the one who clicked, in a direct message.
const ActionChart = "goal_chart"

// UploadTimeout bounds posting one chart: the three calls of Slack's upload
// (files.getUploadURLExternal, the upload, files.completeUploadExternal).
const UploadTimeout = 20 * time.Second

// answerChart posts the chart of c, drawn in the asker's language, to c.Channel or
// to the asker's direct messages with goalbot, and says where it went (a click on the
// Home tab needs no answer: the direct message is one).
func answerChart(ctx context.Context, r *Request, c commands.Charted) error {
	p := r.Printer()
	channel := c.Channel
	if channel == "" {
		dm, _, _, err := r.bot.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{r.UserID}})
		if err != nil {
			return fmt.Errorf("open a direct message with %s for a chart: %w", r.UserID, err)
		}
		channel = dm.ID
	}
	if err := PostChart(ctx, r.bot.api, channel, "", c, p, true); err != nil {
		return err
	}
	if r.inView() {
		return nil
	}
	goal := c.Series.View.Goal.ID
	text := p.T("charts.posted.dm", messages.Args{"Goal": goal})
	if c.Channel != "" {
		text = p.T("charts.posted.channel", messages.Args{"Goal": goal, "Channel": "<#" + c.Channel + ">"})
	}
	return r.Reply(ctx, textMessage(p, text))
}

// PostChart draws c in p's language and uploads it to channel (in the thread of
// threadTS when given) with Slack's upload (files.uploadV2: slack-go's
// UploadFileContext). When the bot is not in channel and mayJoin, it joins it (a
// public one) and uploads again; a channel it cannot post to is an error that says
// to invite it.
func PostChart(ctx context.Context, api *slack.Client, channel, threadTS string, c commands.Charted, p *messages.Printer, mayJoin bool) error {
	png, err := c.Draw(p)
	if err != nil {
		return fmt.Errorf("draw the chart of %s: %w", c.Series.View.Goal.ID, err)
	}
	return upload(ctx, api, channel, threadTS, c, p, png, "", mayJoin)
}

// upload posts png, the chart of c, to channel with comment ("" for none).
func upload(ctx context.Context, api *slack.Client, channel, threadTS string, c commands.Charted, p *messages.Printer, png []byte, comment string, mayJoin bool) error {
	uctx, cancel := context.WithTimeout(ctx, UploadTimeout)
	defer cancel()
	_, err := api.UploadFileContext(uctx, slack.UploadFileParameters{
		Filename: c.FileName(), FileSize: len(png), Reader: bytes.NewReader(png),
		Title: c.Title(), AltTxt: truncate(c.AltText(p), maxAltText), Channel: channel, ThreadTimestamp: threadTS,
		InitialComment: comment,
	})
	switch code := slackCode(err); {
	case err == nil:
		return nil
	case code == "not_in_channel" && mayJoin:
		if _, _, _, jerr := api.JoinConversationContext(ctx, channel); jerr != nil {
			return channelError(channel, err)
		}
		return upload(ctx, api, channel, threadTS, c, p, png, comment, false)
	case code == "not_in_channel" || code == "channel_not_found":
		return channelError(channel, err)
	case code == "missing_scope": // an app installed before charts: reinstall it
		return goalbot.NewError(goalbot.EFORBIDDEN, "charts.error.scope", nil)
	}
	return fmt.Errorf("upload the chart of %s to %s: %w", c.Series.View.Goal.ID, channel, err)
}

// maxAltText bounds a file's alt text (Slack takes up to 1,000 characters).
const maxAltText = 1000

// chartButton is a goal's Chart button, in p's language.
func chartButton(p *messages.Printer, id string) *slack.ButtonBlockElement {
	return button(ActionChart, p.T("charts.button"), id)
}
