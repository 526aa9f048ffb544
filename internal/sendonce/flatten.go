package sendonce

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// Flatten lists a JSON object's values by dotted name ("payer.inn", "items.0.price"), numbers
// as written: how a conflict names the fields that differ.
func Flatten(body []byte) map[string]string { return bodyFields(body) }

func bodyFields(body []byte) map[string]string {
	out := map[string]string{}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return out
	}
	flatten(out, "", v)
	return out
}

func flatten(out map[string]string, prefix string, v any) {
	join := func(k string) string {
		if prefix == "" {
			return k
		}
		return prefix + "." + k
	}
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			flatten(out, join(k), x)
		}
	case []any:
		for i, x := range t {
			flatten(out, join(strconv.Itoa(i)), x)
		}
	case string:
		out[prefix] = t
	case json.Number:
		out[prefix] = t.String()
	case bool:
		out[prefix] = strconv.FormatBool(t)
	case nil:
	}
}
