package tbusiness

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"github.com/bankctl/bankctl/internal/rest"
	"github.com/bankctl/bankctl/internal/sendonce"
)

// Ready readies a request that must leave the moment its intent is journalled: the token is at
// hand (a T-ID token refreshed now, not after the intent) and the method's pacing slot taken.
// The request then goes with the context Ready returns.
func (c *Client) Ready(ctx context.Context, m string) (context.Context, error) {
	auth := "Bearer "
	if c.auth != nil {
		v, err := c.auth(ctx)
		if err != nil {
			return ctx, err
		}
		auth = v
	}
	if c.pace != nil {
		if err := c.pace.wait(ctx, m, auth); err != nil {
			return ctx, err
		}
	}
	return paced(ctx), nil
}

// Once sends a request the bank has no idempotency key for (a draft, an invoice, a QR code),
// once, and says how it ended: created (2xx whose id, read by id, is usable); refused (4xx: the
// bank said no; a 401 or 403 stops the batch); not sent (no connection ever carried it);
// unknown (it left and no usable answer came: a timeout, a reset, a 5xx, a dropped answer).
func (c *Client) Once(ctx context.Context, method, path string, body []byte, id func(body []byte) (string, map[string]string)) sendonce.Outcome {
	resp, err := c.api.Do(ctx, &rest.Request{Method: method, Path: path,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: body})
	if err != nil {
		if rest.NotSent(err) {
			return sendonce.Outcome{Event: sendonce.NotSent, Err: err}
		}
		return sendonce.Outcome{Event: sendonce.Unknown, Err: err}
	}
	defer resp.Body.Close()
	out := sendonce.Outcome{RequestID: resp.Request.Header.Get("X-Request-Id")}
	data, err := c.api.ReadBody(resp)
	if err != nil {
		out.Event, out.Err = sendonce.Unknown, err
		return out
	}
	if err := c.api.Check(resp, data); err != nil {
		out.Event, out.Err = sendonce.Refused, err
		switch {
		case resp.StatusCode >= 500:
			out.Event = sendonce.Unknown // the bank may have made it before failing
		case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
			out.Stop = true
		}
		return out
	}
	docID, extra := id(data)
	if !sendonce.UsableID(docID) {
		out.Event, out.Err = sendonce.Unknown, errors.New("the bank's answer has no usable document id (at most 128 letters, digits, '.', '_' or '-')")
		return out
	}
	out.Event, out.DocumentID, out.Extra = sendonce.Created, docID, extra
	return out
}

// Create sends one payment-order draft, once: POST /api/v1/payment/create has no idempotency
// key, so a second create makes a second draft.
func (c *Client) Create(ctx context.Context, body []byte) sendonce.Outcome {
	return c.Once(ctx, http.MethodPost, "api/v1/payment/create", body, func(data []byte) (string, map[string]string) {
		var ok struct {
			DocumentID string `json:"documentId"`
		}
		json.Unmarshal(data, &ok)
		return ok.DocumentID, nil
	})
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

// Base is the API's base URL (the journal names drafts by it).
func (c *Client) Base() *url.URL { return c.api.Base }
