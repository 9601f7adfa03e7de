module github.com/goalbot/goalbot

go 1.26

require (
	github.com/gorilla/websocket v1.5.3
	github.com/slack-go/slack v0.35.0
	pgregory.net/rapid v1.3.0
)
