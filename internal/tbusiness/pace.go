package tbusiness

import (
	"context"
	"encoding/binary"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/bankctl/bankctl/internal/fsutil"
)

// intervals keep each method under its documented limit: one request per interval, with 5%
// to spare, so that a request delayed on its way cannot make two arrive closer than the bank
// counts.
var intervals = map[string]time.Duration{
	"statement":  every(20),
	"company":    every(6),
	"accounts":   every(6),
	"create":     every(10),
	"status":     every(1),
	"invoice":    every(4),
	"qr":         every(4),
	"document":   every(1),
	"individual": every(20),
}

func every(perSecond int) time.Duration { return time.Second * 105 / 100 / time.Duration(perSecond) }

// pacer gives each request its method's next free slot. The slots live in a file per origin,
// token and method in the state folder's pace/, taken under a lock, so concurrent bankctl
// processes using the same token share one limit. The file holds the time of the next free slot.
type pacer struct {
	next   http.RoundTripper
	root   string
	origin string

	once sync.Once
	dir  *fsutil.Dir
	err  error
}

type pacedKey struct{}

// paced marks a request whose slot was taken before it was built (Client.Ready): a payment
// draft's intent is journalled after the wait, just before the request leaves.
func paced(ctx context.Context) context.Context { return context.WithValue(ctx, pacedKey{}, true) }

func (p *pacer) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Context().Value(pacedKey{}) == nil {
		if err := p.wait(req.Context(), method(req.URL.Path), req.Header.Get("Authorization")); err != nil {
			return nil, err
		}
	}
	return p.next.RoundTrip(req)
}

// wait takes the method's next slot for the token and sleeps until it comes.
func (p *pacer) wait(ctx context.Context, m, authorization string) error {
	every, ok := intervals[m]
	if !ok {
		return nil
	}
	p.once.Do(func() { p.dir, p.err = fsutil.OpenDir(p.root, "pace") })
	if p.err != nil {
		return fmt.Errorf("could not pace the request: %w", p.err)
	}
	name := tokenKey(p.origin, authorization) + "." + m
	unlock, err := p.dir.Lock(ctx, name+".lock", "the pacing lock", 30*time.Second)
	if err != nil {
		return fmt.Errorf("could not pace the request: %w", err)
	}
	f, err := p.dir.Open(name, os.O_RDWR|os.O_CREATE)
	if err != nil {
		unlock()
		return fmt.Errorf("could not pace the request: %w", err)
	}
	var b [8]byte
	f.ReadAt(b[:], 0)
	now := time.Now()
	slot := time.Unix(0, int64(binary.BigEndian.Uint64(b[:])))
	if slot.Before(now) || slot.After(now.Add(time.Hour)) {
		slot = now // a free slot, or a clock that jumped back: start afresh
	}
	binary.BigEndian.PutUint64(b[:], uint64(slot.Add(every).UnixNano()))
	_, werr := f.WriteAt(b[:], 0)
	f.Close()
	unlock()
	if werr != nil {
		return fmt.Errorf("could not pace the request: %w", werr)
	}
	if d := time.Until(slot); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}
