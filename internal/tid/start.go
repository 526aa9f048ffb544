package tid

import (
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Start is the one-time start page the browser is opened at instead of the authorize URL, as
// int128/oauth2cli does: its first GET redirects to the authorize URL, so that the login's state
// and PKCE challenge are in no process's argv (every local user can read /proc/<pid>/cmdline,
// and a state read there lets another user hand this login a code of its own). A second GET
// means the address was opened twice — a reload, or another program read it first — and the
// login is abandoned.
type Start struct {
	URL    string
	target string
	mu     sync.Mutex
	hits   int
	reused chan struct{}
	srv    *http.Server // its own server, in manual mode
}

// Reused is closed when the start page is opened a second time.
func (s *Start) Reused() <-chan struct{} { return s.reused }

// ErrStartReused abandons a login whose start page was opened twice.
var ErrStartReused = fmt.Errorf("the sign-in start page was opened twice (a reload, or another program on this machine read its address): nothing was stored; run `bankctl tid login` again")

func newStart(url, target string) *Start {
	return &Start{URL: url, target: target, reused: make(chan struct{})}
}

func (s *Start) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s.mu.Lock()
	s.hits++
	n := s.hits
	s.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	if n == 1 {
		http.Redirect(w, r, s.target, http.StatusFound)
		return
	}
	if n == 2 {
		close(s.reused)
	}
	page(w, http.StatusGone, pageStartUsed)
}

var pageStartUsed = pageData{"bankctl: ссылка уже использована", "Эта ссылка для входа одноразовая и уже была открыта. Вход прерван: запустите bankctl tid login ещё раз.",
	"This sign-in link works once and was already opened. The login was abandoned: run bankctl tid login again."}

// StartPage serves the start page on the listener: at "/" (or "/start" when the redirect URI's
// path is "/"), on the redirect URI's host and port.
func (l *Listener) StartPage(authorizeURL string) *Start {
	st := newStart("http://"+l.host+l.startPath, authorizeURL)
	l.start.Store(st)
	return st
}

// ServeStart serves a start page on 127.0.0.1 and a free port, for manual mode (whose redirect
// URI is no listener of bankctl's). Close stops it.
func ServeStart(authorizeURL string) (*Start, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("could not serve the sign-in start page: %w", err)
	}
	s := newStart("http://"+ln.Addr().String()+"/", authorizeURL)
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", s.serve)
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(ln)
	return s, nil
}

// Close stops a start page's own server.
func (s *Start) Close() {
	if s.srv != nil {
		s.srv.Close()
	}
}
