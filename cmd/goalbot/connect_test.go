package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// fakeTokenEndpoint answers an authorization_code exchange with a refresh token and
// records the form it got.
func fakeTokenEndpoint(t *testing.T, refresh string) (*httptest.Server, *url.Values) {
	var got url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			t.Error(err)
		}
		got = r.PostForm
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"ya29.access","expires_in":3599,"token_type":"Bearer","refresh_token":"` + refresh + `"}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &got
}

// consentURL waits until connect printed its consent URL and returns it.
func consentURL(t *testing.T, out *syncBuffer) *url.URL {
	t.Helper()
	re := regexp.MustCompile(`https://\S+`)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindString(out.String()); m != "" {
			u, err := url.Parse(m)
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no consent URL printed: %s", out.String())
	return nil
}

func TestConnect(t *testing.T) {
	for _, tc := range []struct {
		network, prefix, variable string
		vars                      map[string]string
		pkce                      bool
	}{
		{"google-ads", "https://accounts.google.com/o/oauth2/auth?", "GOALBOT_GOOGLE_ADS_REFRESH_TOKEN",
			map[string]string{"GOALBOT_GOOGLE_ADS_CLIENT_ID": "cid", "GOALBOT_GOOGLE_ADS_CLIENT_SECRET": "SECRETCS"}, true},
		{"linkedin", "https://www.linkedin.com/oauth/v2/authorization?", "GOALBOT_LINKEDIN_REFRESH_TOKEN",
			map[string]string{"GOALBOT_LINKEDIN_CLIENT_ID": "cid", "GOALBOT_LINKEDIN_CLIENT_SECRET": "SECRETCS"}, false},
	} {
		t.Run(tc.network, func(t *testing.T) {
			tokens, form := fakeTokenEndpoint(t, "1//new-refresh-token")
			tc.vars[strings.TrimSuffix(tc.variable, "REFRESH_TOKEN")+"TOKEN_URL"] = tokens.URL + "/token"
			m, stdout, _ := newTestMain(tc.vars)
			done := make(chan error, 1)
			go func() { done <- m.Run(context.Background(), []string{"connect", tc.network, "--port", "0"}) }()
			u := consentURL(t, stdout)
			if !strings.HasPrefix(u.String(), tc.prefix) {
				t.Errorf("consent URL %s", u)
			}
			q := u.Query()
			if tc.pkce && (q.Get("access_type") != "offline" || q.Get("prompt") != "consent" || q.Get("code_challenge_method") != "S256") {
				t.Errorf("Google consent without offline access, forced consent or PKCE: %v", q)
			}
			// The browser comes back with a wrong state first, then the right one.
			resp, err := http.Get(q.Get("redirect_uri") + "?code=abc&state=forged")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if err := <-done; err == nil || !strings.Contains(err.Error(), "state differs") {
				t.Fatalf("a forged state: %v", err)
			}

			m, stdout, _ = newTestMain(tc.vars)
			go func() { done <- m.Run(context.Background(), []string{"connect", tc.network, "--port", "0"}) }()
			q = consentURL(t, stdout).Query()
			resp, err = http.Get(q.Get("redirect_uri") + "?code=the-code&state=" + q.Get("state"))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(stdout.String(), tc.variable+"=1//new-refresh-token") {
				t.Errorf("output %s", stdout.String())
			}
			if (*form).Get("code") != "the-code" || (*form).Get("redirect_uri") != q.Get("redirect_uri") || (tc.pkce && (*form).Get("code_verifier") == "") {
				t.Errorf("token exchange %v", *form)
			}
		})
	}
	m, _, _ := newTestMain(nil)
	if err := m.Run(context.Background(), []string{"connect", "google-ads"}); err == nil || !strings.Contains(err.Error(), "GOALBOT_GOOGLE_ADS_CLIENT_ID") {
		t.Errorf("without a client: %v", err)
	}
	m, _, _ = newTestMain(nil)
	if err := m.Run(context.Background(), []string{"connect", "meta"}); err == nil || !strings.Contains(err.Error(), "system user token") {
		t.Errorf("meta: %v", err)
	}
}
