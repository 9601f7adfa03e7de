// Package slacktest is a fake Slack for end-to-end tests: an httptest.Server that
// slack-go's real Web API client and its socketmode client talk to exactly as they talk
// to Slack.
//
//	fake := slacktest.NewT(t)
//	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.APIURL()),
//		slack.OptionAppLevelToken(fake.AppToken()))
//	sm := socketmode.New(api)
//
// It serves the Web API methods goalbot calls under APIURL(): form-encoded bodies with
// token= for chat.postMessage, chat.postEphemeral, chat.update, users.info, auth.test,
// conversations.info/join/members/open and the file upload (files.getUploadURLExternal,
// the POST to its upload URL on the fake's own host, files.completeUploadExternal:
// files.go, read back with Files and WaitFile); JSON with a Bearer token for views.open,
// views.push, views.update, views.publish and apps.connections.open (the app-level
// token). It keeps the workspace state those methods touch and applies Slack's rules
// to it: users (SetUser) must exist to be looked up or messaged, the bot posts only
// where it is a member (SetChannel, conversations.join), trigger_ids are single-use
// and expire, views have hashes and size limits, a response_url takes five posts.
//
// Every message, view and ack is held to Slack's limits (blockkit.go): the lengths of
// Block Kit's texts, option values and texts, button values, ids, an input's
// initial_value within its max_length, the number of blocks, options, elements and
// fields, a message's fallback text (MaxMessageText) and the text of all its blocks
// together (MaxMessageBlockText, msg_blocks_too_long). A payload that breaks one is
// refused with Slack's code and response_metadata.messages, and recorded
// (Rejections), so that a test can fail on anything real Slack would refuse.
// Every call is recorded (Calls, WaitCall) and any method can fail on demand
// (FailNext, SetLatency); a token can be refused as Slack refuses a wrong or revoked
// one (WithTokens, RefuseToken, AcceptToken).
//
// Its socket-mode endpoint hands out single-use tickets, sends Slack's hello,
// WebSocket pings and envelopes (SlashCommand, BlockActions, ViewSubmission,
// BlockSuggestion, Event, Send, Redeliver) round-robin over the live connections,
// reads acks (WaitAck, Acks), and can refresh (Disconnect) or drop (DropConnection)
// connections. A view_submission ack's response_action is applied to the stored view.
//
// Predicates passed to the Wait methods run on a snapshot, without the server's lock,
// so they may call the Server. The package is test support: only tests of other
// packages import it. It holds no global state, so tests may run many servers in
// parallel.
package slacktest
