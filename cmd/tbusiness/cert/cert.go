// Package cert holds `bankctl tbusiness cert`: the company's client certificate for T-API's
// secured host, kept in the keyring with its key; and the client that presents it to that host
// (`tbusiness api --secured`) and to no other.
package cert

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/apicmd"
	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/clientcert"
	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/rest"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

// WarnBefore is how long before its end `status` warns about the certificate (the bank's last
// one year, and a new one is issued in the web bank with a qualified e-signature).
const WarnBefore = 20 * 24 * time.Hour

// NewCmdCert builds the `bankctl tbusiness cert` group.
func NewCmdCert(f *cmdutil.Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "cert <command>",
		Short: "Keep the company's client certificate for T-API's secured host",
		Long: `Import, show and forget the company's RSA client certificate that T-API's secured host
(tbusiness.secured_url, https://secured-openapi.tbank.ru) requires, with its private key. Both
are kept in the OS keyring; "bankctl tbusiness api --secured PATH" presents them to that host
and to no other. docs/certificates.md is the guide.`,
		Example: `  bankctl tbusiness cert import --cert open-api-cert.pem --key private.key
  bankctl tbusiness cert show
  bankctl tbusiness api --secured api/v1/individual/userinfo`,
		RunE: cmdutil.GroupRun,
	}
	c.AddCommand(NewCmdImport(f, nil), NewCmdShow(f, nil), NewCmdDelete(f, nil))
	return c
}

func key(f *cmdutil.Factory) (keystore.Key, *cmdutil.Settings, error) {
	s, err := f.Settings()
	if err != nil {
		return keystore.Key{}, nil, err
	}
	return keystore.Key{Profile: s.Profile, Kind: keystore.KindTBusinessCert}, s, nil
}

// Stored is the profile's certificate and where it is kept (keyring, file), or an error wrapping
// keystore.ErrNotFound.
func Stored(f *cmdutil.Factory) (*clientcert.Cert, string, error) {
	k, _, err := key(f)
	if err != nil {
		return nil, "", err
	}
	store, err := f.Keystore()
	if err != nil {
		return nil, "", err
	}
	v, where, err := keystore.GetWithSource(store, k)
	if err != nil {
		return nil, "", err
	}
	c, err := clientcert.Unmarshal(v)
	return c, where, err
}

// notStored is the error for a command that needs the certificate.
func notStored(s *cmdutil.Settings) error {
	return apperr.Auth(fmt.Errorf("no client certificate is stored%s: import the one the bank issued with `bankctl%s tbusiness cert import --cert FILE --key FILE`",
		config.ProfileNote(s.Profile), config.ProfileFlag(s.Profile)))
}

// Status is the certificate's part of `bankctl status`.
type Status struct {
	Subject  string    `json:"subject"`
	NotAfter time.Time `json:"not_after"`
	SHA256   string    `json:"sha256"`
	Warning  string    `json:"warning,omitempty"`
	Error    string    `json:"error,omitempty"`
}

// CheckStatus describes the stored certificate (nil when there is none), with a warning from
// WarnBefore its end.
func CheckStatus(f *cmdutil.Factory, now time.Time) *Status {
	c, _, err := Stored(f)
	switch {
	case errors.Is(err, keystore.ErrNotFound):
		return nil
	case err != nil:
		return &Status{Error: err.Error()}
	}
	in := c.Info()
	st := &Status{Subject: in.Subject, NotAfter: in.NotAfter, SHA256: in.SHA256}
	switch left := in.NotAfter.Sub(now); {
	case left <= 0:
		st.Warning = "the client certificate has expired: issue a new one in the web bank and import it (bankctl tbusiness cert import)"
	case left <= WarnBefore:
		st.Warning = fmt.Sprintf("the client certificate expires in %d days: issue a new one in the web bank and import it (bankctl tbusiness cert import)", daysLeft(left))
	}
	return st
}

// Secured is `tbusiness api --secured`'s client: the secured host with the certificate.
var Secured = func(f *cmdutil.Factory) apicmd.ClientFunc {
	return func() (*rest.Client, error) {
		c, err := SecuredClient(f)
		if err != nil {
			return nil, err
		}
		return c.REST(), nil
	}
}

// SecuredClient is the T-Business client for the secured host: the profile's token, and its
// certificate offered in handshakes with that host only.
func SecuredClient(f *cmdutil.Factory) (*tbusiness.Client, error) {
	s, err := f.Settings()
	if err != nil {
		return nil, err
	}
	base, err := rest.ParseBaseURL(s.TBusiness.SecuredURL, "T-API secured host", "https://secured-openapi.tbank.ru")
	if err != nil {
		return nil, cmdutil.UsageErr(err)
	}
	auth, err := f.TBusinessAuth()
	if err != nil {
		return nil, err
	}
	crt, _, err := Stored(f)
	switch {
	case errors.Is(err, keystore.ErrNotFound) && base.Scheme == "http":
		// A local proxy on loopback (GOST TLS): it holds the certificate.
		return f.TBusinessAt(base, auth)
	case errors.Is(err, keystore.ErrNotFound):
		return nil, notStored(s)
	case err != nil:
		return nil, err
	}
	if end := crt.Leaf().NotAfter; time.Now().After(end) {
		fmt.Fprintf(f.IO.ErrOut, "warning: the client certificate expired on %s: the bank will refuse it\n", end.Format(time.DateOnly))
	}
	tc, err := crt.TLS()
	if err != nil {
		return nil, err
	}
	port := base.Port()
	if port == "" {
		port = map[string]string{"https": "443", "http": "80"}[base.Scheme]
	}
	hc, err := f.NewHTTPClient(&tc, net.JoinHostPort(base.Hostname(), port))
	if err != nil {
		return nil, err
	}
	return f.TBusinessWith(base, auth, hc)
}

// Explain turns the secured host's refusal of the certificate (a TLS alert, or 403 «Неправильный
// Tls сертификат») into what to do about it.
func Explain(err error) error {
	var refused *rest.CertRefusedError
	var te *tbusiness.Error
	switch {
	case errors.As(err, &refused):
	case errors.As(err, &te) && te.Status == 403 && (strings.Contains(strings.ToLower(te.Message), "tls") || strings.Contains(strings.ToLower(te.Message), "сертификат")):
	default:
		return err
	}
	return apperr.Forbidden(apperr.Suggest(err,
		"the bank binds a token to the certificate of its first successful call to the secured host: this token may be bound to another certificate, or the certificate is not the company's",
		"import the certificate issued with this token: `bankctl tbusiness cert import --cert FILE --key FILE` (`bankctl tbusiness cert show` says which one is stored)",
		"a new certificate (the bank's last a year) needs a new token: issue both in the web bank, Интеграции → T-API"))
}

// daysLeft counts a part of a day as a day: a certificate that ends in 9 days and 23 hours
// expires "in 10 days".
func daysLeft(d time.Duration) int { return int((d + 24*time.Hour - 1) / (24 * time.Hour)) }
