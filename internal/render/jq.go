package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/bankctl/bankctl/internal/sanitize"
	"github.com/itchyny/gojq"
)

// CompileJQ parses a --jq expression, so a bad one is a usage error before any request.
func CompileJQ(expr string) (*gojq.Code, error) {
	q, err := gojq.Parse(expr)
	if err != nil {
		return nil, fmt.Errorf("invalid --jq expression: %w", err)
	}
	code, err := gojq.Compile(q)
	if err != nil {
		return nil, fmt.Errorf("invalid --jq expression: %w", err)
	}
	return code, nil
}

// JQ runs a compiled jq program over a JSON body. Strings print raw, as gh --jq does, so results
// drop straight into shell variables; other values print as compact JSON (indented on a
// terminal). On a terminal both are shown inert.
func JQ(w io.Writer, code *gojq.Code, data []byte, tty bool) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var in any
	if err := dec.Decode(&in); err != nil {
		return fmt.Errorf("the answer is not valid JSON: %w", err)
	}
	ex := exact{}
	in = ex.normalize(in)
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	iter := code.Run(in)
	for {
		v, ok := iter.Next()
		if !ok {
			return nil
		}
		if err, ok := v.(error); ok {
			if herr, ok := err.(*gojq.HaltError); ok && herr.Value() == nil {
				return nil
			}
			return fmt.Errorf("--jq: %w", err)
		}
		if s, ok := v.(string); ok {
			if tty {
				s = sanitize.Text(s, sanitize.KeepLines)
			}
			bw.WriteString(s)
			bw.WriteByte('\n')
			continue
		}
		out, err := ex.marshal(v)
		if err != nil {
			return fmt.Errorf("--jq: %w", err)
		}
		if tty {
			var buf bytes.Buffer
			if json.Indent(&buf, out, "", "  ") == nil {
				out = buf.Bytes()
			}
			out = sanitize.JSON(out)
		}
		bw.Write(out)
		bw.WriteByte('\n')
	}
}

// exact remembers the text of numbers float64 cannot hold (1000000000000000.01 is
// 1000000000000000 as a float), so that an amount jq passes through unchanged prints as the
// bank wrote it, never rounded. A float two different texts share prints as gojq computes it.
type exact map[float64]string

// normalize turns json.Number into what gojq computes with: int for integers that fit,
// *big.Int for larger ones, float64 else (remembering the text when the float loses it).
func (e exact) normalize(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			t[k] = e.normalize(x)
		}
	case []any:
		for i, x := range t {
			t[i] = e.normalize(x)
		}
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return int(i)
		}
		if !strings.ContainsAny(t.String(), ".eE") {
			if b, ok := new(big.Int).SetString(t.String(), 10); ok {
				return b
			}
		}
		f, _ := t.Float64()
		if exactText(f) != t.String() {
			if prev, seen := e[f]; seen && prev != t.String() {
				e[f] = "" // two texts, one float: no telling which
			} else {
				e[f] = t.String()
			}
		}
		return f
	}
	return v
}

// exactText is how a float prints when nothing is lost.
func exactText(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// marshal encodes a jq result as gojq does, but with each remembered float's own text.
func (e exact) marshal(v any) ([]byte, error) {
	switch t := v.(type) {
	case float64:
		if s := e[t]; s != "" {
			return []byte(s), nil
		}
	case []any:
		b := []byte{'['}
		for i, x := range t {
			if i > 0 {
				b = append(b, ',')
			}
			xb, err := e.marshal(x)
			if err != nil {
				return nil, err
			}
			b = append(b, xb...)
		}
		return append(b, ']'), nil
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b := []byte{'{'}
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			kb, _ := gojq.Marshal(k)
			b = append(append(b, kb...), ':')
			xb, err := e.marshal(t[k])
			if err != nil {
				return nil, err
			}
			b = append(b, xb...)
		}
		return append(b, '}'), nil
	}
	return gojq.Marshal(v)
}
