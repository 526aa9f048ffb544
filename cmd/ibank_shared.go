package cmd

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/ibank"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/redact"
	"github.com/bankctl/bankctl/internal/render"
)

// sourceEnv says a token came from the environment (the stores name their own sources).
const sourceEnv = "env"

const envIBankToken = "BANKCTL_IBANK_TOKEN"

// ibankToken finds the profile's iBank token: the environment beats the keyring.
func ibankToken(f *Factory, profile string) (token, source string, err error) {
	if v := strings.TrimSpace(f.Getenv(envIBankToken)); v != "" {
		redact.Add(v)
		return v, sourceEnv, nil
	}
	store, err := f.Keystore()
	if err != nil {
		return "", "", err
	}
	key := keystore.Key{Profile: profile, Kind: keystore.KindIBank}
	token, source, err = getSecret(store, key)
	if errors.Is(err, keystore.ErrNotFound) {
		return "", "", apperr.Auth(fmt.Errorf("not logged in to iBank%s: run `bankctl%s login`", profileNote(profile), profileFlag(profile)))
	}
	if err != nil {
		return "", "", err
	}
	redact.Add(token)
	return token, source, nil
}

// getSecret reads a secret and says where it was found.
func getSecret(store keystore.Store, key keystore.Key) (string, string, error) {
	if sys, ok := store.(*keystore.System); ok {
		v, where, err := sys.GetWithSource(key)
		return v, where, err
	}
	v, err := store.Get(key)
	return v, keystore.SourceFile, err
}

func profileNote(p string) string {
	if p == "default" {
		return ""
	}
	return fmt.Sprintf(" for profile %q", p)
}

func profileFlag(p string) string {
	if p == "default" {
		return ""
	}
	return " -p " + p
}

// ibankClient builds the API client for the profile with its stored or environment token.
func ibankClient(f *Factory) (*ibank.Client, error) {
	s, err := f.Settings()
	if err != nil {
		return nil, err
	}
	if s.IBankURL == "" {
		return nil, apperr.Auth(fmt.Errorf("no iBank URL%s: run `bankctl%s login --url https://ibank.bankname.ru/api` or set BANKCTL_IBANK_URL", profileNote(s.Profile), profileFlag(s.Profile)))
	}
	base, err := ibank.ParseURL(s.IBankURL)
	if err != nil {
		return nil, err
	}
	token, _, err := ibankToken(f, s.Profile)
	if err != nil {
		return nil, err
	}
	return f.ibankAPI(base, token)
}

// ibankAPI is the client for one bank and token, on the shared HTTP client.
func (f *Factory) ibankAPI(base *url.URL, token string) (*ibank.Client, error) {
	hc, err := f.HTTPClient()
	if err != nil {
		return nil, err
	}
	return ibank.New(base, token, hc), nil
}

// organisation names the organisation in a client/info body of unknown shape: "name (INN …)".
func organisation(body []byte) string {
	n, err := render.Parse(body)
	if err != nil {
		return ""
	}
	var name, inn string
	for _, obj := range []*render.Node{n.Get("clientInfo"), n.Get("client"), n.Get("organization"), n} {
		if obj == nil {
			continue
		}
		for _, k := range []string{"name", "shortName", "organizationName", "fullOrganizationName", "fullName"} {
			if v := obj.Get(k); v != nil && v.Kind == render.String && v.Text != "" && name == "" {
				name = v.Text
			}
		}
		if v := obj.Get("inn"); v != nil && inn == "" {
			inn = v.String()
		}
	}
	if inn == "" {
		return name
	}
	return strings.TrimSpace(name + " (INN " + inn + ")")
}
