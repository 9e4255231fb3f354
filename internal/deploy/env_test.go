package deploy

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestTemplateEnvironment checks that the template sets for each function
// exactly the variables FunctionEnv lists, each to a value.
func TestTemplateEnvironment(t *testing.T) {
	tpl := mustLoad(t)
	if g := get(map[string]any(tpl), "Globals", "Function", "Environment"); g != nil {
		t.Errorf("Globals sets Environment; set each variable only where it is read")
	}
	for _, f := range Functions {
		vars, _ := get(tpl.resource(t, f.LogicalID), "Properties", "Environment", "Variables").(map[string]any)
		got := sortedKeys(vars)
		want := slices.Sorted(slices.Values(FunctionEnv[f.LogicalID]))
		if !slices.Equal(got, want) {
			t.Errorf("%s: template sets %v, FunctionEnv lists %v", f.LogicalID, got, want)
		}
		for name, v := range vars {
			if s, isString := v.(string); v == nil || isString && s == "" {
				t.Errorf("%s: %s is empty", f.LogicalID, name)
			}
		}
	}
	for fn := range FunctionEnv {
		if !slices.ContainsFunc(Functions, func(f Function) bool { return f.LogicalID == fn }) {
			t.Errorf("FunctionEnv names %s, which deploy.Functions does not list", fn)
		}
	}
}

// TestMainsReadTheirEnvironment reads each function's main package and
// checks that the variables it reads are the ones FunctionEnv lists, and
// so the ones the template sets.
func TestMainsReadTheirEnvironment(t *testing.T) {
	consts := envConstants(t)
	for _, f := range Functions {
		t.Run(f.LogicalID, func(t *testing.T) {
			dir := filepath.Join(repoRoot(t), "functions", f.Dir)
			if _, err := os.Stat(filepath.Join(dir, "main.go")); errors.Is(err, fs.ErrNotExist) {
				t.Skipf("functions/%s/main.go does not exist yet", f.Dir)
			}
			read, err := envReads(dir, consts)
			if err != nil {
				t.Fatal(err)
			}
			want := FunctionEnv[f.LogicalID]
			for _, name := range read {
				if lambdaProvided(name) {
					continue
				}
				if !slices.Contains(want, name) {
					t.Errorf("functions/%s reads %s, which FunctionEnv (and so the template) does not give it",
						f.Dir, name)
				}
			}
			for _, name := range want {
				if !slices.Contains(read, name) {
					t.Errorf("FunctionEnv gives %s %s, which functions/%s never reads; remove it "+
						"from FunctionEnv and template.yaml", f.LogicalID, name, f.Dir)
				}
			}
		})
	}
}

// lambdaProvided reports whether Lambda itself sets a variable, such as
// AWS_REGION or _HANDLER, so that the template need not.
func lambdaProvided(name string) bool {
	return strings.HasPrefix(name, "AWS_") || strings.HasPrefix(name, "LAMBDA_") ||
		strings.HasPrefix(name, "_") || name == "TZ"
}

// envHelpers are the functions that take a variable's name as their first
// argument: os.Getenv, os.LookupEnv, and helpers a main may define.
var envHelpers = []string{"getenv", "lookupenv", "env", "mustenv", "requireenv", "envor"}

// envReads returns the sorted names of the environment variables the Go
// files of one package folder read.
func envReads(dir string, consts map[string]string) ([]string, error) {
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	var names []string
	var errs []error
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			return nil, err
		}
		local := fileConstants(file)
		for _, decl := range file.Decls {
			// A helper such as mustEnv(name) passes its own parameter on;
			// its callers name the variable.
			params := map[string]bool{}
			if fd, ok := decl.(*ast.FuncDecl); ok {
				for _, field := range fd.Type.Params.List {
					for _, id := range field.Names {
						params[id.Name] = true
					}
				}
			}
			ast.Inspect(decl, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) == 0 ||
					!slices.Contains(envHelpers, strings.ToLower(calleeName(call))) {
					return true
				}
				if id, ok := call.Args[0].(*ast.Ident); ok && params[id.Name] {
					return true
				}
				v, ok := stringValue(call.Args[0], local, consts)
				switch {
				case !ok:
					errs = append(errs, errors.New(fset.Position(call.Pos()).String()+
						": cannot tell which variable this reads; pass a literal or a deploy.Env constant"))
				case !slices.Contains(names, v):
					names = append(names, v)
				}
				return true
			})
		}
	}
	slices.Sort(names)
	return names, errors.Join(errs...)
}

// calleeName is the name a call is made by: Getenv for os.Getenv(...).
func calleeName(call *ast.CallExpr) string {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return fn.Name
	case *ast.SelectorExpr:
		return fn.Sel.Name
	}
	return ""
}

// stringValue returns the string an argument stands for: a literal, a
// constant of the same file, or a deploy.Env constant.
func stringValue(e ast.Expr, local, deploy map[string]string) (string, bool) {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind == token.STRING {
			s, err := strconv.Unquote(x.Value)
			return s, err == nil
		}
	case *ast.Ident:
		s, ok := local[x.Name]
		return s, ok
	case *ast.SelectorExpr:
		if pkg, ok := x.X.(*ast.Ident); ok && pkg.Name == "deploy" {
			s, ok := deploy[x.Sel.Name]
			return s, ok
		}
	}
	return "", false
}

// fileConstants returns a file's string constants declared with a literal.
func fileConstants(file *ast.File) map[string]string {
	consts := map[string]string{}
	ast.Inspect(file, func(n ast.Node) bool {
		d, ok := n.(*ast.GenDecl)
		if !ok || d.Tok != token.CONST {
			return true
		}
		for _, spec := range d.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, id := range vs.Names {
				if i < len(vs.Values) {
					if s, ok := stringValue(vs.Values[i], nil, nil); ok {
						consts[id.Name] = s
					}
				}
			}
		}
		return true
	})
	return consts
}

// envConstants returns this package's Env* constants by name, read from
// env.go, so that a main may write deploy.EnvTable.
func envConstants(t *testing.T) map[string]string {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), "env.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	consts := fileConstants(file)
	if consts["EnvTable"] != EnvTable {
		t.Fatalf("read EnvTable = %q from env.go, want %q", consts["EnvTable"], EnvTable)
	}
	return consts
}

// TestEnvReads runs envReads on a main written for the test.
func TestEnvReads(t *testing.T) {
	dir := t.TempDir()
	src := `package main

import (
	"os"

	"github.com/herald-status/herald/internal/deploy"
)

const bucket = "HERALD_SITE_BUCKET"

func mustEnv(name string) string { return os.Getenv(name) }

func main() {
	_ = os.Getenv("HERALD_TABLE")
	_, _ = os.LookupEnv(deploy.EnvPublicURL)
	_ = mustEnv(bucket)
	_ = os.Getenv("HERALD_TABLE")
	name := "HERALD_" + "X"
	_ = os.Getenv(name)
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	// mustEnv passes its parameter on; main's os.Getenv(name) is a read
	// nobody can name.
	got, err := envReads(dir, envConstants(t))
	if err == nil || !strings.Contains(err.Error(), "main.go:19") || strings.Contains(err.Error(), "main.go:11") {
		t.Errorf("envReads error = %v, want one about main.go:19 only", err)
	}
	want := []string{"HERALD_PUBLIC_URL", "HERALD_SITE_BUCKET", "HERALD_TABLE"}
	if !slices.Equal(got, want) {
		t.Errorf("envReads = %v, want %v", got, want)
	}
}
