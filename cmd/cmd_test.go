package cmd_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd"
	"github.com/bankctl/bankctl/cmd/cmdtest"
	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/iostreams"
)

func allCommands(c *cobra.Command) []*cobra.Command {
	out := []*cobra.Command{c}
	for _, s := range c.Commands() {
		out = append(out, allCommands(s)...)
	}
	return out
}

// Every command a user can see has a summary, a Long text and examples.
func TestEveryCommandIsDocumented(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	root := cmd.NewCmdRoot(cmdutil.New(ios))
	root.InitDefaultCompletionCmd()
	for _, c := range allCommands(root) {
		if c.Hidden || c.IsAdditionalHelpTopicCommand() || strings.HasPrefix(c.CommandPath(), "bankctl completion") || c.Name() == "help" {
			continue
		}
		if c.Short == "" || c.Long == "" || c.Example == "" {
			t.Errorf("%s: Short %t, Long %t, Example %t", c.CommandPath(), c.Short != "", c.Long != "", c.Example != "")
		}
	}
}

// Every "bankctl ..." line in an Example names real commands and flags and the right number of
// arguments, so examples cannot rot when a flag is renamed.
func TestExamplesParse(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	root := cmd.NewCmdRoot(cmdutil.New(ios))
	root.InitDefaultCompletionCmd()
	n := 0
	for _, c := range allCommands(root) {
		for _, line := range strings.Split(strings.ReplaceAll(c.Example, "\\\n", " "), "\n") {
			for _, cmdline := range exampleCommands(line) {
				n++
				args := splitWords(cmdline)[1:]
				if i := indexOf(args, "--"); i >= 0 {
					args = args[:i] // what follows "--" is another program's
				}
				ios, _, _, _ := iostreams.Test()
				r := cmd.NewCmdRoot(cmdutil.New(ios))
				r.InitDefaultCompletionCmd()
				target, rest, err := r.Find(args)
				if err != nil {
					t.Errorf("%s example %q: %v", c.CommandPath(), cmdline, err)
					continue
				}
				if err := target.ParseFlags(rest); err != nil {
					t.Errorf("%s example %q: %v", c.CommandPath(), cmdline, err)
					continue
				}
				if err := target.ValidateArgs(target.Flags().Args()); err != nil {
					t.Errorf("%s example %q: %v", c.CommandPath(), cmdline, err)
				}
			}
		}
	}
	if n < 40 {
		t.Fatalf("only %d example command lines found", n)
	}
}

// exampleCommands finds the bankctl invocations in one example line, cutting pipes,
// redirections and command lists.

func exampleCommands(line string) []string {
	line = strings.TrimSpace(line)
	if strings.HasPrefix(line, "#") {
		return nil
	}
	var out []string
	for _, part := range strings.FieldsFunc(line, func(r rune) bool { return r == '|' || r == ';' || r == '&' || r == '>' || r == '<' }) {
		part = strings.TrimSpace(part)
		if i := strings.Index(part, "bankctl "); i == 0 || (i > 0 && strings.HasSuffix(part[:i], "$(")) {
			if i > 0 {
				part = strings.TrimSuffix(part[i:], ")")
				part = part[:strings.IndexAny(part+")", ")")]
			}
			out = append(out, part)
		}
	}
	return out
}

// splitWords splits a shell-like line, honouring single and double quotes.

func splitWords(s string) []string {
	var out []string
	var cur strings.Builder
	quote := rune(0)
	in := false
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ' || r == '\t':
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

func TestCompletionOffersProfilesAndOutputs(t *testing.T) {
	e := cmdtest.New(t)
	e.MustRun("", "-p", "acme", "config", "set", "ibank.url", "https://ibank.x.ru/api")
	e.MustRun("", "-p", "beta", "config", "set", "ibank.url", "https://ibank.y.ru/api")
	r := e.MustRun("", "__complete", "--profile", "")
	cmdtest.WantContains(t, "profiles", r.Out, "acme\n", "beta\n")
	r = e.MustRun("", "__complete", "profile", "use", "a")
	cmdtest.WantContains(t, "profile use", r.Out, "acme\n")
	cmdtest.WantNotContains(t, "profile use", r.Out, "beta")
	r = e.MustRun("", "__complete", "-o", "")
	cmdtest.WantContains(t, "outputs", r.Out, "table\n", "json\n", "yaml\n")
	r = e.MustRun("", "__complete", "config", "set", "tid.")
	cmdtest.WantContains(t, "keys", r.Out, "tid.client_id\t")
}

func TestHelpTopicsAndVersion(t *testing.T) {
	e := cmdtest.New(t)
	r := e.MustRun("", "help", "exit-codes")
	cmdtest.WantContains(t, "help", r.Out, "130", "invalid_grant", "--require-scope")
	r = e.MustRun("", "help", "environment")
	cmdtest.WantContains(t, "help", r.Out, "BANKCTL_IBANK_TOKEN", "BANKCTL_KEYRING", "BANKCTL_TID_REDIRECT_URI")
	r = e.MustRun("", "version")
	cmdtest.WantContains(t, "version", r.Out, "bankctl version dev")
	r = e.MustRun("", "--version")
	cmdtest.WantContains(t, "version", r.Out, "bankctl version dev")
	r = e.MustRun("", "version", "-o", "json")
	var v map[string]string
	if json.Unmarshal([]byte(r.Out), &v) != nil || v["version"] != "dev" || v["commit"] == "" {
		t.Fatalf("version json %q", r.Out)
	}
}

func TestHelpTouchesNothing(t *testing.T) {
	e := cmdtest.New(t)
	os.MkdirAll(e.Dir+"/config/bankctl", 0o700)
	os.WriteFile(e.CfgPath, []byte("{{{broken"), 0o600)
	for _, args := range [][]string{{"--help"}, {"ibank", "client-info", "--help"}, {"version"}, {"completion", "bash"}} {
		e.MustRun("", args...)
	}
}

func TestBadGlobalValues(t *testing.T) {
	e := cmdtest.New(t)
	tests := []struct {
		args []string
		env  [2]string
		want string
	}{
		{[]string{"-o", "xml", "status"}, [2]string{}, "invalid output format"},
		{[]string{"--jq", ".[", "status"}, [2]string{}, "invalid --jq"},
		{[]string{"status"}, [2]string{"BANKCTL_TIMEOUT", "soon"}, "invalid timeout"},
		{[]string{"status"}, [2]string{"BANKCTL_PROFILE", "../etc"}, "invalid profile name"},
		{[]string{"-p", "UPPER", "status"}, [2]string{}, "invalid profile name"},
		{[]string{"--timeout", "x", "status"}, [2]string{}, "invalid argument"},
		{[]string{"nosuch"}, [2]string{}, "unknown command"},
	}
	for _, tt := range tests {
		if tt.env[0] != "" {
			t.Setenv(tt.env[0], tt.env[1])
		}
		r := e.Run("", tt.args...)
		if tt.env[0] != "" {
			t.Setenv(tt.env[0], "")
		}
		cmdtest.WantCode(t, r, cmdtest.ExitUsage)
		cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), tt.want)
	}
}

// A typo in a sub-command is suggested at every level, also when flags follow it.
func TestSubcommandTyposAreSuggested(t *testing.T) {
	e := cmdtest.New(t)
	for _, c := range []struct {
		args       []string
		typo, want string
	}{
		{[]string{"tb", "statment"}, "statment", "statement"},
		{[]string{"tb", "statemnt", "--from", "2026-11-01"}, "statemnt", "statement"},
		{[]string{"tbusiness", "payment", "creat", "--input", "x.csv"}, "creat", "create"},
		{[]string{"tid", "logn"}, "logn", "login"},
	} {
		r := e.Run("", c.args...)
		cmdtest.WantCode(t, r, cmdtest.ExitUsage)
		cmdtest.WantContains(t, strings.Join(c.args, " "), r.Err, "unknown command \""+c.typo+"\"", "Did you mean this?\n  "+c.want)
		cmdtest.WantNotContains(t, strings.Join(c.args, " "), r.Err, "unknown flag")
	}
	r := e.Run("", "tb", "--bogus")
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
	cmdtest.WantContains(t, "unknown flag", r.Err, "unknown flag: --bogus")
}

// -o's completion offers what the command being completed prints.
func TestOutputCompletionFollowsTheCommand(t *testing.T) {
	e := cmdtest.New(t)
	for _, c := range []struct {
		args      []string
		want, not []string
	}{
		{[]string{"tb", "statement"}, []string{"jsonl", "csv", "1c"}, []string{"yaml"}},
		{[]string{"tb", "accounts"}, []string{"yaml", "jsonl", "csv"}, []string{"1c"}},
		{[]string{"ibank", "client-info"}, []string{"table", "json", "yaml"}, []string{"csv", "1c"}},
	} {
		r := e.MustRun("", append(append([]string{"__complete"}, c.args...), "-o", "")...)
		got := strings.Fields(strings.Split(r.Out, ":")[0])
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%v: %q not offered (%v)", c.args, w, got)
			}
		}
		for _, n := range c.not {
			if slices.Contains(got, n) {
				t.Errorf("%v: %q offered but refused (%v)", c.args, n, got)
			}
		}
	}
}
