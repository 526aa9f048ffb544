package tbusiness

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"github.com/bankctl/bankctl/internal/rest"
)

// CreateResult is how one create ended.
type CreateResult struct {
	Event      string // Created, Refused or Unknown
	DocumentID string
	RequestID  string
	Err        error
}

// Create sends one draft, once: POST /api/v1/payment/create is never retried, since a second
// create makes a second draft (the API has no idempotency key).
func (c *Client) Create(ctx context.Context, body []byte) CreateResult {
	resp, err := c.api.Do(ctx, &rest.Request{Method: http.MethodPost, Path: "api/v1/payment/create",
		Header: http.Header{"Content-Type": {"application/json"}}, Body: body})
	if err != nil {
		return CreateResult{Event: Unknown, Err: err}
	}
	defer resp.Body.Close()
	r := CreateResult{RequestID: resp.Request.Header.Get("X-Request-Id")}
	data, err := c.api.ReadBody(resp)
	if err != nil {
		r.Event, r.Err = Unknown, err
		return r
	}
	if err := c.api.Check(resp, data); err != nil {
		r.Event, r.Err = Refused, err
		if resp.StatusCode >= 500 {
			r.Event = Unknown // the bank may have made the draft before failing
		}
		return r
	}
	var ok struct {
		DocumentID string `json:"documentId"`
	}
	if json.Unmarshal(data, &ok) != nil || ok.DocumentID == "" {
		r.Event, r.Err = Unknown, errors.New("the bank answered without a documentId")
		return r
	}
	r.Event, r.DocumentID = Created, ok.DocumentID
	return r
}

// DocumentStatus is one draft's status, or the bank's error for it.
type DocumentStatus struct {
	DocumentID string `json:"documentId"`
	Status     string `json:"status,omitempty"`
	Comment    string `json:"comment,omitempty"`
	Error      string `json:"error,omitempty"`
}

// Statuses asks POST /api/v1/payment/status in batches of at most 100 ids, paced at one a
// second; a 429 is waited out (status changes nothing, so it may be sent again).
func (c *Client) Statuses(ctx context.Context, ids []string) ([]DocumentStatus, error) {
	var out []DocumentStatus
	for len(ids) > 0 {
		n := min(len(ids), 100)
		body, _ := json.Marshal(map[string][]string{"documentIds": ids[:n]})
		data, _, err := c.api.Call(ctx, &rest.Request{Method: http.MethodPost, Path: "api/v1/payment/status", Idempotent: true,
			Header: http.Header{"Content-Type": {"application/json"}}, Body: body})
		if err != nil {
			return out, err
		}
		var r struct {
			Result      []DocumentStatus `json:"result"`
			ResultError []struct {
				DocumentID   string `json:"documentId"`
				ErrorMessage string `json:"errorMessage"`
			} `json:"resultError"`
		}
		if err := json.Unmarshal(data, &r); err != nil {
			return out, errors.New("the payment status answer is not the JSON the API documents")
		}
		out = append(out, r.Result...)
		for _, e := range r.ResultError {
			out = append(out, DocumentStatus{DocumentID: e.DocumentID, Error: e.ErrorMessage})
		}
		ids = ids[n:]
	}
	return out, nil
}

// Base is the API's base URL (the journal keys drafts by it).
func (c *Client) Base() *url.URL { return c.api.Base }
