// Package clientcert is the company's client certificate for T-API's secured host: read from the
// PEM files the bank issues (or a PKCS#12 file), checked (the key matches the certificate, one
// key, not expired), kept as one secret (certificate chain and key, PEM), described without its
// key, and offered in TLS handshakes to the secured host only.
package clientcert

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

// Cert is a certificate chain and its private key.
type Cert struct {
	Chain   []*x509.Certificate
	CertPEM []byte // the chain, leaf first
	KeyPEM  []byte
}

// FromPEM reads the certificate file (its chain, leaf first) and the key file the bank gave.
func FromPEM(certPEM, keyPEM []byte) (*Cert, error) {
	var chain []*x509.Certificate
	var certs bytes.Buffer
	for rest := certPEM; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("the certificate file holds a certificate that cannot be read: %v", err)
		}
		chain = append(chain, c)
		pem.Encode(&certs, b)
	}
	if len(chain) == 0 {
		return nil, errors.New("the certificate file holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
	}
	var keys []*pem.Block
	for rest := keyPEM; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		if strings.Contains(b.Type, "PRIVATE KEY") {
			keys = append(keys, b)
		}
	}
	switch {
	case len(keys) == 0:
		return nil, errors.New("the key file holds no PEM private key (-----BEGIN PRIVATE KEY-----)")
	case len(keys) > 1:
		return nil, fmt.Errorf("the key file holds %d private keys: give a file with the one key of this certificate", len(keys))
	case keys[0].Type == "ENCRYPTED PRIVATE KEY" || keys[0].Headers["Proc-Type"] != "":
		return nil, errors.New("the private key is encrypted: decrypt it first (openssl pkey -in key.pem -out plain-key.pem), or import the .p12 file with --p12")
	}
	key := pem.EncodeToMemory(keys[0])
	if _, err := tls.X509KeyPair(certs.Bytes(), key); err != nil {
		if strings.Contains(err.Error(), "does not match") {
			return nil, errors.New("the private key does not match the certificate: its public key is another one (was a key of another certificate given?)")
		}
		return nil, fmt.Errorf("the key and the certificate cannot be used together: %v", err)
	}
	return &Cert{Chain: chain, CertPEM: certs.Bytes(), KeyPEM: key}, nil
}

// ErrPassword is a PKCS#12 file's password that does not open it.
var ErrPassword = errors.New("the .p12 file's password is wrong")

// FromP12 reads a PKCS#12 (.p12, .pfx) file with its password.
func FromP12(data []byte, password string) (*Cert, error) {
	key, leaf, cas, err := pkcs12.DecodeChain(data, password)
	switch {
	case errors.Is(err, pkcs12.ErrIncorrectPassword):
		return nil, ErrPassword
	case err != nil:
		return nil, fmt.Errorf("the .p12 file cannot be read: %v", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("the .p12 file's key cannot be kept: %v", err)
	}
	var certs bytes.Buffer
	for _, c := range append([]*x509.Certificate{leaf}, cas...) {
		pem.Encode(&certs, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	}
	return FromPEM(certs.Bytes(), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// Leaf is the certificate itself.
func (c *Cert) Leaf() *x509.Certificate { return c.Chain[0] }

// Check refuses a certificate that is not valid now (an expired one, unless allowExpired).
func (c *Cert) Check(now time.Time, allowExpired bool) error {
	l := c.Leaf()
	switch {
	case now.After(l.NotAfter) && !allowExpired:
		return fmt.Errorf("the certificate expired on %s: issue a new one in the web bank (or import it anyway with --allow-expired)", l.NotAfter.Format(time.DateOnly))
	case now.Before(l.NotBefore):
		return fmt.Errorf("the certificate is not valid before %s", l.NotBefore.Format(time.DateOnly))
	}
	if _, ok := l.PublicKey.(interface{ Equal(crypto.PublicKey) bool }); !ok {
		return errors.New("the certificate's key is of a kind Go's TLS cannot use")
	}
	return nil
}

// Info is what `cert show` shows: never the key.
type Info struct {
	Subject     string    `json:"subject"`
	Issuer      string    `json:"issuer"`
	Serial      string    `json:"serial"`
	NotBefore   time.Time `json:"notBefore"`
	NotAfter    time.Time `json:"notAfter"`
	SHA256      string    `json:"sha256"`
	KeyType     string    `json:"keyType"`
	ChainLength int       `json:"chain"`
}

// Info describes the certificate.
func (c *Cert) Info() Info {
	l := c.Leaf()
	sum := sha256.Sum256(l.Raw)
	fp := strings.ToUpper(hex.EncodeToString(sum[:]))
	var colons []string
	for i := 0; i < len(fp); i += 2 {
		colons = append(colons, fp[i:i+2])
	}
	return Info{Subject: l.Subject.String(), Issuer: l.Issuer.String(), Serial: strings.ToUpper(l.SerialNumber.Text(16)),
		NotBefore: l.NotBefore, NotAfter: l.NotAfter, SHA256: strings.Join(colons, ":"), KeyType: l.PublicKeyAlgorithm.String(), ChainLength: len(c.Chain)}
}

// TLS is the certificate for a TLS handshake.
func (c *Cert) TLS() (tls.Certificate, error) { return tls.X509KeyPair(c.CertPEM, c.KeyPEM) }

// stored is how the keyring keeps it: one item, the PEM texts.
type stored struct {
	Cert string `json:"cert"`
	Key  string `json:"key"`
}

// Marshal is the secret the keyring keeps.
func (c *Cert) Marshal() string {
	b, _ := json.Marshal(stored{string(c.CertPEM), string(c.KeyPEM)})
	return string(b)
}

// Unmarshal reads what Marshal wrote.
func Unmarshal(secret string) (*Cert, error) {
	var s stored
	if err := json.Unmarshal([]byte(secret), &s); err != nil {
		return nil, errors.New("the stored client certificate is damaged: import it again (bankctl tbusiness cert import)")
	}
	return FromPEM([]byte(s.Cert), []byte(s.Key))
}
