package sandbox

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/bankctl/bankctl/internal/sandbox/demo"
	"github.com/bankctl/bankctl/internal/sandbox/wire"
)

// SecuredPKI is the secured host's demo certificates, made fresh for each sandbox: a CA, the
// host's certificate for 127.0.0.1, and the company's RSA client certificate (one year, as the
// bank issues them) with its key. None is a real secret.
type SecuredPKI struct {
	CA, ServerCert, ClientCert, ClientKey []byte // PEM
	server                                tls.Certificate
	pool                                  *x509.CertPool
	ca                                    *x509.Certificate
	caKey                                 *ecdsa.PrivateKey
}

// NewSecuredPKI makes the demo certificates; clientValid is the client certificate's lifetime.
func NewSecuredPKI(clientValid time.Duration) (*SecuredPKI, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now().Add(-time.Minute)
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "bankctl sandbox demo CA"},
		NotBefore: now, NotAfter: now.Add(10 * 365 * 24 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	ca, _ = x509.ParseCertificate(caDER)
	srvKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	srvDER, err := x509.CreateCertificate(rand.Reader, &x509.Certificate{SerialNumber: big.NewInt(2),
		Subject: pkix.Name{CommonName: "127.0.0.1"}, NotBefore: now, NotAfter: now.Add(10 * 365 * 24 * time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}, DNSNames: []string{"localhost"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature}, ca, &srvKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	srvKeyDER, _ := x509.MarshalPKCS8PrivateKey(srvKey)
	p := &SecuredPKI{CA: pemOf("CERTIFICATE", caDER), ServerCert: pemOf("CERTIFICATE", srvDER), pool: x509.NewCertPool(), ca: ca, caKey: caKey}
	p.pool.AddCert(ca)
	if p.server, err = tls.X509KeyPair(p.ServerCert, pemOf("PRIVATE KEY", srvKeyDER)); err != nil {
		return nil, err
	}
	if p.ClientCert, p.ClientKey, err = p.Issue(clientValid); err != nil {
		return nil, err
	}
	return p, nil
}

// Issue makes another of the company's RSA client certificates (PEM) and its key, valid from a
// minute ago for valid, as the web bank issues a new one.
func (p *SecuredPKI) Issue(valid time.Duration) (cert, key []byte, err error) {
	cliKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, nil, err
	}
	now := time.Now().Add(-time.Minute)
	serial, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	der, err := x509.CreateCertificate(rand.Reader, &x509.Certificate{SerialNumber: serial,
		Subject:   pkix.Name{CommonName: demo.CompanyName, Organization: []string{demo.CompanyName}, SerialNumber: demo.CompanyINN},
		NotBefore: now, NotAfter: now.Add(valid), ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment}, p.ca, &cliKey.PublicKey, p.caKey)
	if err != nil {
		return nil, nil, err
	}
	keyDER, _ := x509.MarshalPKCS8PrivateKey(cliKey)
	return pemOf("CERTIFICATE", der), pemOf("PRIVATE KEY", keyDER), nil
}

func pemOf(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

// WriteFiles writes ca.pem, client-cert.pem and client-key.pem (mode 0600) into dir.
func (p *SecuredPKI) WriteFiles(dir string) (ca, cert, key string, err error) {
	ca, cert, key = filepath.Join(dir, "ca.pem"), filepath.Join(dir, "client-cert.pem"), filepath.Join(dir, "client-key.pem")
	err = errors.Join(os.WriteFile(ca, p.CA, 0o600), os.WriteFile(cert, p.ClientCert, 0o600), os.WriteFile(key, p.ClientKey, 0o600))
	return ca, cert, key, err
}

// securedState is what the secured host remembers: each token's certificate (bound on its
// first successful call) and the certificates it saw.
type securedState struct {
	mu    sync.Mutex
	bound map[string]string // token → certificate fingerprint
	seen  []string          // fingerprint of each request's certificate
}

// SecuredSeen lists the client certificate (SHA-256, hex) of each request the secured host served.
func (s *Server) SecuredSeen() []string {
	s.secured.mu.Lock()
	defer s.secured.mu.Unlock()
	return append([]string(nil), s.secured.seen...)
}

// ServeSecured runs the secured host on l until ctx ends: TLS with p's host certificate, a client
// certificate signed by p's CA required. It answers what the T-Business API answers (its paths
// without /openapi) and GET /api/v1/individual/userinfo; a token is bound to the certificate of
// its first successful call, and another certificate with it gets 403 «Неправильный Tls
// сертификат».
func (s *Server) ServeSecured(ctx context.Context, l net.Listener, p *SecuredPKI) error {
	cfg := &tls.Config{Certificates: []tls.Certificate{p.server}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: p.pool, MinVersion: tls.VersionTLS12}
	srv := &http.Server{Handler: http.HandlerFunc(s.securedHTTP), ReadHeaderTimeout: 10 * time.Second, TLSConfig: cfg,
		ErrorLog: log.New(io.Discard, "", 0)} // a refused certificate is the client's to report
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	if err := srv.ServeTLS(l, "", ""); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func (s *Server) securedHTTP(w http.ResponseWriter, r *http.Request) {
	if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
		wire.WriteJSON(w, http.StatusForbidden, map[string]string{"errorCode": "FORBIDDEN", "errorMessage": "Неправильный Tls сертификат", "errorId": wire.NewID()})
		return
	}
	sum := sha256.Sum256(r.TLS.PeerCertificates[0].Raw)
	fp := hex.EncodeToString(sum[:])
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	st := &s.secured
	st.mu.Lock()
	st.seen = append(st.seen, fp)
	if st.bound == nil {
		st.bound = map[string]string{}
	}
	bound, ok := st.bound[token]
	st.mu.Unlock()
	if ok && bound != fp {
		wire.WriteJSON(w, http.StatusForbidden, map[string]string{"errorCode": "FORBIDDEN", "errorMessage": "Неправильный Tls сертификат", "errorId": wire.NewID()})
		return
	}
	rec := &statusRecorder{ResponseWriter: w}
	if r.Method == http.MethodGet && r.URL.Path == "/api/v1/individual/userinfo" {
		s.Bank.SecuredUserinfo(rec, r)
	} else {
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/openapi" + r.URL.Path
		s.ServeHTTP(rec, r2)
	}
	if rec.status < 300 && token != "" {
		st.mu.Lock()
		if _, ok := st.bound[token]; !ok {
			st.bound[token] = fp
		}
		st.mu.Unlock()
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(p)
}
