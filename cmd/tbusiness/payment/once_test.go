package payment_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bankctl/bankctl/cmd/cmdtest"
	"github.com/bankctl/bankctl/internal/rest/resttest"
	"github.com/bankctl/bankctl/internal/sandbox"
)

// Two identical records in one file: refused before anything is sent, naming both lines.
func TestIdenticalRecordsAreRefused(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	lines := drafts(3)
	r := e.Run("", "tb", "payment", "create", "--input", csvFile(t, e, lines[0], lines[1], lines[0], lines[2]))
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "line 4", "the same document as line 2", "nothing was sent")
	if n := len(e.SB.RequestsTo(create)); n != 0 {
		t.Fatalf("%d drafts sent", n)
	}
}

// A sent row edited by one character is held as a conflict, naming the earlier draft and the
// field that differs; --force sends it.
func TestEditedRowIsHeldAsAConflict(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	e.MustRun("", "tb", "payment", "create", "--input", csvFile(t, e, drafts(2)...))
	edited := drafts(2)
	edited[1] = strings.Replace(edited[1], "1500.51", "1500.52", 1)
	file := csvFile(t, e, edited...)
	r := e.Run("", "tb", "payment", "create", "--input", file, "-o", "json")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	var rows []map[string]any
	if err := json.Unmarshal([]byte(r.Out), &rows); err != nil || len(rows) != 2 {
		t.Fatalf("%v\n%s", err, r.Out)
	}
	if rows[0]["result"] != "skipped" || rows[1]["result"] != "held" || rows[1]["reason"] != "conflict" {
		t.Fatalf("rows: %s", r.Out)
	}
	earlier := rows[1]["earlier"].(map[string]any)
	if earlier["documentId"] == "" || earlier["line"].(float64) != 3 || rows[1]["differs"].([]any)[0] != "amount" {
		t.Fatalf("the held row does not name the earlier draft and the field: %s", r.Out)
	}
	if n := len(e.SB.Drafts()); n != 2 {
		t.Fatalf("%d drafts", n)
	}
	r = e.MustRun("", "tb", "payment", "create", "--input", file, "--force")
	cmdtest.WantContains(t, "forced", r.Out, "created (--force, was conflict)")
	if n := len(e.SB.Drafts()); n != 3 {
		t.Fatalf("%d drafts after --force", n)
	}
}

// A wrong INN check digit, a leading zero, a stray byte in a UTF-8 file: refused locally,
// naming line, field and value, with nothing sent. Every bad record is reported in one run.
func TestLocalChecksReportEveryBadRecord(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	lines := drafts(4)
	lines[0] = strings.Replace(lines[0], "7707083893", "7707083894", 1)
	lines[2] = strings.Replace(lines[2], "1500.52", "01500.52", 1)
	r := e.Run("", "tb", "payment", "create", "--input", csvFile(t, e, lines...))
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", r.Err, "has 2 problems: nothing was sent", `line 2, field inn ("7707083894"): the INN's check digits`,
		`line 4, field amount ("01500.52")`)
	r = e.Run("", "tb", "payment", "create", "--number", "1", "--to-name", "x", "--to-inn", "7707083893", "--to-account", romashka,
		"--to-bic", "044525225", "--amount", "01500.50", "--purpose", "x")
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
	cmdtest.WantContains(t, "flag", cmdtest.OneErrorLine(t, r), `--amount "01500.50"`)
	p := filepath.Join(e.Dir, "mixed.csv")
	body := "documentNumber,amount,recipientName,inn,kpp,bankAcnt,bankBik,paymentPurpose\n" + drafts(1)[0] + "\n" +
		strings.Replace(drafts(2)[1], "Оплата", "Оплата \xe9", 1) + "\n"
	os.WriteFile(p, []byte(body), 0o600)
	r = e.Run("", "tb", "payment", "create", "--input", p)
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "mixed", cmdtest.OneErrorLine(t, r), "line 3: the file is UTF-8 but holds bytes that are not")
	if n := len(e.SB.RequestsTo(create)); n != 0 {
		t.Fatalf("%d drafts sent", n)
	}
}

// A tax payment to the Treasury's single account goes (it has no control key; its ЕКС is
// checked), with every tax field.
func TestTreasuryPayment(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	p := filepath.Join(e.Dir, "tax.json")
	os.WriteFile(p, []byte(`{"documentNumber":"18","amount":"84210","recipientName":"Казначейство России (ФНС России)","inn":"7727406020","kpp":"770801001","bankAcnt":"03100643000000018500","bankBik":"017003983","recipientCorrAccountNumber":"40102810445370000059","paymentPurpose":"Единый налоговый платеж","taxPayerStatus":"01","kbk":"18201061201010000510","oktmo":"0","taxEvidence":"0","taxPeriod":"0","taxDocNumber":"0","taxDocDate":"0","uin":"0"}`+"\n"), 0o600)
	e.MustRun("", "tb", "payment", "create", "--input", p)
	d := e.SB.Drafts()
	if len(d) != 1 || d[0]["bankAcnt"] != "03100643000000018500" || d[0]["kbk"] != "18201061201010000510" || d[0]["amount"].(json.Number) != "84210.00" {
		t.Fatalf("sent %v", d)
	}
}

// The same API written two ways is one API to the journal.
func TestOneAPIHoweverWritten(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	file := csvFile(t, e, drafts(2)...)
	e.MustRun("", "tb", "payment", "create", "--input", file)
	t.Setenv("BANKCTL_TBUSINESS_URL", strings.Replace(e.Srv.URL, "http://", "HTTP://", 1)+"//openapi/")
	r := e.MustRun("", "tb", "payment", "create", "--input", file)
	if strings.Count(r.Out, "skipped") != 2 || len(e.SB.Drafts()) != 2 {
		t.Fatalf("another spelling of the API sent again:\n%s", r.Out)
	}
}

// A bank whose answer carries a 2 MiB documentId: the draft is unknown, and the journal, status
// and the next run still work.
func TestHugeDocumentIDKeepsTheJournalWorking(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	e.SB.AddFault(sandbox.Fault{Path: create, Status: 200, Body: `{"documentId":"` + strings.Repeat("A", 2<<20) + `"}`, Times: 1})
	file := csvFile(t, e, drafts(2)...)
	r := e.Run("", "tb", "payment", "create", "--input", file)
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "first run", r.Out, "unknown", "no usable document id")
	for _, args := range [][]string{{"journal"}, {"status"}, {"create", "--input", file}} {
		r := e.Run("", append([]string{"tb", "payment"}, args...)...)
		if strings.Contains(r.Err, "too long") || r.Code > 1 {
			t.Fatalf("%v after a huge id: exit %d\n%s", args, r.Code, r.Err)
		}
	}
	if st, _ := os.Stat(filepath.Join(e.StateDir, "default", "payments.jsonl")); st.Size() > 64<<10 {
		t.Fatalf("the journal holds %d bytes: the id was stored", st.Size())
	}
}

// A state folder another user could write, or a linked profile folder: refused, naming it,
// with nothing sent.
func TestUnsafeStateFolderIsRefused(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	shared := filepath.Join(e.Dir, "shared")
	os.Mkdir(shared, 0o777)
	os.Chmod(shared, 0o777)
	t.Setenv("BANKCTL_STATE_DIR", shared)
	r := e.Run("", "tb", "payment", "create", "--input", csvFile(t, e, drafts(1)...))
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), shared, "other users may write in it", "chmod 700")
	state := filepath.Join(e.Dir, "state2")
	os.MkdirAll(filepath.Join(state, "elsewhere"), 0o700)
	os.Symlink(filepath.Join(state, "elsewhere"), filepath.Join(state, "default"))
	t.Setenv("BANKCTL_STATE_DIR", state)
	r = e.Run("", "tb", "payment", "create", "--input", csvFile(t, e, drafts(1)...))
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), filepath.Join(state, "default"), "symbolic link")
	if n := len(e.SB.RequestsTo(create)); n != 0 {
		t.Fatalf("%d drafts sent", n)
	}
	// The secrets file's folder is checked too.
	t.Setenv("BANKCTL_KEYRING", "file")
	t.Setenv("BANKCTL_SECRETS_FILE", filepath.Join(shared, "secrets.json"))
	r = e.Run(sandbox.TBusinessToken+"\n", "tb", "login", "--with-token")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "secrets", cmdtest.OneErrorLine(t, r), "secrets file's folder", shared)
}

// A bank (or proxy) that resets the HTTP/2 stream after reading the draft gets it once, and
// the draft is unknown: Go's transport would have sent it again and again.
func TestHTTP2ResetSendsOnce(t *testing.T) {
	for _, mode := range []resttest.Mode{resttest.ResetProtocol, resttest.ResetRefused, resttest.GoAway} {
		e := cmdtest.New(t)
		e.TBusinessEnv(t)
		srv := resttest.NewResetServer(t, mode, func(r *resttest.Request) bool { return r.Method == http.MethodPost }, e.SB)
		t.Setenv("BANKCTL_TBUSINESS_URL", srv.URL+"/openapi")
		t.Setenv("BANKCTL_CA_FILE", srv.CAFile)
		r := e.Run("", "--debug", "tb", "payment", "create", "--input", csvFile(t, e, drafts(1)...))
		cmdtest.WantCode(t, r, cmdtest.ExitError)
		if n := srv.Count("POST", create); n != 1 {
			t.Fatalf("mode %d: the bank read %d POSTs, want 1", mode, n)
		}
		cmdtest.WantContains(t, "output", r.Out, "\tunknown")
		cmdtest.WantContains(t, "debug", r.Err, `"amount":1500.50`)
		r = e.Run("", "tb", "payment", "journal", "-o", "jsonl")
		cmdtest.WantContains(t, "journal", r.Out, `"result":"unknown"`)
	}
}

// After a lost answer, --force first reads the statement: a draft a person signed and the bank
// executed is marked executed and never sent again; one that is not there is sent.
func TestForceLooksInTheStatementFirst(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	file := csvFile(t, e, drafts(3)...)
	e.SB.AddFault(sandbox.Fault{Path: create, Drop: true, Times: 2})
	r := e.Run("", "tb", "payment", "create", "--input", file)
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	if strings.Count(r.Out, "\tunknown") != 2 {
		t.Fatalf("first run:\n%s", r.Out)
	}
	// The bank made both; a person signed the first, and it was executed.
	if err := e.SB.ExecuteDraft(e.SB.DraftIDs()[0]); err != nil {
		t.Fatal(err)
	}
	sent := len(e.SB.RequestsTo(create))
	r = e.MustRun("", "tb", "payment", "create", "--input", file, "--force")
	cmdtest.WantContains(t, "forced run", r.Out, "\texecuted (found executed in the statement", "\tcreated (--force, was unknown)", "\tskipped")
	if n := len(e.SB.RequestsTo(create)) - sent; n != 1 {
		t.Fatalf("--force sent %d drafts, want 1 (the one not in the statement)", n)
	}
	r = e.MustRun("", "tb", "payment", "create", "--input", file, "--force")
	if strings.Count(r.Out, "\tskipped") != 3 || len(e.SB.RequestsTo(create))-sent != 1 {
		t.Fatalf("a third run sent again:\n%s", r.Out)
	}
	r = e.MustRun("", "tb", "payment", "journal", "-o", "jsonl")
	cmdtest.WantContains(t, "journal", r.Out, `"result":"executed"`)
}

// The bank's status text is a note, not an error.
func TestStatusTextIsANote(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	e.MustRun("", "tb", "payment", "create", "--input", csvFile(t, e, drafts(1)...))
	r := e.MustRun("", "tb", "payment", "status", "-o", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(r.Out), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("%v %s", err, r.Out)
	}
	if rows[0]["note"] != "Черновик ожидает подписи в интернет-банке" || rows[0]["error"] != nil || rows[0]["result"] != "DRAFT" {
		t.Fatalf("status row %v", rows[0])
	}
	if _, err := time.Parse(time.RFC3339, rows[0]["time"].(string)); err != nil || !strings.HasSuffix(rows[0]["time"].(string), "+03:00") {
		t.Fatalf("time %v: RFC 3339 in Moscow time expected", rows[0]["time"])
	}
}
