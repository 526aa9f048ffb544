package httpx

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/bankctl/bankctl/internal/redact"
)

// debugTransport logs each exchange for --debug. Everything passes through package redact.
type debugTransport struct {
	next http.RoundTripper
	w    io.Writer
	mu   sync.Mutex
}

const maxLoggedBody = 4 << 10

func (t *debugTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "* %s %s\n", req.Method, redact.URL(req.URL))
	writeHeaders(&b, "> ", req.Header)
	if req.Body != nil && req.GetBody != nil {
		if body, err := req.GetBody(); err == nil {
			data, _ := io.ReadAll(io.LimitReader(body, maxLoggedBody))
			body.Close()
			fmt.Fprintf(&b, "> %s\n", redact.Body(req.Header.Get("Content-Type"), data))
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
	data, rerr := io.ReadAll(io.LimitReader(resp.Body, maxLoggedBody+1))
	rest := resp.Body
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(data), rest), rest}
	if len(data) > 0 {
		shown := data
		if len(shown) > maxLoggedBody {
			shown = shown[:maxLoggedBody]
		}
		fmt.Fprintf(&b, "< %s\n", redact.Body(resp.Header.Get("Content-Type"), shown))
		if len(data) > maxLoggedBody {
			b.WriteString("< … (body cut)\n")
		}
	}
	if rerr != nil {
		fmt.Fprintf(&b, "* error reading body: %s\n", redact.String(rerr.Error()))
	}
	t.flush(b.String())
	return resp, nil
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
