module github.com/goalbot/goalbot

go 1.26
