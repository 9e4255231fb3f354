package deploy

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"
)

// A template is template.yaml decoded into plain Go values: maps, slices,
// strings, ints, floats and bools. Short-form intrinsics (!Ref, !Sub, ...)
// become the long form ({"Ref": ...}, {"Fn::Sub": ...}), so that every
// check below sees one form only.
type template map[string]any

// repoRoot is the repository's top folder, found from this file.
func repoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test file")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

var (
	loadOnce sync.Once
	loaded   template
	loadErr  error
)

// mustLoad returns template.yaml, decoded once per test binary.
func mustLoad(t testing.TB) template {
	t.Helper()
	loadOnce.Do(func() {
		var b []byte
		b, loadErr = os.ReadFile(filepath.Join(repoRoot(t), "template.yaml"))
		if loadErr != nil {
			return
		}
		var doc yaml.Node
		if loadErr = yaml.Unmarshal(b, &doc); loadErr != nil {
			return
		}
		var v any
		if v, loadErr = decodeNode(&doc); loadErr != nil {
			return
		}
		m, ok := v.(map[string]any)
		if !ok {
			loadErr = fmt.Errorf("template.yaml is not a mapping")
			return
		}
		loaded = template(m)
	})
	if loadErr != nil {
		t.Fatalf("load template.yaml: %v", loadErr)
	}
	return loaded
}

// decodeNode turns a YAML node into plain values, expanding CloudFormation's
// short-form tags.
func decodeNode(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		return decodeNode(n.Content[0])
	case yaml.AliasNode:
		return decodeNode(n.Alias)
	}
	if tag := n.Tag; strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!") {
		return decodeTagged(n)
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if _, dup := m[k]; dup {
				return nil, fmt.Errorf("line %d: key %q appears twice", n.Content[i].Line, k)
			}
			v, err := decodeNode(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[k] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := decodeNode(c)
			if err != nil {
				return nil, err
			}
			s = append(s, v)
		}
		return s, nil
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, fmt.Errorf("line %d: %w", n.Line, err)
	}
	return v, nil
}

// decodeTagged expands one short-form intrinsic function.
func decodeTagged(n *yaml.Node) (any, error) {
	name := strings.TrimPrefix(n.Tag, "!")
	plain := *n
	plain.Tag = ""
	if n.Kind == yaml.ScalarNode {
		plain.Tag = "!!str"
	}
	arg, err := decodeNode(&plain)
	if err != nil {
		return nil, err
	}
	switch name {
	case "Ref", "Condition":
		return map[string]any{name: arg}, nil
	case "GetAtt":
		// !GetAtt Res.Attr is the string form of [Res, Attr]; an attribute
		// can itself contain dots, the resource name cannot.
		if s, ok := arg.(string); ok {
			res, attr, found := strings.Cut(s, ".")
			if !found {
				return nil, fmt.Errorf("line %d: !GetAtt %q names no attribute", n.Line, s)
			}
			arg = []any{res, attr}
		}
		return map[string]any{"Fn::GetAtt": arg}, nil
	}
	return map[string]any{"Fn::" + name: arg}, nil
}

// section returns a top-level section of the template.
func (tpl template) section(name string) map[string]any {
	m, _ := tpl[name].(map[string]any)
	return m
}

// resource returns a resource's map, failing the test if there is none.
func (tpl template) resource(t testing.TB, name string) map[string]any {
	t.Helper()
	r, ok := tpl.section("Resources")[name].(map[string]any)
	if !ok {
		t.Fatalf("template has no resource %s", name)
	}
	return r
}

// resourcesOfType returns the names of the resources of one type, sorted.
func (tpl template) resourcesOfType(typ string) []string {
	var names []string
	for name, r := range tpl.section("Resources") {
		if m, ok := r.(map[string]any); ok && m["Type"] == typ {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// functionProp returns a property of a function, or the Globals value when
// the function does not set it.
func (tpl template) functionProp(t testing.TB, fn, prop string) any {
	t.Helper()
	if v := get(tpl.resource(t, fn), "Properties", prop); v != nil {
		return v
	}
	return get(map[string]any(tpl), "Globals", "Function", prop)
}

// get follows a path of map keys and slice indexes; nil if any step fails.
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			s, ok := v.([]any)
			if !ok || k < 0 || k >= len(s) {
				return nil
			}
			v = s[k]
		default:
			panic(fmt.Sprintf("get: bad path element %v", p))
		}
	}
	return v
}

// list returns v as a list: a single value becomes a list of one.
func list(v any) []any {
	switch s := v.(type) {
	case nil:
		return nil
	case []any:
		return s
	}
	return []any{v}
}

// strs returns the strings of list(v), and false if any element is not one.
func strs(v any) ([]string, bool) {
	var out []string
	for _, e := range list(v) {
		s, ok := e.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// toInt returns a YAML number as an int.
func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case float64:
		if n == float64(int(n)) {
			return int(n), true
		}
	}
	return 0, false
}

// refTo reports whether v is {"Ref": name}.
func refTo(v any, name string) bool {
	return get(v, "Ref") == name && len(v.(map[string]any)) == 1
}

// getAttOf returns the resource and attribute of a {"Fn::GetAtt": [r, a]}.
func getAttOf(v any) (res, attr string, ok bool) {
	m, isMap := v.(map[string]any)
	if !isMap || len(m) != 1 {
		return "", "", false
	}
	s, ok := strs(m["Fn::GetAtt"])
	if !ok || len(s) != 2 {
		return "", "", false
	}
	return s[0], s[1], true
}

// subString returns the template string of a {"Fn::Sub": ...}.
func subString(v any) (string, bool) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return "", false
	}
	switch s := m["Fn::Sub"].(type) {
	case string:
		return s, true
	case []any:
		str, ok := get(s, 0).(string)
		return str, ok
	}
	return "", false
}
