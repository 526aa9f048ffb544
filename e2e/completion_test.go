package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The committed bash completion, sourced in a real bash, completes commands, flags' values and
// profile names through the binary.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash here")
	}
	lib := "/usr/share/bash-completion/bash_completion"
	if _, err := os.Stat(lib); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("no bash-completion under CI (.ci/run installs it)")
		}
		t.Skip("no bash-completion package here: the generated script needs it, as on any desktop")
	}
	w := newWorld(t)
	w.mustRun(nil, "", "-p", "acme", "config", "set", "ibank.url", "https://ibank.x.ru/api")
	script, _ := filepath.Abs("../completions/bankctl.bash")
	complete := func(line string) string {
		// bash splits the line into COMP_WORDS itself, with an empty last word after a space.
		sh := `source /usr/share/bash-completion/bash_completion; source "$SCRIPT"; COMP_LINE="$LINE"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$LINE"; ` +
			`[[ "$LINE" == *" " ]] && COMP_WORDS+=(""); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); __start_bankctl bankctl; printf '%s\n' "${COMPREPLY[@]}"`
		c := exec.Command(bash, "-c", sh)
		c.Env = append(append([]string(nil), w.env...), "SCRIPT="+script, "LINE="+line, "PATH="+filepath.Dir(binary)+":"+os.Getenv("PATH"))
		// compopt only works inside real completion; its complaint on stderr is not ours.
		out, err := c.Output()
		if err != nil {
			t.Fatalf("bash completion of %q: %v\n%s", line, err, out)
		}
		return string(out)
	}
	if got := complete("bankctl pro"); !strings.Contains(got, "profile") {
		t.Errorf("commands: %q", got)
	}
	if got := complete("bankctl ibank client-info -o "); !strings.Contains(got, "json") || !strings.Contains(got, "yaml") {
		t.Errorf("--output values: %q", got)
	}
	if got := complete("bankctl profile use a"); strings.TrimSpace(got) != "acme" {
		t.Errorf("profile names: %q", got)
	}
}

// The committed zsh completion, in a real zsh with compinit, offers what the binary completes;
// zsh's _describe and compadd are replaced by printers, since there is no line editor here.
func TestZshCompletion(t *testing.T) {
	zsh, err := exec.LookPath("zsh")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("no zsh under CI (.ci/run installs it)")
		}
		t.Skip("no zsh here")
	}
	w := newWorld(t)
	w.mustRun(nil, "", "-p", "acme", "config", "set", "ibank.url", "https://ibank.x.ru/api")
	script, _ := filepath.Abs("../completions/_bankctl")
	complete := func(words ...string) string {
		sh := `autoload -U compinit && compinit -u -D && source "$SCRIPT" || exit 1
_describe() { local n=0 a; for a in "$@"; do [[ $a == -* ]] && continue; n=$((n+1)); if (( n == 2 )); then print -l -- "${(@P)a}"; return 0; fi; done; return 1 }
compadd() { print -l -- "$@"; return 0 }
words=("${(@f)WORDS}"); CURRENT=${#words}
_bankctl`
		c := exec.Command(zsh, "-f", "-c", sh)
		c.Env = append(append([]string(nil), w.env...), "SCRIPT="+script, "WORDS="+strings.Join(words, "\n"),
			"PATH="+filepath.Dir(binary)+":"+os.Getenv("PATH"))
		out, err := c.Output()
		if err != nil {
			t.Fatalf("zsh completion of %q: %v\n%s", words, err, out)
		}
		return string(out)
	}
	if got := complete("bankctl", "profile", "use", "a"); !strings.Contains(got, "acme") {
		t.Errorf("profile names: %q", got)
	}
	if got := complete("bankctl", "ibank", "client-info", "-o", ""); !strings.Contains(got, "json") || !strings.Contains(got, "yaml") {
		t.Errorf("--output values: %q", got)
	}
	if got := complete("bankctl", "ti"); !strings.Contains(got, "tid") {
		t.Errorf("commands: %q", got)
	}
}
