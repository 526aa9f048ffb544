package rest

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
)

// CertRefusedError is a TLS alert from the server that took the client certificate offered to
// it: refused, unknown, expired or missing.
type CertRefusedError struct {
	Host  string
	Alert string // "bad certificate", "certificate required", …
}

func (e *CertRefusedError) Error() string {
	return fmt.Sprintf("%s refused the client certificate (TLS alert: %s)", e.Host, e.Alert)
}

// certRefused turns the server's TLS alert about the certificate (bad, unknown, expired,
// revoked, required, access denied) into a CertRefusedError.
func certRefused(host string, err error) error {
	var op *net.OpError
	if !errors.As(err, &op) || op.Op != "remote error" || op.Err == nil {
		return err
	}
	if msg := op.Err.Error(); strings.Contains(msg, "certificate") || strings.Contains(msg, "access denied") {
		return &CertRefusedError{Host: host, Alert: strings.TrimPrefix(msg, "tls: ")}
	}
	return err
}

// dialTLSOnlyTo makes t's TLS connections itself, so that the client certificate goes into the
// handshake with addr and no other: a server elsewhere that asks for one gets none. HTTP/1.1
// only, so every connection is one of these.
func dialTLSOnlyTo(t *http.Transport, d *net.Dialer, cert tls.Certificate, addr string) {
	dial := pinLocalhost(d.DialContext)
	t.ForceAttemptHTTP2 = false
	t.DialTLSContext = func(ctx context.Context, network, to string) (net.Conn, error) {
		cfg := &tls.Config{MinVersion: tls.VersionTLS12}
		if t.TLSClientConfig != nil {
			cfg = t.TLSClientConfig.Clone()
		}
		cfg.NextProtos = []string{"http/1.1"}
		host, _, err := net.SplitHostPort(to)
		if err != nil {
			return nil, err
		}
		cfg.ServerName = host
		offered := strings.EqualFold(to, addr)
		if offered {
			// Always this certificate, whatever CAs the server names: the bank says which it
			// takes, and a refusal is explained.
			cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &cert, nil }
		}
		raw, err := dial(ctx, network, to)
		if err != nil {
			return nil, err
		}
		c := tls.Client(raw, cfg)
		if err := c.HandshakeContext(ctx); err != nil {
			raw.Close()
			if offered {
				err = certRefused(host, err)
			}
			return nil, err
		}
		if offered {
			// TLS 1.3 finishes the client's handshake before the server has read the
			// certificate: its refusal comes with the first read.
			return &certConn{Conn: c, host: host}, nil
		}
		return c, nil
	}
}

type certConn struct {
	*tls.Conn
	host string
}

func (c *certConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if err != nil {
		err = certRefused(c.host, err)
	}
	return n, err
}
