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

// Approve plays the user at the sandbox's consent page: it opens the authorize URL, presses
// Продолжить (allow) or Отмена, and follows the redirect back to a loopback redirect URI as a
// browser would. It returns the address the browser landed on. For scripts and tests that
// exercise `bankctl tid login` offline; a real browser is what users see.
func Approve(ctx context.Context, authorizeURL string, allow bool) (string, error) {
	return consent(ctx, authorizeURL, allow, true)
}

// Consent is Approve that does not follow the redirect: the browser is elsewhere (SSH), and the
// user will paste the address it landed on.
func Consent(ctx context.Context, authorizeURL string, allow bool) (string, error) {
	return consent(ctx, authorizeURL, allow, false)
}

func consent(ctx context.Context, authorizeURL string, allow, follow bool) (string, error) {
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
	lu, err := url.Parse(landing)
	if follow && err == nil && lu.Scheme == "http" && loopback.Host(lu.Hostname()) {
		req, _ = http.NewRequestWithContext(ctx, http.MethodGet, landing, nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		} else {
			return landing, fmt.Errorf("could not open the redirect URI: %w", err)
		}
	}
	return landing, nil
}
