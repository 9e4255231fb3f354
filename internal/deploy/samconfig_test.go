package deploy

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestSamconfig checks that samconfig.toml deploys the template with
// the capabilities it needs and a value for every parameter without a
// default, naming only parameters the template has.
func TestSamconfig(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "samconfig.toml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := string(b)
	for _, want := range []string{
		`stack_name = "herald"`, `capabilities = "CAPABILITY_IAM"`,
		`resolve_s3 = true`, `confirm_changeset = true`,
	} {
		if !strings.Contains(cfg, want) {
			t.Errorf("samconfig.toml lacks %s", want)
		}
	}

	m := regexp.MustCompile(`(?m)^parameter_overrides = '([^']*)'$`).FindStringSubmatch(cfg)
	if m == nil {
		t.Fatal("samconfig.toml has no parameter_overrides = '...' line")
	}
	var given []string
	for _, kv := range regexp.MustCompile(`(\w+)="[^"]*"`).FindAllStringSubmatch(m[1], -1) {
		given = append(given, kv[1])
	}
	params := mustLoad(t).section("Parameters")
	for _, name := range given {
		if params[name] == nil {
			t.Errorf("samconfig.toml sets %s, which the template does not take", name)
		}
	}
	for name, p := range params {
		if get(p, "Default") == nil && !slices.Contains(given, name) {
			t.Errorf("samconfig.toml gives no value for %s, which has no default", name)
		}
	}
	for _, addr := range regexp.MustCompile(`[^"\s=]+@[^"\s]+`).FindAllString(m[1], -1) {
		if !strings.HasSuffix(addr, "@example.com") {
			t.Errorf("samconfig.toml's example address %s is not at example.com", addr)
		}
	}
}
