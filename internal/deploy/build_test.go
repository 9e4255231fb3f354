package deploy

import (
	"bufio"
	"bytes"
	"debug/elf"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// lambdaBuildEnv is the environment a function's binary is built in:
// Lambda's arm64 Linux, statically linked.
var lambdaBuildEnv = []string{"GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0"}

// lambdaBuildFlags are the go build flags of a function's binary. The
// Makefile's build-<LogicalId> targets should use the same compile flags,
// so that its builds reuse what this test compiled.
var lambdaBuildFlags = []string{"-tags", "lambda.norpc", "-trimpath"}

// TestFunctionsBuild builds every function for Lambda in one go build, and
// then runs each Makefile target `sam build` calls, checking that each
// leaves an arm64 Linux executable named bootstrap.
func TestFunctionsBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every function; skipped with -short")
	}
	root := repoRoot(t)

	var pkgs []string
	for _, f := range Functions {
		if _, err := os.Stat(filepath.Join(root, "functions", f.Dir, "main.go")); errors.Is(err, fs.ErrNotExist) {
			t.Logf("functions/%s/main.go does not exist yet: not built", f.Dir)
			continue
		}
		pkgs = append(pkgs, "./functions/"+f.Dir)
	}
	if len(pkgs) == 0 {
		t.Skip("no function has a main.go yet")
	}

	t.Run("go build", func(t *testing.T) {
		out := t.TempDir()
		args := append([]string{"build"}, lambdaBuildFlags...)
		args = append(args, "-o", out+string(filepath.Separator))
		args = append(args, pkgs...)
		run(t, root, lambdaBuildEnv, "go", args...)
		for _, p := range pkgs {
			checkBootstrap(t, filepath.Join(out, filepath.Base(p)))
		}
	})

	t.Run("make", func(t *testing.T) {
		targets, err := makeTargets(filepath.Join(root, "Makefile"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range Functions {
			target := "build-" + f.LogicalID
			if !targets[target] {
				t.Errorf("the Makefile has no target %s, which sam build calls", target)
				continue
			}
			if !slices.Contains(pkgs, "./functions/"+f.Dir) {
				continue
			}
			artifacts := t.TempDir()
			run(t, root, nil, "make", "--no-print-directory", target, "ARTIFACTS_DIR="+artifacts)
			checkBootstrap(t, filepath.Join(artifacts, "bootstrap"))
		}
	})
}

// run runs a command in dir with extra environment, failing the test with
// its output if it fails.
func run(t *testing.T, dir string, env []string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// checkBootstrap checks that path is an executable for Lambda's arm64
// Linux.
func checkBootstrap(t *testing.T, path string) {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Errorf("%s is not an ELF executable: %v", path, err)
		return
	}
	defer f.Close()
	if f.Machine != elf.EM_AARCH64 || f.Type != elf.ET_EXEC {
		t.Errorf("%s is %v %v, want an arm64 executable", path, f.Machine, f.Type)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode()&0o111 == 0 {
		t.Errorf("%s is not executable", path)
	}
}

// makeTargets returns the explicit targets a Makefile defines.
func makeTargets(path string) (map[string]bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	targets := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '\t' || line[0] == '#' {
			continue
		}
		head, rest, ok := strings.Cut(line, ":")
		if !ok || strings.ContainsAny(head, "=%$") {
			continue
		}
		if strings.HasPrefix(rest, "=") || strings.HasPrefix(rest, ":=") {
			continue // an assignment: X := y, X ::= y
		}
		for _, name := range strings.Fields(head) {
			targets[name] = true
		}
	}
	return targets, sc.Err()
}

// TestMakeTargets pins down how Makefile targets are read.
func TestMakeTargets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Makefile")
	src := "GO := go\nX ::= y\nY := z\ndouble:: x\n.PHONY: a\nbuild-A build-B: dep\n\tgo build\n# c: d\n%.o: %.c\nrun:\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := makeTargets(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{".PHONY", "build-A", "build-B", "run", "double"} {
		if !got[want] {
			t.Errorf("makeTargets missed %s", want)
		}
	}
	for _, not := range []string{"GO", "X", "Y", "c", "%.o", "go"} {
		if got[not] {
			t.Errorf("makeTargets took %s for a target", not)
		}
	}
}
