package slacktest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// SocketStats counts socket-mode activity since the server started.
type SocketStats struct {
	Opens    int // successful apps.connections.open calls (tickets handed out)
	Accepted int // WebSocket connections accepted
	Live     int // connections open now
}

type socketState struct {
	tickets   map[string]bool // ticket → used
	opens     int
	accepted  int
	live      []*conn
	next      int // round-robin cursor into live
	pending   []string
	envelopes map[string]*envelopeState
	order     []string
	acks      []Ack
}

func (st *socketState) init() {
	st.tickets = map[string]bool{}
	st.envelopes = map[string]*envelopeState{}
}

// conn is one socket-mode WebSocket connection.
type conn struct {
	n       int // 1-based, in order of acceptance
	ws      *websocket.Conn
	writeMu sync.Mutex
	done    chan struct{}
	once    sync.Once
}

// close closes the socket abruptly (no close frame) and stops its goroutines. It
// reports whether this call closed it (false when it was closed already).
func (c *conn) close() bool {
	closed := false
	c.once.Do(func() {
		close(c.done)
		_ = c.ws.Close()
		closed = true
	})
	return closed
}

// write sends one text frame; writes are serialised, as gorilla requires.
func (c *conn) write(b []byte) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	return c.writeLocked(b)
}

// writeLocked is write for a caller that holds writeMu.
func (c *conn) writeLocked(b []byte) error {
	if err := c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second)); err != nil {
		return fmt.Errorf("set write deadline: %w", err)
	}
	if err := c.ws.WriteMessage(websocket.TextMessage, b); err != nil {
		return fmt.Errorf("write to connection %d: %w", c.n, err)
	}
	return nil
}

// appsConnectionsOpen serves apps.connections.open: a single-use ws:// URL.
func (s *Server) appsConnectionsOpen(*Call) reply {
	ticket := s.nextIDLocked("")
	s.socket.tickets[ticket] = false
	s.socket.opens++
	s.changedLocked()
	host := strings.TrimPrefix(s.srv.URL, "http://")
	return ok(map[string]any{"url": "ws://" + host + "/link/?ticket=" + ticket + "&app_id=" + AppID})
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// handleLink upgrades a ticket to a socket-mode connection and says hello.
func (s *Server) handleLink(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	s.mu.Lock()
	used, found := s.socket.tickets[ticket]
	if found && !used && !s.closed {
		s.socket.tickets[ticket] = true
	}
	s.mu.Unlock()
	if !found || used {
		http.Error(w, "invalid or used ticket", http.StatusUnauthorized)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has answered the client
	}

	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		_ = ws.Close()
		return
	}
	s.socket.accepted++
	c := &conn{n: s.socket.accepted, ws: ws, done: make(chan struct{})}
	hello := helloFrame(len(s.socket.live) + 1)
	// The connection is live (DropConnection, Disconnect and envelopes see it) before
	// the client can read hello and call itself connected; its write lock, taken
	// first, keeps every other frame behind hello.
	c.writeMu.Lock()
	s.socket.live = append(s.socket.live, c)
	s.changedLocked()
	s.wg.Add(2)
	s.mu.Unlock()

	go s.ping(c)
	err = c.writeLocked(hello)
	c.writeMu.Unlock()
	if err != nil {
		c.close()
	}
	s.nudge()
	go s.read(c)
}

func helloFrame(numConnections int) []byte {
	b, _ := json.Marshal(map[string]any{
		"type":            "hello",
		"num_connections": numConnections,
		"debug_info": map[string]any{
			"host": "applink-slacktest", "build_number": 1, "approximate_connection_time": 18060,
		},
		"connection_info": map[string]any{"app_id": AppID},
	})
	return b
}

// ping sends WebSocket PING control frames, the first at once, until c closes.
func (s *Server) ping(c *conn) {
	defer s.wg.Done()
	t := time.NewTicker(s.cfg.pingInterval)
	defer t.Stop()
	for {
		if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(5*time.Second)); err != nil {
			c.close()
			return
		}
		select {
		case <-c.done:
			return
		case <-t.C:
		}
	}
}

// read takes acks from c until the connection fails, then forgets c.
func (s *Server) read(c *conn) {
	defer s.wg.Done()
	defer s.forget(c)
	for {
		_, msg, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		s.recordAck(c, msg, time.Now())
	}
}

// forget closes c and drops it from the live connections.
func (s *Server) forget(c *conn) {
	c.close()
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := slices.Index(s.socket.live, c); i >= 0 {
		s.socket.live = slices.Delete(s.socket.live, i, i+1)
		s.changedLocked()
	}
}

// Stats returns the socket-mode counters.
func (s *Server) Stats() SocketStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.statsLocked()
}

func (s *Server) statsLocked() SocketStats {
	return SocketStats{Opens: s.socket.opens, Accepted: s.socket.accepted, Live: len(s.socket.live)}
}

// WaitStats waits until pred holds for the socket-mode counters, for example
// func(st SocketStats) bool { return st.Accepted >= 2 && st.Live == 1 } after a
// reconnect.
func (s *Server) WaitStats(ctx context.Context, pred func(SocketStats) bool) (SocketStats, error) {
	st, err := waitUntil(ctx, s, s.statsLocked, pred)
	if err != nil {
		return st, fmt.Errorf("wait for socket stats (now %+v): %w", st, err)
	}
	return st, nil
}

// Connected waits until at least one socket-mode connection is live (hello sent).
func (s *Server) Connected(ctx context.Context) error {
	_, err := s.WaitStats(ctx, func(st SocketStats) bool { return st.Live > 0 })
	return err
}

// Disconnect sends {"type":"disconnect","reason":reason} on every live connection, as
// Slack does before it recycles one ("warning", "refresh_requested",
// "link_disabled"). slack-go then closes the socket and reconnects with a new
// apps.connections.open. It returns how many connections were told.
func (s *Server) Disconnect(reason string) int {
	frame, _ := json.Marshal(map[string]any{
		"type": "disconnect", "reason": reason,
		"debug_info": map[string]any{"host": "applink-slacktest"},
	})
	n := 0
	for _, c := range s.liveConns() {
		if c.write(frame) == nil {
			n++
		}
	}
	return n
}

// DropConnection closes every live connection abruptly, without a close frame, as a
// network failure would. It returns how many it closed (not counting connections
// already closed and not yet forgotten).
func (s *Server) DropConnection() int {
	n := 0
	for _, c := range s.liveConns() {
		if c.close() {
			n++
		}
	}
	return n
}

func (s *Server) liveConns() []*conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.socket.live)
}
