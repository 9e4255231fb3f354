package deploy

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestFunctionActionsMatchCode follows each function's code from main to
// the AWS calls it can make, and checks that FunctionActions lists exactly
// those; TestFunctionPolicies then holds each policy to FunctionActions.
func TestFunctionActionsMatchCode(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks the module; skipped with -short")
	}
	root := repoRoot(t)
	var mains []string
	for _, f := range Functions {
		if _, err := os.Stat(filepath.Join(root, "functions", f.Dir, "main.go")); !errors.Is(err, fs.ErrNotExist) {
			mains = append(mains, modulePath+"/functions/"+f.Dir)
		}
	}
	if len(mains) == 0 {
		t.Skip("no function has a main.go yet")
	}
	prog, err := loadCallProgram(root, mains)
	if err != nil {
		t.Fatal(err)
	}

	for _, f := range Functions {
		t.Run(f.LogicalID, func(t *testing.T) {
			pkg := modulePath + "/functions/" + f.Dir
			if !slices.Contains(mains, pkg) {
				t.Skipf("functions/%s/main.go does not exist yet", f.Dir)
			}
			calls, err := prog.awsCalls(pkg)
			if err != nil {
				t.Fatal(err)
			}
			called, where := actionsOf(calls)
			listed := FunctionActions[f.LogicalID]
			for _, a := range called {
				if !slices.Contains(listed, a) {
					t.Errorf("the code calls %s at %s, which FunctionActions does not list; "+
						"it is reached by %s", a, where[a].at, where[a].via)
				}
			}
			for _, a := range listed {
				if !slices.Contains(called, a) {
					t.Errorf("FunctionActions lists %s, which the code never calls; "+
						"remove it there and from the function's policy", a)
				}
			}
		})
	}
}

// TestCallAnalysis runs the analysis on testdata/callfixture, whose main
// says which of its AWS calls are reachable.
func TestCallAnalysis(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks a fixture; skipped with -short")
	}
	root := repoRoot(t)
	pkg := modulePath + "/internal/deploy/testdata/callfixture"
	prog, err := loadCallProgram(root, []string{pkg})
	if err != nil {
		t.Fatal(err)
	}
	calls, err := prog.awsCalls(pkg)
	if err != nil {
		t.Fatal(err)
	}
	got, where := actionsOf(calls)
	want := []string{"cloudfront:CreateInvalidation", "dynamodb:DeleteItem", "dynamodb:GetItem",
		"ses:SendEmail", "sqs:SendMessage"}
	if !slices.Equal(got, want) {
		t.Errorf("actions = %v, want %v", got, want)
	}
	if c := where["ses:SendEmail"]; !strings.HasSuffix(c.via, "callfixture.mailer).ServeHTTP") {
		t.Errorf("ses:SendEmail is reached by %q, want by mailer.ServeHTTP", c.via)
	}
}
