package tbusiness

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/bankctl/bankctl/internal/loopback"
	"github.com/bankctl/bankctl/internal/rest"
	"github.com/bankctl/bankctl/internal/sendonce"
)

// SendInvoice sends one invoice, once: POST /api/v1/invoice/send has no idempotency key, and a
// second call sends the payer a second invoice. The answer's PDF link and the payer's link are
// kept when they are usable links.
func (c *Client) SendInvoice(ctx context.Context, body []byte) sendonce.Outcome {
	return c.Once(ctx, http.MethodPost, "api/v1/invoice/send", body, func(data []byte) (string, map[string]string) {
		var ok struct {
			InvoiceID          string `json:"invoiceId"`
			PDFURL             string `json:"pdfUrl"`
			IncomingInvoiceURL string `json:"incomingInvoiceUrl"`
		}
		json.Unmarshal(data, &ok)
		extra := map[string]string{}
		if UsableURL(ok.PDFURL) {
			extra["pdfUrl"] = ok.PDFURL
		}
		if UsableURL(ok.IncomingInvoiceURL) {
			extra["incomingInvoiceUrl"] = ok.IncomingInvoiceURL
		}
		return ok.InvoiceID, extra
	})
}

// UsableURL reports whether a link from the bank can be kept and followed: https (or http to a
// loopback host, the sandbox), at most 2048 printable ASCII characters, no user name.
func UsableURL(s string) bool {
	if s == "" || len(s) > 2048 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil {
		return false
	}
	return u.Scheme == "https" || u.Scheme == "http" && loopback.Host(u.Hostname())
}

// InvoiceInfo calls GET /api/v1/openapi/invoice/{invoiceId}/info.
func (c *Client) InvoiceInfo(ctx context.Context, id string) ([]byte, error) {
	if !sendonce.UsableID(id) {
		return nil, fmt.Errorf("invalid invoice id %q: letters, digits, '.', '_' and '-' expected", id)
	}
	return c.getJSON(ctx, "api/v1/openapi/invoice/"+id+"/info")
}

// QR creates an SBP payment link with its QR code: POST /api/v1/b2b/qr/onetime (or reusable).
// A POST is never sent twice by bankctl; the answer is the bank's JSON.
func (c *Client) QR(ctx context.Context, reusable bool, body []byte) ([]byte, error) {
	path := "api/v1/b2b/qr/onetime"
	if reusable {
		path = "api/v1/b2b/qr/reusable"
	}
	data, resp, err := c.api.Call(ctx, &rest.Request{Method: http.MethodPost, Path: path,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: body})
	if err != nil {
		return nil, err
	}
	if !json.Valid(data) {
		return nil, rest.NotJSON(resp, data, "the bank")
	}
	return data, nil
}

// QRInfo calls GET /api/v1/b2b/qr/{qrId}/info.
func (c *Client) QRInfo(ctx context.Context, id string) ([]byte, error) {
	if !sendonce.UsableID(id) {
		return nil, fmt.Errorf("invalid QR id %q: letters, digits, '.', '_' and '-' expected", id)
	}
	return c.getJSON(ctx, "api/v1/b2b/qr/"+id+"/info")
}

// PaymentDocument calls GET /api/v1/payment-document for an executed operation of account on
// day (YYYY-MM-DD) and returns the PDF the answer's fileData holds (base64).
func (c *Client) PaymentDocument(ctx context.Context, account, operationID, day string) ([]byte, error) {
	q := url.Values{"accountNumber": {account}, "operationId": {operationID}, "operationDate": {day}}
	data, err := c.getJSON(ctx, "api/v1/payment-document?"+q.Encode())
	if err != nil {
		return nil, err
	}
	var doc struct {
		FileData string `json:"fileData"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || doc.FileData == "" {
		return nil, errors.New("the bank's answer holds no document (no fileData)")
	}
	pdf, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(strings.Map(dropSpace, doc.FileData), "="))
	switch {
	case err != nil:
		return nil, errors.New("the bank's fileData is not base64")
	case !IsPDF(pdf):
		return nil, errors.New("the bank's fileData is not a PDF document")
	}
	return pdf, nil
}

func dropSpace(r rune) rune {
	if r == '\n' || r == '\r' || r == ' ' {
		return -1
	}
	return r
}

// IsPDF reports whether data starts as a PDF file does.
func IsPDF(data []byte) bool { return bytes.HasPrefix(data, []byte("%PDF-")) }
