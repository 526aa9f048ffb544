package tid

import (
	"net/url"
	"strings"
	"testing"
)

// A pasted landing address is accepted only if it belongs to this login: its state matches,
// or it is a bare code (which the caller warns about). Nothing pasted may panic.
func FuzzParsePasted(f *testing.F) {
	for _, s := range []string{
		"http://127.0.0.1:8765/auth/complete?state=STATE&code=c.abc&session_state=x",
		"https://partner.ru/cb?code=c.x&state=STATE", "?state=STATE&error=access_denied",
		"c.bare", "https://partner.ru/cb?state=other&code=c", "%zz", "://", "state=STATE&code=",
	} {
		f.Add(s, "STATE")
	}
	f.Fuzz(func(t *testing.T, input, state string) {
		if state == "" {
			return
		}
		r, bare, err := ParsePasted(input, state)
		if err != nil || bare || r.Err != nil {
			return
		}
		// Accepted as an address: it must carry this state.
		raw := strings.TrimSpace(input)
		var q url.Values
		if u, perr := url.Parse(raw); perr == nil && strings.Contains(raw, "://") {
			q = u.Query()
		} else {
			q, _ = url.ParseQuery(strings.TrimPrefix(raw, "?"))
		}
		if q.Get("state") != state || r.Code == "" {
			t.Fatalf("accepted %q with state %q: %+v", input, state, r)
		}
	})
}
