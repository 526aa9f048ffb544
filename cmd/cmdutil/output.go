package cmdutil

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/itchyny/gojq"
	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/render"
)

// Output formats. Every command takes table, json and yaml unless it says otherwise; the list
// commands add jsonl and csv, and statement adds 1c.
const (
	Table = "table"
	JSON  = "json"
	YAML  = "yaml"
	JSONL = "jsonl"
	CSV   = "csv"
	OneC  = "1c"
	XLSX  = "xlsx"
)

// Formats is what one command can print.
type Formats struct {
	Names []string // the formats it takes, the default first
	Hint  string   // said when a known format it lacks is asked for, e.g. "use -o jsonl"
}

// Common is table, json and yaml.
var Common = Formats{Names: []string{Table, JSON, YAML}}

// Printer prints one command's data in the format the user chose.
type Printer struct {
	IO        *iostreams.IOStreams
	Format    string     // one of the command's Formats
	JQ        *gojq.Code // --jq, when given: Format is then json or jsonl
	Delimiter rune       // CSV's: ',' or ';' (then amounts have a decimal comma)
}

// DelimiterFlag adds --delimiter to a command that writes CSV.
func DelimiterFlag(c *cobra.Command, v *string) {
	c.Flags().StringVar(v, "delimiter", ",", "CSV delimiter: , or ; (then amounts have a decimal comma, as a Russian locale reads them)")
	c.RegisterFlagCompletionFunc("delimiter", cobra.FixedCompletions([]string{",", ";"}, cobra.ShellCompDirectiveNoFileComp))
}

// Delimiter reads --delimiter.
func Delimiter(s string) (rune, error) {
	switch s {
	case ",", "":
		return ',', nil
	case ";":
		return ';', nil
	}
	return 0, Usagef("invalid --delimiter %q: use , or ;", s)
}

// Printer resolves -o for a command that takes these formats. An unknown name is an error
// naming where it came from; a known format the command lacks is a usage error from -o, and
// from the environment or the config one warning line and the command's default. --jq with an
// -o other than json or jsonl on the command line is a usage error.
func (f *Factory) Printer(cmdPath string, formats Formats) (*Printer, error) {
	s, err := f.Settings()
	if err != nil {
		return nil, err
	}
	return f.printer(s.Output, cmdPath, formats)
}

// PrinterNoConfig is Printer for commands that read no config (version): -o from the flag or
// the environment only.
func (f *Factory) PrinterNoConfig(cmdPath string, formats Formats) (*Printer, error) {
	return f.printer(f.origin(nil, "output", ""), cmdPath, formats)
}

func (f *Factory) printer(o Origin, cmdPath string, formats Formats) (*Printer, error) {
	p := &Printer{IO: f.IO, JQ: f.jq, Format: formats.Names[0]}
	name := strings.ToLower(o.Value)
	known := name != "" && config.CheckFormat(name) == nil
	flag := strings.HasPrefix(o.From, "-")
	switch {
	case name == "" || (o.From == "" && !slices.Contains(formats.Names, name)):
	case !known:
		return nil, UsageErr(fmt.Errorf("invalid output format %q%s: use %s", o.Value, from(o), strings.Join(formats.Names, ", ")))
	case slices.Contains(formats.Names, name):
		p.Format = name
	case flag:
		return nil, UsageErr(fmt.Errorf("%s cannot print %s%s: use %s", cmdPath, name, hint(formats), strings.Join(formats.Names, ", ")))
	case f.jq == nil:
		fmt.Fprintf(f.IO.ErrOut, "warning: %s does not print %s (from %s): printing %s\n", cmdPath, name, o.From, p.Format)
	}
	if p.Format == XLSX && f.IO.IsStdoutTTY() {
		return nil, Usagef("-o xlsx writes an Excel workbook, not text for a terminal: redirect it to a file (> %s.xlsx)", strings.ReplaceAll(strings.TrimPrefix(cmdPath, "bankctl "), " ", "-"))
	}
	if f.jq != nil {
		if flag && p.Format != JSON && p.Format != JSONL {
			return nil, UsageErr(fmt.Errorf("--jq filters JSON: it cannot be used with -o %s", p.Format))
		}
		if p.Format != JSONL {
			p.Format = JSON
		}
	}
	return p, nil
}

func hint(formats Formats) string {
	if formats.Hint == "" {
		return ""
	}
	return " (" + formats.Hint + ")"
}

// Data prints a JSON body: through --jq, as JSON (indented on a terminal, as received when
// piped), as YAML, or as a table drawn by table. With no table (api), "table" means the body
// as the server sent it.
func (p *Printer) Data(data []byte, table func(w io.Writer, tty bool) error) error {
	out, tty := p.IO.Out, p.IO.IsStdoutTTY()
	switch {
	case p.JQ != nil:
		return render.JQ(out, p.JQ, data, tty)
	case p.Format == YAML:
		return render.YAML(out, data, tty)
	case p.Format == JSON || table == nil:
		return render.JSON(out, data, tty)
	}
	return table(out, tty)
}

// Value prints one of bankctl's own values (a status, a profile) the same way.
func (p *Printer) Value(v any, table func(w io.Writer, tty bool) error) error {
	data, err := render.Marshal(v)
	if err != nil {
		return err
	}
	return p.Data(data, table)
}

// Document prints a JSON body of unknown shape: its fields as rows and its lists of objects as
// tables (render.Document), or in the chosen format.
func (p *Printer) Document(body []byte, labels render.Labels) error {
	return p.Data(body, func(w io.Writer, tty bool) error {
		n, err := render.Parse(body)
		if err != nil {
			return err
		}
		return render.Document(w, n, tty, labels)
	})
}

// JQExpr is the --jq expression as given, for a command line that repeats it.
func (f *Factory) JQExpr() string { return f.viper.GetString("jq") }
