package sandbox

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/bankctl/bankctl/internal/loopback"
)

var hiddenInput = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)
})

// Approve plays the user at the sandbox's consent page: it opens the authorize URL and presses
// Продолжить (allow) or Отмена, and returns the address T-ID sends the browser to, which the
// caller may follow as a browser would. For scripts and tests that exercise `bankctl tid login`
// offline; a real browser is what users see.
func Approve(ctx context.Context, authorizeURL string, allow bool) (string, error) {
	u, err := url.Parse(authorizeURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("not an authorize URL: %q", authorizeURL)
	}
	if !loopback.Host(u.Hostname()) {
		return "", fmt.Errorf("refusing to approve a login at %s: only the sandbox on loopback", u.Host)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, authorizeURL, nil)
	resp, err := noFollow.Do(req)
	if err != nil {
		return "", err
	}
	if resp.StatusCode == http.StatusFound && !strings.Contains(u.Path, "/auth/authorize") {
		// bankctl's one-time start page: follow it, once, to the authorize URL.
		resp.Body.Close()
		if u, err = u.Parse(resp.Header.Get("Location")); err != nil || !loopback.Host(u.Hostname()) {
			return "", fmt.Errorf("the start page led elsewhere than the sandbox")
		}
		req, _ = http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if resp, err = noFollow.Do(req); err != nil {
			return "", err
		}
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("the consent page answered %s", resp.Status)
	}
	form := url.Values{}
	for _, m := range hiddenInput().FindAllStringSubmatch(string(page), -1) {
		form.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	form.Set("decision", map[bool]string{true: "allow", false: "deny"}[allow])
	post := *u
	post.RawQuery = ""
	req, _ = http.NewRequestWithContext(ctx, http.MethodPost, post.String(), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err = noFollow.Do(req)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	landing := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || landing == "" {
		return "", fmt.Errorf("the consent form answered %s", resp.Status)
	}
	return landing, nil
}
