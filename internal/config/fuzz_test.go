package config

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// Any file either loads or fails with a ParseError naming it; what loads survives a save and
// reload unchanged.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		"current_profile: default\nprofiles:\n  default:\n    ibank:\n      url: https://ibank.x.ru/api\n",
		"output: json\ntimeout: 30s\nkeyring: file\n",
		"profiles:\n  acme:\n    tid:\n      client_id: p\n      inn: \"7704521838\"\n      kpp: \"0\"\n",
		"{{{", "profiles: [1]", "bogus: 1", "", "\t", "current_profile: Bad",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		p := filepath.Join(dir, "config.yaml")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := Load(p)
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("not a ParseError: %T %v", err, err)
			}
			if after, _ := os.ReadFile(p); string(after) != string(data) {
				t.Fatal("a failed load changed the file")
			}
			return
		}
		if err := cfg.Save(); err != nil {
			t.Fatal(err)
		}
		again, err := Load(p)
		if err != nil {
			t.Fatalf("reloading what was saved: %v", err)
		}
		cfg.exists, again.exists = true, true
		if !reflect.DeepEqual(normal(cfg), normal(again)) {
			t.Fatalf("round trip changed the config:\n%+v\n%+v", cfg, again)
		}
	})
}

// normal drops empty profiles, which YAML writes as {} and reads back as nil pointers.
func normal(f *File) File {
	c := *f
	c.lines = nil
	c.Profiles = map[string]*Profile{}
	for k, v := range f.Profiles {
		if v != nil && *v != (Profile{}) {
			c.Profiles[k] = v
		}
	}
	return c
}
