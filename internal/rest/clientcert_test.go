package rest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// certServer asks every client for a certificate (require: refuses one without) and counts
// the handshakes that offered one.
func certServer(t *testing.T, require bool) (*httptest.Server, *atomic.Int32) {
	var offered atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.TLS.PeerCertificates) > 0 {
			offered.Add(1)
		}
		w.Write([]byte(`{}`))
	}))
	srv.TLS = &tls.Config{ClientAuth: tls.RequestClientCert}
	if require {
		srv.TLS.ClientAuth = tls.RequireAnyClientCert
		srv.TLS.VerifyPeerCertificate = func([][]byte, [][]*x509.Certificate) error { return errors.New("not ours") }
	}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv, &offered
}

// The client certificate goes into the handshake with its address and no other, even when the
// same client is used for a request to another origin.
func TestClientCertOfferedToItsHostOnly(t *testing.T) {
	secured, securedSaw := certServer(t, false)
	other, otherSaw := certServer(t, false)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "company"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	cert := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	var pems []byte
	for _, s := range []*httptest.Server{secured, other} {
		pems = append(pems, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate().Raw})...)
	}
	os.WriteFile(ca, pems, 0o600)
	hc, err := NewHTTPClient(Options{CAFile: ca, ClientCert: &cert, ClientCertAddr: strings.TrimPrefix(secured.URL, "https://")})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{secured.URL, other.URL, secured.URL, other.URL} {
		resp, err := hc.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if securedSaw.Load() != 2 || otherSaw.Load() != 0 {
		t.Errorf("the secured host saw the certificate %d times (want 2), the other %d (want 0)", securedSaw.Load(), otherSaw.Load())
	}

	// A server that refuses the certificate: the error says so, whichever TLS version.
	refusing, _ := certServer(t, true)
	os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: refusing.Certificate().Raw}), 0o600)
	for _, max := range []uint16{tls.VersionTLS12, tls.VersionTLS13} {
		refusing.TLS.MaxVersion = max
		hc, _ := NewHTTPClient(Options{CAFile: ca, ClientCert: &cert, ClientCertAddr: strings.TrimPrefix(refusing.URL, "https://")})
		_, err := hc.Get(refusing.URL)
		var refused *CertRefusedError
		if !errors.As(err, &refused) {
			t.Errorf("TLS %x: %v, want a CertRefusedError", max, err)
		}
	}
}

// With --ca-file, a server's chain is still verified whole: its CA must be trusted and its
// certificate must name the host asked for (httptest's names 127.0.0.1 and example.com, not
// localhost), as crypto/tls verifies by default.
func TestCAFileVerifiesChainAndName(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("{}")) }))
	defer srv.Close()
	other := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer other.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600)
	hc, err := NewHTTPClient(Options{CAFile: ca})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := hc.Get(srv.URL)
	if err != nil {
		t.Fatalf("a trusted server: %v", err)
	}
	resp.Body.Close()
	byName := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	if _, err := hc.Get(byName); err == nil || !strings.Contains(err.Error(), "x509") {
		t.Errorf("a certificate for another name: %v", err)
	}
	// httptest serves one certificate everywhere: a client whose file holds another CA (and the
	// system's roots) must not trust it.
	ca2 := filepath.Join(t.TempDir(), "other.pem")
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(9), Subject: pkix.Name{CommonName: "other CA"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	os.WriteFile(ca2, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	hc2, _ := NewHTTPClient(Options{CAFile: ca2})
	if _, err := hc2.Get(other.URL); err == nil || !strings.Contains(err.Error(), "x509") {
		t.Errorf("a CA not trusted: %v", err)
	}
}
