package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

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
