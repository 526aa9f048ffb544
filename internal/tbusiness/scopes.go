package tbusiness

import (
	"fmt"
	"regexp"
	"slices"
	"sync"
)

// Official scopes of the calls bankctl checks before sending (PROTOCOLS: the others have no
// published scope string, so the bank decides).
const (
	ScopeAccounts = "bank-accounts/get"
	ScopeCreate   = "payments/draft/create"
)

// Company is an INN and KPP as a T-ID scope names them.
type Company struct{ INN, KPP string }

var scopeRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^opensme/inn/\[(\d+)\]/kpp/\[(\d+)\]/(.+)$`) })

// Companies lists the companies a token's scopes name, in order of first appearance.
func Companies(scopes []string) []Company {
	var out []Company
	for _, s := range scopes {
		if m := scopeRe().FindStringSubmatch(s); m != nil {
			c := Company{m[1], m[2]}
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// Scope is the full scope string of a T-Business scope for a company.
func (c Company) Scope(area string) string {
	return fmt.Sprintf("opensme/inn/[%s]/kpp/[%s]/%s", c.INN, c.KPP, area)
}

// MissingScopes says which of need a token with granted lacks for the company: the configured
// one (inn, kpp), else the only company the scopes name. With several companies and none
// configured there is no telling: ok is false and nothing is checked.
func MissingScopes(granted []string, inn, kpp string, need ...string) (c Company, missing []string, ok bool) {
	if inn != "" {
		if kpp == "" {
			kpp = "0"
		}
		c = Company{inn, kpp}
	} else {
		cs := Companies(granted)
		if len(cs) != 1 {
			return Company{}, nil, false
		}
		c = cs[0]
	}
	for _, n := range need {
		if !slices.Contains(granted, c.Scope(n)) {
			missing = append(missing, n)
		}
	}
	return c, missing, true
}
