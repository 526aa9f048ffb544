package jsonscan

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"
	"testing/iotest"
)

// FuzzValidJSON: the fast validator agrees with encoding/json on every input, and the stream
// splitter returns exactly the values of a valid array.
func FuzzValidJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":"c\"]"}]}`, `[]`, `-0.5e+3`, `"\u00e9\n"`, `{"a":}`, `[1,]`, `01`, `"\x01"`, `tru`, ` null `, `{"a":"\\"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := Valid(data), json.Valid(data); got != want {
			t.Fatalf("validJSON(%q) = %v, json.Valid says %v", data, got, want)
		}
		var obj map[string]json.RawMessage
		isObject := json.Unmarshal(data, &obj) == nil && obj != nil
		i := SkipSpace(data, 0)
		end, ok := 0, false
		if i < len(data) && data[i] == '{' {
			end, ok = Members(data, i, 0, nil)
		}
		if (ok && SkipSpace(data, end) == len(data)) != isObject {
			t.Fatalf("Members(%q): %v; an object: %v", data, ok, isObject)
		}
		var items []json.RawMessage
		if json.Unmarshal(data, &items) != nil || items == nil {
			return
		}
		s := NewStream(iotest.OneByteReader(bytes.NewReader(data)))
		s.buf = make([]byte, 4)
		if err := s.Expect('['); err != nil {
			t.Fatal(err)
		}
		for k, want := range items {
			if k > 0 {
				if err := s.Expect(','); err != nil {
					t.Fatal(err)
				}
			}
			got, err := s.Value(nil)
			if err != nil || !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
				t.Fatalf("item %d: %q %v, want %q", k, got, err, want)
			}
		}
		if err := s.Expect(']'); err != nil && err != io.ErrUnexpectedEOF {
			t.Fatal(err)
		}
	})
}

func TestFields(t *testing.T) {
	var keys, vals []string
	FieldsOf([]byte(` { "a" : "x\"y" , "b":{"c":[1,2]},"d":12.50,"e":null}`), func(k, v string) {
		keys, vals = append(keys, k), append(vals, Text(v))
	})
	if len(keys) != 4 || vals[0] != `x"y` || vals[1] != `{"c":[1,2]}` || vals[2] != "12.50" || vals[3] != "" {
		t.Fatalf("%q %q", keys, vals)
	}
}
