package rest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/bankctl/bankctl/internal/redact"
)

type keysKey struct{}

// WithKeys marks the requests made with ctx as traffic whose secret fields are k: T-ID calls
// use redact.OAuthKeys, so their code, state and verifier are masked in the --debug log.
func WithKeys(ctx context.Context, k redact.Keys) context.Context {
	return context.WithValue(ctx, keysKey{}, k)
}

type privateKey struct{}

// Private marks the requests made with ctx as fetching personal data (a person's passport, INN,
// addresses): the --debug log shows the size of their answers, never the answers.
func Private(ctx context.Context) context.Context { return context.WithValue(ctx, privateKey{}, true) }

func keysOf(ctx context.Context) redact.Keys {
	k, _ := ctx.Value(keysKey{}).(redact.Keys)
	return k
}

// debugTransport logs each exchange for --debug. A body is read up to maxRedacted, redacted
// whole, and only then cut to maxShown for the log: cutting first could split a secret field
// from its key and show the value.
type debugTransport struct {
	next http.RoundTripper
	w    io.Writer
	mu   sync.Mutex
}

const (
	maxRedacted = 1 << 20
	maxShown    = 4 << 10
)

func (t *debugTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	keys := keysOf(req.Context())
	var b strings.Builder
	fmt.Fprintf(&b, "* %s %s\n", req.Method, redact.URL(keys, req.URL))
	writeHeaders(&b, "> ", req.Header)
	if body, ok := req.Context().Value(sentBodyKey{}).([]byte); ok {
		writeBody(&b, "> ", keys, body[:min(len(body), maxRedacted)])
	} else if req.Body != nil && req.GetBody != nil {
		// A request made elsewhere (x/oauth2's token calls): read a copy, never the body itself.
		if body, err := req.GetBody(); err == nil {
			data, _ := io.ReadAll(io.LimitReader(body, maxRedacted))
			body.Close()
			writeBody(&b, "> ", keys, data)
		}
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		fmt.Fprintf(&b, "* error: %s\n", redact.String(err.Error()))
		t.flush(b.String())
		return resp, err
	}
	fmt.Fprintf(&b, "< %s %s (%s)\n", resp.Proto, resp.Status, time.Since(start).Round(time.Millisecond))
	writeHeaders(&b, "< ", resp.Header)
	data, rerr := io.ReadAll(io.LimitReader(resp.Body, maxRedacted))
	rest := resp.Body
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(data), rest), rest}
	if req.Context().Value(privateKey{}) != nil {
		more := ""
		if len(data) >= maxRedacted {
			more = " or more"
		}
		fmt.Fprintf(&b, "< (%d bytes%s of personal data: not logged)\n", len(data), more)
	} else {
		writeBody(&b, "< ", keys, data)
	}
	if rerr != nil {
		fmt.Fprintf(&b, "* error reading body: %s\n", redact.String(rerr.Error()))
	}
	t.flush(b.String())
	return resp, nil
}

func writeBody(b *strings.Builder, prefix string, keys redact.Keys, data []byte) {
	if len(data) == 0 {
		return
	}
	shown := redact.Body(keys, data)
	cut := len(data) >= maxRedacted
	if len(shown) > maxShown {
		shown, cut = clipUTF8(shown, maxShown), true
	}
	fmt.Fprintf(b, "%s%s\n", prefix, shown)
	if cut {
		fmt.Fprintf(b, "%s… (body cut)\n", prefix)
	}
}

// clipUTF8 cuts s to at most n bytes without splitting a character.
func clipUTF8(s string, n int) string {
	for n > 0 && n < len(s) && s[n]&0xc0 == 0x80 {
		n--
	}
	return s[:n]
}

func (t *debugTransport) flush(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	io.WriteString(t.w, s)
}

func writeHeaders(b *strings.Builder, prefix string, h http.Header) {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range h[k] {
			fmt.Fprintf(b, "%s%s: %s\n", prefix, k, redact.Header(k, v))
		}
	}
}
