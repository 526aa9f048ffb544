package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/bankctl/bankctl"

// TestImportRule keeps the layers of docs/ARCHITECTURE.md: arrows point down.
//   - internal/ never imports cobra, viper, pflag, cmd/ or tools/: it is usable without a CLI;
//   - a command area (cmd/<area>) imports the shared plumbing (cmdutil, apicmd), internal/ and
//     its own sub-areas, never another area; only the root (cmd) and cmd/status compose areas;
//   - cmdutil and apicmd import no area;
//   - cmdtest is for tests only.
func TestImportRule(t *testing.T) {
	imports := map[string]map[string][]string{} // package dir → imported path → files
	fset := token.NewFileSet()
	filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "dist") && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		if imports[dir] == nil {
			imports[dir] = map[string][]string{}
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			imports[dir][p] = append(imports[dir][p], path)
		}
		return nil
	})
	if len(imports["internal/rest"]) == 0 || len(imports["cmd/ibank"]) == 0 {
		t.Fatal("the walk found no packages: this test would prove nothing")
	}
	for dir, ims := range imports {
		for p, files := range ims {
			if msg := forbidden(dir, p, files); msg != "" {
				t.Errorf("%s imports %s (%s): %s", dir, p, strings.Join(files, ", "), msg)
			}
		}
	}
}

func forbidden(dir, imp string, files []string) string {
	local, ours := strings.CutPrefix(imp, module+"/")
	framework := strings.HasPrefix(imp, "github.com/spf13/")
	switch {
	case strings.HasPrefix(dir, "internal/"):
		if framework {
			return "internal/ knows nothing of cobra or viper"
		}
		if ours && (strings.HasPrefix(local, "cmd") || strings.HasPrefix(local, "tools/")) {
			return "internal/ never imports cmd/ or tools/"
		}
	case strings.HasPrefix(dir, "cmd/"):
		if !ours || !strings.HasPrefix(local, "cmd/") {
			return ""
		}
		area, sub := areaOf(dir), areaOf(local)
		switch {
		case sub == "cmdtest":
			for _, f := range files {
				if !strings.HasSuffix(f, "_test.go") {
					return "cmdtest is for tests"
				}
			}
		case sub == "cmdutil" || sub == "apicmd" || sub == area:
		case area == "status" || area == "cmdtest":
		default:
			return "a command area imports only the shared plumbing (cmdutil, apicmd), never another area"
		}
	}
	return ""
}

// areaOf is the first folder under cmd/: "cmd/tbusiness/payment" → "tbusiness".
func areaOf(path string) string {
	parts := strings.Split(path, "/")
	if len(parts) < 2 {
		return ""
	}
	return parts[1]
}

// TestSizes keeps files and packages small enough to read: no non-test Go file over 300 lines,
// no package under cmd/ or internal/ over 15 non-test files or 1,800 lines.
func TestSizes(t *testing.T) {
	perPkg := map[string][2]int{}
	filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Count(string(data), "\n")
		if lines > 300 {
			t.Errorf("%s has %d lines: split it (300 at most)", path, lines)
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		if strings.HasPrefix(dir, "cmd") || strings.HasPrefix(dir, "internal/") {
			c := perPkg[dir]
			perPkg[dir] = [2]int{c[0] + 1, c[1] + lines}
		}
		return nil
	})
	for dir, c := range perPkg {
		if c[0] > 15 || c[1] > 1800 {
			t.Errorf("%s has %d files and %d lines: at most 15 and 1,800", dir, c[0], c[1])
		}
	}
}
