package tbusiness

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// An operation the bank spread over several lines is one line of -o jsonl, its values intact.
func TestJSONLinesKeepOneOperationALine(t *testing.T) {
	var out bytes.Buffer
	e, err := NewExport(ExportOptions{Format: "jsonl", Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	ops := [][]byte{
		[]byte("{\n  \"operationId\": \"a\",\n  \"accountAmount\": 1000000000000000.01\n}"),
		[]byte(`{"operationId":"b", "accountAmount":2.5}`),
	}
	for _, op := range ops {
		if err := e.Operation(op); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Finish(nil); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 2 || lines[0] != `{"operationId":"a","accountAmount":1000000000000000.01}` || lines[1] != string(ops[1]) {
		t.Fatalf("jsonl:\n%s", out.String())
	}
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Fatalf("not JSON: %s", l)
		}
	}
}
