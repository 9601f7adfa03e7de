package store

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"

	"github.com/alicebob/miniredis/v2/server"
)

// errLogFailed is why the embedded store answers every command with an error once
// its log failed: what it holds in memory may be more than what is on disk.
var errLogFailed = errors.New("the embedded store cannot write its log, so it keeps nothing more (restart goalbot once the disk works)")

// session serves one client connection of the embedded store, on an in-memory pipe:
// it reads each command, runs it on the miniredis server, and queues the reply, which
// goes out once every write the connection made so far is on disk. Replies wait in an
// unbounded queue, so that a client that writes a long pipeline before it reads never
// blocks the session.
type session struct {
	e    *embedded
	peer *server.Peer
	out  bytes.Buffer // what the peer wrote for the current command
	w    *bufio.Writer

	multi   bool       // inside MULTI
	queued  [][]string // the commands queued since MULTI
	aborted string     // why the transaction will be refused, when a queued command was
	last    uint64     // number of the last record this connection wrote

	replies replyQueue
}

// serve runs the session on conn until the client closes it.
func (e *embedded) serve(conn net.Conn) {
	s := &session{e: e}
	s.w = bufio.NewWriter(&s.out)
	s.peer = server.NewPeer(s.w)
	s.replies.init()
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		s.replies.send(conn, e.wal)
	}()
	r := bufio.NewReaderSize(conn, 64<<10)
	for {
		args, err := readCommand(r)
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrClosedPipe) {
				s.replies.push([]byte("-ERR "+oneLine(err.Error())+"\r\n"), s.last)
			}
			break
		}
		reply := s.run(args)
		s.replies.push(reply, s.last)
		if s.peer.Closed() {
			break
		}
	}
	s.replies.close()
	<-sent
	conn.Close()
}

// run runs one command and returns its reply.
func (s *session) run(args []string) []byte {
	cmd := strings.ToUpper(args[0])
	if err := s.e.wal.failed(); err != nil {
		return errorReply(fmt.Errorf("%w: %w", errLogFailed, err))
	}
	if s.multi {
		return s.inMulti(cmd, args)
	}
	kind, why := s.e.scripts.classify(s.e.srv, cmd, args[1:])
	switch kind {
	case cmdRefused:
		return refusedReply(cmd, why)
	case cmdWrite:
		return s.write(args, [][]string{args})
	case cmdOrdered:
		return s.ordered(args)
	}
	reply := s.dispatch(args)
	if cmd == "MULTI" && isOK(reply) {
		s.multi, s.queued, s.aborted = true, nil, ""
	}
	return reply
}

// inMulti runs a command between MULTI and EXEC: EXEC runs the queued commands as
// one write, the others are queued by miniredis.
func (s *session) inMulti(cmd string, args []string) []byte {
	switch cmd {
	case "EXEC":
		queued, aborted := s.queued, s.aborted
		s.multi, s.queued, s.aborted = false, nil, ""
		if aborted != "" {
			s.dispatch([]string{"DISCARD"})
			return []byte("-EXECABORT Transaction discarded because of previous errors: " + aborted + "\r\n")
		}
		return s.write(args, queued)
	case "DISCARD":
		s.multi, s.queued, s.aborted = false, nil, ""
		return s.dispatch(args)
	}
	if why := refusal(cmd, args[1:]); why != "" {
		s.aborted = cmd + " is refused"
		return refusedReply(cmd, why)
	}
	s.e.scripts.sha(cmd, args[1:])
	reply := s.dispatch(args)
	if bytes.HasPrefix(reply, []byte("+QUEUED")) {
		s.queued = append(s.queued, args)
	}
	return reply
}

// write runs a write alone, and logs cmds (the command, or the queued commands of an
// EXEC) when it took effect.
func (s *session) write(args []string, cmds [][]string) []byte {
	e := s.e
	e.order.Lock()
	defer e.order.Unlock()
	if err := e.wal.failed(); err != nil {
		return errorReply(fmt.Errorf("%w: %w", errLogFailed, err))
	}
	e.exp.advance(e.now().UnixNano())
	if e.scripts.ttlSensitive(cmds) {
		e.exp.sync()
	}
	lsn := e.wal.next()
	if needsSeed(cmds) {
		e.m.Seed(int(lsn))
	}
	reply := s.dispatch(args)
	e.exp.settle()
	if s.tookEffect(strings.ToUpper(args[0]), args, reply) && len(cmds) > 0 {
		s.last = e.wal.append(e.exp.clock, cmds, e.scripts.body)
	}
	return reply
}

// tookEffect reports whether a write's reply says that it ran: a transaction that
// was not aborted, a script that was found (even one that failed half-way, as
// its replay fails the same way), any other command that did not fail.
func (s *session) tookEffect(cmd string, args []string, reply []byte) bool {
	switch cmd {
	case "EXEC":
		return len(reply) > 0 && reply[0] == '*' && !bytes.HasPrefix(reply, []byte("*-1"))
	case "EVAL", "EVALSHA":
		return len(args) > 1 && !bytes.HasPrefix(reply, []byte("-NOSCRIPT")) && (cmd == "EVAL" || s.e.scripts.body(args[1]) != "")
	}
	return len(reply) > 0 && reply[0] != '-'
}

// ordered runs a read alone, after the times to live it may read are set.
func (s *session) ordered(args []string) []byte {
	e := s.e
	e.order.Lock()
	defer e.order.Unlock()
	e.exp.advance(e.now().UnixNano())
	e.exp.sync()
	return s.dispatch(args)
}

// dispatch runs a command on the server and returns what it answered.
func (s *session) dispatch(args []string) []byte {
	s.e.srv.Dispatch(s.peer, args)
	s.peer.Flush()
	reply := bytes.Clone(s.out.Bytes())
	s.out.Reset()
	return reply
}

func isOK(reply []byte) bool { return bytes.HasPrefix(reply, []byte("+OK")) }

// refusedReply is the error answered to a refused command.
func refusedReply(cmd, why string) []byte {
	return []byte(fmt.Sprintf("-ERR %s: goalbot's embedded store %s (set REDIS_URL to use a Redis server)\r\n", cmd, why))
}

// errorReply is err as a RESP error.
func errorReply(err error) []byte {
	return []byte("-ERR " + oneLine(err.Error()) + "\r\n")
}

func oneLine(s string) string { return strings.NewReplacer("\r", " ", "\n", " ").Replace(s) }

// readCommand reads one command, an array of bulk strings, as Redis clients send
// them.
func readCommand(r *bufio.Reader) ([]string, error) {
	n, err := readLength(r, '*')
	if err != nil {
		return nil, err
	}
	if n < 1 {
		return nil, fmt.Errorf("protocol error: a command of %d arguments", n)
	}
	args := make([]string, n)
	for i := range args {
		l, err := readLength(r, '$')
		if err != nil {
			return nil, err
		}
		if l < 0 {
			return nil, fmt.Errorf("protocol error: a null argument")
		}
		b := make([]byte, l+2)
		if _, err := io.ReadFull(r, b); err != nil {
			return nil, err
		}
		if b[l] != '\r' || b[l+1] != '\n' {
			return nil, fmt.Errorf("protocol error: an argument not ended by CRLF")
		}
		args[i] = string(b[:l])
	}
	return args, nil
}

// maxArgLength bounds an array or bulk string length, as Redis does (512 MiB).
const maxArgLength = 512 << 20

// readLength reads a line "<prefix><n>\r\n".
func readLength(r *bufio.Reader, prefix byte) (int, error) {
	line, err := r.ReadString('\n')
	if err != nil {
		if err == io.EOF && line != "" {
			err = io.ErrUnexpectedEOF
		}
		return 0, err
	}
	if len(line) < 3 || line[0] != prefix || line[len(line)-2] != '\r' {
		return 0, fmt.Errorf("protocol error: expected %q, got %q", prefix, strings.TrimSpace(line))
	}
	n, err := strconv.Atoi(line[1 : len(line)-2])
	if err != nil || n > maxArgLength {
		return 0, fmt.Errorf("protocol error: bad length %q", strings.TrimSpace(line))
	}
	return n, nil
}

// replyQueue holds a session's replies until what they follow is on disk.
type replyQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []pendingReply
	closed bool
}

// pendingReply is a reply that may go out once record lsn is on disk.
type pendingReply struct {
	b   []byte
	lsn uint64
}

func (q *replyQueue) init() { q.cond = sync.NewCond(&q.mu) }

func (q *replyQueue) push(b []byte, lsn uint64) {
	q.mu.Lock()
	q.items = append(q.items, pendingReply{b, lsn})
	q.mu.Unlock()
	q.cond.Signal()
}

// close ends send once every queued reply went out.
func (q *replyQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Signal()
}

// send writes the replies to conn in order, each once its record is on disk (an
// error instead, when the log failed), until close.
func (q *replyQueue) send(conn net.Conn, w *wal) {
	var buf []byte
	broken := false
	for {
		q.mu.Lock()
		for len(q.items) == 0 && !q.closed {
			q.cond.Wait()
		}
		items := q.items
		q.items = nil
		closed := q.closed
		q.mu.Unlock()
		buf = buf[:0]
		for _, it := range items {
			if err := w.waitDurable(it.lsn); err != nil {
				buf = append(buf, errorReply(fmt.Errorf("%w: %w", errLogFailed, err))...)
				continue
			}
			buf = append(buf, it.b...)
		}
		if len(buf) > 0 && !broken {
			if _, err := conn.Write(buf); err != nil {
				broken = true // the client went away; drain the rest
			}
		}
		if closed && len(items) == 0 {
			return
		}
	}
}
