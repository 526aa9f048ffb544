package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/sandbox/tbank"
)

// personal is what must never be written down: the invented person's passport, INN, SNILS,
// licence and street.
var personal = []string{tbank.PersonPassport, tbank.PersonINN, tbank.PersonSNILS, tbank.PersonLicense, "Льва Толстого"}

// individualRequests counts what the sandbox received for a person's data.
func individualRequests(w *world) int {
	n := 0
	for _, r := range w.sb.Requests() {
		if strings.Contains(r.Path, "/individual/") {
			n++
		}
	}
	return n
}

// Every kind the token grants, keyed by kind with the bank's JSON unchanged, and the userinfo
// claims; --debug logs each answer's size only, and nothing of the person is left on disk.
func TestPersonEverythingGranted(t *testing.T) {
	w := newWorld(t)
	env := w.tidEnv(t, freeRedirect(t))
	w.login(t, env)
	r := w.mustRun(append(env, "BANKCTL_DEBUG=1"), "", "tid", "person", "-o", "json")
	var doc map[string]map[string]any
	if err := json.Unmarshal([]byte(r.out), &doc); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, r.out)
	}
	for _, k := range []string{"passport", "passport-short", "inn", "snils", "driver-licenses", "addresses", "identification", "userinfo"} {
		if doc[k] == nil {
			t.Errorf("no %q in %s", k, r.out)
		}
	}
	if doc["passport"]["serialNumber"] != tbank.PersonPassport || doc["inn"]["inn"] != tbank.PersonINN || doc["identification"]["isIdentified"] != true {
		t.Errorf("the bank's answers changed: %s", r.out)
	}
	contains(t, "--debug log", r.err, "GET ", "/individual/documents/passport", "bytes of personal data: not logged")
	notContains(t, "--debug log", r.err, personal...)
	notContains(t, "stderr", r.err, "not granted")
	grepPersonal(t, w)

	// --id-type chooses the document; --jq filters the object.
	r = w.mustRun(env, "", "tid", "person", "passport", "--id-type", "rf_international_passport", "--jq", ".passport.serialNumber")
	if strings.TrimSpace(r.out) != "751234567" {
		t.Errorf("--id-type RF_INTERNATIONAL_PASSPORT: %q", r.out)
	}
	if got := w.sb.RequestsTo("/openapi/api/v1/individual/documents/passport"); len(got) == 0 || got[len(got)-1].Query != "idType=RF_INTERNATIONAL_PASSPORT" {
		t.Errorf("the passport request: %+v", got)
	}

	// A table per kind on a terminal, with the bank's opaque names in Russian.
	screen, code := w.onTerminalSized(t, env, 200, "tid", "person", "passport", "addresses")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, screen)
	}
	contains(t, "terminal", screen, "Паспорт: серия и номер", "Паспорт: код подразделения", "Адреса", "ИНДЕКС", "119021")
	grepPersonal(t, w)
}

// grepPersonal fails if the world's config, state or secret store holds any of the person's data.
func grepPersonal(t *testing.T, w *world) {
	t.Helper()
	for _, p := range personal {
		grepTree(t, w.dir, p)
	}
}

// A partial grant: the kinds not granted are named and never asked for; asking for one exits 5
// with nothing sent.
func TestPersonPartialGrant(t *testing.T) {
	w := newWorld(t)
	env := w.tidEnv(t, freeRedirect(t))
	w.sb.DenyScopes("opensme/individual/passport/get", "individual/snils/get")
	w.login(t, env)
	r := w.mustRun(env, "", "tid", "person")
	contains(t, "stderr", r.err, "not granted: passport (opensme/individual/passport/get), snils (opensme/individual/snils/get)")
	contains(t, "stdout", r.out, tbank.PersonINN)
	notContains(t, "stdout", r.out, "Паспорт: серия и номер")
	for _, p := range []string{"/openapi/api/v1/individual/documents/passport", "/openapi/api/v1/individual/documents/snils"} {
		if n := len(w.sb.RequestsTo(p)); n != 0 {
			t.Errorf("%s was asked for %d times though not granted", p, n)
		}
	}
	before := individualRequests(w)
	r = w.run(env, "", "tid", "person", "inn", "passport")
	if r.code != 5 {
		t.Fatalf("a kind not granted: exit %d, want 5\n%s", r.code, r.err)
	}
	contains(t, "error", r.err, "opensme/individual/passport/get (passport)", "nothing was sent", "T-ID registration")
	if n := individualRequests(w); n != before {
		t.Errorf("%d requests were sent before exit 5", n-before)
	}
	if strings.Count(strings.TrimSpace(r.err), "\n") > 1 {
		t.Errorf("more than an error line and its suggestion:\n%s", r.err)
	}
}

// A self-service token cannot read a person's data; a 422 is reported without the data; bad
// arguments are usage errors.
func TestPersonRefusals(t *testing.T) {
	w := newWorld(t)
	r := w.run(w.tbEnv(), "", "tid", "person")
	if r.code != 4 {
		t.Fatalf("self-service token: exit %d, want 4\n%s", r.code, r.err)
	}
	contains(t, "error", r.err, "partner scenario only")
	if n := individualRequests(w); n != 0 {
		t.Errorf("%d requests sent with a self-service token", n)
	}

	env := w.tidEnv(t, freeRedirect(t))
	w.login(t, env)
	w.sb.SetPassportUnconfirmed(true)
	r = w.run(append(env, "BANKCTL_DEBUG=1"), "", "tid", "person", "passport-short")
	if r.code != 1 {
		t.Fatalf("422: exit %d, want 1\n%s", r.code, r.err)
	}
	contains(t, "error", r.err, "422", "Паспортные данные не подтверждены")
	notContains(t, "error and --debug log", r.err, personal...)

	r = w.run(env, "", "tid", "person", "inn", "passport-short")
	if r.code != 1 || !strings.Contains(r.out, tbank.PersonINN) || !strings.Contains(r.err, "error: passport-short:") {
		t.Errorf("one of two kinds failing: exit %d\n%s\n%s", r.code, r.out, r.err)
	}

	for _, args := range [][]string{{"tid", "person", "pasport"}, {"tid", "person", "inn", "--id-type", "PASSPORT"}, {"tid", "person", "--id-type", "VISA"}} {
		r = w.run(env, "", args...)
		if r.code != 2 || strings.Count(strings.TrimSpace(r.err), "\n") > 1 {
			t.Errorf("%v: exit %d, want a one-line usage error\n%s", args, r.code, r.err)
		}
	}
}

// With the real Secret Service: after a run, no keyring item of the profile holds the person's data.
func TestPersonDataNotInKeyring(t *testing.T) {
	requireKeyring(t)
	w := newWorld(t)
	profile := fmt.Sprintf("person-%d", time.Now().UnixNano())
	env := w.tidEnv(t, freeRedirect(t))
	env = append(env[:len(env)-1], "BANKCTL_PROFILE="+profile) // the OS keyring, not the file
	t.Cleanup(func() {
		for _, k := range keystore.Kinds {
			keyring.Delete(keystore.Service, profile+"/"+k)
		}
	})
	w.login(t, env)
	w.mustRun(env, "", "tid", "person")
	found := 0
	for _, k := range keystore.Kinds {
		v, err := keyring.Get(keystore.Service, profile+"/"+k)
		if err != nil {
			continue
		}
		found++
		for _, p := range personal {
			if strings.Contains(v, p) {
				t.Errorf("keyring item %s holds %q", k, p)
			}
		}
	}
	if found == 0 {
		t.Fatal("the login stored nothing in the keyring: the test looked at nothing")
	}
	grepPersonal(t, w)
}
