package tbusiness_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bankctl/bankctl/cmd/cmdtest"
	"github.com/bankctl/bankctl/internal/requisites"
	"github.com/bankctl/bankctl/internal/sandbox"
)

// T-Business has the REST core's protections: a redirect elsewhere is refused before anything
// is sent there, a same-origin GET keeps its token, and a payment POST follows no redirect.
func TestTBusinessRedirects(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	var mu sync.Mutex
	var elsewhere []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		elsewhere = append(elsewhere, r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization")+" "+string(body))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[]`))
	}))
	defer other.Close()

	e.SB.AddFault(sandbox.Fault{Path: "/openapi/api/v4/bank-accounts", Redirect: other.URL + "/openapi/api/v4/bank-accounts", Times: 1})
	r := e.Run("", "tb", "accounts")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "refusing a redirect", other.URL+"/openapi/api/v4/bank-accounts")

	e.SB.AddFault(sandbox.Fault{Path: "/openapi/api/v1/old-company", Redirect: "/openapi/api/v1/company", Times: 1})
	e.MustRun("", "tb", "api", "api/v1/old-company")
	if reqs := e.SB.RequestsTo("/openapi/api/v1/company"); len(reqs) != 1 || reqs[0].Header["Authorization"][0] != sandbox.AuthSeen("Bearer "+sandbox.TBusinessToken) {
		t.Fatalf("the same-origin redirect lost the token: %+v", reqs)
	}

	e.SB.AddFault(sandbox.Fault{Path: "/openapi/api/v1/payment/create", Redirect: other.URL + "/openapi/api/v1/payment/create", Times: 1})
	drafts := filepath.Join(e.Dir, "drafts.csv")
	os.WriteFile(drafts, []byte("documentNumber,amount,recipientName,inn,kpp,bankAcnt,bankBik,paymentPurpose\n"+
		"1,10.00,ООО Получатель,7707083893,770101001,"+requisites.WithKey("40702810X00000012345", "044525225")+",044525225,Оплата по счёту 1\n"), 0o600)
	r = e.Run("", "tb", "payment", "create", "--input", drafts)
	if r.Code == 0 {
		t.Fatalf("a redirected payment draft succeeded:\n%s", r.Err)
	}
	cmdtest.WantContains(t, "payment result", r.Out+r.Err, "only GET requests follow redirects")
	mu.Lock()
	defer mu.Unlock()
	if len(elsewhere) != 0 {
		t.Fatalf("the other host was sent %q", elsewhere)
	}
	if strings.Contains(r.Err, sandbox.TBusinessToken) {
		t.Fatal("the token reached stderr")
	}
}
