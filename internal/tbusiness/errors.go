package tbusiness

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"

	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/redact"
	"github.com/bankctl/bankctl/internal/rest"
)

// Error is an error answer from T-Business: the status, the X-Request-Id bankctl sent, and the
// bank's errorId, errorCode, errorMessage and errorDetails, each shown on a line of its own.
type Error struct {
	Status    int
	Method    string
	Path      string
	RequestID string
	ErrorID   string
	Code      string
	Message   string
	Details   map[string]string
	Hint      string
}

func (e *Error) Error() string {
	s := fmt.Sprintf("T-Business answered %d %s to %s %s", e.Status, http.StatusText(e.Status), e.Method, e.Path)
	if e.Message != "" {
		s += ": " + rest.Clip(e.Message)
	}
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return redact.String(s)
}

// Suggestions are the bank's fields, field by field, for the person who asks the bank.
func (e *Error) Suggestions() []string {
	var out []string
	add := func(k, v string) {
		if v != "" {
			out = append(out, redact.String(k+": "+rest.Clip(v)))
		}
	}
	add("errorCode", e.Code)
	add("errorMessage", e.Message)
	keys := make([]string, 0, len(e.Details))
	for k := range e.Details {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	const maxDetails = 20
	for i, k := range keys {
		if i == maxDetails {
			out = append(out, fmt.Sprintf("errorDetails: %d more fields (see --debug)", len(keys)-maxDetails))
			break
		}
		add("errorDetails."+rest.Clip(k), e.Details[k])
	}
	add("errorId", e.ErrorID)
	add("X-Request-Id", e.RequestID)
	return out
}

// responseError reads T-Business's error body (or whatever a proxy sent) into an Error, typed
// for its exit code: 401 → 4, 403 → 5.
func responseError(resp *http.Response, body []byte, kind TokenKind, profile string) error {
	e := &Error{Status: resp.StatusCode, Method: resp.Request.Method, Path: resp.Request.URL.Path,
		RequestID: resp.Request.Header.Get("X-Request-Id")}
	var b struct {
		ErrorID      string         `json:"errorId"`
		ErrorMessage string         `json:"errorMessage"`
		ErrorCode    string         `json:"errorCode"`
		ErrorDetails map[string]any `json:"errorDetails"`
	}
	if json.Unmarshal(body, &b) == nil && (b.ErrorMessage != "" || b.ErrorCode != "") {
		e.ErrorID, e.Message, e.Code = b.ErrorID, b.ErrorMessage, b.ErrorCode
		if len(b.ErrorDetails) > 0 && Personal(e.Path) {
			// The details of an answer about a person may quote the person's data.
			e.Details = map[string]string{"(not shown)": fmt.Sprintf("%d fields about the person", len(b.ErrorDetails))}
		} else if len(b.ErrorDetails) > 0 {
			e.Details = map[string]string{}
			for k, v := range b.ErrorDetails {
				if s, ok := v.(string); ok {
					e.Details[k] = s
				} else {
					raw, _ := json.Marshal(v)
					e.Details[k] = string(raw)
				}
			}
		}
	} else {
		e.Message = rest.ErrorMessage(resp.Header.Get("Content-Type"), body)
	}
	e.Hint = hint(resp.StatusCode, kind, profile)
	return rest.Typed(resp.StatusCode, e)
}

func hint(status int, kind TokenKind, profile string) string {
	flag := config.ProfileFlag(profile)
	switch {
	case status == http.StatusUnauthorized && kind == FromEnv:
		return "the token in BANKCTL_TBUSINESS_TOKEN is invalid or expired: replace it"
	case status == http.StatusUnauthorized && kind == FromTID:
		return "the T-ID token was not accepted: run `bankctl" + flag + " tid login`"
	case status == http.StatusUnauthorized:
		return "the token is invalid, expired (90 days after its last use) or revoked: issue a new one in the T-Business web bank, then `bankctl" + flag + " tbusiness login`"
	case status == http.StatusForbidden:
		return "refused: the token lacks the scope or right for this call, or is bound to other IP addresses"
	case status == http.StatusTooManyRequests:
		return "too many requests: the bank's limit held for longer than bankctl waits"
	}
	return ""
}
