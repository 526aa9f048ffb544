package tbusiness

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bankctl/bankctl/internal/rest"
	"github.com/bankctl/bankctl/internal/sendonce"
)

// How one create ends, for every kind of answer a bank or a network can give: created only
// for a 2xx with a usable id; refused for a 4xx (a 401 or 403 stops the batch); not sent only
// when no connection carried the request; unknown for everything else.
func TestOnceOutcomes(t *testing.T) {
	for _, c := range []struct {
		name    string
		handler http.HandlerFunc
		event   string
		stop    bool
	}{
		{"created", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"documentId":"6f1c2d1e-7d2b"}`) }, sendonce.Created, false},
		{"refused", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(422)
			io.WriteString(w, `{"errorMessage":"Ошибка валидации","errorCode":"VALIDATION_ERROR"}`)
		}, sendonce.Refused, false},
		{"401", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(401) }, sendonce.Refused, true},
		{"403", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(403) }, sendonce.Refused, true},
		{"5xx", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(502) }, sendonce.Unknown, false},
		{"timeout", func(w http.ResponseWriter, r *http.Request) { time.Sleep(400 * time.Millisecond) }, sendonce.Unknown, false},
		{"reset after reading", func(w http.ResponseWriter, r *http.Request) {
			io.ReadAll(r.Body)
			c, _, _ := w.(http.Hijacker).Hijack()
			c.Close()
		}, sendonce.Unknown, false},
		{"answer cut short", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100")
			io.WriteString(w, `{"documentId":"6f1c`)
			c, buf, _ := w.(http.Hijacker).Hijack()
			buf.Flush()
			c.Close()
		}, sendonce.Unknown, false},
		{"a 2 MiB id", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `{"documentId":"`+strings.Repeat("A", 2<<20)+`"}`)
		}, sendonce.Unknown, false},
		{"an id with a line break", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"documentId":"a\nb"}`) }, sendonce.Unknown, false},
		{"no id", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{}`) }, sendonce.Unknown, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(c.handler)
			defer srv.Close()
			out := client(t, srv.URL).Create(context.Background(), []byte(`{"documentNumber":"1"}`))
			if out.Event != c.event || out.Stop != c.stop {
				t.Fatalf("event %s stop %v (%v), want %s %v", out.Event, out.Stop, out.Err, c.event, c.stop)
			}
			if len(out.DocumentID) > 128 || (out.Err != nil && len(out.Err.Error()) > 1000) {
				t.Fatal("a hostile answer got through whole")
			}
		})
	}
	// Nothing listening: no byte left, so the draft is not-sent and goes again next time.
	srv := httptest.NewServer(http.NotFoundHandler())
	u := srv.URL
	srv.Close()
	if out := client(t, u).Create(context.Background(), []byte(`{}`)); out.Event != sendonce.NotSent {
		t.Fatalf("no connection: %s (%v)", out.Event, out.Err)
	}
}

func client(t *testing.T, base string) *Client {
	hc, err := rest.NewHTTPClient(rest.Options{Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(base)
	return New(Options{Base: u, HTTP: hc, Kind: FromEnv, Auth: func(context.Context) (string, error) { return "Bearer x", nil }})
}
