package payment_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/bankctl/bankctl/cmd/cmdtest"
	"github.com/bankctl/bankctl/internal/requisites"
	"github.com/bankctl/bankctl/internal/sandbox"
)

const create = "/openapi/api/v1/payment/create"

// Valid recipient accounts (their check digits match their BICs).
var (
	romashka = requisites.WithKey("40702810X00000012345", "044525225")
	petrov   = requisites.WithKey("40802810X38000000077", "044525225")
)

func csvFile(t *testing.T, e *cmdtest.Env, lines ...string) string {
	t.Helper()
	p := filepath.Join(e.Dir, "drafts.csv")
	body := "documentNumber,amount,recipientName,inn,kpp,bankAcnt,bankBik,paymentPurpose\n" + strings.Join(lines, "\n") + "\n"
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func drafts(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = strings.Join([]string{itoa(100 + i), "1500.5" + itoa(i%10), `"ООО «Ромашка»"`, "7707083893", "770101001", romashka, "044525225", `"Оплата по счету ` + itoa(i) + `, НДС не облагается"`}, ",")
	}
	return out
}

func itoa(i int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + jsonInt(i)) }

func jsonInt(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestCreateSameFileTwiceCreatesNothingNew(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	file := csvFile(t, e, drafts(3)...)
	r := e.MustRun("", "tb", "payment", "create", "--input", file)
	if n := len(e.SB.Drafts()); n != 3 {
		t.Fatalf("%d drafts created, want 3", n)
	}
	if strings.Count(r.Out, "\tcreated") != 3 {
		t.Fatalf("output:\n%s", r.Out)
	}
	r = e.MustRun("", "tb", "payment", "create", "--input", file)
	if n := len(e.SB.Drafts()); n != 3 {
		t.Fatalf("the second run created %d more", n-3)
	}
	if strings.Count(r.Out, "skipped") != 3 || len(e.SB.RequestsTo(create)) != 3 {
		t.Fatalf("second run:\n%s", r.Out)
	}
	// The journal lists them, and status asks the bank about them.
	r = e.MustRun("", "tb", "payment", "journal", "-o", "json")
	var rows []map[string]any
	if json.Unmarshal([]byte(r.Out), &rows) != nil || len(rows) != 3 || rows[0]["result"] != "created" {
		t.Fatalf("journal: %s", r.Out)
	}
	st, err := os.Stat(filepath.Join(e.StateDir, "default", "payments.jsonl"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("journal file: %v %v", st, err)
	}
	r = e.MustRun("", "tb", "payment", "status")
	if strings.Count(r.Out, "\tDRAFT\t") != 3 {
		t.Fatalf("status:\n%s", r.Out)
	}
	r = e.Run("", "tb", "payment", "status", "00000000-0000-0000-0000-000000000000")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "status", r.Out, "Документ не найден")
}

func TestCreateOneBadLineStopsTheBatch(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	lines := drafts(4)
	lines[2] = strings.Replace(lines[2], romashka, romashka[:19]+string('0'+(romashka[19]-'0'+1)%10), 1) // a wrong check digit
	r := e.Run("", "tb", "payment", "create", "--input", csvFile(t, e, lines...))
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "line 4, field bankAcnt", "control digit")
	if n := len(e.SB.RequestsTo(create)); n != 0 {
		t.Fatalf("%d drafts were sent before the bad line was found", n)
	}
	for _, c := range []struct{ line, want string }{
		{strings.Replace(drafts(1)[0], "1500.50", "0", 1), "field amount"},
		{strings.Replace(drafts(1)[0], "1500.50", "10.555", 1), "field amount"},
		{strings.Replace(drafts(1)[0], ",7707083893,", ",77012345,", 1), "field inn"},
		{strings.Replace(drafts(1)[0], "Оплата по счету 0", strings.Repeat("я", 211), 1), "field paymentPurpose"},
		{strings.Replace(drafts(1)[0], "100,", "1234567,", 1), "field documentNumber"},
	} {
		r := e.Run("", "tb", "payment", "create", "--input", csvFile(t, e, c.line))
		cmdtest.WantCode(t, r, cmdtest.ExitError)
		cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "line 2, "+c.want)
	}
	// A payer account the company does not have is refused after the one GET of accounts.
	r = e.Run("", "tb", "payment", "create", "--account", requisites.WithKey("40702810X10000000099", sandbox.BankBIC), "--input", csvFile(t, e, drafts(1)...))
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "field accountNumber", "has no such account")
	if n := len(e.SB.RequestsTo(create)); n != 0 {
		t.Fatalf("%d drafts sent", n)
	}
}

// The bank's own check gives its 422 body, shown field by field with the request id.
func TestCreateRefusedByTheBankShowsItsFields(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	e.SB.AddFault(sandbox.Fault{Path: create, Status: 422, Body: `{"errorId":"e-42","errorMessage":"Ошибка валидации","errorCode":"VALIDATION_ERROR","errorDetails":{"Счет получателя":"Неверный контрольный разряд счета"}}`, Times: 1})
	r := e.Run("", "tb", "payment", "create", "--input", csvFile(t, e, drafts(2)...))
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "output", r.Out, "refused", "created")
	cmdtest.WantContains(t, "output", r.Out, "Неверный контрольный разряд счета")
	// A refused draft is sent again next time; the created one is not.
	r = e.MustRun("", "tb", "payment", "create", "--input", csvFile(t, e, drafts(2)...))
	cmdtest.WantContains(t, "rerun", r.Out, "created", "skipped")
	if n := len(e.SB.Drafts()); n != 2 {
		t.Fatalf("%d drafts", n)
	}
}

func TestCreateDroppedAnswerIsNotSentAgainWithoutForce(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	file := csvFile(t, e, drafts(2)...)
	e.SB.AddFault(sandbox.Fault{Path: create, Drop: true, Times: 1})
	r := e.Run("", "tb", "payment", "create", "--input", file)
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "first run", r.Out, "unknown", "web bank", "created")
	if n := len(e.SB.Drafts()); n != 2 {
		t.Fatalf("%d drafts: the dropped answer's draft was made by the bank", n)
	}
	sent := len(e.SB.RequestsTo(create))
	r = e.Run("", "tb", "payment", "create", "--input", file)
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "second run", r.Out, "unknown", "--force", "skipped")
	if n := len(e.SB.RequestsTo(create)); n != sent {
		t.Fatalf("an unknown draft was sent again without --force (%d requests)", n-sent)
	}
	r = e.MustRun("", "tb", "payment", "status")
	cmdtest.WantContains(t, "status", r.Out, "unknown", "1500.50", "ООО «Ромашка»")
	// After a look at the web bank, --force sends only the unknown one again.
	e.MustRun("", "tb", "payment", "create", "--input", file, "--force")
	if n := len(e.SB.RequestsTo(create)); n != sent+1 {
		t.Fatalf("--force sent %d, want 1", n-sent)
	}
}

// A 401 stops the batch before the next draft.
func TestCreateUnauthorizedStopsTheBatch(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	e.SB.AddFault(sandbox.Fault{Path: create, Status: 401, Body: `{"errorId":"x","errorMessage":"Токен недействителен","errorCode":"UNAUTHORIZED"}`, Times: 1})
	r := e.Run("", "tb", "payment", "create", "--input", csvFile(t, e, drafts(3)...))
	cmdtest.WantCode(t, r, cmdtest.ExitAuth)
	if n := len(e.SB.RequestsTo(create)); n != 1 {
		t.Fatalf("%d creates after a 401", n)
	}
	cmdtest.WantContains(t, "error", r.Err, "BANKCTL_TBUSINESS_TOKEN", "X-Request-Id: ")
}

func TestCreateInputKinds(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	one := map[string]any{"documentNumber": "7", "amount": 1500.5, "recipientName": "ООО «Ромашка»", "inn": "7707083893",
		"kpp": "770101001", "bankAcnt": romashka, "bankBik": "044525225", "paymentPurpose": "Оплата по счету 7"}
	arr, _ := json.Marshal([]any{one})
	p := filepath.Join(e.Dir, "a.json")
	os.WriteFile(p, append([]byte("\ufeff  \n"), arr...), 0o600)
	e.MustRun("", "tb", "payment", "create", "--input", p)
	one["documentNumber"] = "8"
	line, _ := json.Marshal(one)
	r := e.MustRun(string(line)+"\n\n", "tb", "payment", "create", "--input", "-")
	cmdtest.WantContains(t, "jsonl", r.Out, "\t8\t1500.50\t")
	// What a Russian spreadsheet saves: Windows-1251, ";" and a decimal comma.
	text := "documentNumber;amount;recipientName;inn;kpp;bankAcnt;bankBik;paymentPurpose\r\n9;\"2 500,75\";ИП Петров;500100732259;0;" + petrov + ";044525225;Оплата по договору 5\r\n"
	win, _ := charmap.Windows1251.NewEncoder().String(text)
	p = filepath.Join(e.Dir, "excel.csv")
	os.WriteFile(p, []byte(win), 0o600)
	r = e.MustRun("", "tb", "payment", "create", "--input", p)
	cmdtest.WantContains(t, "cp1251", r.Err, "Windows-1251")
	cmdtest.WantContains(t, "cp1251", r.Out, "2500.75", "ИП Петров")
	bodies := e.SB.Drafts()
	if len(bodies) != 3 || bodies[2]["recipientName"] != "ИП Петров" || bodies[2]["amount"].(json.Number) != "2500.75" || bodies[0]["taxPayerStatus"] != "0" {
		t.Fatalf("sent bodies %v", bodies)
	}
	r = e.Run("", "tb", "payment", "create", "--input", p, "--number", "1")
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
	p = filepath.Join(e.Dir, "typo.json")
	os.WriteFile(p, []byte(`[{"documentNumber":"1","ammount":"5"}]`), 0o600)
	r = e.Run("", "tb", "payment", "create", "--input", p)
	cmdtest.WantContains(t, "typo", cmdtest.OneErrorLine(t, r), "line 0, field ammount: not a field")
}

func TestCreateFromFlagsAndDryRun(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	args := []string{"tb", "payment", "create", "--number", "17", "--to-name", "ООО «Ромашка»", "--to-inn", "7707083893",
		"--to-account", romashka, "--to-bic", "044525225", "--amount", "15000,50", "--purpose", "Оплата по счету 17"}
	r := e.MustRun("", append(args, "--dry-run", "-o", "json")...)
	var rows []struct {
		Result string          `json:"result"`
		Body   json.RawMessage `json:"body"`
	}
	if err := json.Unmarshal([]byte(r.Out), &rows); err != nil || len(rows) != 1 || rows[0].Result != "would send" {
		t.Fatalf("dry run: %v %s", err, r.Out)
	}
	cmdtest.WantContains(t, "body", string(rows[0].Body), `"amount":15000.50`, `"kpp":"0"`, `"accountNumber":"`+sandbox.MainAccount+`"`)
	if len(e.SB.RequestsTo(create)) != 0 {
		t.Fatal("--dry-run sent a draft")
	}
	e.MustRun("", args...)
	r = e.Run("", "tb", "payment", "create", "--number", "x")
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
	cmdtest.WantContains(t, "flag error", cmdtest.OneErrorLine(t, r), "--number")
}

// A T-ID login without the create scope: exit 5 before any request, naming the scope and the
// login that grants it.
func TestCreateMissingScopeExits5WithNothingSent(t *testing.T) {
	e := cmdtest.New(t)
	e.TIDEnv(t, cmdtest.FreeRedirectURI(t, "127.0.0.1"))
	t.Setenv("BANKCTL_TBUSINESS_ACCOUNT", sandbox.MainAccount)
	e.SB.DenyScopes("payments/draft/create")
	e.TIDLogin(t, "--inn", sandbox.CompanyINN, "--kpp", sandbox.CompanyKPP)
	e.SB.Reset()
	r := e.Run("", "tb", "payment", "create", "--input", csvFile(t, e, drafts(1)...))
	cmdtest.WantCode(t, r, cmdtest.ExitForbidden)
	cmdtest.WantContains(t, "error", r.Err, "payments/draft/create", "bankctl tid login --inn 7704521838 --kpp 770401001")
	for _, req := range e.SB.Requests() {
		if strings.HasPrefix(req.Path, "/openapi/") {
			t.Fatalf("a request was sent: %s %s", req.Method, req.Path)
		}
	}
	// The scopes were learnt once and kept with the token: no second introspection.
	e.SB.Reset()
	e.Run("", "tb", "payment", "create", "--input", csvFile(t, e, drafts(1)...))
	if n := len(e.SB.RequestsTo("/auth/introspect")); n != 0 {
		t.Fatalf("%d introspections for the same access token", n)
	}
	// With the scope, the T-ID token creates drafts.
	e.SB.DenyScopes()
	e.TIDLogin(t)
	e.MustRun("", "tb", "payment", "create", "--input", csvFile(t, e, drafts(1)...))
}

func TestCreateDebugShowsNoToken(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	e.SB.AddFault(sandbox.Fault{Path: create, Status: 400, Body: `{"errorMessage":"bad token ` + sandbox.TBusinessToken + `","errorCode":"X"}`, Times: 1})
	r := e.Run("", "--debug", "tb", "payment", "create", "--input", csvFile(t, e, drafts(2)...))
	all := r.Out + r.Err
	cmdtest.WantContains(t, "debug", all, "* POST "+e.Srv.URL+"/openapi/api/v1/payment/create", "Authorization: Bearer [REDACTED]", "X-Request-Id: ")
	cmdtest.WantNotContains(t, "debug", all, sandbox.TBusinessToken)
}
