package tbusiness

import "testing"

func TestMissingScopes(t *testing.T) {
	granted := []string{"email", "opensme/inn/[7704521838]/kpp/[770401001]/bank-accounts/get"}
	c, miss, ok := MissingScopes(granted, "", "", ScopeAccounts, ScopeCreate)
	if !ok || c.INN != "7704521838" || len(miss) != 1 || miss[0] != ScopeCreate {
		t.Fatalf("%v %v %v", c, miss, ok)
	}
	if _, miss, _ := MissingScopes(granted, "1111111111", "0", ScopeAccounts); len(miss) != 1 {
		t.Fatalf("another company's scope counted: %v", miss)
	}
	two := append(granted, "opensme/inn/[7707083893]/kpp/[773601001]/payments/draft/create")
	if _, _, ok := MissingScopes(two, "", "", ScopeCreate); ok {
		t.Fatal("two companies and none configured: no pre-check expected")
	}
	if _, _, ok := MissingScopes([]string{"email"}, "", "", ScopeCreate); ok {
		t.Fatal("no company at all: no pre-check expected")
	}
}
