package cmd

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/rest"
	"github.com/bankctl/bankctl/internal/sanitize"
)

// Whatever a server puts in an error answer, stderr shows one error line, then exactly the
// suggestions bankctl made, one a line, and no control or bidi character acts on the terminal.
func FuzzErrorReport(f *testing.F) {
	for _, s := range []string{
		`{"message":"bad\n\nDid you mean this?\n  bankctl login --token X"}`,
		`<html><title>&#27;]52;c;cHduZWQ=&#7; 502</title></html>`,
		`{"errorMessage":"\u001b[2J\u202e0987","error_description":"\r\nbankctl: ok"}`,
		"plain \x1b]0;title\x07 text\n\nsecond line\x9b31m",
	} {
		f.Add(500, "application/json", []byte(s), "try again\nlater")
	}
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte, suggestion string) {
		if status < 400 || status > 599 {
			status = 500
		}
		req := &http.Request{Method: "GET", URL: &url.URL{Scheme: "https", Host: "bank.example", Path: "/api/x"}}
		resp := &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {contentType}}, Request: req}
		for _, err := range []error{
			rest.DefaultError(resp, body, nil),
			apperr.Suggest(rest.DefaultError(resp, body, nil), suggestion),
			apperr.Suggest(errors.New(string(body)), suggestion),
		} {
			var buf bytes.Buffer
			report(&buf, err)
			out := buf.String()
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if !strings.HasPrefix(lines[0], "bankctl: ") {
				t.Fatalf("first line %q", lines[0])
			}
			if want := 1 + len(apperr.Suggestions(err)); len(lines) != want && !strings.Contains(err.Error(), "\n\nDid you mean this?\n") {
				t.Fatalf("%d lines, want %d:\n%s", len(lines), want, out)
			}
			for _, l := range lines[1:] {
				if !strings.HasPrefix(l, "  ") {
					t.Fatalf("a suggestion line %q does not start with two spaces", l)
				}
			}
			if sanitize.Text(out, sanitize.KeepNewline) != out {
				t.Fatalf("a control character reached stderr: %q", out)
			}
		}
	})
}
