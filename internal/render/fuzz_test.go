package render

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"testing"
)

// Whatever JSON a bank sends, the tree holds exactly what encoding/json reads, and every
// renderer copes with it.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		`{"clientInfo":{"name":"ООО «Тест»","inn":"9999980892"},"banks":[{"bic":"1","accounts":[{"n":"a"},{"n":"b","x":1.5e3}]}]}`,
		`[1,"two",null,true,{"a":[]}]`, `"\u00ab\ud83d\ude00\n"`, `{"a":{"b":{"c":[{"d":[{"e":1}]}]}}}`,
		`{"":"","\t":"\\"}`, `-0.0e-5`, `{"a":1,"a":2}`, `[{"a":1},2]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := Parse(data)
		if !json.Valid(data) {
			if err == nil {
				t.Fatal("invalid JSON parsed")
			}
			return
		}
		if err != nil {
			t.Fatalf("valid JSON rejected: %v", err)
		}
		var want, got any
		// Numbers beyond float64 (1E700) are kept as text by the tree but cannot be compared.
		if json.Unmarshal(data, &want) == nil {
			if err := json.Unmarshal(toJSON(n), &got); err != nil {
				t.Fatalf("tree does not re-encode: %v", err)
			}
			if !reflect.DeepEqual(want, got) {
				t.Fatalf("tree differs from encoding/json:\n%#v\n%#v", want, got)
			}
		}
		for _, tty := range []bool{true, false} {
			if err := Document(io.Discard, n, tty, Labels{}); err != nil {
				t.Fatal(err)
			}
		}
		if err := YAML(io.Discard, data, false); err != nil {
			t.Fatal(err)
		}
	})
}

// toJSON writes a tree back as JSON (objects keep their order; duplicate keys: last wins, as
// in encoding/json).
func toJSON(n *Node) []byte {
	var b bytes.Buffer
	var w func(*Node)
	w = func(n *Node) {
		switch n.Kind {
		case Object:
			b.WriteByte('{')
			for i, k := range n.Keys {
				if i > 0 {
					b.WriteByte(',')
				}
				kb, _ := json.Marshal(k)
				b.Write(kb)
				b.WriteByte(':')
				w(n.Items[i])
			}
			b.WriteByte('}')
		case Array:
			b.WriteByte('[')
			for i, it := range n.Items {
				if i > 0 {
					b.WriteByte(',')
				}
				w(it)
			}
			b.WriteByte(']')
		case String:
			sb, _ := json.Marshal(n.Text)
			b.Write(sb)
		case Null:
			b.WriteString("null")
		default:
			b.WriteString(n.Text)
		}
	}
	w(n)
	return b.Bytes()
}
