package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/config"
)

const exitCodesHelp = `bankctl's exit codes, for scripts:

    0    success
    1    failure: network, server, keyring, bad data
    2    usage error (bad flag, argument or input), or cancelled by the user
    4    authentication needed: nothing stored, token rejected (HTTP 401),
         T-ID invalid_grant, token inactive
    5    not permitted: HTTP 403 (e.g. the token's IP list), a scope
         required by --require-scope is missing, or a T-Business command's
         scope is missing (checked before any request)
    130  interrupted (Ctrl-C)

Example:
    bankctl ibank client-info -o json > info.json
    case $? in
      0) ;;
      4) echo "log in again: bankctl login" >&2 ;;
      5) echo "this server's IP is not allowed for the token" >&2 ;;
      *) echo "failed" >&2 ;;
    esac`

// environmentHelp is built from the settings table, so it cannot miss a variable.
func environmentHelp() string {
	var b strings.Builder
	b.WriteString("Environment variables bankctl reads. Precedence: flag > environment > config file > default.\n\n")
	for _, s := range config.Settings {
		if len(s.Env) == 0 {
			continue
		}
		help := s.Help
		if s.Flag != "" {
			like := "--" + s.Flag
			if s.Short != "" {
				like = "-" + s.Short
			}
			help += " (like " + like + ")"
		}
		if s.Default != "" && s.Flag == "" {
			help += " (default " + s.Default + ")"
		}
		names := strings.Join(s.Env, ", ")
		if s.Type == config.Bool {
			names += "=1"
		}
		fmt.Fprintf(&b, "    %-26s %s\n", names, help)
	}
	b.WriteString(`
Secrets never go in the config file. On a server without an OS keyring, pass them in the
BANKCTL_*_TOKEN / _SECRET variables, or opt into the plain file with BANKCTL_KEYRING=file.`)
	return b.String()
}

func newHelpTopics() []*cobra.Command {
	return []*cobra.Command{
		{Use: "exit-codes", Short: "Exit codes and what they mean", Long: exitCodesHelp},
		{Use: "environment", Short: "Environment variables bankctl reads", Long: environmentHelp()},
	}
}
