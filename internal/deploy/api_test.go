package deploy

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// apiRoutes returns the HTTP API's routes: path to the logical id of the
// function its integration invokes.
func apiRoutes(t *testing.T, tpl template) map[string]string {
	t.Helper()
	body := get(tpl.resource(t, "HttpApi"), "Properties", "Body")
	byDir := map[string]string{}
	for _, f := range Functions {
		byDir[f.Dir] = f.LogicalID
	}

	routes := map[string]string{}
	paths, _ := get(body, "paths").(map[string]any)
	for path, item := range paths {
		methods, _ := item.(map[string]any)
		for method, op := range methods {
			integ := get(op, "x-amazon-apigateway-integration")
			if ref, ok := get(integ, "$ref").(string); ok {
				name, found := strings.CutPrefix(ref, "#/components/x-amazon-apigateway-integrations/")
				if !found {
					t.Fatalf("%s %s: integration $ref %q is not a component", method, path, ref)
				}
				integ = get(body, "components", "x-amazon-apigateway-integrations", name)
			}
			if integ == nil {
				t.Fatalf("%s %s has no integration", method, path)
			}
			if get(integ, "type") != "aws_proxy" || get(integ, "payloadFormatVersion") != "2.0" {
				t.Errorf("%s %s: integration is not aws_proxy with payload 2.0, which "+
					"awslambda.HTTP decodes", method, path)
			}
			uri, _ := subString(get(integ, "uri"))
			const prefix = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${AWS::StackName}-"
			dir, ok := strings.CutPrefix(uri, prefix)
			if !ok || byDir[dir] == "" {
				t.Fatalf("%s %s: integration uri %q names none of the stack's functions", method, path, uri)
			}
			if prev, dup := routes[path]; dup && prev != byDir[dir] {
				t.Errorf("%s goes to both %s and %s", path, prev, byDir[dir])
			}
			routes[path] = byDir[dir]
		}
	}
	return routes
}

// routeFor returns the function the API sends a request path to, as API
// Gateway matches routes: an exact path, or the longest {proxy+} prefix.
func routeFor(routes map[string]string, path string) string {
	if fn, ok := routes[path]; ok {
		return fn
	}
	best, fn := "", ""
	for r, f := range routes {
		prefix, ok := strings.CutSuffix(r, "{proxy+}")
		if ok && strings.HasPrefix(path, prefix) && len(path) > len(prefix) && len(prefix) > len(best) {
			best, fn = prefix, f
		}
	}
	return fn
}

// TestAPIRoutes checks that each prefix of the API reaches its function,
// and that API Gateway may invoke each function it routes to.
func TestAPIRoutes(t *testing.T) {
	tpl := mustLoad(t)
	routes := apiRoutes(t, tpl)
	want := map[string]string{
		"/healthz":                      "IncidentsFunction",
		"/v1/openapi.yaml":              "IncidentsFunction",
		"/v1/components":                "IncidentsFunction",
		"/v1/components/c1":             "IncidentsFunction",
		"/v1/incidents":                 "IncidentsFunction",
		"/v1/incidents/i1/updates":      "IncidentsFunction",
		"/v1/integrations":              "IncidentsFunction",
		"/v1/integrations/alertmanager": "IncidentsFunction",
		"/v1/subscribers":               "SubscriptionsFunction",
		"/v1/subscribers/s1":            "SubscriptionsFunction",
		"/v1/subscriptions":             "SubscriptionsFunction",
		"/v1/subscriptions/confirm":     "SubscriptionsFunction",
		"/api/v2/summary.json":          "StatusFunction",
		"/v1/other":                     "",
		"/v1/componentsx":               "",
	}
	for path, fn := range want {
		if got := routeFor(routes, path); got != fn {
			t.Errorf("%s goes to %q, want %q", path, got, fn)
		}
	}

	for _, fn := range slices.Compact(slices.Sorted(maps.Values(routes))) {
		if !hasAPIPermission(t, tpl, fn) {
			t.Errorf("no AWS::Lambda::Permission lets the HTTP API invoke %s", fn)
		}
	}
}

// hasAPIPermission reports whether the template lets the HTTP API invoke a
// function.
func hasAPIPermission(t *testing.T, tpl template, fn string) bool {
	for _, name := range tpl.resourcesOfType("AWS::Lambda::Permission") {
		p := get(tpl.resource(t, name), "Properties")
		src, _ := subString(get(p, "SourceArn"))
		if refTo(get(p, "FunctionName"), fn) && get(p, "Action") == "lambda:InvokeFunction" &&
			get(p, "Principal") == "apigateway.amazonaws.com" && strings.Contains(src, ":${HttpApi}/") {
			return true
		}
	}
	return false
}

// TestAPIServesDocumentedPaths checks that every path of the API's own
// OpenAPI document reaches a function through API Gateway, so that a new
// endpoint is not a 404 in AWS only.
func TestAPIServesDocumentedPaths(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "internal", "httpapi", "openapi.yaml"))
	if err != nil {
		t.Skipf("no OpenAPI document: %v", err)
	}
	var doc struct {
		Paths map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Paths) == 0 {
		t.Fatal("the OpenAPI document has no paths")
	}
	routes := apiRoutes(t, mustLoad(t))
	for path := range doc.Paths {
		if path == "/" {
			continue // the site's pages come from S3 through CloudFront
		}
		concrete := strings.NewReplacer("{id}", "x1", "{source}", "generic").Replace(path)
		if strings.Contains(concrete, "{") {
			t.Errorf("%s: give this test an example value for its parameter", path)
		} else if routeFor(routes, concrete) == "" {
			t.Errorf("%s is in the OpenAPI document but no API route reaches it", path)
		}
	}
}
