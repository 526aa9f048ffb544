package tbusiness

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bankctl/bankctl/internal/jsonscan"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/rest"
)

// PageSize is how many operations bankctl asks for per page: big pages make few requests
// under the 20-a-second limit, and the streaming reader keeps memory flat however big.
const PageSize = 5000

// Query is one statement request: an account and the UTC instants [From, To).
type Query struct {
	Account    string
	From, To   time.Time
	Status     string // All, Transaction or Authorization
	Categories []string
	Balances   bool
	// Stop, when closed (Ctrl-C), ends the statement after the current page, so that its
	// continuation repeats nothing.
	Stop <-chan struct{}
}

func (q *Query) values(cursor string) url.Values {
	v := url.Values{"accountNumber": {q.Account}, "from": {q.From.UTC().Format(time.RFC3339)},
		"to": {q.To.UTC().Format(time.RFC3339)}, "limit": {strconv.Itoa(PageSize)}}
	if q.Status != "" {
		v.Set("operationStatus", q.Status)
	}
	for _, c := range q.Categories {
		v.Add("categories", c)
	}
	if cursor != "" {
		v.Set("cursor", cursor)
	} else if q.Balances {
		v.Set("withBalances", "true") // the bank sends balances on the first page only
	}
	return v
}

// Pages is how a statement's paging ended.
type Pages struct {
	Balances   json.RawMessage // the first page's, when asked for
	Pages      int
	Operations int
	Repeated   string // a cursor the bank sent twice: paging stopped there
}

// PageError is a page that failed after Written operations were handed on: the statement
// continues from Cursor ("" for the first page).
type PageError struct {
	Cursor  string
	Written int
	Err     error
}

func (e *PageError) Error() string { return e.Err.Error() }
func (e *PageError) Unwrap() error { return e.Err }

// Sink takes a statement as it arrives.
type Sink interface {
	// Balances is called once, as soon as the first page's balances are read.
	Balances(raw []byte) error
	// Operation is called for each operation with the bank's JSON on one line; raw is reused
	// after the call returns.
	Operation(raw []byte) error
}

// Statement fetches every page of q from cursor ("" for the start) and hands each operation
// to sink as it is read, as the bank's JSON (compacted to one line when the bank sent it on
// several). Paging stops on an absent or empty cursor, and on a repeated one.
func (c *Client) Statement(ctx context.Context, q Query, cursor string, sink Sink) (*Pages, error) {
	res := &Pages{}
	seen := map[[32]byte]bool{sha256.Sum256([]byte(cursor)): true} // hashes: a cursor may be long
	empty := 0
	for {
		before := res.Operations
		next, err := c.page(ctx, q, cursor, res, sink)
		var out *outputError
		if errors.As(err, &out) {
			return res, out.err // the output failed (a closed pipe), not the bank
		}
		if err != nil {
			return res, &PageError{Cursor: cursor, Written: res.Operations, Err: err}
		}
		res.Pages++
		if pe, ok := sink.(interface{ PageEnd() error }); ok {
			if err := pe.PageEnd(); err != nil {
				return res, err
			}
		}
		if res.Operations == before {
			empty++
		} else {
			empty = 0
		}
		h := sha256.Sum256([]byte(next))
		switch {
		case next == "":
			return res, nil
		case seen[h]:
			res.Repeated = next
			return res, nil
		case res.Pages >= MaxPages:
			return res, &PageError{Cursor: next, Written: res.Operations, Err: fmt.Errorf("the bank sent %d pages and another cursor: stopped (no statement of one period needs as many)", MaxPages)}
		case empty >= MaxEmptyPages:
			return res, &PageError{Cursor: next, Written: res.Operations, Err: fmt.Errorf("%d pages in a row held no operation, each with another cursor: stopped (the bank's paging does not end)", MaxEmptyPages)}
		}
		select {
		case <-q.Stop:
			return res, &PageError{Cursor: next, Written: res.Operations, Err: context.Canceled}
		default:
		}
		seen[h], cursor = true, next
	}
}

// Paging stops with an error and the continuation after MaxPages pages, or after MaxEmptyPages
// pages in a row that carry no operation: a bank whose cursor never ends is not followed forever.
const (
	MaxPages      = 20000
	MaxEmptyPages = 100
)

// page reads one page as a stream: {"balances":…,"operations":[…],"nextCursor":"…"} in any order.
func (c *Client) page(ctx context.Context, q Query, cursor string, res *Pages, sink Sink) (string, error) {
	resp, err := c.api.Do(ctx, &rest.Request{Method: http.MethodGet, Path: "api/v1/statement?" + q.values(cursor).Encode()})
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, _ := c.api.ReadBody(resp)
		return "", c.api.Check(resp, body)
	}
	s := jsonscan.NewStream(resp.Body)
	bad := func(err error) error {
		var limit *jsonscan.LimitError
		if errors.As(err, &limit) {
			return fmt.Errorf("the statement page from %s: %w", resp.Request.URL.Host, limit)
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || err == jsonscan.ErrSyntax {
			return fmt.Errorf("the statement page from %s broke off or is not valid JSON", resp.Request.URL.Host)
		}
		return fmt.Errorf("the statement page from %s broke off: %w", resp.Request.URL.Host, rest.RequestError(resp.Request.URL, err))
	}
	if err := s.Expect('{'); err != nil {
		return "", bad(err)
	}
	var next string
	var val []byte
	for first := true; ; first = false {
		c, err := s.Next()
		if err != nil {
			return "", bad(err)
		}
		if c == '}' {
			s.Skip()
			return next, nil
		}
		if !first {
			if err := s.Expect(','); err != nil {
				return "", bad(err)
			}
		}
		if val, err = s.Value(val[:0]); err != nil || !jsonscan.Valid(val) {
			return "", bad(orSyntax(err))
		}
		key := jsonscan.Unquote(val)
		if err := s.Expect(':'); err != nil {
			return "", bad(err)
		}
		if key == "operations" {
			if err := operations(s, res, sink.Operation); err != nil {
				return "", err
			}
			continue
		}
		if val, err = s.Value(val[:0]); err != nil || !jsonscan.Valid(val) {
			return "", bad(orSyntax(err))
		}
		switch key {
		case "nextCursor":
			next = jsonscan.Unquote(val)
		case "balances":
			if res.Balances == nil && string(val) != "null" {
				res.Balances = append(json.RawMessage(nil), val...)
				if err := sink.Balances(res.Balances); err != nil {
					return "", &outputError{err}
				}
			}
		}
	}
}

func orSyntax(err error) error {
	if err == nil {
		return jsonscan.ErrSyntax
	}
	return err
}

// operations streams the operations array, one value at a time.
func operations(s *jsonscan.Stream, res *Pages, emit func([]byte) error) error {
	if err := s.Expect('['); err != nil {
		return fmt.Errorf("the statement's operations are not a list: %w", err)
	}
	var op []byte
	for first := true; ; first = false {
		c, err := s.Next()
		if err != nil {
			return pageErr(err)
		}
		if c == ']' {
			s.Skip()
			return nil
		}
		if !first {
			if err := s.Expect(','); err != nil {
				return fmt.Errorf("the statement page is not valid JSON")
			}
		}
		if op, err = s.Value(op[:0]); err != nil {
			return pageErr(err)
		}
		if line := render.JSONLine(op); len(line) != len(op) {
			op = append(op[:0], line...) // the bank spread it over several lines
		}
		if err := emit(op); errors.Is(err, jsonscan.ErrInvalid) {
			return fmt.Errorf("operation %d of the statement is not valid JSON", res.Operations+1)
		} else if err != nil {
			return &outputError{err}
		}
		res.Operations++
	}
}

// outputError is a failure to write an operation out.
type outputError struct{ err error }

func (e *outputError) Error() string { return e.err.Error() }

// StatusParam is the API's operationStatus for a --status value.
func StatusParam(s string) (string, error) {
	switch strings.ToLower(s) {
	case "", "all":
		return "All", nil
	case "transaction", "transactions":
		return "Transaction", nil
	case "authorization", "authorizations":
		return "Authorization", nil
	}
	return "", fmt.Errorf("invalid status %q: use all, transaction or authorization", s)
}

// pageErr is a page that could not be read whole: cut short, or past a limit.
func pageErr(err error) error {
	var limit *jsonscan.LimitError
	if errors.As(err, &limit) {
		return fmt.Errorf("the statement page: %w", limit)
	}
	return fmt.Errorf("the statement page broke off: %w", err)
}
