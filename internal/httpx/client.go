// Package httpx builds the one HTTP client every bankctl request goes through: a timeout,
// extra root CAs, a User-Agent, bounded retries for idempotent requests, and a --debug log in
// which every secret is redacted.
package httpx

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

// Options configure New.
type Options struct {
	Timeout   time.Duration // for a whole request, retries and body included
	CAFile    string        // extra PEM roots, added to the system pool
	UserAgent string
	Debug     io.Writer // where the --debug log goes, or nil
	Retries   int       // for GET and HEAD on 429 and 5xx; 0 means DefaultRetries, <0 none
	MaxWait   time.Duration
}

// DefaultRetries is how many times a GET is tried again after a 429 or 5xx.
const DefaultRetries = 3

// New returns a client for opts.
func New(opts Options) (*http.Client, error) {
	base := http.DefaultTransport.(*http.Transport).Clone()
	if opts.CAFile != "" {
		pool, err := loadCAs(opts.CAFile)
		if err != nil {
			return nil, err
		}
		base.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	var rt http.RoundTripper = base
	if opts.Debug != nil {
		rt = &debugTransport{next: rt, w: opts.Debug}
	}
	retries := opts.Retries
	if retries == 0 {
		retries = DefaultRetries
	}
	if retries > 0 {
		rt = &retryTransport{next: rt, retries: retries, maxWait: opts.MaxWait, debug: opts.Debug}
	}
	rt = &uaTransport{next: rt, ua: opts.UserAgent}
	return &http.Client{Transport: rt, Timeout: opts.Timeout}, nil
}

func loadCAs(path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("could not read --ca-file: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("--ca-file %s holds no PEM certificate", path)
	}
	return pool, nil
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
