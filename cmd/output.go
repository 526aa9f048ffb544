package cmd

import (
	"io"

	"github.com/bankctl/bankctl/internal/render"
)

// printData prints a JSON body as the settings ask: through --jq, as JSON (indented on a
// terminal, as received when piped), as YAML, or as a table drawn by table.
func printData(f *Factory, data []byte, table func(w io.Writer, tty bool) error) error {
	s, err := f.Settings()
	if err != nil {
		return err
	}
	out, tty := f.IO.Out, f.IO.IsStdoutTTY()
	switch {
	case s.JQ != "":
		code, err := render.CompileJQ(s.JQ)
		if err != nil {
			return usageErr(err)
		}
		return render.JQ(out, code, data, tty)
	case s.Output == render.FormatJSON || table == nil:
		return render.JSON(out, data, tty)
	case s.Output == render.FormatYAML:
		return render.YAML(out, data)
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
