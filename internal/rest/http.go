package rest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"
)

// Options configure NewHTTPClient.
type Options struct {
	Timeout   time.Duration // one attempt of one request, body included
	CAFile    string        // extra PEM roots, added to the system pool
	UserAgent string
	Debug     io.Writer // where the --debug log goes, or nil
	// ClientCert is offered in TLS handshakes with ClientCertAddr (host:port) only: never to
	// another host, whatever a redirect or a base URL says.
	ClientCert     *tls.Certificate
	ClientCertAddr string
}

// NewHTTPClient returns the client every API client shares. Its redirect policy: a redirect
// that changes scheme, host or port is an error naming where it led, and nothing is sent there;
// a same-origin redirect is followed for GET and HEAD only, so no request body is ever re-sent.
// "localhost" is pinned to 127.0.0.1 and ::1, never looked up.
func NewHTTPClient(opts Options) (*http.Client, error) {
	base := http.DefaultTransport.(*http.Transport).Clone()
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	base.DialContext = pinLocalhost(dialer.DialContext)
	if opts.CAFile != "" {
		cfg, err := withCAs(opts.CAFile)
		if err != nil {
			return nil, err
		}
		base.TLSClientConfig = cfg
	}
	if opts.ClientCert != nil {
		dialTLSOnlyTo(base, dialer, *opts.ClientCert, opts.ClientCertAddr)
	}
	var rt http.RoundTripper = &noReplay{base}
	if opts.Debug != nil {
		rt = &debugTransport{next: rt, w: opts.Debug}
	}
	rt = &uaTransport{next: rt, ua: opts.UserAgent}
	return &http.Client{Transport: rt, Timeout: opts.Timeout, CheckRedirect: checkRedirect}, nil
}

// RedirectError is a redirect bankctl refused to follow.
type RedirectError struct {
	Method string
	From   string
	To     string
	Why    string
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("refusing a redirect from %s to %s: %s", e.From, e.To, e.Why)
}

func checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0]
	to := req.URL
	switch {
	case first.Method != http.MethodGet && first.Method != http.MethodHead:
		return &RedirectError{first.Method, Origin(first.URL), shown(to), "only GET requests follow redirects, so a request body is never sent twice"}
	case first.URL.Scheme == "https" && to.Scheme != "https":
		return &RedirectError{first.Method, Origin(first.URL), shown(to), "https to plain http is never followed"}
	case !SameOrigin(first.URL, to):
		return &RedirectError{first.Method, Origin(first.URL), shown(to), "it leads to another scheme, host or port, where the credential must not go"}
	case len(via) >= 10:
		return &RedirectError{first.Method, Origin(first.URL), shown(to), "too many redirects"}
	}
	return nil
}

// shown is where a redirect led, without the query (which may carry anything).
func shown(u *url.URL) string {
	c := *u
	c.RawQuery, c.Fragment, c.User = "", "", nil
	return c.String()
}

// pinLocalhost dials 127.0.0.1, then ::1, for "localhost": a resolver (or /etc/hosts) must not
// send a loopback-only credential elsewhere. curl does the same.
func pinLocalhost(dial func(ctx context.Context, network, addr string) (net.Conn, error)) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(addr)
		if err != nil || !strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
			return dial(ctx, network, addr)
		}
		var errs []error
		for _, ip := range []string{"127.0.0.1", "::1"} {
			c, err := dial(ctx, network, net.JoinHostPort(ip, port))
			if err == nil {
				return c, nil
			}
			errs = append(errs, err)
		}
		return nil, errors.Join(errs...)
	}
}

// withCAs is a TLS configuration that trusts the system's roots and the file's. The file is
// read and checked now; the system's roots (tens of milliseconds to load) only at the first TLS
// handshake, so a command that makes none (the sandbox's plain-http loopback) pays nothing. The
// chain is verified as crypto/tls does by default, against that pool.
func withCAs(path string) (*tls.Config, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("could not read --ca-file: %w", err)
	}
	if !x509.NewCertPool().AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("--ca-file %s holds no PEM certificate", path)
	}
	roots := sync.OnceValue(func() *x509.CertPool {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		pool.AppendCertsFromPEM(pem)
		return pool
	})
	return &tls.Config{MinVersion: tls.VersionTLS12,
		// Verified below, against the lazily loaded pool: the standard verification, with the
		// server name the connection was made for.
		InsecureSkipVerify: true,
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return errors.New("tls: the server sent no certificate")
			}
			opts := x509.VerifyOptions{Roots: roots(), DNSName: cs.ServerName, Intermediates: x509.NewCertPool()}
			for _, c := range cs.PeerCertificates[1:] {
				opts.Intermediates.AddCert(c)
			}
			_, err := cs.PeerCertificates[0].Verify(opts)
			return err
		},
	}, nil
}

type uaTransport struct {
	next http.RoundTripper
	ua   string
}

func (t *uaTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.ua != "" && req.Header.Get("User-Agent") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("User-Agent", t.ua)
	}
	return t.next.RoundTrip(req)
}

// originGuard adds the credential to requests for its own origin and strips any Authorization
// header from requests elsewhere, whoever set it.
type originGuard struct {
	next   http.RoundTripper
	origin string
	auth   func(ctx context.Context) (string, error)
}

func (t *originGuard) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	if Origin(req.URL) != t.origin {
		req.Header.Del("Authorization")
		return t.next.RoundTrip(req)
	}
	if t.auth != nil && req.Header.Get("Authorization") == "" {
		v, err := t.auth(req.Context())
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", v)
	}
	return t.next.RoundTrip(req)
}

// Guard returns a copy of hc whose requests carry credentials only to base's origin: auth (may
// be nil) supplies the Authorization value for requests that set none.
func Guard(hc *http.Client, base *url.URL, auth func(ctx context.Context) (string, error)) *http.Client {
	c := *hc
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c.Transport = &originGuard{next: next, origin: Origin(base), auth: auth}
	return &c
}

// noReplay keeps Go's transport from sending a request that is not idempotent twice: it
// re-sends a body it can rewind (Request.GetBody, which http.NewRequest sets for an in-memory
// body, as x/oauth2's token requests have) after an HTTP/2 stream reset, a GOAWAY or a dead
// keep-alive connection. Without GetBody it cannot, and reports the failure instead.
type noReplay struct{ next http.RoundTripper }

type replayOKKey struct{}

// ReplayOK marks requests made with ctx as safe to send again (a POST that changes nothing).
func ReplayOK(ctx context.Context) context.Context {
	return context.WithValue(ctx, replayOKKey{}, true)
}

func (t *noReplay) RoundTrip(req *http.Request) (*http.Response, error) {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
	default:
		if req.GetBody != nil && req.Context().Value(replayOKKey{}) == nil {
			req = req.Clone(req.Context())
			req.GetBody = nil
		}
	}
	return t.next.RoundTrip(req)
}
