package payment_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/bankctl/bankctl/internal/payment"
	"github.com/bankctl/bankctl/internal/requisites"
	"github.com/bankctl/bankctl/internal/rest"
	"github.com/bankctl/bankctl/internal/sandbox"
	"github.com/bankctl/bankctl/internal/sendonce"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

var recipient = requisites.WithKey("40702810X00000012345", "044525225")

func draftsCSV(n int) []byte {
	var s strings.Builder
	s.WriteString("documentNumber;amount;recipientName;inn;kpp;bankAcnt;bankBik;accountNumber;paymentPurpose\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&s, "%d;%d,50;ООО «Ромашка»;7707083893;773601001;%s;044525225;%s;Оплата по счету %d от 01.12.2026, НДС не облагается\n", i+1, 1000+i, recipient, sandbox.MainAccount, i)
	}
	return []byte(s.String())
}

// checked reads, checks and keys drafts as payment create does before its first request.
func checked(b *testing.B, data []byte, n int) []*sendonce.Doc {
	in, err := payment.Read(data, "")
	if err != nil || len(in.Drafts) != n {
		b.Fatal(err, len(in.Drafts))
	}
	bics := map[string]string{sandbox.MainAccount: sandbox.BankBIC}
	docs := make([]*sendonce.Doc, 0, n)
	for _, d := range in.Drafts {
		if errs := d.Check(); len(errs) > 0 {
			b.Fatal(errs)
		}
		if err := d.CheckPayer(bics); err != nil {
			b.Fatal(err)
		}
		docs = append(docs, d.Doc("https://business.tbank.ru/openapi"))
	}
	if err := sendonce.Duplicates(docs); err != nil {
		b.Fatal(err)
	}
	return docs
}

// BenchmarkCheckDrafts reads 1,000 drafts from CSV and runs every local check on them.
func BenchmarkCheckDrafts(b *testing.B) {
	data := draftsCSV(1000)
	for b.Loop() {
		checked(b, data, 1000)
	}
}

// BenchmarkCheckOneC reads 1,000 payment orders from a 1С file and checks them.
func BenchmarkCheckOneC(b *testing.B) {
	one, err := os.ReadFile("testdata/1c_to_kl.txt")
	if err != nil {
		b.Fatal(err)
	}
	head, rest, _ := bytes.Cut(one, cp1251("СекцияДокумент=Платежное поручение\r\nНомер=17\r\n"))
	doc, _, _ := bytes.Cut(rest, cp1251("КонецДокумента\r\n"))
	var f bytes.Buffer
	f.Write(head)
	for i := 1; i <= 1000; i++ {
		f.Write(cp1251(fmt.Sprintf("СекцияДокумент=Платежное поручение\r\nНомер=%d\r\n", i)))
		f.Write(doc)
		f.Write(cp1251("КонецДокумента\r\n"))
	}
	f.Write(cp1251("КонецФайла\r\n"))
	data := f.Bytes()
	for b.Loop() {
		checked(b, data, 1000)
	}
}

// BenchmarkBatch sends 1,000 drafts through the send-once protocol to the sandbox (its limits
// off, no pacing), and the same 1,000 bodies with a bare POST loop on the same client: the
// difference is what bankctl adds per draft over the bank's own time — the intent and the
// outcome appended and synced, planning, classifying. BenchmarkJournal is the journal's part.
func BenchmarkBatch(b *testing.B) {
	sb := sandbox.New()
	sb.SetRateLimits(false)
	srv := httptest.NewServer(sb)
	defer srv.Close()
	base, _ := url.Parse(srv.URL + "/openapi")
	hc, _ := rest.NewHTTPClient(rest.Options{Timeout: 30 * time.Second})
	c := tbusiness.New(tbusiness.Options{Base: base, HTTP: hc, Kind: tbusiness.FromEnv,
		Auth: func(context.Context) (string, error) { return "Bearer " + sandbox.TBusinessToken, nil }})
	docs := checked(b, draftsCSV(1000), 1000)
	var plain, once time.Duration
	for b.Loop() {
		start := time.Now()
		for _, d := range docs {
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/openapi/api/v1/payment/create", bytes.NewReader(d.Body))
			req.Header.Set("Authorization", "Bearer "+sandbox.TBusinessToken)
			req.Header.Set("Content-Type", "application/json")
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		plain += time.Since(start)

		j, err := sendonce.Open(b.TempDir(), "default", "payments.jsonl", "the payment journal")
		if err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		unlock, _ := j.Lock(context.Background())
		h, _ := j.Read()
		items := sendonce.Plan(h, "https://business.tbank.ru/openapi", docs, false, time.Now())
		created := 0
		run := &sendonce.Run{Journal: j, Sender: payment.Sender{Client: c}, API: "https://business.tbank.ru/openapi"}
		run.Do(context.Background(), items, func(r sendonce.Row) {
			if r.Result == sendonce.Created {
				created++
			}
		})
		unlock()
		once += time.Since(start)
		j.Close()
		if created != 1000 {
			b.Fatalf("%d created", created)
		}
	}
	n := float64(b.N) * 1000
	b.ReportMetric(float64(plain.Microseconds())/n/1000, "ms-bank/draft")
	b.ReportMetric(float64((once-plain).Microseconds())/n/1000, "ms-added/draft")
}

// BenchmarkJournal is one draft's two journal entries, each appended and synced.
func BenchmarkJournal(b *testing.B) {
	j, err := sendonce.Open(b.TempDir(), "default", "payments.jsonl", "the payment journal")
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	body := []byte(`{"documentNumber":"17","amount":1500.50,"recipientName":"ООО «Ромашка»","inn":"7707083893","kpp":"773601001","bankAcnt":"40702810938000000001","bankBik":"044525225","accountNumber":"40702810610000000001","paymentPurpose":"Оплата по счету 17"}`)
	for b.Loop() {
		a := sendonce.NewAttempt()
		j.Append(sendonce.Entry{Time: time.Now(), Attempt: a, Event: sendonce.Intent, Key: "k", API: "a", Body: body, Number: "17", Amount: "1500.50"})
		j.Append(sendonce.Entry{Time: time.Now(), Attempt: a, Event: sendonce.Created, Key: "k", DocumentID: "6f1c2d1e-7d2b-4f8e-9a51-2c9b0f3e4a10"})
	}
}

func cp1251(s string) []byte {
	b, _ := charmap.Windows1251.NewEncoder().Bytes([]byte(s))
	return b
}
