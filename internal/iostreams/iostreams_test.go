package iostreams

import (
	"strings"
	"testing"
)

// Input over the limit is an error, never a silent cut: a batch of drafts cut mid-line could
// still parse, with an amount cut short.
func TestReadAllRefusesMoreThanTheLimit(t *testing.T) {
	s, in, _, _ := Test()
	in.WriteString("1,1500.55\n")
	if _, err := s.ReadAll(8); err == nil || !strings.Contains(err.Error(), "more than 8 bytes") {
		t.Fatalf("cut input accepted: %v", err)
	}
	s, in, _, _ = Test()
	in.WriteString("1,1500.55\n")
	if data, err := s.ReadAll(10); err != nil || string(data) != "1,1500.55\n" {
		t.Fatalf("input at the limit: %q %v", data, err)
	}
}
