package rest

import (
	"bytes"
	"context"
	"encoding/pem"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bankctl/bankctl/internal/redact"
)

// recorder is a server that counts what reaches it and answers {"ok":true}.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	seen []string // method, path, Authorization, body of each request
}

func newRecorder(t *testing.T, tls bool) *recorder {
	r := &recorder{}
	h := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.seen = append(r.seen, req.Method+" "+req.URL.Path+" "+req.Header.Get("Authorization")+" "+string(body))
		r.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"ok":true}`))
	})
	if tls {
		r.Server = httptest.NewTLSServer(h)
	} else {
		r.Server = httptest.NewServer(h)
	}
	t.Cleanup(r.Close)
	return r
}

func (r *recorder) requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.seen...)
}

// caFile writes srv's certificate as a PEM file bankctl can be told to trust (--ca-file).
func caFile(t *testing.T, srv *httptest.Server) string {
	path := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600)
	return path
}

// Every redirect that changes scheme, host or port is refused before anything is sent there,
// with an error naming where it led; a POST follows no redirect at all; a same-origin GET keeps
// its credential. Go alone would re-send the Authorization header on a port or scheme change,
// and a 307's body anywhere.
func TestRedirectPolicy(t *testing.T) {
	other := newRecorder(t, false)
	var redirectTo string
	var status int
	api := http.NewServeMux()
	api.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", redirectTo)
		w.WriteHeader(status)
	})
	same := newRecorder(t, false)
	api.Handle("/", same.Config.Handler)
	srv := httptest.NewServer(api)
	defer srv.Close()
	tlsAPI := httptest.NewTLSServer(api)
	defer tlsAPI.Close()

	hc, err := NewHTTPClient(Options{CAFile: caFile(t, tlsAPI)})
	if err != nil {
		t.Fatal(err)
	}
	auth := func(context.Context) (string, error) { return "Basic c2VjcmV0LWlkOnNlY3JldC1wYXNz", nil }
	otherPort, _ := url.Parse(other.URL)
	for _, tc := range []struct {
		name, base, to, method string
		status                 int
		want                   string // "" means followed
	}{
		{"port change, GET", srv.URL, other.URL + "/token", "GET", 302, "another scheme, host or port"},
		{"port change, 307 POST", srv.URL, other.URL + "/token", "POST", 307, "only GET requests follow redirects"},
		{"port change, 308 POST", srv.URL, other.URL + "/token", "POST", 308, "only GET requests follow redirects"},
		{"https to http, same host and port", tlsAPI.URL, "http://" + strings.TrimPrefix(tlsAPI.URL, "https://") + "/token", "GET", 307, "https to plain http is never followed"},
		{"https to http elsewhere", tlsAPI.URL, other.URL + "/token", "GET", 302, "https to plain http"},
		{"same origin POST", srv.URL, srv.URL + "/token", "POST", 307, "only GET requests follow redirects"},
		{"host change by name", srv.URL, "http://localhost:" + otherPort.Port() + "/token", "GET", 302, "another scheme, host or port"},
		{"same origin GET", srv.URL, "/token", "GET", 302, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			redirectTo, status = tc.to, tc.status
			before, beforeSame := len(other.requests()), len(same.requests())
			base, _ := url.Parse(tc.base)
			c := New(base, hc, auth)
			resp, err := c.Do(context.Background(), &Request{Method: tc.method, Path: "/moved", Body: []byte("refresh_token=r.secret-refresh")})
			if resp != nil {
				resp.Body.Close()
			}
			if len(other.requests()) != before {
				t.Fatalf("the other origin was sent %v", other.requests()[before:])
			}
			if tc.want == "" {
				got := same.requests()[beforeSame:]
				if err != nil || len(got) != 1 || !strings.Contains(got[0], "GET /token Basic ") {
					t.Fatalf("same-origin GET: %v %v", err, got)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "refusing a redirect") {
				t.Fatalf("got %v, want an error saying %q", err, tc.want)
			}
			if !strings.Contains(err.Error(), strings.TrimPrefix(tc.to, "/")) {
				t.Fatalf("the error does not name where the redirect led (%s): %v", tc.to, err)
			}
			if n := len(same.requests()) - beforeSame; n != 0 {
				t.Fatalf("the redirect was followed within the origin: %v", same.requests()[beforeSame:])
			}
		})
	}
}

// "localhost" in a plain-http URL is dialled as 127.0.0.1 or ::1, whatever a resolver or
// /etc/hosts would say.
func TestLocalhostIsPinned(t *testing.T) {
	var dialled []string
	dial := pinLocalhost(func(_ context.Context, network, addr string) (net.Conn, error) {
		dialled = append(dialled, addr)
		return nil, &net.OpError{Op: "dial", Err: io.EOF}
	})
	for _, host := range []string{"localhost", "LOCALHOST", "localhost."} {
		dialled = nil
		dial(context.Background(), "tcp", net.JoinHostPort(host, "8080"))
		if strings.Join(dialled, ",") != "127.0.0.1:8080,[::1]:8080" {
			t.Fatalf("%s dialled %v", host, dialled)
		}
	}
	dialled = nil
	dial(context.Background(), "tcp", "bank.example:443")
	if strings.Join(dialled, ",") != "bank.example:443" {
		t.Fatalf("another host dialled %v", dialled)
	}
	// And through the client: a server on 127.0.0.1 answers http://localhost.
	rec := newRecorder(t, false)
	u, _ := url.Parse(rec.URL)
	hc, _ := NewHTTPClient(Options{})
	resp, err := hc.Get("http://localhost:" + u.Port() + "/x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// The --debug log masks tokens in a token answer of any size and any Content-Type: the body is
// redacted whole before it is cut to 4 KiB.
func TestDebugMasksTokensInAnyAnswer(t *testing.T) {
	const access, refresh = "t.debug-secret-access-0123456789", "r.debug-secret-refresh-0123456789"
	bodies := map[string]struct{ ctype, body string }{
		"JSON over 4 KiB, labelled text/plain": {"text/plain", `{"padding":"` + strings.Repeat("x", 5000) + `","access_token":"` + access + `","refresh_token":"` + refresh + `"}`},
		"JSON labelled text/html":              {"text/html", `{"access_token":"` + access + `","refresh_token":"` + refresh + `"}`},
		"a form labelled JSON":                 {"application/json", "access_token=" + access + "&refresh_token=" + refresh},
		"text of no known shape":               {"text/plain", "oops: access_token: " + access + ", refresh_token=" + refresh + " " + strings.Repeat("y", 5000)},
		"tokens after 4 KiB of a form":         {"application/x-www-form-urlencoded", "pad=" + strings.Repeat("z", 5000) + "&access_token=" + access + "&refresh_token=" + refresh},
	}
	for name, b := range bodies {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", b.ctype)
				io.WriteString(w, b.body)
			}))
			defer srv.Close()
			var log bytes.Buffer
			hc, _ := NewHTTPClient(Options{Debug: &log})
			base, _ := url.Parse(srv.URL)
			c := New(base, hc, nil)
			c.Keys = redact.OAuthKeys
			resp, err := c.Do(context.Background(), &Request{Method: "POST", Path: "/auth/token", Body: []byte("grant_type=refresh_token&refresh_token=" + refresh)})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(got) != b.body {
				t.Fatal("the caller did not get the whole body")
			}
			if strings.Contains(log.String(), access) || strings.Contains(log.String(), refresh) ||
				strings.Contains(log.String(), "debug-secret") {
				t.Fatalf("a token reached the debug log:\n%s", log.String())
			}
			if !strings.Contains(log.String(), "< HTTP/1.1 200 OK") {
				t.Fatalf("no answer logged:\n%s", log.String())
			}
		})
	}
}
