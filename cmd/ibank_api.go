package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/ibank"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/render"
)

// APIOptions are the inputs of `bankctl ibank api`.
type APIOptions struct {
	f         *Factory
	IO        *iostreams.IOStreams
	Path      string
	Method    string
	methodSet bool
	Headers   []string
	RawFields []string
	Fields    []string
	Input     string
	Include   bool
}

// NewCmdAPI builds `bankctl ibank api`.
func NewCmdAPI(f *Factory, runF func(*APIOptions) error) *cobra.Command {
	opts := &APIOptions{f: f, IO: f.IO}
	c := &cobra.Command{
		Use:   "api <path>",
		Short: "Call any iBank API endpoint",
		Long: `Send an authenticated request to an iBank API path (relative to the API URL) and print
the answer as the bank sent it: JSON is pretty-printed on a terminal, and --jq filters it.

Fields become query parameters of a GET, or a JSON object body otherwise (and the method then
defaults to POST). -f sends a string; -F converts true, false, null and numbers to JSON and
reads "@file" (or "@-" for stdin) as the value. --input sends a file (or stdin with "-") as the
raw body.

GET requests are tried again on 429 and 5xx, honouring Retry-After. An error status exits
non-zero after printing the body (4 for 401, 5 for 403, 1 otherwise).`,
		Example: `  bankctl ibank api client/info
  bankctl ibank api accounts --jq '.accounts[].accountNumber'
  bankctl ibank api payment-orders -F amount=1500.00 -f purpose="Оплата по счёту 17" -f currency=RUB
  bankctl ibank api payment-orders --input draft.json
  bankctl ibank api client/info -i -H 'Accept-Language: ru'`,
		Args: exactArgs(1, "an API path, e.g. client/info"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Path = args[0]
			opts.methodSet = cmd.Flags().Changed("method")
			if runF != nil {
				return runF(opts)
			}
			return apiRun(cmd.Context(), opts)
		},
	}
	fl := c.Flags()
	fl.StringVarP(&opts.Method, "method", "X", "GET", "HTTP method")
	fl.StringArrayVarP(&opts.Headers, "header", "H", nil, "add a request header `'Key: Value'`")
	fl.StringArrayVarP(&opts.RawFields, "raw-field", "f", nil, "add a string field `key=value`")
	fl.StringArrayVarP(&opts.Fields, "field", "F", nil, "add a typed field `key=value` (@file reads a file)")
	fl.StringVar(&opts.Input, "input", "", "send the `file` as the body (\"-\" for stdin)")
	fl.BoolVarP(&opts.Include, "include", "i", false, "print the status line and headers before the body")
	return c
}

func apiRun(ctx context.Context, opts *APIOptions) error {
	header, err := parseHeaders(opts.Headers)
	if err != nil {
		return err
	}
	fields, err := apiFields(opts)
	if err != nil {
		return err
	}
	method := strings.ToUpper(opts.Method)
	if !opts.methodSet && (len(fields) > 0 || opts.Input != "") {
		method = http.MethodPost
	}
	path := opts.Path
	var body io.Reader
	switch {
	case opts.Input != "":
		data, err := readInput(opts.IO, opts.Input)
		if err != nil {
			return err
		}
		body = bytes.NewReader(data)
		path = addQuery(path, fields)
	case len(fields) > 0 && (method == http.MethodGet || method == http.MethodHead):
		path = addQuery(path, fields)
	case len(fields) > 0:
		data, err := json.Marshal(fields)
		if err != nil {
			return err
		}
		body = bytes.NewReader(data)
		if header.Get("Content-Type") == "" {
			header.Set("Content-Type", "application/json")
		}
	}
	c, err := ibankClient(opts.f)
	if err != nil {
		return err
	}
	resp, err := c.Do(ctx, method, path, header, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := ibank.ReadBody(resp)
	if err != nil {
		return err
	}
	return printAPIResponse(opts, resp, data)
}

func printAPIResponse(opts *APIOptions, resp *http.Response, data []byte) error {
	apiErr := ibank.ResponseError(resp, data)
	out := opts.IO.Out
	if opts.Include {
		fmt.Fprintf(out, "%s %s\n", resp.Proto, resp.Status)
		names := make([]string, 0, len(resp.Header))
		for k := range resp.Header {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			for _, v := range resp.Header[k] {
				fmt.Fprintf(out, "%s: %s\n", k, v)
			}
		}
		fmt.Fprintln(out)
	}
	isJSON := strings.Contains(strings.ToLower(resp.Header.Get("Content-Type")), "json") || json.Valid(bytes.TrimSpace(data))
	isHTML := strings.Contains(strings.ToLower(resp.Header.Get("Content-Type")), "html")
	switch {
	case len(bytes.TrimSpace(data)) == 0:
	case apiErr != nil && isHTML:
		// An HTML error page from a proxy says nothing a script needs: the error line summarises it.
	case isJSON && json.Valid(bytes.TrimSpace(data)):
		if apiErr != nil {
			render.JSON(out, data, opts.IO.IsStdoutTTY())
		} else if err := printData(opts.f, data, nil); err != nil {
			return err
		}
	default:
		out.Write(data)
		if !bytes.HasSuffix(data, []byte("\n")) && opts.IO.IsStdoutTTY() {
			fmt.Fprintln(out)
		}
	}
	return apiErr
}

func parseHeaders(raw []string) (http.Header, error) {
	h := http.Header{}
	for _, r := range raw {
		k, v, ok := strings.Cut(r, ":")
		k = strings.TrimSpace(k)
		if !ok || k == "" || strings.ContainsAny(k, " \t") {
			return nil, usagef("invalid header %q: use 'Key: Value'", r)
		}
		if strings.EqualFold(k, "Authorization") {
			return nil, usagef("bankctl sets the Authorization header itself from the stored token")
		}
		h.Add(k, strings.TrimSpace(v))
	}
	return h, nil
}

// apiFields merges -f (strings) and -F (typed, @file) fields into one object.
func apiFields(opts *APIOptions) (map[string]any, error) {
	out := map[string]any{}
	for _, f := range opts.RawFields {
		k, v, ok := strings.Cut(f, "=")
		if !ok || k == "" {
			return nil, usagef("invalid field %q: use key=value", f)
		}
		out[k] = v
	}
	for _, f := range opts.Fields {
		k, v, ok := strings.Cut(f, "=")
		if !ok || k == "" {
			return nil, usagef("invalid field %q: use key=value", f)
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
		data, err := ios.ReadAll(ibank.MaxBody)
		if err != nil {
			return nil, fmt.Errorf("could not read standard input: %w", err)
		}
		return data, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, usagef("could not read %s: %v", name, err)
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
