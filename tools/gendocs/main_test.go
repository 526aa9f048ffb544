package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// The committed completions/ and docs/ (man pages, Markdown reference) are what the command
// tree generates: a changed flag or help text without `make docs` fails here, not in a user's
// shell.
func TestCommittedDocsAreGenerated(t *testing.T) {
	tmp := t.TempDir()
	if err := run(tmp); err != nil {
		t.Fatal(err)
	}
	repo := filepath.Join("..", "..")
	for _, dir := range []string{"completions", filepath.Join("docs", "man"), filepath.Join("docs", "cli")} {
		seen := map[string]bool{}
		filepath.WalkDir(filepath.Join(tmp, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(tmp, p)
			seen[rel] = true
			want, _ := os.ReadFile(p)
			got, err := os.ReadFile(filepath.Join(repo, rel))
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s is stale or missing: run `make docs` and commit", rel)
			}
			return nil
		})
		filepath.WalkDir(filepath.Join(repo, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if rel, _ := filepath.Rel(repo, p); !seen[rel] {
				t.Errorf("%s is no longer generated: run `make docs` and commit", rel)
			}
			return nil
		})
	}
}
