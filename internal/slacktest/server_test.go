package slacktest_test

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/goalbot/goalbot/internal/slacktest"
	"github.com/gorilla/websocket"
)

// TestCloseLeavesNothingRunning: Close ends live sockets, pending waits and slow
// handlers, and leaves no goroutine of the server behind.
func TestCloseLeavesNothingRunning(t *testing.T) {
	before := runtime.NumGoroutine()

	fake := slacktest.New(slacktest.WithPingInterval(50 * time.Millisecond))
	conn, err := dial(t, fake)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var hello struct {
		Type           string `json:"type"`
		NumConnections int    `json:"num_connections"`
	}
	if err := conn.ReadJSON(&hello); err != nil || hello.Type != "hello" || hello.NumConnections != 1 {
		t.Fatalf("first frame = %+v, %v", hello, err)
	}

	fake.SetLatency("auth.test", time.Minute)
	slow := make(chan error, 1)
	go func() {
		_, err := api(fake).AuthTestContext(context.Background())
		slow <- err
	}()
	waited := make(chan error, 1)
	go func() {
		_, err := fake.WaitAck(context.Background(), "never")
		waited <- err
	}()
	if _, err := fake.WaitCall(ctxT(t, 5*time.Second), "apps.connections.open", nil); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	fake.Close()
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close took %v", d)
	}
	if err := <-waited; !errors.Is(err, slacktest.ErrClosed) {
		t.Errorf("WaitAck after Close: %v, want ErrClosed", err)
	}
	<-slow
	if _, _, err := conn.ReadMessage(); err == nil {
		t.Error("socket still open after Close")
	}
	conn.Close()

	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines after Close, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

// dial opens a socket-mode connection as slack-go does, without its client.
func dial(t *testing.T, fake *slacktest.Server) (*websocket.Conn, error) {
	t.Helper()
	_, url, err := api(fake).StartSocketModeContext(t.Context())
	if err != nil {
		return nil, err
	}
	conn, resp, err := websocket.DefaultDialer.DialContext(t.Context(), url, nil)
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	return conn, err
}

// TestTicketsAreSingleUse: a ticket URL connects once.
func TestTicketsAreSingleUse(t *testing.T) {
	fake := slacktest.NewT(t)
	_, url, err := api(fake).StartSocketModeContext(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	conn, _, err := websocket.DefaultDialer.DialContext(t.Context(), url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, resp, err := websocket.DefaultDialer.DialContext(t.Context(), url, nil); err == nil || resp == nil || resp.StatusCode != 401 {
		t.Errorf("second dial with the same ticket: %v", err)
	}
}
