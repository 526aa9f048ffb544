package render

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"testing"

	"go.yaml.in/yaml/v3"
)

// Whatever JSON a bank sends, the tree holds exactly what encoding/json reads, and every
// renderer copes with it.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		`{"clientInfo":{"name":"ООО «Тест»","inn":"7704521838"},"banks":[{"bic":"1","accounts":[{"n":"a"},{"n":"b","x":1.5e3}]}]}`,
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
		var y bytes.Buffer
		if err := YAML(&y, data, false); err != nil {
			t.Fatal(err)
		}
		// What YAML writes, a YAML reader reads back as the same values.
		var back any
		if err := yaml.Unmarshal(y.Bytes(), &back); err != nil {
			t.Fatalf("YAML output does not parse: %v\n%s", err, y.String())
		}
		if want != nil && !sameValue(want, back) {
			t.Fatalf("YAML reads back differently:\n%#v\n%#v\n%s", want, back, y.String())
		}
		if err := YAML(io.Discard, data, true); err != nil {
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
		switch n.Kind() {
		case Object:
			b.WriteByte('{')
			i := 0
			n.Members(func(k string, v *Node) bool {
				if i++; i > 1 {
					b.WriteByte(',')
				}
				kb, _ := json.Marshal(k)
				b.Write(kb)
				b.WriteByte(':')
				w(v)
				return true
			})
			b.WriteByte('}')
		case Array:
			b.WriteByte('[')
			i := 0
			n.Elements(func(v *Node) bool {
				if i++; i > 1 {
					b.WriteByte(',')
				}
				w(v)
				return true
			})
			b.WriteByte(']')
		case String:
			sb, _ := json.Marshal(n.Text())
			b.Write(sb)
		case Null:
			b.WriteString("null")
		default:
			b.WriteString(n.Text())
		}
	}
	w(n)
	return b.Bytes()
}

// sameValue compares what encoding/json read with what a YAML reader read: YAML reads numbers as
// int or float, JSON as float64; maps are keyed by strings in both.
func sameValue(j, y any) bool {
	switch j := j.(type) {
	case map[string]any:
		m, ok := y.(map[string]any)
		if !ok || len(m) != len(j) {
			return false
		}
		for k, v := range j {
			if !sameValue(v, m[k]) {
				return false
			}
		}
		return true
	case []any:
		a, ok := y.([]any)
		if !ok || len(a) != len(j) {
			return false
		}
		for i := range j {
			if !sameValue(j[i], a[i]) {
				return false
			}
		}
		return true
	case float64:
		switch y := y.(type) {
		case int:
			return float64(y) == j
		case float64:
			return y == j
		case uint64:
			return float64(y) == j
		}
		return false
	}
	return reflect.DeepEqual(j, y)
}
