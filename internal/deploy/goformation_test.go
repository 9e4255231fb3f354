package deploy

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/awslabs/goformation/v7"
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/global"
)

// TestTemplateParses parses template.yaml with goformation, which knows
// every CloudFormation and SAM resource type and rejects unknown
// properties of most of them, and checks each function's runtime.
func TestTemplateParses(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := goformation.ParseYAML(b)
	if err != nil {
		t.Fatalf("goformation cannot parse template.yaml: %v", err)
	}
	// goformation knows every resource type of the CloudFormation and SAM
	// specifications it was generated from; a type it does not know is a
	// typo or a resource CloudFormation will refuse.
	known := cloudformation.AllResources()
	for name, r := range mustLoad(t).section("Resources") {
		if typ, _ := get(r, "Type").(string); known[typ] == nil {
			t.Errorf("resource %s has unknown type %q", name, typ)
		}
	}

	g, _ := tpl.Globals["Function"].(*global.Function)
	if g == nil {
		g = &global.Function{}
	}

	fns := tpl.GetAllServerlessFunctionResources()
	if len(fns) != len(Functions) {
		t.Errorf("template has %d functions, deploy.Functions lists %d", len(fns), len(Functions))
	}
	for _, f := range Functions {
		fn, ok := fns[f.LogicalID]
		if !ok {
			t.Errorf("template has no AWS::Serverless::Function %s", f.LogicalID)
			continue
		}

		runtime, handler := fn.Runtime, fn.Handler
		if runtime == nil {
			runtime = g.Runtime
		}
		if handler == nil {
			handler = g.Handler
		}
		arch := fn.Architectures
		if arch == nil && g.Architectures != nil {
			arch = *g.Architectures
		}
		if runtime == nil || *runtime != "provided.al2023" {
			t.Errorf("%s: Runtime = %v, want provided.al2023", f.LogicalID, deref(runtime))
		}
		if len(arch) != 1 || arch[0] != "arm64" {
			t.Errorf("%s: Architectures = %v, want [arm64]", f.LogicalID, arch)
		}
		if handler == nil || *handler != "bootstrap" {
			t.Errorf("%s: Handler = %v, want bootstrap", f.LogicalID, deref(handler))
		}

		if m := fn.AWSCloudFormationMetadata["BuildMethod"]; m != "makefile" {
			t.Errorf("%s: Metadata BuildMethod = %v, want makefile", f.LogicalID, m)
		}
		if fn.Policies != nil {
			t.Errorf("%s sets Policies; its permissions belong in its own role", f.LogicalID)
		}
	}
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}
