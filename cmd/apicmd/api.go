// Package apicmd is the `api` command that every REST area offers (`bankctl ibank api`,
// `bankctl tbusiness api`), like `gh api`: same flags, same output, one implementation.
package apicmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/rest"
	"github.com/bankctl/bankctl/internal/sanitize"
)

// ClientFunc builds an area's API client with the profile's credential.
type ClientFunc func() (*rest.Client, error)

// Spec is what differs between areas.
type Spec struct {
	Name     string // "iBank"
	Path     string // what PATH is, for the help
	Examples string
	Retries  string // the retry policy, for the help
	Client   func(f *cmdutil.Factory) ClientFunc
	// Secured, when set, adds --secured: the client for the area's host that takes a client
	// certificate; Explain then turns its refusals into advice.
	Secured     func(f *cmdutil.Factory) ClientFunc
	SecuredHelp string
	Explain     func(error) error
}

// Options are the inputs of `api`.
type Options struct {
	IO        *iostreams.IOStreams
	Client    ClientFunc
	Printer   func() (*cmdutil.Printer, error)
	Path      string
	Method    string
	MethodSet bool
	Headers   []string
	RawFields []string
	Fields    []string
	Input     string
	Include   bool
	Secured   bool
	// SecuredClient and Explain are Spec's, for --secured.
	SecuredClient ClientFunc
	Explain       func(error) error
}

// NewCmdAPI builds an area's `api` command.
func NewCmdAPI(f *cmdutil.Factory, spec Spec, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, Client: spec.Client(f), Explain: spec.Explain}
	if spec.Secured != nil {
		opts.SecuredClient = spec.Secured(f)
	}
	c := &cobra.Command{
		Use:   "api <path>",
		Short: "Call any " + spec.Name + " API endpoint",
		Long: `Send an authenticated request to ` + spec.Path + ` and print the answer as the bank sent
it: JSON is pretty-printed on a terminal, and --jq filters it. Piped, the body is written
byte for byte; on a terminal, control characters in it are shown inert.

Fields become query parameters of a GET, or a JSON object body otherwise (and the method then
defaults to POST). -f sends a string; -F converts true, false, null and numbers to JSON and
reads "@file" (or "@-" for stdin) as the value. --input sends a file (or stdin with "-") as the
raw body.

` + spec.Retries + ` An error status exits non-zero after printing the body (4 for 401, 5
for 403, 1 otherwise).`,
		Example: spec.Examples,
		Args:    cmdutil.ExactArgs(1, "an API path, e.g. client/info"),
		RunE: cmdutil.RunE(opts, runF, run, func(cmd *cobra.Command, args []string) {
			opts.Path = args[0]
			opts.MethodSet = cmd.Flags().Changed("method")
		}),
	}
	opts.Printer = f.PrinterFor(c, cmdutil.Common)
	fl := c.Flags()
	fl.StringVarP(&opts.Method, "method", "X", "GET", "HTTP method")
	fl.StringArrayVarP(&opts.Headers, "header", "H", nil, "add a request header `'Key: Value'`")
	fl.StringArrayVarP(&opts.RawFields, "raw-field", "f", nil, "add a string field `key=value`")
	fl.StringArrayVarP(&opts.Fields, "field", "F", nil, "add a typed field `key=value` (@file reads a file)")
	fl.StringVar(&opts.Input, "input", "", "send the `file` as the body (\"-\" for stdin)")
	fl.BoolVarP(&opts.Include, "include", "i", false, "print the status line and headers before the body")
	if spec.Secured != nil {
		fl.BoolVar(&opts.Secured, "secured", false, spec.SecuredHelp)
	}
	return c
}

func run(ctx context.Context, opts *Options) error {
	p, err := opts.Printer()
	if err != nil {
		return err
	}
	req, implied, err := buildRequest(opts)
	if err != nil {
		return err
	}
	client := opts.Client
	if opts.Secured {
		client = opts.SecuredClient
	}
	c, err := client()
	if err != nil {
		return err
	}
	resp, err := c.Do(ctx, req)
	if err != nil {
		return opts.explain(err)
	}
	defer resp.Body.Close()
	data, err := c.ReadBody(resp)
	if err != nil {
		return err
	}
	apiErr := c.Check(resp, data)
	var se *rest.StatusError
	if implied && resp.StatusCode == http.StatusNotFound && errors.As(apiErr, &se) {
		se.Hint += fmt.Sprintf("; the fields made this a %s: pass -X GET to send them as a query", req.Method)
	}
	if err := printResponse(opts, p, resp, data, apiErr != nil); err != nil {
		return err
	}
	if apiErr != nil {
		return opts.explain(apiErr)
	}
	return nil
}

// explain turns a refusal of the secured host into advice (Spec.Explain).
func (opts *Options) explain(err error) error {
	if opts.Secured && opts.Explain != nil {
		return opts.Explain(err)
	}
	return err
}

// buildRequest turns the flags into a request; implied is true when the fields turned the
// default GET into a POST.
func buildRequest(opts *Options) (*rest.Request, bool, error) {
	header, err := parseHeaders(opts.Headers)
	if err != nil {
		return nil, false, err
	}
	fields, err := apiFields(opts)
	if err != nil {
		return nil, false, err
	}
	req := &rest.Request{Method: strings.ToUpper(opts.Method), Path: opts.Path, Header: header}
	implied := !opts.MethodSet && (len(fields) > 0 || opts.Input != "")
	if implied {
		req.Method = http.MethodPost
	}
	switch {
	case opts.Input != "":
		if req.Body, err = readInput(opts.IO, opts.Input); err != nil {
			return nil, false, err
		}
		req.Path = addQuery(req.Path, fields)
	case len(fields) > 0 && (req.Method == http.MethodGet || req.Method == http.MethodHead):
		req.Path = addQuery(req.Path, fields)
	case len(fields) > 0:
		if req.Body, err = json.Marshal(fields); err != nil {
			return nil, false, err
		}
		if header.Get("Content-Type") == "" {
			header.Set("Content-Type", "application/json")
		}
	}
	return req, implied, nil
}

func printResponse(opts *Options, p *cmdutil.Printer, resp *http.Response, data []byte, failed bool) error {
	out, tty := opts.IO.Out, opts.IO.IsStdoutTTY()
	if opts.Include {
		var head bytes.Buffer
		fmt.Fprintf(&head, "%s %s\n", resp.Proto, resp.Status)
		names := make([]string, 0, len(resp.Header))
		for k := range resp.Header {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			for _, v := range resp.Header[k] {
				fmt.Fprintf(&head, "%s: %s\n", k, v)
			}
		}
		head.WriteByte('\n')
		writeRaw(out, head.Bytes(), tty)
	}
	ct := strings.ToLower(resp.Header.Get("Content-Type"))
	trimmed := bytes.TrimSpace(data)
	switch {
	case len(trimmed) == 0:
	case failed && strings.Contains(ct, "html"):
		// An HTML error page from a proxy says nothing a script needs: the error line summarises it.
	case json.Valid(trimmed): // whatever the Content-Type says
		if failed {
			return render.JSON(out, data, tty)
		}
		return p.Data(data, nil)
	default:
		writeRaw(out, data, tty)
		if !bytes.HasSuffix(data, []byte("\n")) && tty {
			fmt.Fprintln(out)
		}
	}
	return nil
}

// writeRaw writes a body byte for byte to a pipe, and shown inert on a terminal.
func writeRaw(w interface{ Write([]byte) (int, error) }, data []byte, tty bool) {
	if tty {
		data = []byte(sanitize.Text(string(data), sanitize.KeepLines))
	}
	w.Write(data)
}
