package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"html"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/goalbot/goalbot/source/google"
	"github.com/goalbot/goalbot/source/linkedin"
	"golang.org/x/oauth2"
)

// connectTimeout bounds how long connect waits for the browser.
const connectTimeout = 10 * time.Minute

// network is what connect needs of a network: its OAuth client, the variable that
// takes the refresh token, and the consent URL's options.
type network struct {
	label, variable string
	cfg             oauth2.Config
	pkce            bool
	options         []oauth2.AuthCodeOption
}

// connect is the connect command: `goalbot connect google-ads|linkedin [--port N]`
// runs the network's OAuth2 consent with a redirect to a loopback address it
// listens on, and prints the refresh token to put in the configuration.
func (m *Main) connect(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("connect", flag.ContinueOnError)
	port := fs.Int("port", 8085, "")
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") { // the network first, then the flags
		args = append(append([]string{}, args[1:]...), args[0])
	}
	operands, err := m.parseCommand(fs, args, "google-ads or linkedin")
	if errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	if err := m.loadConfig(false); err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	n, err := m.network(operands[0])
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		return fmt.Errorf("connect: listen for the browser's redirect on port %d (choose another with --port): %w", *port, err)
	}
	defer ln.Close()
	n.cfg.RedirectURL = fmt.Sprintf("http://127.0.0.1:%d/callback", ln.Addr().(*net.TCPAddr).Port)
	token, err := m.consent(ctx, ln, n)
	if err != nil {
		return fmt.Errorf("connect %s: %w", n.label, err)
	}
	fmt.Fprintf(m.Stdout, "\n%s is connected. Put this line in your .env (it is a secret: keep it out of chats and commits):\n\n%s=%s\n\n",
		n.label, n.variable, token)
	return nil
}

// network returns the OAuth client of the network named on the command line.
func (m *Main) network(name string) (network, error) {
	sc := m.Config.Sources
	switch name {
	case "google-ads":
		if sc.Google.ClientID == "" || sc.Google.ClientSecret == "" {
			return network{}, errors.New("set GOALBOT_GOOGLE_ADS_CLIENT_ID and GOALBOT_GOOGLE_ADS_CLIENT_SECRET first (a Desktop app OAuth client; see docs/sources.md)")
		}
		return network{label: "Google Ads", variable: "GOALBOT_GOOGLE_ADS_REFRESH_TOKEN", pkce: true,
			cfg: oauth2.Config{ClientID: sc.Google.ClientID, ClientSecret: sc.Google.ClientSecret.Value(), Scopes: []string{google.Scope},
				Endpoint: oauth2.Endpoint{AuthURL: google.AuthURL, TokenURL: sc.Google.TokenURL, AuthStyle: oauth2.AuthStyleInParams}},
			options: []oauth2.AuthCodeOption{oauth2.AccessTypeOffline, oauth2.ApprovalForce}}, nil
	case "linkedin":
		if sc.LinkedIn.ClientID == "" || sc.LinkedIn.ClientSecret == "" {
			return network{}, errors.New("set GOALBOT_LINKEDIN_CLIENT_ID and GOALBOT_LINKEDIN_CLIENT_SECRET first (see docs/sources.md)")
		}
		return network{label: "LinkedIn", variable: "GOALBOT_LINKEDIN_REFRESH_TOKEN",
			cfg: oauth2.Config{ClientID: sc.LinkedIn.ClientID, ClientSecret: sc.LinkedIn.ClientSecret.Value(), Scopes: strings.Fields(linkedin.Scopes),
				Endpoint: oauth2.Endpoint{AuthURL: linkedin.AuthURL, TokenURL: sc.LinkedIn.TokenURL, AuthStyle: oauth2.AuthStyleInParams}}}, nil
	}
	return network{}, fmt.Errorf("%q is not a network goalbot connects: use google-ads or linkedin (Meta uses a system user token: see docs/sources.md)", name)
}

// consent prints the consent URL, serves the redirect on ln and returns the refresh
// token the code is exchanged for.
func (m *Main) consent(ctx context.Context, ln net.Listener, n network) (string, error) {
	state := randomHex(16)
	verifier := oauth2.GenerateVerifier()
	opts := n.options
	if n.pkce {
		opts = append(opts, oauth2.S256ChallengeOption(verifier))
	}
	fmt.Fprintf(m.Stdout, "Open this address in a browser, sign in with the account that reaches your ad accounts, and allow access:\n\n  %s\n\n"+
		"Waiting for the browser to come back to %s (Ctrl-C to stop)…\n", n.cfg.AuthCodeURL(state, opts...), n.cfg.RedirectURL)
	ctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	type result struct {
		token string
		err   error
	}
	done := make(chan result, 1)
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/callback" {
			http.NotFound(w, r)
			return
		}
		token, err := m.exchange(ctx, r, n, state, verifier)
		page := "goalbot is connected to " + n.label + ". You can close this tab and go back to the terminal."
		if err != nil {
			page = "goalbot could not connect to " + n.label + ": " + err.Error()
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><title>goalbot</title><p>%s</p>", html.EscapeString(page))
		select {
		case done <- result{token, err}:
		default:
		}
	})}
	go func() { _ = srv.Serve(ln) }()
	// Shutdown, not Close: the browser gets the whole page of the handler that
	// answered before the server goes.
	defer func() {
		sctx, scancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer scancel()
		if err := srv.Shutdown(sctx); err != nil {
			_ = srv.Close()
		}
	}()
	select {
	case <-ctx.Done():
		return "", fmt.Errorf("no answer from the browser: %w", ctx.Err())
	case r := <-done:
		return r.token, r.err
	}
}

// exchange checks the redirect and exchanges its code for a token.
func (m *Main) exchange(ctx context.Context, r *http.Request, n network, state, verifier string) (string, error) {
	q := r.URL.Query()
	switch {
	case q.Get("error") != "":
		return "", fmt.Errorf("%s refused: %s %s", n.label, q.Get("error"), q.Get("error_description"))
	case q.Get("state") != state:
		return "", errors.New("the answer does not belong to this consent (state differs): run goalbot connect again")
	case q.Get("code") == "":
		return "", errors.New("the answer carries no code")
	}
	var opts []oauth2.AuthCodeOption
	if n.pkce {
		opts = append(opts, oauth2.VerifierOption(verifier))
	}
	tok, err := n.cfg.Exchange(ctx, q.Get("code"), opts...)
	if err != nil {
		return "", fmt.Errorf("exchange the code for a token: %w", err)
	}
	if tok.RefreshToken == "" {
		return "", fmt.Errorf("%s sent no refresh token: remove goalbot's access in your account's security settings and run goalbot connect again "+
			"(LinkedIn sends refresh tokens to apps with the Advertising API only)", n.label)
	}
	return tok.RefreshToken, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}
