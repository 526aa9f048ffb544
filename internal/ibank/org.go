package ibank

import (
	"strings"

	"github.com/bankctl/bankctl/internal/render"
)

// Organisation names the organisation in a client/info body of unknown shape: "name (INN …)".
func Organisation(body []byte) string {
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
			if v := obj.Get(k); v != nil && v.Kind() == render.String && v.Text() != "" && name == "" {
				name = v.Text()
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
