// Package slacktest is a fake Slack for end-to-end tests: an httptest.Server that
// slack-go's real Web API client and its socketmode client talk to exactly as they talk
// to Slack.
//
// It serves the Web API methods goalbot calls under APIURL() (form-encoded bodies with
// token= for chat.*, users.info and conversations.*, JSON with a Bearer token for
// views.* and apps.connections.open), records every call, keeps the workspace state
// those methods touch (users, channels and the bot's membership, messages, views,
// response_url posts), and can fail on demand (FailNext, SetLatency). Its socket-mode
// endpoint sends Slack's hello, WebSocket pings and envelopes in Slack's JSON shapes,
// reads acks, and can refresh or drop the connection.
//
// The package is test support: only tests of other packages import it. It never talks
// to the network beyond its own loopback listener and holds no global state, so tests
// may run many servers in parallel.
package slacktest
