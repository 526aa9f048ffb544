package sendcmd

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/textin"
)

// Flag types one API field of the one document the flags describe. A problem with the field,
// or with a field under it (items.price under items), is reported as the flag's.
type Flag struct{ Name, Field, Help string }

// Flags are a kind's one-document flags and, once parsed, their values.
type Flags struct {
	list   []Flag
	values map[string]*string // field → value
	set    func(name string) bool
}

// AddFlags defines the string flags on fl.
func AddFlags(fl *pflag.FlagSet, list []Flag) *Flags {
	fs := &Flags{list: list, values: map[string]*string{}, set: fl.Changed}
	for _, f := range list {
		fs.values[f.Field] = fl.String(f.Name, "", f.Help)
	}
	return fs
}

// Value is the flag's value for field ("" when not given).
func (fs *Flags) Value(field string) string {
	if v := fs.values[field]; v != nil {
		return *v
	}
	return ""
}

// Typed are the values of the flags given, by field.
func (fs *Flags) Typed() map[string]string {
	typed := map[string]string{}
	for _, f := range fs.list {
		if fs.set(f.Name) {
			typed[f.Field] = *fs.values[f.Field]
		}
	}
	return typed
}

// FlagError names the flag rather than the API field in the first problem of the flags'
// document; more flags (repeatable ones, like --item) may name fields too.
func FlagError(err error, flags ...[]Flag) error {
	var errs textin.Errors
	if errors.As(err, &errs) && len(errs) > 0 {
		err = errs[0]
	}
	var fe *textin.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	for _, list := range flags {
		for _, f := range list {
			switch {
			case fe.Field == f.Field:
				return fmt.Errorf("--%s %s: %s", f.Name, textin.Quote(fe.Value), fe.Msg)
			case strings.HasPrefix(fe.Field, f.Field+"."):
				return fmt.Errorf("--%s, its %s %s: %s", f.Name, strings.TrimPrefix(fe.Field, f.Field+"."), textin.Quote(fe.Value), fe.Msg)
			}
		}
	}
	return err
}

// InputError is the error for the problems of an input: a usage error naming the flag for the
// flags' document, else every problem of the file, line by line.
func InputError(err error, input string, flags ...[]Flag) error {
	if input == "" {
		return cmdutil.UsageErr(FlagError(err, flags...))
	}
	return cmdutil.BadInput(err, input)
}

// ReadInput reads --input: a file, or standard input for "-" (at most 64 MiB).
func ReadInput(ios *iostreams.IOStreams, input string) ([]byte, error) {
	var data []byte
	var err error
	if input == "-" {
		data, err = ios.ReadAll(64 << 20)
	} else {
		data, err = os.ReadFile(input)
	}
	if err != nil {
		return nil, fmt.Errorf("could not read %s: %w", input, err)
	}
	return data, nil
}

// NoteEncoding says on standard error when an input was not UTF-8.
func NoteEncoding(ios *iostreams.IOStreams, input, encoding string) {
	if encoding != textin.UTF8 {
		fmt.Fprintf(ios.ErrOut, "note: %s read as %s\n", InputName(input), textin.Names[encoding])
	}
}
