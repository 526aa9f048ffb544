package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/bankctl/bankctl/internal/sandbox"
)

// hostileText holds what a bank or a counterparty could put in a string to act on a terminal:
// OSC 52 (write the clipboard), OSC 0 (window title), clear screen, a CR that overwrites what
// came before, U+202E (shows an account number reversed), NUL and a C1 CSI.
const hostileText = "ООО \u001b]52;c;cHduZWQ=\u0007Ромашка\u001b]0;pwned\u0007\u001b[2J 7704521838\r1111111111 \u202e0987654321 \u0000\u009b31m"

// onTerminal runs bankctl on a pseudo-terminal and returns all it showed and its exit code.
func (w *world) onTerminal(t *testing.T, env []string, args ...string) (string, int) {
	t.Helper()
	return w.onTerminalSized(t, env, 0, args...)
}

// onTerminalSized is onTerminal on a terminal cols columns wide (0: the pty's default).
func (w *world) onTerminalSized(t *testing.T, env []string, cols uint16, args ...string) (string, int) {
	t.Helper()
	c := exec.Command(binary, args...)
	c.Env = append(append([]string(nil), w.env...), env...)
	var size *pty.Winsize
	if cols > 0 {
		size = &pty.Winsize{Cols: cols, Rows: 50}
	}
	tty, err := pty.StartWithSize(c, size)
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer tty.Close()
	var screen lockedBuffer
	done := make(chan struct{})
	go func() { io.Copy(&screen, tty); close(done) }()
	code := exitCode(t, c)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
	return screen.String(), code
}

// inertScreen fails when anything that acts on a terminal reached it. The terminal itself turns
// each \n into \r\n, so a CR is allowed only there.
func inertScreen(t *testing.T, what, screen string) {
	t.Helper()
	for i, r := range screen {
		switch {
		case r == '\n' || r == '\t':
		case r == '\r' && i+1 < len(screen) && screen[i+1] == '\n':
		case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r == 0x202e || r == 0xfffd && strings.Contains(screen, "\x9b"):
			t.Fatalf("%s: %U reached the terminal:\n%q", what, r, screen)
		}
	}
}

// Whatever the bank puts in its answers, nothing acts on the user's terminal: not in tables,
// YAML, --jq results, raw api bodies, error summaries of HTML pages, or the names of a
// certificate in a TLS error. What was there is shown (^[, <U+202E>), so a person sees it.
func TestHostileAnswersAreInertOnATerminal(t *testing.T) {
	w := newWorld(t)
	w.sb.SetClientInfo([]byte(`{"clientInfo":{"name":` + jsonString(hostileText) + `,"inn":"7704521838"},"banks":[{"bic":"044525999","name":` +
		jsonString(hostileText) + `,"accounts":[{"accountNumber":"\u202e40702810600000012345","currency":"RUB","balance":1.5}]}]}`))
	env := []string{"BANKCTL_IBANK_URL=" + w.apiURL(), "BANKCTL_IBANK_TOKEN=" + sandbox.DemoToken, "BANKCTL_KEYRING=file"}
	for _, args := range [][]string{
		{"ibank", "client-info"},
		{"ibank", "client-info", "-o", "yaml"},
		{"ibank", "client-info", "-o", "json"},
		{"ibank", "client-info", "--jq", ".clientInfo.name"},
		{"ibank", "api", "client/info"},
		{"ibank", "api", "client/info", "-o", "table"},
		{"status"},
	} {
		screen, code := w.onTerminal(t, env, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, screen)
		}
		inertScreen(t, strings.Join(args, " "), screen)
		if args[0] != "status" {
			if !strings.Contains(screen, "^[") && !strings.Contains(screen, `\u001b`) {
				t.Fatalf("%v: the escape was hidden instead of shown:\n%s", args, screen)
			}
		}
	}

	// An HTML error page whose title carries &#27; (decoded to a real ESC by the summary).
	w.sb.AddFault(sandbox.Fault{Path: "/api/client/info", Status: 502, Body: "<html><title>&#27;]0;pwned&#7;&#27;[2J Bad gateway&#8238;</title></html>"})
	screen, code := w.onTerminal(t, env, "ibank", "client-info")
	if code == 0 {
		t.Fatal("a 502 succeeded")
	}
	inertScreen(t, "HTML error", screen)
	contains(t, "HTML error", screen, "^[]0;pwned^G")

	// A certificate whose names carry escapes, trusted through --ca-file so the name check is
	// what fails: the names reach the terminal inside bankctl's TLS error.
	ca := hostileTLSServer(t)
	env = []string{"BANKCTL_IBANK_URL=https://localhost:" + ca.port + "/api", "BANKCTL_IBANK_TOKEN=" + sandbox.DemoToken,
		"BANKCTL_CA_FILE=" + ca.file, "BANKCTL_KEYRING=file"}
	screen, code = w.onTerminal(t, env, "ibank", "client-info")
	if code == 0 {
		t.Fatal("a certificate for other names was accepted")
	}
	inertScreen(t, "TLS error", screen)
	contains(t, "TLS error", screen, "TLS failed with localhost:"+ca.port, "^[]0;evil^G")
}

// jsonString is s as a JSON string: C0 controls escaped as JSON requires, C1 and bidi
// characters raw, as JSON allows.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

type tlsFixture struct{ port, file string }

// hostileTLSServer serves TLS with a self-signed certificate for names that carry escapes and
// writes the certificate where BANKCTL_CA_FILE can point.
func hostileTLSServer(t *testing.T) tlsFixture {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "evil"},
		DNSNames:              []string{"evil\x1b]0;evil\x07.example", "bank\x1b[2J.example"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	file := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	return tlsFixture{port: srv.URL[strings.LastIndex(srv.URL, ":")+1:], file: file}
}
