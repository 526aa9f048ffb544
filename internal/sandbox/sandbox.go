// Package sandbox emulates the iBank and T-ID APIs on loopback, for newcomers trying bankctl
// without a bank account, for script authors testing offline, and for bankctl's own tests.
//
// Tests ask for faults (an expired token, an IP-limited token, 429, 503, a slow answer, a
// redirect) through Server.AddFault or POST /_sandbox/faults, and read what the sandbox received
// through Server.Requests or GET /_sandbox/requests.
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/bankctl/bankctl/internal/loopback"
	"github.com/bankctl/bankctl/internal/sandbox/tbank"
	"github.com/bankctl/bankctl/internal/sandbox/wire"
)

// Tokens the iBank sandbox knows. They are printed by `bankctl sandbox`; none is a real secret.
const (
	DemoToken      = "8e2ea61a-4091-459e-83bb-5d2e5ef0c4ee"
	ExpiredToken   = "0b7c1f52-6a5e-4d61-9a3f-1e0e4c3d2b10"
	IPLimitedToken = "5f0d9a7e-2c44-4b1a-8e57-7d3c6b2a9f01"
)

// Fault changes the answer to requests whose path starts with Path.
type Fault struct {
	Path       string        `json:"path"`
	Status     int           `json:"status,omitempty"`      // answer with this status
	RetryAfter string        `json:"retry_after,omitempty"` // Retry-After header value
	HTML       bool          `json:"html,omitempty"`        // send an HTML error page, as a proxy would
	Delay      time.Duration `json:"delay,omitempty"`       // wait before answering
	Redirect   string        `json:"redirect,omitempty"`    // answer 302 to this URL
	Body       string        `json:"body,omitempty"`        // raw body to send with Status
	Times      int           `json:"times,omitempty"`       // how many requests; 0 means all
	After      int           `json:"after,omitempty"`       // let this many matching requests through first
	// Drop handles the request (a payment draft is created) and then closes the connection
	// without an answer, as a network that loses the answer would.
	Drop bool `json:"drop,omitempty"`
}

// Request is what the sandbox received.
type Request struct {
	Method string              `json:"method"`
	Path   string              `json:"path"`
	Query  string              `json:"query,omitempty"`
	Header map[string][]string `json:"header"`
	Form   map[string][]string `json:"form,omitempty"`
	Body   string              `json:"body,omitempty"`
}

// Server is one sandbox.
type Server struct {
	mu          sync.Mutex
	faults      []*Fault
	requests    []Request
	credentials [][2]string // key and value, whole, for tests; recorded requests hold a tail and a digest
	mux         *http.ServeMux
	// ClientInfo is the body of GET /api/client/info; tests may replace it.
	ClientInfo  []byte
	tid         *tidState
	secured     securedState
	*tbank.Bank // T-Business: its controls (SetStatementSize, Drafts…) are the Server's
}

// New returns a sandbox with its demo data.
func New() *Server {
	s := &Server{mux: http.NewServeMux(), ClientInfo: demoClientInfo(), tid: newTIDState()}
	s.Bank = tbank.New(s)
	s.routeIBank()
	s.routeTID()
	s.Bank.Register(s.mux)
	s.mux.HandleFunc("POST /_sandbox/faults", s.handleAddFault)
	s.mux.HandleFunc("GET /_sandbox/requests", s.handleRequests)
	s.mux.HandleFunc("POST /_sandbox/reset", func(w http.ResponseWriter, r *http.Request) {
		s.Reset()
		w.WriteHeader(http.StatusNoContent)
	})
	return s
}

// ServeHTTP records the request, applies any fault, and routes it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_sandbox/") {
		if why := controlRefused(r); why != "" {
			wire.WriteJSON(w, http.StatusForbidden, map[string]string{"message": why})
			return
		}
	} else {
		s.record(r)
		if f := s.takeFault(r.URL.Path); f != nil {
			if f.Drop {
				s.mux.ServeHTTP(discard{http.Header{}}, r)
				if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
					conn.Close()
				}
				return
			}
			if f.Delay > 0 {
				select {
				case <-time.After(f.Delay):
				case <-r.Context().Done():
					return
				}
			}
			if f.Redirect != "" {
				http.Redirect(w, r, f.Redirect, http.StatusFound)
				return
			}
			if f.Status != 0 {
				writeFault(w, f)
				return
			}
		}
	}
	s.mux.ServeHTTP(w, r)
}

func writeFault(w http.ResponseWriter, f *Fault) {
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	switch {
	case f.Body != "":
		w.WriteHeader(f.Status)
		fmt.Fprint(w, f.Body)
	case f.HTML:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(f.Status)
		fmt.Fprintf(w, "<html><head><title>%d %s</title></head><body><center><h1>%d %s</h1></center><hr><center>nginx</center>%s</body></html>",
			f.Status, http.StatusText(f.Status), f.Status, http.StatusText(f.Status), strings.Repeat("<!-- padding -->\n", 20))
	default:
		wire.WriteJSON(w, f.Status, map[string]string{"code": "SANDBOX_FAULT", "message": http.StatusText(f.Status)})
	}
}

// Requests returns what the sandbox received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request{}, s.requests...)
}

// RequestsTo returns the received requests whose path is path.
func (s *Server) RequestsTo(path string) []Request {
	var out []Request
	for _, r := range s.Requests() {
		if r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// Reset forgets faults and recorded requests.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults, s.requests = nil, nil
}

const maxRecordedBody = 1 << 20

// credentialKeys are the form and query fields the sandbox records as a tail and a digest only:
// the recorded requests (GET /_sandbox/requests) hand no working credential to anyone.
var credentialKeys = []string{"code", "code_verifier", "refresh_token", "access_token", "token", "client_secret", "id_token", "state", "password"}

func (s *Server) record(r *http.Request) {
	rec := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone()}
	for i, v := range rec.Header["Authorization"] {
		rec.Header["Authorization"][i] = AuthSeen(v)
	}
	if q := r.URL.Query(); s.masked(q) {
		rec.Query = q.Encode()
	}
	if r.Body != nil && r.Method != http.MethodGet {
		body := wire.ReadBody(r, maxRecordedBody)
		rec.Body = string(body)
		if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
			form, _ := url.ParseQuery(string(body))
			if s.masked(form) {
				rec.Body = form.Encode()
			}
			rec.Form = form
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, rec)
	if len(s.requests) > 10000 {
		s.requests = s.requests[len(s.requests)-10000:]
	}
}

// masked replaces each credential in v by its tail and digest, keeping the whole value for
// CredentialsSeen; it reports whether any was.
func (s *Server) masked(v url.Values) bool {
	any := false
	for _, k := range credentialKeys {
		for i, x := range v[k] {
			s.mu.Lock()
			if len(s.credentials) < 10000 {
				s.credentials = append(s.credentials, [2]string{k, x})
			}
			s.mu.Unlock()
			v[k][i] = AuthSeen(x)
			any = true
		}
	}
	return any
}

// CredentialsSeen is every credential the sandbox received in a form or a query under one of
// keys (code, code_verifier, refresh_token, token, client_secret, state…), whole: for tests that
// look for them in bankctl's output. It is never served over HTTP.
func (s *Server) CredentialsSeen(keys ...string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, c := range s.credentials {
		if slices.Contains(keys, c[0]) {
			out = append(out, c[1])
		}
	}
	return out
}

// Listen binds addr, which must be a loopback address: the sandbox never serves the network.
func Listen(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("invalid address %q: %w", addr, err)
	}
	if !loopback.Host(host) {
		return nil, fmt.Errorf("refusing to serve on %s: the sandbox listens on loopback only (e.g. 127.0.0.1:0)", addr)
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, fmt.Errorf("%s is already in use: pick another --addr", addr)
		}
		return nil, err
	}
	return l, nil
}

// Serve runs the sandbox on l until ctx ends.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Env is the environment that points bankctl at a sandbox served at base (http://host:port).
func Env(base string) []string {
	return []string{
		"BANKCTL_IBANK_URL=" + base + "/api",
		"BANKCTL_IBANK_TOKEN=" + DemoToken,
		"BANKCTL_TID_URL=" + base,
		"BANKCTL_TID_CLIENT_ID=" + DemoClientID,
		"BANKCTL_TID_CLIENT_SECRET=" + DemoClientSecret,
		"BANKCTL_TID_REDIRECT_URI=" + DemoRedirectURI,
		"BANKCTL_TID_INN=" + CompanyINN,
		"BANKCTL_TID_KPP=" + CompanyKPP,
		"BANKCTL_TBUSINESS_URL=" + base + "/openapi",
		"BANKCTL_TBUSINESS_ACCOUNT=" + MainAccount,
	}
}

// discard is a ResponseWriter whose answer is lost, as a dropped connection loses it.
type discard struct{ h http.Header }

func (d discard) Header() http.Header         { return d.h }
func (d discard) Write(p []byte) (int, error) { return len(p), nil }
func (d discard) WriteHeader(int)             {}
