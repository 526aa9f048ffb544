// Package resttest serves the hostile peers the REST core's tests need: an HTTP/2 server that
// reads a request whole and then resets its stream or the connection, as a broken proxy or a
// hostile bank can. It is imported by tests only.
package resttest

import (
	"bytes"
	"crypto/tls"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// Mode is how the server ends a request it read.
type Mode int

// Ways to end a request after reading it whole.
const (
	ResetProtocol Mode = iota // RST_STREAM PROTOCOL_ERROR (Go's transport replays the request)
	ResetRefused              // RST_STREAM REFUSED_STREAM (replayed too)
	GoAway                    // GOAWAY with last stream 0 (replayed on a new connection)
)

// Request is what the server read.
type Request struct {
	Method, Path string
	Body         []byte
}

// ResetServer is an HTTP/2 server over TLS. Requests to the paths that Reset names are read
// whole and then ended as Mode says; the others are answered by Handler.
type ResetServer struct {
	URL     string
	CAFile  string // PEM of its certificate, for --ca-file
	Mode    Mode
	Reset   func(r *Request) bool
	Handler http.Handler

	mu   sync.Mutex
	seen []Request
	srv  *httptest.Server
}

// NewResetServer starts one; it stops when the test ends.
func NewResetServer(t *testing.T, mode Mode, reset func(r *Request) bool, h http.Handler) *ResetServer {
	s := &ResetServer{Mode: mode, Reset: reset, Handler: h}
	srv := httptest.NewUnstartedServer(http.NotFoundHandler())
	srv.TLS = &tls.Config{NextProtos: []string{"h2"}}
	srv.Config.TLSNextProto = map[string]func(*http.Server, *tls.Conn, http.Handler){
		"h2": func(_ *http.Server, c *tls.Conn, _ http.Handler) { s.serve(c) },
	}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	s.srv, s.URL = srv, srv.URL
	s.CAFile = filepath.Join(t.TempDir(), "ca.pem")
	pemCert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(s.CAFile, pemCert, 0o600); err != nil {
		t.Fatal(err)
	}
	return s
}

// Requests is what the server read, oldest first.
func (s *ResetServer) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.seen...)
}

// Count is how many requests with this method and path it read.
func (s *ResetServer) Count(method, path string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

type stream struct {
	req    Request
	header http.Header
}

func (s *ResetServer) serve(c *tls.Conn) {
	defer c.Close()
	preface := make([]byte, len(http2.ClientPreface))
	if _, err := io.ReadFull(c, preface); err != nil || string(preface) != http2.ClientPreface {
		return
	}
	fr := http2.NewFramer(c, c)
	fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	var wmu sync.Mutex
	write := func(f func() error) error { wmu.Lock(); defer wmu.Unlock(); return f() }
	if write(func() error { return fr.WriteSettings() }) != nil {
		return
	}
	streams := map[uint32]*stream{}
	for {
		f, err := fr.ReadFrame()
		if err != nil {
			return
		}
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if !f.IsAck() {
				write(fr.WriteSettingsAck)
			}
		case *http2.PingFrame:
			if !f.IsAck() {
				write(func() error { return fr.WritePing(true, f.Data) })
			}
		case *http2.MetaHeadersFrame:
			st := &stream{header: http.Header{}}
			for _, hf := range f.Fields {
				switch hf.Name {
				case ":method":
					st.req.Method = hf.Value
				case ":path":
					st.req.Path = hf.Value
				default:
					if !strings.HasPrefix(hf.Name, ":") {
						st.header.Add(hf.Name, hf.Value)
					}
				}
			}
			streams[f.StreamID] = st
			if f.StreamEnded() {
				if !s.end(fr, write, f.StreamID, st) {
					return
				}
			}
		case *http2.DataFrame:
			st := streams[f.StreamID]
			if st == nil {
				continue
			}
			st.req.Body = append(st.req.Body, f.Data()...)
			if n := len(f.Data()); n > 0 {
				write(func() error { return fr.WriteWindowUpdate(0, uint32(n)) })
			}
			if f.StreamEnded() {
				if !s.end(fr, write, f.StreamID, st) {
					return
				}
			}
		}
	}
}

// end acts on a request read whole; false closes the connection.
func (s *ResetServer) end(fr *http2.Framer, write func(func() error) error, id uint32, st *stream) bool {
	s.mu.Lock()
	s.seen = append(s.seen, st.req)
	s.mu.Unlock()
	if s.Reset(&st.req) {
		switch s.Mode {
		case ResetProtocol:
			return write(func() error { return fr.WriteRSTStream(id, http2.ErrCodeProtocol) }) == nil
		case ResetRefused:
			return write(func() error { return fr.WriteRSTStream(id, http2.ErrCodeRefusedStream) }) == nil
		case GoAway:
			write(func() error { return fr.WriteGoAway(0, http2.ErrCodeNo, nil) })
			return false
		}
	}
	req := httptestRequest(st)
	rec := httptest.NewRecorder()
	s.Handler.ServeHTTP(rec, req)
	var hbuf bytes.Buffer
	enc := hpack.NewEncoder(&hbuf)
	enc.WriteField(hpack.HeaderField{Name: ":status", Value: strconv.Itoa(rec.Code)})
	for k, vs := range rec.Header() {
		for _, v := range vs {
			enc.WriteField(hpack.HeaderField{Name: strings.ToLower(k), Value: v})
		}
	}
	body := rec.Body.Bytes()
	return write(func() error {
		if err := fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: hbuf.Bytes(), EndHeaders: true, EndStream: len(body) == 0}); err != nil {
			return err
		}
		for len(body) > 0 {
			n := min(len(body), 16384)
			if err := fr.WriteData(id, n == len(body), body[:n]); err != nil {
				return err
			}
			body = body[n:]
		}
		return nil
	}) == nil
}

func httptestRequest(st *stream) *http.Request {
	r := httptest.NewRequest(st.req.Method, st.req.Path, bytes.NewReader(st.req.Body))
	r.Header = st.header
	r.Proto, r.ProtoMajor, r.ProtoMinor = "HTTP/2.0", 2, 0
	return r
}
