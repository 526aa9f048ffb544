package tbusiness

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A page the bank pretty-printed still gives one operation a line of -o jsonl, values intact.
func TestPrettyPrintedPageGivesOneOperationALine(t *testing.T) {
	page := map[string]any{"operations": []json.RawMessage{
		json.RawMessage(`{"operationId":"a","accountAmount":1000000000000000.01}`),
		json.RawMessage(`{"operationId":"b","payPurpose":"x y"}`),
	}}
	body, _ := json.MarshalIndent(page, "", "  ")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	defer srv.Close()
	base, _ := url.Parse(srv.URL)
	c := New(Options{Base: base, HTTP: srv.Client()})
	var out bytes.Buffer
	sink := lines{&out}
	if _, err := c.Statement(t.Context(), Query{Account: "40702810610000000001", From: time.Now(), To: time.Now()}, "", sink); err != nil {
		t.Fatal(err)
	}
	want := `{"operationId":"a","accountAmount":1000000000000000.01}` + "\n" + `{"operationId":"b","payPurpose":"x y"}` + "\n"
	if out.String() != want {
		t.Fatalf("jsonl:\n%s", out.String())
	}
	if !strings.Contains(string(body), "\"operationId\": \"a\",\n") {
		t.Fatal("the page was not pretty-printed: the test proves nothing")
	}
}

// lines writes each operation on a line, as -o jsonl does.
type lines struct{ w *bytes.Buffer }

func (l lines) Balances([]byte) error { return nil }
func (l lines) Operation(raw []byte) error {
	l.w.Write(raw)
	return l.w.WriteByte('\n')
}
