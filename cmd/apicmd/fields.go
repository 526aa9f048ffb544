package apicmd

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/rest"
)

func parseHeaders(raw []string) (http.Header, error) {
	h := http.Header{}
	for _, r := range raw {
		k, v, ok := strings.Cut(r, ":")
		k = strings.TrimSpace(k)
		if !ok || k == "" || strings.ContainsAny(k, " \t") {
			return nil, cmdutil.Usagef("invalid header %q: use 'Key: Value'", r)
		}
		if strings.EqualFold(k, "Authorization") {
			return nil, cmdutil.Usagef("bankctl sets the Authorization header itself from the stored token")
		}
		h.Add(k, strings.TrimSpace(v))
	}
	return h, nil
}

// apiFields merges -f (strings) and -F (typed, @file) fields into one object.
func apiFields(opts *Options) (map[string]any, error) {
	out := map[string]any{}
	for _, f := range opts.RawFields {
		k, v, ok := strings.Cut(f, "=")
		if !ok || k == "" {
			return nil, cmdutil.Usagef("invalid field %q: use key=value", f)
		}
		out[k] = v
	}
	for _, f := range opts.Fields {
		k, v, ok := strings.Cut(f, "=")
		if !ok || k == "" {
			return nil, cmdutil.Usagef("invalid field %q: use key=value", f)
		}
		val, err := typedField(opts.IO, v)
		if err != nil {
			return nil, err
		}
		out[k] = val
	}
	return out, nil
}

func typedField(ios *iostreams.IOStreams, v string) (any, error) {
	switch {
	case strings.HasPrefix(v, "@"):
		data, err := readInput(ios, v[1:])
		if err != nil {
			return nil, err
		}
		return string(data), nil
	case v == "true":
		return true, nil
	case v == "false":
		return false, nil
	case v == "null":
		return nil, nil
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil && json.Valid([]byte(v)) {
		return json.Number(v), nil
	}
	return v, nil
}

func readInput(ios *iostreams.IOStreams, name string) ([]byte, error) {
	if name == "-" {
		data, err := ios.ReadAll(rest.DefaultMaxBody)
		if err != nil {
			return nil, fmt.Errorf("could not read standard input: %w", err)
		}
		return data, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, cmdutil.Usagef("could not read %s: %v", name, err)
	}
	return data, nil
}

func addQuery(path string, fields map[string]any) string {
	if len(fields) == 0 {
		return path
	}
	q := url.Values{}
	for k, v := range fields {
		switch t := v.(type) {
		case nil:
			q.Add(k, "")
		default:
			q.Add(k, fmt.Sprint(t))
		}
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + q.Encode()
}
