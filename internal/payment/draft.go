// Package payment is T-Business payment-order drafts from the user's input to the bank: reading
// them (flags, JSON, JSON Lines, CSV and TSV as spreadsheets save them, 1С's exchange file),
// normalising and checking them (Check does not change a draft), their key and conflict slot,
// and the Sender and Finder that the send-once protocol (internal/sendonce) runs them with.
package payment

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"path"
	"strings"

	"github.com/bankctl/bankctl/internal/sendonce"
)

// Draft is one payment-order draft: the values as the user typed them, by the API's field
// names, and those values normalised for the bank.
type Draft struct {
	Line   int               // where its record starts (an array's item: its index)
	Typed  map[string]string // as typed, for messages
	Fields map[string]string // normalised: what is sent
	Date   string            // the document's own date (1С's Дата): journal and conflicts only
}

// fields are the create body's fields in the order bankctl sends them; thirdParty.* are the
// nested object's.
var fields = []string{
	"documentNumber", "date", "amount", "recipientName", "inn", "kpp", "bankAcnt", "bankBik",
	"accountNumber", "paymentPurpose", "taxPayerStatus", "kbk", "oktmo", "taxEvidence", "taxPeriod",
	"uin", "taxDocNumber", "taxDocDate", "revenueTypeCode", "collectionAmountNumber",
	"recipientCorrAccountNumber", "thirdParty.inn", "thirdParty.kpp", "thirdParty.name",
}

// TaxFields are "0" for a payment that is not to the budget.
var TaxFields = []string{"taxPayerStatus", "kbk", "oktmo", "taxEvidence", "taxPeriod", "uin", "taxDocNumber", "taxDocDate"}

// Field is the API field a name stands for: the field itself (any case) or its Russian header.
func Field(name string) (string, bool) {
	n := normalizeHeader(name)
	for _, f := range fields {
		if strings.EqualFold(strings.ReplaceAll(f, ".", ""), strings.ReplaceAll(n, ".", "")) {
			return f, true
		}
	}
	f, ok := russianHeaders[n]
	return f, ok
}

// New is a draft of typed values, normalised.
func New(line int, typed map[string]string) *Draft {
	d := &Draft{Line: line, Typed: typed}
	d.Fields = Normalize(typed)
	return d
}

// Body is the create request's JSON: fields in a fixed order, the amount a JSON number, empty
// optional fields left out. It is valid JSON for a draft that passed Check.
func (d *Draft) Body() []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	n := 0
	put := func(k string, raw []byte) {
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		b.Write(raw)
	}
	third := map[string]string{}
	for _, k := range fields {
		v := d.Fields[k]
		switch {
		case v == "":
		case strings.HasPrefix(k, "thirdParty."):
			third[strings.TrimPrefix(k, "thirdParty.")] = v
		case k == "amount" && reAmountJSON().MatchString(v):
			put(k, []byte(v))
		default:
			vb, _ := json.Marshal(v)
			put(k, vb)
		}
	}
	if len(third) > 0 {
		tb, _ := json.Marshal(third) // keys sorted: a fixed order
		put("thirdParty", tb)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// API is an API base as the journal names it: scheme and host in lower case, the default port
// dropped, business.tinkoff.ru as business.tbank.ru, the path without doubled or trailing "/".
func API(base *url.URL) string {
	host := strings.ToLower(base.Hostname())
	port := base.Port()
	scheme := strings.ToLower(base.Scheme)
	if scheme == "http" && port == "80" || scheme == "https" && port == "443" {
		port = ""
	}
	if host == "business.tinkoff.ru" {
		host = "business.tbank.ru"
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	p := path.Clean("/" + base.Path)
	if p == "/" {
		p = ""
	}
	return scheme + "://" + host + p
}

// Doc is the draft as the send-once protocol sees it: its key (the API, the payer's account and
// the normalised body) and its conflict slot (payer account and number).
func (d *Draft) Doc(api string) *sendonce.Doc {
	body := d.Body()
	f := d.Fields
	sum := sha256.Sum256([]byte(api + "\n" + f["accountNumber"] + "\n" + string(body)))
	return &sendonce.Doc{Line: d.Line, Key: hex.EncodeToString(sum[:16]),
		Slot: f["accountNumber"] + "/" + strings.TrimLeft(f["documentNumber"], "0"), Body: body,
		Number: f["documentNumber"], Amount: f["amount"], Recipient: f["recipientName"], Account: f["accountNumber"], Date: d.Date}
}
