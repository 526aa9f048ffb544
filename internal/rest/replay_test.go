package rest

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bankctl/bankctl/internal/rest/resttest"
)

// A server that reads a POST whole and then resets the stream (PROTOCOL_ERROR or
// REFUSED_STREAM) or sends GOAWAY gets it exactly once: Go's transport replays a body it can
// rewind, so the core hands it one it cannot. The error is not NotSent: the body did arrive.
// GET, which may be replayed, still is, and succeeds.
func TestNoReplayOverHTTP2(t *testing.T) {
	for _, mode := range []struct {
		name string
		m    resttest.Mode
	}{{"RST_STREAM PROTOCOL_ERROR", resttest.ResetProtocol}, {"RST_STREAM REFUSED_STREAM", resttest.ResetRefused}, {"GOAWAY", resttest.GoAway}} {
		t.Run(mode.name, func(t *testing.T) {
			resets := 0
			srv := resttest.NewResetServer(t, mode.m, func(r *resttest.Request) bool {
				// Every POST is reset until 30 were (so a replaying client ends, and fails the
				// test); the first two GETs too.
				if r.Method == http.MethodPost && resets < 30 || resets < 2 {
					resets++
					return true
				}
				return false
			}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"ok":true}`)) }))
			var debug strings.Builder
			hc, err := NewHTTPClient(Options{CAFile: srv.CAFile, Debug: &debug})
			if err != nil {
				t.Fatal(err)
			}
			base, _ := url.Parse(srv.URL)
			c := New(base, hc, nil)
			body := []byte(`{"documentNumber":"1","amount":1500.50}`)
			resp, err := c.Do(context.Background(), &Request{Method: http.MethodPost, Path: "/api/v1/payment/create", Body: body})
			if err == nil {
				resp.Body.Close()
				t.Fatalf("the POST succeeded after %d request(s)", srv.Count("POST", "/api/v1/payment/create"))
			}
			if n := srv.Count("POST", "/api/v1/payment/create"); n != 1 {
				t.Fatalf("the server read %d POSTs, want exactly 1", n)
			}
			if NotSent(err) {
				t.Fatalf("a request the server read whole is called not sent: %v", err)
			}
			if got := srv.Requests()[0].Body; string(got) != string(body) {
				t.Fatalf("body %q", got)
			}
			if !strings.Contains(debug.String(), `"amount":1500.50`) {
				t.Fatalf("--debug does not show the body sent:\n%s", debug.String())
			}
			// A request made as x/oauth2 makes its token calls: an in-memory body, GetBody set.
			form, _ := http.NewRequest(http.MethodPost, srv.URL+"/auth/token", strings.NewReader("grant_type=refresh_token&refresh_token=r"))
			form.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if resp, err := hc.Do(form); err == nil {
				resp.Body.Close()
				t.Fatal("the token POST succeeded after resets")
			}
			if n := srv.Count("POST", "/auth/token"); n != 1 {
				t.Fatalf("the server read %d token POSTs, want exactly 1", n)
			}
			data, _, err := c.Call(context.Background(), &Request{Method: http.MethodGet, Path: "/api/v1/company"})
			if err != nil || string(data) != `{"ok":true}` {
				t.Fatalf("a GET after resets: %s %v", data, err)
			}
		})
	}
}

// No connection at all (nothing listens): the request is NotSent, and an idempotent POST
// that the caller marks so may still be replayed by the transport (it sets GetBody).
func TestNotSentWhenNoConnection(t *testing.T) {
	hc, _ := NewHTTPClient(Options{})
	base, _ := url.Parse("http://127.0.0.1:1")
	_, err := New(base, hc, nil).Do(context.Background(), &Request{Method: http.MethodPost, Path: "/x", Body: []byte("{}")})
	if !NotSent(err) {
		t.Fatalf("a refused connection is not NotSent: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = New(base, hc, nil).Do(ctx, &Request{Method: http.MethodPost, Path: "/x", Body: []byte("{}")})
	if !NotSent(err) || !errors.Is(err, context.Canceled) {
		t.Fatalf("a request cancelled before it left is not NotSent: %v", err)
	}
}
