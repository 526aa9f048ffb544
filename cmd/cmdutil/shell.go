package cmdutil

import "strings"

// ShellQuote is a for a POSIX shell: a as it is when it holds only characters no shell treats
// specially, else in single quotes (a quote inside closes them, is escaped, and reopens them),
// so nothing in it is ever run.
func ShellQuote(a string) string {
	if a != "" && strings.Trim(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=+,@") == "" {
		return a
	}
	return "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
}

// ShellJoin is a command line a POSIX shell splits back into args.
func ShellJoin(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = ShellQuote(a)
	}
	return strings.Join(out, " ")
}
