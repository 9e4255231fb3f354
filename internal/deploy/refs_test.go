package deploy

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
)

// pseudoParameters are the names Ref resolves besides parameters and
// resources.
var pseudoParameters = map[string]bool{
	"AWS::AccountId": true, "AWS::NotificationARNs": true, "AWS::NoValue": true,
	"AWS::Partition": true, "AWS::Region": true, "AWS::StackId": true,
	"AWS::StackName": true, "AWS::URLSuffix": true,
}

// getAttributes lists, by resource type, the attributes Fn::GetAtt may
// read. A type missing here fails TestReferencesResolve: add it, with the
// attributes from the CloudFormation resource reference.
var getAttributes = map[string][]string{
	"AWS::ApiGatewayV2::Api":               {"ApiEndpoint", "ApiId"},
	"AWS::CloudFront::Distribution":        {"DomainName", "Id"},
	"AWS::CloudFront::OriginAccessControl": {"Id"},
	"AWS::DynamoDB::Table":                 {"Arn", "StreamArn"},
	"AWS::IAM::Role":                       {"Arn", "RoleId"},
	"AWS::Logs::LogGroup":                  {"Arn"},
	"AWS::S3::Bucket":                      {"Arn", "DomainName", "RegionalDomainName"},
	"AWS::SNS::Topic":                      {"TopicArn", "TopicName"},
	"AWS::SQS::Queue":                      {"Arn", "QueueName", "QueueUrl"},
	"AWS::SecretsManager::Secret":          {"Id"},
	"AWS::Serverless::Function":            {"Arn"},
}

// reference is one use of a name by an intrinsic function.
type reference struct {
	at   string // where in the template, as a path of keys
	kind string // Ref, GetAtt, Sub, Condition or DependsOn
	name string // the resource, parameter or condition named
	attr string // the attribute, for GetAtt and ${Res.Attr}
}

func (r reference) String() string {
	if r.attr != "" {
		return fmt.Sprintf("%s: %s %s.%s", r.at, r.kind, r.name, r.attr)
	}
	return fmt.Sprintf("%s: %s %s", r.at, r.kind, r.name)
}

// references returns every reference in v, which sits at path at.
func references(at string, v any) ([]reference, error) {
	var refs []reference
	var walk func(at string, v any) error
	walk = func(at string, v any) error {
		switch x := v.(type) {
		case []any:
			for i, e := range x {
				if err := walk(fmt.Sprintf("%s[%d]", at, i), e); err != nil {
					return err
				}
			}
		case map[string]any:
			found, err := intrinsicRefs(at, x)
			if err != nil {
				return err
			}
			refs = append(refs, found...)
			for _, k := range sortedKeys(x) {
				if err := walk(at+"."+k, x[k]); err != nil {
					return err
				}
			}
		}
		return nil
	}
	err := walk(at, v)
	return refs, err
}

// intrinsicRefs returns the names m uses if it is an intrinsic function.
func intrinsicRefs(at string, m map[string]any) ([]reference, error) {
	if len(m) != 1 {
		return nil, nil
	}
	for k, v := range m {
		switch k {
		case "Ref":
			s, ok := v.(string)
			if !ok {
				return nil, fmt.Errorf("%s: Ref of %v", at, v)
			}
			return []reference{{at: at, kind: "Ref", name: s}}, nil
		case "Condition":
			if s, ok := v.(string); ok {
				return []reference{{at: at, kind: "Condition", name: s}}, nil
			}
		case "Fn::If":
			cond, ok := get(v, 0).(string)
			if !ok || len(list(v)) != 3 {
				return nil, fmt.Errorf("%s: Fn::If needs [condition, then, else]", at)
			}
			return []reference{{at: at, kind: "Condition", name: cond}}, nil
		case "Fn::GetAtt":
			res, attr, ok := getAttOf(m)
			if !ok {
				return nil, fmt.Errorf("%s: Fn::GetAtt of %v", at, v)
			}
			return []reference{{at: at, kind: "GetAtt", name: res, attr: attr}}, nil
		case "Fn::Sub":
			return subRefs(at, v)
		}
	}
	return nil, nil
}

// subRefs returns the names a Fn::Sub string uses: ${Name} is a Ref,
// ${Name.Attr} a GetAtt, ${!Literal} nothing, and names defined in the
// variable map of the list form are local.
func subRefs(at string, v any) ([]reference, error) {
	s, ok := subString(map[string]any{"Fn::Sub": v})
	if !ok {
		return nil, fmt.Errorf("%s: Fn::Sub of %v", at, v)
	}
	vars, _ := get(v, 1).(map[string]any)

	var refs []reference
	for rest := s; ; {
		i := strings.Index(rest, "${")
		if i < 0 {
			return refs, nil
		}
		rest = rest[i+2:]
		if strings.HasPrefix(rest, "!") {
			continue
		}
		j := strings.IndexByte(rest, '}')
		if j < 0 {
			return nil, fmt.Errorf("%s: unclosed ${ in %q", at, s)
		}
		name := strings.TrimSpace(rest[:j])
		rest = rest[j+1:]
		if _, local := vars[name]; local {
			continue
		}
		if res, attr, dotted := strings.Cut(name, "."); dotted && !pseudoParameters[name] {
			refs = append(refs, reference{at: at, kind: "GetAtt", name: res, attr: attr})
		} else {
			refs = append(refs, reference{at: at, kind: "Ref", name: name})
		}
	}
}

// allReferences returns every reference in the template, DependsOn and
// resource Conditions included.
func allReferences(t *testing.T, tpl template) []reference {
	t.Helper()
	var refs []reference
	for _, sec := range []string{"Conditions", "Rules", "Globals", "Resources", "Outputs"} {
		found, err := references(sec, tpl[sec])
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, found...)
	}
	for name, r := range tpl.section("Resources") {
		at := "Resources." + name
		for _, d := range list(get(r, "DependsOn")) {
			s, _ := d.(string)
			refs = append(refs, reference{at: at + ".DependsOn", kind: "DependsOn", name: s})
		}
		if c, ok := get(r, "Condition").(string); ok {
			refs = append(refs, reference{at: at + ".Condition", kind: "Condition", name: c})
		}
	}
	for name, o := range tpl.section("Outputs") {
		if c, ok := get(o, "Condition").(string); ok {
			refs = append(refs, reference{at: "Outputs." + name, kind: "Condition", name: c})
		}
	}
	return refs
}

// TestReferencesResolve checks that every Ref, GetAtt, Sub variable,
// condition and DependsOn in the template names something that exists.
func TestReferencesResolve(t *testing.T) {
	tpl := mustLoad(t)
	resources := tpl.section("Resources")
	params := tpl.section("Parameters")
	conds := tpl.section("Conditions")

	refs := allReferences(t, tpl)
	if len(refs) < 50 {
		t.Fatalf("found only %d references; the walk is broken", len(refs))
	}
	for _, r := range refs {
		_, isRes := resources[r.name]
		_, isParam := params[r.name]
		switch r.kind {
		case "Ref":
			if !isRes && !isParam && !pseudoParameters[r.name] {
				t.Errorf("%v: no such resource, parameter or pseudo parameter", r)
			}
			if strings.HasPrefix(r.at, "Rules") && !isParam && !pseudoParameters[r.name] {
				t.Errorf("%v: rules can refer to parameters only", r)
			}
		case "GetAtt":
			if !isRes {
				t.Errorf("%v: no such resource", r)
				continue
			}
			typ, _ := get(resources[r.name], "Type").(string)
			attrs, known := getAttributes[typ]
			if !known {
				t.Errorf("%v: add %s's attributes to getAttributes", r, typ)
			} else if !slices.Contains(attrs, r.attr) {
				t.Errorf("%v: %s has no attribute %s (it has %v)", r, typ, r.attr, attrs)
			}
		case "Condition":
			if _, ok := conds[r.name]; !ok {
				t.Errorf("%v: no such condition", r)
			}
		case "DependsOn":
			if !isRes {
				t.Errorf("%v: no such resource", r)
			}
		}
	}
}

// TestNoDependencyCycles checks that the resources' references form no
// cycle, which CloudFormation would refuse to create.
func TestNoDependencyCycles(t *testing.T) {
	tpl := mustLoad(t)
	resources := tpl.section("Resources")

	deps := map[string][]string{}
	for _, r := range allReferences(t, tpl) {
		from, ok := strings.CutPrefix(r.at, "Resources.")
		if !ok || r.kind == "Condition" {
			continue
		}
		from, _, _ = strings.Cut(from, ".")
		if _, isRes := resources[r.name]; isRes && !slices.Contains(deps[from], r.name) {
			deps[from] = append(deps[from], r.name)
		}
	}

	const (
		unvisited = iota
		onPath
		done
	)
	state := map[string]int{}
	var path []string
	var visit func(n string)
	visit = func(n string) {
		switch state[n] {
		case onPath:
			i := slices.Index(path, n)
			t.Errorf("dependency cycle: %s -> %s", strings.Join(path[i:], " -> "), n)
			return
		case done:
			return
		}
		state[n] = onPath
		path = append(path, n)
		for _, d := range deps[n] {
			visit(d)
		}
		path = path[:len(path)-1]
		state[n] = done
	}
	for _, n := range sortedKeys(resources) {
		visit(n)
	}
}

// TestSubParsing pins down how Sub strings are read.
func TestSubParsing(t *testing.T) {
	v := []any{"${A}-${B.Arn}-${!Literal}-${Local}-${AWS::Region}", map[string]any{"Local": "x"}}
	got, err := subRefs("x", v)
	if err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, r := range got {
		s = append(s, r.kind+" "+r.name+"."+r.attr)
	}
	want := []string{"Ref A.", "GetAtt B.Arn", "Ref AWS::Region."}
	if !slices.Equal(s, want) {
		t.Errorf("subRefs = %v, want %v", s, want)
	}
	if _, err := subRefs("x", "${Open"); err == nil {
		t.Error("subRefs accepted an unclosed ${")
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
