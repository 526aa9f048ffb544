package cmd

import (
	"io"

	"github.com/bankctl/bankctl/internal/render"
)

// printData prints a JSON body as the settings ask: through --jq, as JSON (indented on a
// terminal, as received when piped), as YAML, or as a table drawn by table. With no table
// (ibank api), "table" means the body as the server sent it.
func printData(f *Factory, data []byte, table func(w io.Writer, tty bool) error) error {
	s, err := f.Settings()
	if err != nil {
		return err
	}
	return f.printAs(s.Output, data, table)
}

// printAs is printData for a format already known, for commands that read no settings.
func (f *Factory) printAs(format string, data []byte, table func(w io.Writer, tty bool) error) error {
	out, tty := f.IO.Out, f.IO.IsStdoutTTY()
	switch {
	case f.jq != nil:
		return render.JQ(out, f.jq, data, tty)
	case format == render.FormatYAML:
		return render.YAML(out, data)
	case format == render.FormatJSON || table == nil:
		return render.JSON(out, data, tty)
	}
	return table(out, tty)
}

// printValue prints one of bankctl's own values (a status, a profile) the same way.
func printValue(f *Factory, v any, table func(w io.Writer, tty bool) error) error {
	data, err := render.Marshal(v)
	if err != nil {
		return err
	}
	return printData(f, data, table)
}
