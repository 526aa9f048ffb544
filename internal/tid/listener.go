package tid

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/bankctl/bankctl/internal/loopback"
	"github.com/bankctl/bankctl/internal/rest"
)

// IsLoopbackURI reports whether a redirect URI can be served by a local listener: plain http
// on a loopback host.
func IsLoopbackURI(redirectURI string) bool {
	u, err := url.Parse(redirectURI)
	return err == nil && u.Scheme == "http" && loopback.Host(u.Hostname())
}

// Result is what a callback brought: a code, or an error from T-ID.
type Result struct {
	Code string
	Err  error
}

// AuthError is an error callback: error, error_description (or T-ID's error_message).
type AuthError struct {
	Code        string
	Description string
}

func (e *AuthError) Error() string {
	s := "T-ID refused the login: " + rest.Clip(e.Code)
	if e.Code == "access_denied" {
		s = "the login was cancelled in the browser (access_denied)"
	}
	if e.Description != "" {
		s += ": " + rest.Clip(e.Description)
	}
	return s
}

// Listener serves the redirect URI on loopback and waits for the first valid callback.
// Modelled on int128/oauth2cli: bind, GET on the callback path only, constant-time state check,
// first valid response wins, graceful shutdown.
type Listener struct {
	path      string
	host      string // host:port of the redirect URI, for the start page
	state     string
	start     atomic.Pointer[Start]
	startPath string
	srv       *http.Server
	ls        []net.Listener
	result    chan Result
	once      sync.Once
}

// Listen binds exactly the redirect URI's host and port: 127.0.0.1 and ::1 for "localhost".
func Listen(redirectURI, state string) (*Listener, error) {
	u, err := url.Parse(redirectURI)
	if err != nil || !IsLoopbackURI(redirectURI) {
		return nil, fmt.Errorf("redirect URI %q is not http on a loopback host", redirectURI)
	}
	port := u.Port()
	if port == "" {
		port = "80"
	}
	hosts := []string{u.Hostname()}
	if strings.EqualFold(u.Hostname(), "localhost") {
		hosts = []string{"127.0.0.1", "::1"}
	}
	l := &Listener{path: u.EscapedPath(), host: u.Host, state: state, result: make(chan Result, 1), startPath: "/"}
	if l.path == "" {
		l.path = "/"
	}
	if l.path == "/" {
		l.startPath = "/start"
	}
	for i, h := range hosts {
		ln, err := net.Listen("tcp", net.JoinHostPort(h, port))
		if err != nil {
			if i > 0 && errors.Is(err, syscall.EADDRNOTAVAIL) {
				continue // no IPv6 loopback on this machine: 127.0.0.1 is enough
			}
			l.closeListeners()
			if errors.Is(err, syscall.EADDRINUSE) {
				return nil, fmt.Errorf("port %s on %s is already in use (is another `bankctl tid login` running?): stop it, or register a redirect URI with another port", port, h)
			}
			return nil, fmt.Errorf("could not listen on %s: %w", net.JoinHostPort(h, port), err)
		}
		l.ls = append(l.ls, ln)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", l.handle)
	l.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	for _, ln := range l.ls {
		go l.srv.Serve(ln)
	}
	return l, nil
}

// Addr is the first bound address, for tests.
func (l *Listener) Addr() string { return l.ls[0].Addr().String() }

func (l *Listener) closeListeners() {
	for _, ln := range l.ls {
		ln.Close()
	}
}

// Result delivers the first valid callback.
func (l *Listener) Result() <-chan Result { return l.result }

// Close shuts the server down, letting the last page finish.
func (l *Listener) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	l.srv.Shutdown(ctx)
	l.closeListeners()
}

func (l *Listener) handle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	if st := l.start.Load(); st != nil && r.URL.EscapedPath() == l.startPath {
		st.serve(w, r)
		return
	}
	switch {
	case r.URL.EscapedPath() != l.path:
		http.NotFound(w, r)
		return
	case r.Method != http.MethodGet:
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	res, ok := CheckCallback(r.URL.Query(), l.state)
	if !ok {
		// A forged or stale callback: say so, and keep waiting for the real one.
		page(w, http.StatusBadRequest, pageForged)
		return
	}
	delivered := false
	l.once.Do(func() { l.result <- res; delivered = true })
	switch {
	case !delivered:
		page(w, http.StatusOK, pageAlreadyDone)
	case res.Err != nil:
		page(w, http.StatusOK, failurePage(res.Err))
	default:
		page(w, http.StatusOK, pageSuccess)
	}
}

// CheckCallback reads a callback's query. ok is false when the state is missing or wrong: such
// a callback did not come from this login and must be ignored.
func CheckCallback(q url.Values, state string) (Result, bool) {
	got := q.Get("state")
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(state)) != 1 {
		return Result{}, false
	}
	if e := q.Get("error"); e != "" {
		desc := q.Get("error_description")
		if desc == "" {
			desc = q.Get("error_message")
		}
		return Result{Err: &AuthError{Code: e, Description: desc}}, true
	}
	code := q.Get("code")
	if code == "" {
		return Result{Err: errors.New("T-ID's callback carried neither a code nor an error")}, true
	}
	return Result{Code: code}, true
}

type pageData struct {
	Title, RU, EN string
}

var (
	pageSuccess     = pageData{"bankctl: вход выполнен", "Вход выполнен. Вернитесь в терминал; эту вкладку можно закрыть.", "Signed in. Return to the terminal; you can close this tab."}
	pageForged      = pageData{"bankctl: неверная ссылка", "Эта ссылка не от текущего входа bankctl. bankctl продолжает ждать.", "This link is not from the current bankctl login. bankctl keeps waiting."}
	pageAlreadyDone = pageData{"bankctl: вход уже завершён", "Вход уже завершён. Эту вкладку можно закрыть.", "The login is already complete. You can close this tab."}
)

func failurePage(err error) pageData {
	return pageData{"bankctl: вход не выполнен", "Вход не выполнен: " + err.Error(), "Sign-in failed: " + err.Error()}
}

var pageTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Parse(`<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>body{font-family:sans-serif;max-width:36em;margin:4em auto;line-height:1.5}</style></head>
<body><h1>{{.Title}}</h1><p>{{.RU}}</p><p lang="en">{{.EN}}</p></body></html>
`))
})

func page(w http.ResponseWriter, status int, d pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.WriteHeader(status)
	pageTmpl().Execute(w, d)
}

// ParsePasted reads what a user pasted in manual mode: the whole address the browser landed on,
// its query string, or the bare code. A URL's state must match; a bare code cannot be checked,
// which the caller warns about.
func ParsePasted(input, state string) (res Result, bare bool, err error) {
	s := strings.TrimSpace(input)
	if s == "" {
		return Result{}, false, errors.New("nothing was pasted")
	}
	var q url.Values
	switch {
	case strings.Contains(s, "://"):
		u, perr := url.Parse(s)
		if perr != nil {
			return Result{}, false, fmt.Errorf("could not read the address: %v", perr)
		}
		q = u.Query()
	case strings.HasPrefix(s, "?") || strings.Contains(s, "="):
		q, err = url.ParseQuery(strings.TrimPrefix(s, "?"))
		if err != nil {
			return Result{}, false, fmt.Errorf("could not read the address: %v", err)
		}
	case strings.ContainsAny(s, " \t/<>\"'"):
		return Result{}, false, errors.New("that is neither the address the browser landed on nor a code")
	default:
		return Result{Code: s}, true, nil
	}
	if q.Get("state") == "" && q.Get("code") == "" && q.Get("error") == "" {
		return Result{}, false, errors.New("the address has no code: paste the whole address from the browser's address bar after signing in")
	}
	r, ok := CheckCallback(q, state)
	if !ok {
		return Result{}, false, errors.New("the address is from another login (its state does not match): start again and paste the address of this one")
	}
	return r, false, nil
}
