package e2e

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bankctl/bankctl/internal/sandbox"
)

// invoicesCSV writes n invoices, two item rows each (a spreadsheet's rows per item), numbered
// from first.
func invoicesCSV(t *testing.T, w *world, name string, first, n int) string {
	var b strings.Builder
	b.WriteString("invoiceNumber;payer.name;payer.inn;payer.kpp;items.name;items.price;items.amount;items.vat;contacts.email\n")
	for i := first; i < first+n; i++ {
		fmt.Fprintf(&b, "%d;ООО «Ромашка»;7715012342;771501001;Консультация по договору %d;15 000,50;1;None;buh@romashka.ru\n", i, i)
		fmt.Fprintf(&b, "%d;;;;Выезд специалиста;2500;2,5;20;\n", i)
	}
	p := filepath.Join(w.dir, name)
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func jsonRows(t *testing.T, out string) []map[string]any {
	var rows []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("not JSON Lines: %v\n%s", err, out)
		}
		rows = append(rows, r)
	}
	return rows
}

func invoicesByNumber(w *world) map[string]int {
	n := map[string]int{}
	for _, inv := range w.sb.Invoices() {
		n[inv.Number]++
	}
	return n
}

// A batch sent twice creates each invoice once; rows of one number are one invoice, its prices
// exact; the links come back; status follows the payment; the PDF is fetched with no credential.
func TestInvoiceBatchSentOnce(t *testing.T) {
	w := newWorld(t)
	file := invoicesCSV(t, w, "invoices.csv", 101, 3)
	r := w.mustRun(w.tbEnv(), "", "tb", "invoice", "send", "--input", file, "-o", "jsonl")
	rows := jsonRows(t, r.out)
	if len(rows) != 3 {
		t.Fatalf("%d rows for 3 invoices:\n%s", len(rows), r.out)
	}
	for _, row := range rows {
		if row["result"] != "created" || row["amount"] != "21250.50" || !strings.HasSuffix(fmt.Sprint(row["pdfUrl"]), ".pdf") || row["incomingInvoiceUrl"] == nil {
			t.Errorf("row %v", row)
		}
	}
	inv := w.sb.Invoices()[0]
	var body struct {
		Items []struct {
			Price, Amount json.Number
			VAT, Unit     string
		}
		Contacts []struct{ Email string }
	}
	json.Unmarshal(inv.Body, &body)
	if len(body.Items) != 2 || body.Items[0].Price != "15000.50" || body.Items[1].Amount != "2.5" || body.Items[1].VAT != "20" || body.Items[0].Unit != "шт" || len(body.Contacts) != 1 {
		t.Errorf("what the bank got: %s", inv.Body)
	}

	r = w.mustRun(w.tbEnv(), "", "tb", "invoice", "send", "--input", file, "-o", "jsonl")
	for _, row := range jsonRows(t, r.out) {
		if row["result"] != "skipped" {
			t.Errorf("second run: %v", row)
		}
	}
	for num, k := range invoicesByNumber(w) {
		if k != 1 {
			t.Errorf("invoice %s was sent %d times", num, k)
		}
	}

	id := fmt.Sprint(rows[0]["documentId"])
	w.sb.PayInvoice(id)
	r = w.mustRun(w.tbEnv(), "", "tb", "invoice", "status", "-o", "jsonl")
	status := map[string]string{}
	for _, row := range jsonRows(t, r.out) {
		status[fmt.Sprint(row["documentId"])] = fmt.Sprint(row["result"])
	}
	if status[id] != "EXECUTED" || status[fmt.Sprint(rows[1]["documentId"])] != "SUBMITTED" {
		t.Errorf("statuses %v", status)
	}

	pdf := filepath.Join(w.dir, "invoice.pdf")
	w.mustRun(w.tbEnv(), "", "tb", "invoice", "pdf", id, "--save", pdf)
	if data, _ := os.ReadFile(pdf); !strings.HasPrefix(string(data), "%PDF-") {
		t.Errorf("the saved file is not a PDF: %.40q", data)
	}
	got := w.sb.RequestsTo("/files/invoices/" + id + ".pdf")
	if len(got) != 1 || len(got[0].Header["Authorization"]) != 0 {
		t.Errorf("the PDF link got %d requests, with credentials %v", len(got), got)
	}
	r = w.run(w.tbEnv(), "", "tb", "invoice", "pdf", "00000000-0000-0000-0000-000000000000")
	if r.code != 1 || !strings.Contains(r.err, "no PDF link") {
		t.Errorf("an invoice the journal does not know: exit %d\n%s", r.code, r.err)
	}
}

// A lost answer is held for --force; an invoice whose number another has is held as a conflict.
func TestInvoiceLostAnswerAndConflict(t *testing.T) {
	w := newWorld(t)
	w.sb.AddFault(sandbox.Fault{Path: "/openapi/api/v1/invoice/send", Drop: true, Times: 1})
	file := invoicesCSV(t, w, "a.csv", 201, 2)
	r := w.run(w.tbEnv(), "", "tb", "invoice", "send", "--input", file, "-o", "jsonl")
	rows := jsonRows(t, r.out)
	if r.code != 1 || rows[0]["result"] != "unknown" || rows[1]["result"] != "created" {
		t.Fatalf("a lost answer: exit %d\n%s%s", r.code, r.out, r.err)
	}
	r = w.run(w.tbEnv(), "", "tb", "invoice", "send", "--input", file, "-o", "jsonl")
	rows = jsonRows(t, r.out)
	if r.code != 1 || rows[0]["result"] != "held" || rows[0]["reason"] != "unknown" || !strings.Contains(fmt.Sprint(rows[0]["note"]), "web bank") {
		t.Errorf("run after a lost answer: exit %d\n%s", r.code, r.out)
	}
	if k := invoicesByNumber(w)["201"]; k != 1 {
		t.Errorf("invoice 201 made %d times before --force", k)
	}
	w.mustRun(w.tbEnv(), "", "tb", "invoice", "send", "--input", file, "--force")
	if k := invoicesByNumber(w)["201"]; k != 2 {
		t.Errorf("--force: invoice 201 made %d times, want the person's second", k)
	}

	// The same number, another payer: held, nothing sent.
	before := len(w.sb.Invoices())
	r = w.run(w.tbEnv(), "", "tb", "invoice", "send", "--number", "202", "--payer-name", "ИП Петров", "--payer-inn", "500312345614", "--item", "Аренда;30000;1")
	if r.code != 1 || !strings.Contains(r.out, "held (conflict)") || len(w.sb.Invoices()) != before {
		t.Errorf("a conflict: exit %d\n%s%s", r.code, r.out, r.err)
	}
}

// Bad input: every bad line reported at once, naming line and field, with nothing sent.
func TestInvoiceBadInput(t *testing.T) {
	w := newWorld(t)
	bad := "invoiceNumber,payer.name,payer.inn,payer.kpp,items.name,items.price,items.amount,items.vat,contacts.email\n" +
		"12A,ООО «Ромашка»,7715012342,771501001,Товар,100,1,None,buh@romashka.ru\n" +
		"13,ООО «Ромашка»,7715012343,771501001,Товар,100.555,1,18,not-an-email\n" +
		"13,ООО «Ромашка»,7715012342,,Товар,100,0,None,\n" +
		"14,,7715012342,,,,,,\n"
	file := filepath.Join(w.dir, "bad.csv")
	os.WriteFile(file, []byte(bad), 0o600)
	r := w.run(w.tbEnv(), "", "tb", "invoice", "send", "--input", file)
	if r.code != 1 {
		t.Fatalf("a bad file: exit %d, want 1 (as for drafts)\n%s", r.code, r.err)
	}
	contains(t, "errors", r.err, "line 2", "invoiceNumber", "line 3", "payer.inn", "items.price", "items.vat", "18% rate", "contacts.email",
		"line 4", "differs from line 3", "items.amount", "line 5")
	if n := len(w.sb.RequestsTo("/openapi/api/v1/invoice/send")); n != 0 {
		t.Errorf("%d invoices sent from a bad input", n)
	}
	for _, args := range [][]string{
		{"--number", "1", "--payer-name", "X", "--payer-inn", "7715012342"},                    // no item
		{"--number", "1", "--payer-name", "X", "--payer-inn", "7715012342", "--item", "A;10"},  // short item
		{"--number", "1", "--payer-name", "X", "--payer-inn", "7715012342", "--item", "A;0;1"}, // zero price
		{"--number", "1", "--payer-name", "X", "--payer-inn", "7715012342", "--item", "A;1;1", "--phone", "12345"},
		{"--number", "1", "--payer-name", "X", "--payer-inn", "7715012342", "--item", "A;1;1", "--due", "2020-01-01"},
	} {
		r := w.run(w.tbEnv(), "", append([]string{"tb", "invoice", "send"}, args...)...)
		if r.code != 2 || strings.Count(strings.TrimSpace(r.err), "\n") > 2 {
			t.Errorf("%v: exit %d, want a short usage error\n%s", args, r.code, r.err)
		}
	}
	if n := len(w.sb.RequestsTo("/openapi/api/v1/invoice/send")); n != 0 {
		t.Errorf("%d invoices sent from bad flags", n)
	}
}

// kill -9 at random moments, two runs at a time: no invoice is sent twice, none is lost.
func TestInvoiceKillNineNeverSendsTwice(t *testing.T) {
	n, kills := 60, 12
	if testing.Short() {
		n, kills = 20, 4
	}
	w := newWorld(t)
	w.sb.AddFault(sandbox.Fault{Path: "/openapi/api/v1/invoice/send", Delay: 40 * time.Millisecond})
	w.sb.SetRateLimits(false)
	file := invoicesCSV(t, w, "many.csv", 1, n)
	env := append(append([]string(nil), w.env...), w.tbEnv()...)
	rng := rand.New(rand.NewPCG(7, 42))
	for k := 0; k < kills; k += 2 {
		var wg sync.WaitGroup
		for i := 0; i < 2; i++ {
			c := exec.Command(binary, "tb", "invoice", "send", "--input", file)
			c.Env = env
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			wg.Add(1)
			go func(after time.Duration) {
				defer wg.Done()
				time.Sleep(after)
				c.Process.Signal(syscall.SIGKILL)
				c.Wait()
			}(time.Duration(rng.IntN(600)) * time.Millisecond)
		}
		wg.Wait()
	}
	w.run(w.tbEnv(), "", "tb", "invoice", "send", "--input", file)
	r := w.run(w.tbEnv(), "", "tb", "invoice", "send", "--input", file, "--dry-run", "-o", "jsonl")
	held := map[string]bool{}
	for _, row := range jsonRows(t, r.out) {
		if row["result"] == "would hold" && row["reason"] == "unknown" {
			held[fmt.Sprint(row["number"])] = true
		}
	}
	made := invoicesByNumber(w)
	reached := map[string]bool{}
	for _, req := range w.sb.RequestsTo("/openapi/api/v1/invoice/send") {
		var body struct{ InvoiceNumber string }
		if json.Unmarshal([]byte(req.Body), &body) == nil {
			reached[body.InvoiceNumber] = true
		}
	}
	neverSent := 0
	for i := 1; i <= n; i++ {
		num := fmt.Sprint(i)
		switch {
		case made[num] > 1:
			t.Errorf("invoice %s was sent %d times", num, made[num])
		case made[num] == 0 && !held[num]:
			t.Errorf("invoice %s was lost: not sent, not held", num)
		}
		if held[num] && !reached[num] {
			neverSent++
		}
	}
	t.Logf("%d invoices, %d kills: 0 sent twice, 0 lost, %d held as unknown, %d of them never reached the bank", n, kills, len(held), neverSent)
	if neverSent*5 > len(held) && neverSent > 1 {
		t.Errorf("%d of %d unknown invoices never reached the bank: more than one in five", neverSent, len(held))
	}
}
