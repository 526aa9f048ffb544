package cmd

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
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
	ios, _, _, _ := testStreams()
	root := NewCmdRoot(NewFactory(ios))
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
	ios, _, _, _ := testStreams()
	root := NewCmdRoot(NewFactory(ios))
	root.InitDefaultCompletionCmd()
	n := 0
	for _, c := range allCommands(root) {
		for _, line := range strings.Split(c.Example, "\n") {
			for _, cmdline := range exampleCommands(line) {
				n++
				args := splitWords(cmdline)[1:]
				if i := indexOf(args, "--"); i >= 0 {
					args = args[:i] // what follows "--" is another program's
				}
				ios, _, _, _ := testStreams()
				r := NewCmdRoot(NewFactory(ios))
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
	e := newTestEnv(t)
	e.mustRun("", "-p", "acme", "config", "set", "ibank.url", "https://ibank.x.ru/api")
	e.mustRun("", "-p", "beta", "config", "set", "ibank.url", "https://ibank.y.ru/api")
	r := e.mustRun("", "__complete", "--profile", "")
	wantContains(t, "profiles", r.out, "acme\n", "beta\n")
	r = e.mustRun("", "__complete", "profile", "use", "a")
	wantContains(t, "profile use", r.out, "acme\n")
	wantNotContains(t, "profile use", r.out, "beta")
	r = e.mustRun("", "__complete", "-o", "")
	wantContains(t, "outputs", r.out, "table\n", "json\n", "yaml\n")
	r = e.mustRun("", "__complete", "config", "set", "tid.")
	wantContains(t, "keys", r.out, "tid.client_id\t")
}
