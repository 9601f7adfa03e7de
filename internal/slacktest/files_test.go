package slacktest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/goalbot/goalbot/internal/slacktest"
	"github.com/slack-go/slack"
)

// TestUploadFileV2 uploads with slack-go's UploadFileContext (files.uploadV2): the
// three calls reach the fake, the bytes arrive whole at an upload URL on its host,
// and the file is shared in the channel, in the thread asked for.
func TestUploadFileV2(t *testing.T) {
	fake := slacktest.NewT(t)
	fake.SetChannel(slacktest.Channel{ID: "C1", Name: "alerts", BotMember: true})
	client := api(fake)
	_, ts, err := client.PostMessageContext(t.Context(), "C1", slack.MsgOptionText("an alert", false))
	if err != nil {
		t.Fatal(err)
	}
	png := bytes.Repeat([]byte("\x89PNG chart "), 500)
	f, err := client.UploadFileContext(t.Context(), slack.UploadFileParameters{
		Filename: "chart.png", FileSize: len(png), Reader: bytes.NewReader(png), Title: "G1 · Spring",
		AltTxt: "Chart of G1", Channel: "C1", ThreadTimestamp: ts, InitialComment: "charts",
	})
	if err != nil {
		t.Fatal(err)
	}
	files := fake.Files("C1")
	if len(files) != 1 || files[0].ID != f.ID {
		t.Fatalf("files in C1 = %+v, want the one uploaded (%s)", files, f.ID)
	}
	got := files[0]
	if !bytes.Equal(got.Data, png) || got.Name != "chart.png" || got.Title != "G1 · Spring" || got.ThreadTS != ts ||
		got.Comment != "charts" || got.AltText != "Chart of G1" || !got.Completed {
		t.Errorf("file = %+v (%d bytes)", got, len(got.Data))
	}
	get, _ := fake.WaitCall(t.Context(), "files.getUploadURLExternal", nil)
	var reply struct {
		UploadURL string `json:"upload_url"`
	}
	if err := json.Unmarshal(get.Reply, &reply); err != nil || !strings.HasPrefix(reply.UploadURL, fake.URL()+"/upload/") {
		t.Errorf("upload_url = %q, want one on the fake's host", reply.UploadURL)
	}
	if len(fake.Files("C2")) != 0 || len(fake.Files("")) != 1 {
		t.Errorf("Files filters by channel: %d in C2, %d in all", len(fake.Files("C2")), len(fake.Files("")))
	}
}

// TestUploadRules: Slack's rules of the upload hold. A file is completed once; a
// file whose bytes never came cannot be completed; the bot shares only where it is a
// member (chat:write.public does not count), never in an archived channel, and only
// under a message of that channel; bytes of the wrong length are refused.
func TestUploadRules(t *testing.T) {
	fake := slacktest.NewT(t, slacktest.WithChatWritePublic())
	fake.SetChannel(slacktest.Channel{ID: "C1", Name: "in", BotMember: true})
	fake.SetChannel(slacktest.Channel{ID: "C2", Name: "out"})
	fake.SetChannel(slacktest.Channel{ID: "C4", Name: "old", Archived: true, BotMember: true})
	fake.SetUser(slacktest.User{ID: "U1", Name: "ana"})
	client := api(fake)
	ctx := t.Context()
	upload := func(data []byte, length int) (string, error) {
		u, err := client.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{FileName: "c.png", FileSize: length})
		if err != nil {
			return "", err
		}
		return u.FileID, client.UploadToURL(ctx, slack.UploadToURLParameters{UploadURL: u.UploadURL, Reader: bytes.NewReader(data), Filename: "c.png"})
	}
	complete := func(id, channel, thread string) error {
		_, err := client.CompleteUploadExternalContext(ctx, slack.CompleteUploadExternalParameters{
			Files: []slack.FileSummary{{ID: id, Title: "t"}}, Channel: channel, ThreadTimestamp: thread})
		return err
	}
	id, err := upload([]byte("12345"), 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ channel, thread, want string }{
		{"C2", "", "not_in_channel"},
		{"C4", "", "is_archived"},
		{"C9", "", "channel_not_found"},
		{"C1", "1.000001", "invalid_thread_ts"},
	} {
		if err := complete(id, c.channel, c.thread); slackError(err) != c.want {
			t.Errorf("complete in %s (thread %q): %v, want %s", c.channel, c.thread, err, c.want)
		}
	}
	if err := complete(id, "U1", ""); err != nil { // a user id: the bot's DM with them
		t.Fatalf("complete in U1's DM: %v", err)
	}
	if fs := fake.Files(fake.DMChannel("U1")); len(fs) != 1 {
		t.Errorf("files in U1's DM = %d, want 1", len(fs))
	}
	if err := complete(id, "C1", ""); slackError(err) != "file_not_found" {
		t.Errorf("a second completion: %v, want file_not_found", err)
	}
	u, err := client.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{FileName: "c.png", FileSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	if err := complete(u.FileID, "C1", ""); slackError(err) != "file_not_found" {
		t.Errorf("completing a file never uploaded: %v, want file_not_found", err)
	}
	_, err = upload([]byte("1234"), 3)
	var sc slack.StatusCodeError
	if !errors.As(err, &sc) || sc.Code != http.StatusBadRequest {
		t.Errorf("4 bytes announced as 3: %v, want HTTP 400", err)
	}
	if _, err := client.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{FileName: "c.png", FileSize: -1}); err == nil {
		t.Error("a negative length was taken")
	}
}
