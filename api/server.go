package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Timeouts of the HTTP server. They bound how long a slow or idle client can hold a
// connection; ReadTimeout leaves room for a large ingest body on a slow link.
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = time.Minute
	WriteTimeout      = 2 * time.Minute
	IdleTimeout       = 2 * time.Minute
)

// Server is goalbot's HTTP server.
type Server struct {
	// Addr is the TCP address that Open listens on, such as ":8080" or "127.0.0.1:0"
	// (a free port, see URL).
	Addr string

	mux    *http.ServeMux
	server *http.Server
	ln     net.Listener
	served chan error // receives Serve's result once it returns

	closeOnce sync.Once
	closeErr  error

	log     *slog.Logger
	checks  []Check      // readiness checks of GET /readyz
	live    []Check      // liveness checks of GET /healthz
	metrics *httpMetrics // nil until Observe

	readyMu   sync.Mutex
	readyErrs map[string]string // each readiness check's last error ("" when it passed)
}

// NewServer returns a server that will listen on addr once opened. The server's own
// errors (a panic in a handler, a failed accept) go to logger as warnings
// (slog.Default() when nil).
func NewServer(addr string, logger *slog.Logger) *Server {
	if logger == nil {
		logger = slog.Default()
	}
	s := &Server{Addr: addr, mux: http.NewServeMux(), log: logger}
	s.mux.HandleFunc("GET /healthz", s.handleHealthz)
	s.mux.HandleFunc("GET /readyz", s.handleReadyz)
	s.server = &http.Server{
		Handler:           http.HandlerFunc(s.observe),
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	return s
}

// ServeHTTP routes a request to its handler, so that tests can call the server
// without a network.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.observe(w, r)
}

// Handle adds a route to the server (before Open).
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// Mux returns the server's router, for packages that register their routes (V1).
func (s *Server) Mux() *http.ServeMux { return s.mux }

// Ready adds readiness checks to GET /readyz (before Open).
func (s *Server) Ready(checks ...Check) { s.checks = append(s.checks, checks...) }

// Open starts listening on Addr and serves in the background until Close.
func (s *Server) Open() error {
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.Addr, err)
	}
	s.ln = ln
	s.served = make(chan error, 1)
	go func() { s.served <- s.server.Serve(ln) }()
	return nil
}

// ListenAddr returns the address the server listens on (with the port chosen when
// Addr asked for port 0), or nil before Open.
func (s *Server) ListenAddr() net.Addr {
	if s.ln == nil {
		return nil
	}
	return s.ln.Addr()
}

// URL returns the server's base URL, such as "http://127.0.0.1:8080", or "" before
// Open. An unspecified host (":8080") is given as localhost.
func (s *Server) URL() string {
	addr, ok := s.ListenAddr().(*net.TCPAddr)
	if !ok {
		return ""
	}
	host := "localhost"
	if !addr.IP.IsUnspecified() {
		host = addr.IP.String()
	}
	return "http://" + net.JoinHostPort(host, fmt.Sprint(addr.Port))
}

// Close stops accepting connections and waits for the requests in flight to finish,
// until ctx is done; then it closes the remaining connections, which cancels the
// contexts of their requests (a request cut short at the shutdown's deadline is part
// of a clean stop, and logged). Only the first call does anything; later ones return
// its result.
func (s *Server) Close(ctx context.Context) error {
	s.closeOnce.Do(func() { s.closeErr = s.shutdown(ctx) })
	return s.closeErr
}

func (s *Server) shutdown(ctx context.Context) error {
	if s.ln == nil {
		return nil
	}
	if err := s.server.Shutdown(ctx); err != nil {
		if !errors.Is(err, ctx.Err()) {
			return errors.Join(fmt.Errorf("shut down http server: %w", err), s.server.Close())
		}
		s.log.Warn("stopping: requests in flight cut short at the shutdown deadline")
		if err := s.server.Close(); err != nil {
			return fmt.Errorf("close http server: %w", err)
		}
	}
	if err := <-s.served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve http: %w", err)
	}
	return nil
}
