package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/bankctl/bankctl/internal/loopback"
	"github.com/bankctl/bankctl/internal/sandbox/wire"
)

// AddFault makes the sandbox misbehave for matching requests.
func (s *Server) AddFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

func (s *Server) takeFault(path string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if !strings.HasPrefix(path, f.Path) {
			continue
		}
		if f.After > 0 {
			f.After--
			return nil
		}
		c := *f
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
		}
		return &c
	}
	return nil
}

// controlRefused says why a request may not use the control endpoints, which can change every
// answer and read every request: they are for programs on this machine, so the Host must be
// loopback (a web page that rebinds its DNS name to 127.0.0.1 still sends its own name) and a
// browser's request from another origin (its Origin or Sec-Fetch-Site says so) is refused.
func controlRefused(r *http.Request) string {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if !loopback.Host(strings.Trim(host, "[]")) {
		return "the sandbox control endpoints answer loopback hosts only, not " + strconv.Quote(r.Host)
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return "the sandbox control endpoints refuse requests from another origin"
		}
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return "the sandbox control endpoints refuse requests from another site"
	}
	return ""
}

// AuthSeen is how the sandbox records an Authorization value: its scheme, its last four
// characters and a digest, so tests can tell which credential came while GET /_sandbox/requests
// never hands a credential out.
func AuthSeen(v string) string {
	scheme, cred, ok := strings.Cut(v, " ")
	if !ok {
		scheme, cred = "", v
	}
	sum := sha256.Sum256([]byte(v))
	tail := cred
	if len(tail) > 4 {
		tail = "…" + tail[len(tail)-4:]
	}
	return strings.TrimSpace(scheme+" "+tail) + " sha256:" + hex.EncodeToString(sum[:6])
}

func (s *Server) handleAddFault(w http.ResponseWriter, r *http.Request) {
	var f Fault
	if err := json.NewDecoder(r.Body).Decode(&f); err != nil || f.Path == "" {
		wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"message": "send a JSON fault with at least a path"})
		return
	}
	s.AddFault(f)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleRequests(w http.ResponseWriter, r *http.Request) {
	wire.WriteJSON(w, http.StatusOK, s.Requests())
}
