package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"strings"

	"github.com/itchyny/gojq"
	"go.yaml.in/yaml/v3"

	"github.com/bankctl/bankctl/internal/sanitize"
)

// JSON writes a JSON body: for a terminal indented, with control and bidi characters in strings
// written as \u escapes; for a pipe as it came (plus a final newline). Whitespace and escapes
// are all that change: every field, its order, every value and every number stay.
func JSON(w io.Writer, data []byte, tty bool) error {
	data = bytes.TrimSpace(data)
	if tty {
		var buf bytes.Buffer
		if err := json.Indent(&buf, data, "", "  "); err != nil {
			return fmt.Errorf("the answer is not valid JSON: %w", err)
		}
		buf.WriteByte('\n')
		_, err := w.Write(sanitize.JSON(buf.Bytes()))
		return err
	}
	if !json.Valid(data) {
		return fmt.Errorf("the answer is not valid JSON")
	}
	bw := bufio.NewWriter(w)
	bw.Write(data)
	bw.WriteByte('\n')
	return bw.Flush()
}

// Marshal encodes v as JSON without HTML escaping, for bankctl's own JSON output.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

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
	in = normalizeNumbers(in)
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
		out, err := gojq.Marshal(v)
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

// normalizeNumbers turns json.Number into what gojq computes with: int for integers that fit,
// *big.Int for larger ones (account balances in kopecks must not lose digits), float64 else.
func normalizeNumbers(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			t[k] = normalizeNumbers(x)
		}
	case []any:
		for i, x := range t {
			t[i] = normalizeNumbers(x)
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
		return f
	}
	return v
}

// YAML writes a JSON body as block-style YAML, keeping key order and number text; on a
// terminal, shown inert.
func YAML(w io.Writer, data []byte, tty bool) error {
	n, err := Parse(data)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(toYAML(n)); err != nil {
		return err
	}
	enc.Close()
	if tty {
		_, err = io.WriteString(w, sanitize.Text(buf.String(), sanitize.KeepLines))
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func toYAML(n *Node) *yaml.Node {
	switch n.Kind {
	case Object:
		y := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for i, k := range n.Keys {
			y.Content = append(y.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, toYAML(n.Items[i]))
		}
		return y
	case Array:
		y := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, it := range n.Items {
			y.Content = append(y.Content, toYAML(it))
		}
		return y
	case String:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: n.Text}
	case Number:
		// No tag: the encoder writes the number's text plain, even one too big for int64.
		return &yaml.Node{Kind: yaml.ScalarNode, Value: n.Text}
	case Bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: n.Text}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
}
