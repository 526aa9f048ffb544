package tbusiness

import (
	"context"
	"net/url"
	"slices"
	"strings"
)

// PersonKind is one kind of a person's data that T-API gives a partner whose T-ID login the
// person allowed it (the partner scenario).
type PersonKind struct {
	Name  string // what `tid person` calls it: passport, inn…
	Path  string // under the API URL
	Scope string // the T-ID scope that opens it
	Title string // for people, in the bank's language
}

// PersonKinds are the kinds, in the order `tid person` shows them.
var PersonKinds = []PersonKind{
	{"passport", "api/v1/individual/documents/passport", "opensme/individual/passport/get", "Паспорт"},
	{"passport-short", "api/v1/individual/documents/passport-short", "opensme/individual/passport-short/get", "Паспорт (кратко)"},
	{"inn", "api/v1/individual/documents/inn", "opensme/individual/inn/get", "ИНН"},
	{"snils", "api/v1/individual/documents/snils", "opensme/individual/snils/get", "СНИЛС"},
	{"driver-licenses", "api/v1/individual/documents/driver-licenses", "opensme/individual/driver-licenses/get", "Водительские удостоверения"},
	{"addresses", "api/v1/individual/addresses", "opensme/individual/addresses/get", "Адреса"},
	{"identification", "api/v1/individual/identification/status", "opensme/individual/identification/status/get", "Идентификация"},
}

// IDTypes are the documents the passport method reads (idType), PASSPORT by default.
var IDTypes = []string{"PASSPORT", "FOREIGN_PASSPORT", "FOREIGN_INTERNATIONAL_PASSPORT", "RF_INTERNATIONAL_PASSPORT", "BIRTH_CERTIFICATE", "RF_RESIDENCE_PERMIT"}

// PersonKindNamed finds a kind by its name.
func PersonKindNamed(name string) (PersonKind, bool) {
	i := slices.IndexFunc(PersonKinds, func(k PersonKind) bool { return k.Name == name })
	if i < 0 {
		return PersonKind{}, false
	}
	return PersonKinds[i], true
}

// Personal reports whether an API path answers with a person's data: such answers are never
// logged (--debug shows their size) and their error details are never shown.
func Personal(path string) bool { return strings.Contains(path, "/individual/") }

// Person calls one kind's method; idType applies to the passport ("" for the bank's default).
// The answer is the bank's JSON, unchanged.
func (c *Client) Person(ctx context.Context, k PersonKind, idType string) ([]byte, error) {
	path := k.Path
	if k.Name == "passport" && idType != "" {
		path += "?" + url.Values{"idType": {idType}}.Encode()
	}
	return c.getJSON(ctx, path)
}
