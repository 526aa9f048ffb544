package config

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// load walks the YAML tree, so every error can name its line in words: an unknown key, a
// list where a value belongs, a value its setting refuses.
func (f *File) load(root *yaml.Node) error {
	if root.Kind != yaml.MappingNode {
		return &ParseError{Line: root.Line, Msg: "expected settings as \"key: value\" lines, found " + kindWord(root)}
	}
	return eachPair(root, func(k, v *yaml.Node) error {
		if k.Value == "profiles" {
			return f.loadProfiles(v)
		}
		s, err := Lookup(k.Value)
		if err != nil || s.Profiled {
			return &ParseError{Line: k.Line, Msg: fmt.Sprintf("unknown key %q at the top level (known: %s)", k.Value, strings.Join(topKeys(), ", "))}
		}
		return f.set(s, "", k, v)
	})
}

func (f *File) loadProfiles(v *yaml.Node) error {
	if v.Kind != yaml.MappingNode {
		return &ParseError{Line: v.Line, Msg: "profiles must be a mapping of profile names to their settings, found " + kindWord(v)}
	}
	return eachPair(v, func(name, body *yaml.Node) error {
		if err := ValidateProfileName(name.Value); err != nil {
			return &ParseError{Line: name.Line, Msg: err.Error()}
		}
		f.EnsureProfile(name.Value)
		if body.Kind == yaml.ScalarNode && body.Tag == "!!null" {
			return nil
		}
		if body.Kind != yaml.MappingNode {
			return &ParseError{Line: body.Line, Msg: fmt.Sprintf("profile %q must be a mapping of sections (ibank, tid, tbusiness), found %s", name.Value, kindWord(body))}
		}
		return eachPair(body, func(sec, fields *yaml.Node) error {
			if !isSection(sec.Value) {
				return &ParseError{Line: sec.Line, Msg: fmt.Sprintf("unknown section %q in profile %q (known: ibank, tid, tbusiness)", sec.Value, name.Value)}
			}
			if fields.Kind == yaml.ScalarNode && fields.Tag == "!!null" {
				return nil
			}
			if fields.Kind != yaml.MappingNode {
				return &ParseError{Line: fields.Line, Msg: fmt.Sprintf("%s must be a mapping of settings, found %s", sec.Value, kindWord(fields))}
			}
			return eachPair(fields, func(k, v *yaml.Node) error {
				s, err := Lookup(sec.Value + "." + k.Value)
				if err != nil || !s.Profiled {
					return &ParseError{Line: k.Line, Msg: fmt.Sprintf("unknown key %q in section %s (known: %s)", k.Value, sec.Value, strings.Join(sectionKeys(sec.Value), ", "))}
				}
				return f.set(s, name.Value, k, v)
			})
		})
	})
}

// set checks one value and puts it in place, remembering its line.
func (f *File) set(s *Setting, profile string, k, v *yaml.Node) error {
	if v.Kind != yaml.ScalarNode {
		return &ParseError{Line: v.Line, Msg: fmt.Sprintf("%s must be a single value, found %s", s.Key, kindWord(v))}
	}
	val := v.Value
	if v.Tag == "!!null" {
		val = ""
	}
	key := profile + "\x00" + s.Key
	if prev, ok := f.lines[key]; ok {
		return &ParseError{Line: k.Line, Msg: fmt.Sprintf("%s is set twice (first on line %d)", s.Key, prev)}
	}
	if val != "" && s.Check != nil {
		if err := s.Check(val); err != nil {
			return &ParseError{Line: v.Line, Msg: err.Error()}
		}
	}
	var p *Profile
	if s.Profiled {
		p = f.EnsureProfile(profile)
	}
	*s.field(f, p) = val
	f.lines[key] = v.Line
	return nil
}

func eachPair(m *yaml.Node, fn func(k, v *yaml.Node) error) error {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if err := fn(m.Content[i], m.Content[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// kindWord names a YAML node's shape for people, never a Go type.
func kindWord(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	return fmt.Sprintf("the value %q", n.Value)
}

func isSection(s string) bool { return s == "ibank" || s == "tid" || s == "tbusiness" }

func topKeys() []string {
	var out []string
	for _, s := range ConfigKeys() {
		if !s.Profiled {
			out = append(out, s.Key)
		}
	}
	return append(out, "profiles")
}

func sectionKeys(section string) []string {
	var out []string
	for _, s := range ConfigKeys() {
		if rest, ok := strings.CutPrefix(s.Key, section+"."); ok {
			out = append(out, rest)
		}
	}
	return out
}
