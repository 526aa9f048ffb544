package e2e

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
	pkcs12 "software.sslmate.com/src/go-pkcs12"

	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/sandbox"
)

// securedWorld serves the sandbox's secured host over TLS (a client certificate required) and,
// as the T-Business URL, a second TLS origin that asks for a client certificate without
// requiring one and records each it is offered.
type securedWorld struct {
	*world
	pki      *sandbox.SecuredPKI
	env      []string
	mu       sync.Mutex
	offered  int // certificates the second origin was offered
	calls    int
	otherURL string
}

func (w *securedWorld) otherCalls() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.calls
}

func newSecuredWorld(t *testing.T) *securedWorld {
	w := &securedWorld{world: newWorld(t)}
	pki, err := sandbox.NewSecuredPKI(365 * 24 * time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	w.pki = pki
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go w.sb.ServeSecured(ctx, l, pki)

	other := httptest.NewUnstartedServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.mu.Lock()
		w.calls++
		if len(r.TLS.PeerCertificates) > 0 {
			w.offered++
		}
		w.mu.Unlock()
		r.URL.Path = strings.TrimPrefix(r.URL.Path, "/other")
		w.sb.ServeHTTP(rw, r)
	}))
	other.TLS = &tls.Config{ClientAuth: tls.RequestClientCert}
	other.StartTLS()
	t.Cleanup(other.Close)
	w.otherURL = other.URL

	ca := append(append([]byte(nil), pki.CA...), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: other.Certificate().Raw})...)
	w.write(t, "ca.pem", ca)
	w.write(t, "cert.pem", pki.ClientCert)
	w.write(t, "key.pem", pki.ClientKey)
	w.env = append(w.tbEnv(), "BANKCTL_TBUSINESS_SECURED_URL=https://"+l.Addr().String(),
		"BANKCTL_TBUSINESS_URL="+other.URL+"/other/openapi", "BANKCTL_CA_FILE="+filepath.Join(w.dir, "ca.pem"))
	return w
}

func (w *securedWorld) write(t *testing.T, name string, data []byte) string {
	p := filepath.Join(w.dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func fingerprint(certPEM []byte) string {
	b, _ := pem.Decode(certPEM)
	sum := sha256.Sum256(b.Bytes)
	return hex.EncodeToString(sum[:])
}

// selfSigned is an RSA certificate no CA vouches for, valid from notBefore to notAfter.
func selfSigned(t *testing.T, notBefore, notAfter time.Time) (certPEM, keyPEM []byte, key *rsa.PrivateKey, cert *x509.Certificate) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "someone else"}, NotBefore: notBefore, NotAfter: notAfter,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ = x509.ParseCertificate(der)
	k, _ := x509.MarshalPKCS8PrivateKey(key)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: k}), key, cert
}

// The certificate goes to the secured host, which sees it, and never to another origin, which
// asks for one; a second certificate with the same token is refused with the binding explained.
func TestSecuredHostSeesTheCertificateOnly(t *testing.T) {
	w := newSecuredWorld(t)
	r := w.mustRun(w.env, "", "tb", "cert", "import", "--cert", filepath.Join(w.dir, "cert.pem"), "--key", filepath.Join(w.dir, "key.pem"))
	contains(t, "import", r.err, "Stored the client certificate", "delete "+filepath.Join(w.dir, "key.pem"))

	r = w.mustRun(w.env, "", "tb", "api", "--secured", "api/v1/company", "--jq", ".name")
	contains(t, "secured call", r.out, "Северный ветер")
	seen := w.sb.SecuredSeen()
	if len(seen) != 1 || seen[0] != fingerprint(w.pki.ClientCert) {
		t.Errorf("the secured host saw %v, want the imported certificate once", seen)
	}
	w.mustRun(w.env, "", "tb", "api", "api/v1/company")
	w.mustRun(w.env, "", "tb", "accounts")
	w.mu.Lock()
	calls, offered := w.calls, w.offered
	w.mu.Unlock()
	if calls < 2 || offered != 0 {
		t.Errorf("the other origin had %d calls and was offered the certificate %d times", calls, offered)
	}

	// The secured host redirects to the other origin: not followed, nothing offered there.
	w.sb.AddFault(sandbox.Fault{Path: "/openapi/api/v1/moved", Redirect: w.otherURL + "/other/openapi/api/v1/company"})
	r = w.run(w.env, "", "tb", "api", "--secured", "api/v1/moved")
	if r.code == 0 || w.otherCalls() != calls {
		t.Errorf("a redirect to another origin: exit %d, the other origin got %d more calls\n%s", r.code, w.otherCalls()-calls, r.err)
	}

	// A full URL to another host with --secured: refused before anything is sent.
	n := len(w.sb.SecuredSeen())
	r = w.run(w.env, "", "tb", "api", "--secured", "https://127.0.0.2:1/api/v1/company")
	if r.code != 2 || len(w.sb.SecuredSeen()) != n {
		t.Errorf("--secured with another host's URL: exit %d, %d calls\n%s", r.code, len(w.sb.SecuredSeen())-n, r.err)
	}

	// The web bank issues another certificate; the token is bound to the first.
	cert2, key2, err := w.pki.Issue(365 * 24 * time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	w.mustRun(w.env, "", "tb", "cert", "import", "--cert", w.write(t, "cert2.pem", cert2), "--key", w.write(t, "key2.pem", key2))
	r = w.run(w.env, "", "tb", "api", "--secured", "api/v1/company")
	if r.code != 5 {
		t.Fatalf("a certificate the token is not bound to: exit %d, want 5\n%s", r.code, r.err)
	}
	contains(t, "error", r.err, "Неправильный Tls сертификат", "binds a token to the certificate", "bankctl tbusiness cert import")

	// A certificate no CA of the bank's vouches for: the TLS alert, explained the same way.
	c, k, _, _ := selfSigned(t, time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour))
	w.mustRun(w.env, "", "tb", "cert", "import", "--cert", w.write(t, "c3.pem", c), "--key", w.write(t, "k3.pem", k))
	r = w.run(w.env, "", "tb", "api", "--secured", "api/v1/company")
	if r.code != 5 {
		t.Fatalf("a refused certificate: exit %d, want 5\n%s", r.code, r.err)
	}
	contains(t, "error", r.err, "refused the client certificate", "bankctl tbusiness cert import")
}

// Bad input stores nothing: a key of another certificate, several keys, an expired certificate
// (unless --allow-expired), a PKCS#12 with a wrong password. show never prints the key.
func TestCertImportRefusals(t *testing.T) {
	w := newSecuredWorld(t)
	certFile, keyFile := filepath.Join(w.dir, "cert.pem"), filepath.Join(w.dir, "key.pem")
	w.mustRun(w.env, "", "tb", "cert", "import", "--cert", certFile, "--key", keyFile)
	before, _ := os.ReadFile(filepath.Join(w.dir, "data", "bankctl", "secrets.json"))
	if len(before) == 0 {
		t.Fatal("no secrets file after import: the test would check nothing")
	}

	_, otherKey, _, _ := selfSigned(t, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	expCert, expKey, rsaKey, expX509 := selfSigned(t, time.Now().Add(-48*time.Hour), time.Now().Add(-24*time.Hour))
	p12, err := pkcs12.Modern.Encode(rsaKey, expX509, nil, "right-pass")
	if err != nil {
		t.Fatal(err)
	}
	mismatched := w.write(t, "other-key.pem", otherKey)
	two := w.write(t, "two-keys.pem", append(append([]byte(nil), otherKey...), w.pki.ClientKey...))
	cases := []struct {
		args  []string
		stdin string
		want  string
	}{
		{[]string{"--cert", certFile, "--key", mismatched}, "", "does not match"},
		{[]string{"--cert", certFile, "--key", two}, "", "2 private keys"},
		{[]string{"--cert", w.write(t, "exp.pem", expCert), "--key", w.write(t, "exp-key.pem", expKey)}, "", "expired"},
		{[]string{"--p12", w.write(t, "c.p12", p12), "--password-stdin"}, "wrong-pass\n", "password is wrong"},
		{[]string{"--p12", filepath.Join(w.dir, "c.p12")}, "", "--password-stdin"},
		{[]string{"--cert", certFile}, "", "--key"},
		{[]string{"--cert", filepath.Join(w.dir, "missing.pem"), "--key", keyFile}, "", "missing.pem"},
	}
	for _, c := range cases {
		r := w.run(w.env, c.stdin, append([]string{"tb", "cert", "import"}, c.args...)...)
		if r.code != 2 || !strings.Contains(r.err, c.want) {
			t.Errorf("%v: exit %d, want 2 and %q\n%s", c.args, r.code, c.want, r.err)
		}
		if c.stdin != "" {
			notContains(t, "a refused import", r.out+r.err, strings.TrimSpace(c.stdin))
		}
		if after, _ := os.ReadFile(filepath.Join(w.dir, "data", "bankctl", "secrets.json")); string(after) != string(before) {
			t.Errorf("%v changed the stored secrets", c.args)
		}
	}

	// The right password opens the file; its certificate has expired, stored only when asked.
	r := w.mustRun(w.env, "right-pass\n", "tb", "cert", "import", "--p12", filepath.Join(w.dir, "c.p12"), "--password-stdin", "--allow-expired")
	contains(t, "import", r.err, "warning: the certificate expired")
	notContains(t, "import", r.out+r.err, "right-pass")
	r = w.mustRun(w.env, "", "tb", "cert", "show")
	contains(t, "show", r.out, "CN=someone else", "SHA-256", "ago")
	notContains(t, "show", r.out+r.err, "PRIVATE KEY", strings.Split(string(expKey), "\n")[1], "right-pass")
	w.mustRun(w.env, "", "tb", "cert", "delete")
	if r := w.run(w.env, "", "tb", "cert", "show"); r.code != 4 {
		t.Errorf("show after delete: exit %d, want 4", r.code)
	}
}

// status shows the certificate and warns when it expires within 20 days.
func TestStatusWarnsBeforeTheCertificateExpires(t *testing.T) {
	w := newSecuredWorld(t)
	cert, key, err := w.pki.Issue(10 * 24 * time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	r := w.mustRun(w.env, "", "tb", "cert", "import", "--cert", w.write(t, "c.pem", cert), "--key", w.write(t, "k.pem", key))
	contains(t, "import", r.err, "warning: the certificate expires in 10 days")
	r = w.run(w.env, "", "status")
	contains(t, "status", r.out, "T-Business certificate", "Северный ветер", "expires in 10 days", "cert import")
	r = w.run(w.env, "", "status", "--json")
	contains(t, "status --json", r.out, `"certificate"`, `"warning"`)

	long, longKey, _ := w.pki.Issue(300 * 24 * time.Hour)
	w.mustRun(w.env, "", "tb", "cert", "import", "--cert", w.write(t, "l.pem", long), "--key", w.write(t, "lk.pem", longKey))
	r = w.run(w.env, "", "status")
	contains(t, "status", r.out, "T-Business certificate")
	notContains(t, "status", r.out, "expires in")
}

// The real Secret Service keeps the certificate and its key as one item; the secured call
// reads it from there.
func TestCertInSecretService(t *testing.T) {
	requireKeyring(t)
	w := newSecuredWorld(t)
	profile := fmt.Sprintf("cert-%d", time.Now().UnixNano())
	var env []string
	for _, kv := range w.env {
		if kv != "BANKCTL_KEYRING=file" {
			env = append(env, kv)
		}
	}
	env = append(env, "BANKCTL_PROFILE="+profile)
	t.Cleanup(func() { keyring.Delete(keystore.Service, profile+"/"+keystore.KindTBusinessCert) })
	w.mustRun(env, "", "tb", "cert", "import", "--cert", filepath.Join(w.dir, "cert.pem"), "--key", filepath.Join(w.dir, "key.pem"))
	v, err := keyring.Get(keystore.Service, profile+"/"+keystore.KindTBusinessCert)
	if err != nil || !strings.Contains(v, "BEGIN CERTIFICATE") || !strings.Contains(v, "PRIVATE KEY") {
		t.Fatalf("the keyring item: %v", err)
	}
	w.mustRun(env, "", "tb", "api", "--secured", "api/v1/company")
	if seen := w.sb.SecuredSeen(); len(seen) != 1 || seen[0] != fingerprint(w.pki.ClientCert) {
		t.Errorf("the secured host saw %v", seen)
	}
	w.mustRun(env, "", "tb", "cert", "delete")
	if _, err := keyring.Get(keystore.Service, profile+"/"+keystore.KindTBusinessCert); err == nil {
		t.Error("cert delete left the keyring item")
	}
}
