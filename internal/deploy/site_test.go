package deploy

import (
	"slices"
	"strings"
	"testing"
)

// Managed CloudFront policies the distribution uses; their IDs are the
// same in every account.
const (
	cachingDisabled           = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
	allViewerExceptHostHeader = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
)

// TestSiteBucketIsPrivate checks that only the distribution can read the
// site's bucket.
func TestSiteBucketIsPrivate(t *testing.T) {
	tpl := mustLoad(t)
	bucket := get(tpl.resource(t, "SiteBucket"), "Properties")
	for _, k := range []string{"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"} {
		if get(bucket, "PublicAccessBlockConfiguration", k) != true {
			t.Errorf("SiteBucket %s is not true", k)
		}
	}
	if get(bucket, "BucketEncryption", "ServerSideEncryptionConfiguration", 0,
		"ServerSideEncryptionByDefault", "SSEAlgorithm") == nil {
		t.Error("SiteBucket sets no default encryption")
	}

	var policies []string
	for _, name := range tpl.resourcesOfType("AWS::S3::BucketPolicy") {
		if refTo(get(tpl.resource(t, name), "Properties", "Bucket"), "SiteBucket") {
			policies = append(policies, name)
		}
	}
	if len(policies) != 1 {
		t.Fatalf("SiteBucket has %d bucket policies, want 1", len(policies))
	}
	var readers int
	for i, s := range list(get(tpl.resource(t, policies[0]), "Properties", "PolicyDocument", "Statement")) {
		if get(s, "Effect") != "Allow" {
			continue
		}
		if get(s, "Principal", "Service") != "cloudfront.amazonaws.com" || get(s, "Action") != "s3:GetObject" {
			t.Errorf("statement %d allows %v to %v; only CloudFront may read", i, get(s, "Principal"), get(s, "Action"))
			continue
		}
		src, _ := subString(get(s, "Condition", "StringEquals", "AWS:SourceArn"))
		if !strings.Contains(src, ":distribution/${SiteDistribution}") {
			t.Errorf("statement %d lets any distribution read: AWS:SourceArn = %q", i, src)
		}
		readers++
	}
	if readers != 1 {
		t.Errorf("%d statements let CloudFront read, want 1", readers)
	}
}

// TestDistribution checks the origins and caching of the site and API.
func TestDistribution(t *testing.T) {
	tpl := mustLoad(t)
	cfg := get(tpl.resource(t, "SiteDistribution"), "Properties", "DistributionConfig")

	origins := map[string]any{}
	for _, o := range list(get(cfg, "Origins")) {
		id, _ := get(o, "Id").(string)
		origins[id] = o
	}
	var s3Origin, apiOrigin string
	for id, o := range origins {
		if res, attr, _ := getAttOf(get(o, "DomainName")); res == "SiteBucket" && attr == "RegionalDomainName" {
			s3Origin = id
			oac, _, ok := getAttOf(get(o, "OriginAccessControlId"))
			if !ok || get(tpl.resource(t, oac), "Type") != "AWS::CloudFront::OriginAccessControl" {
				t.Errorf("origin %s reads the bucket without origin access control", id)
			} else if get(tpl.resource(t, oac), "Properties", "OriginAccessControlConfig", "SigningBehavior") != "always" {
				t.Errorf("%s does not always sign requests", oac)
			}
			if get(o, "S3OriginConfig", "OriginAccessIdentity") != "" {
				t.Errorf("origin %s uses a legacy origin access identity", id)
			}
		}
		if s, _ := subString(get(o, "DomainName")); strings.HasPrefix(s, "${HttpApi}.execute-api.") {
			apiOrigin = id
			if get(o, "CustomOriginConfig", "OriginProtocolPolicy") != "https-only" {
				t.Errorf("origin %s is reached over plain HTTP", id)
			}
		}
	}
	if s3Origin == "" || apiOrigin == "" {
		t.Fatalf("origins %v: want the site bucket and the HTTP API", sortedKeys(origins))
	}

	behaviors := map[string]any{"default": get(cfg, "DefaultCacheBehavior")}
	for _, b := range list(get(cfg, "CacheBehaviors")) {
		p, _ := get(b, "PathPattern").(string)
		behaviors[p] = b
	}
	for p, b := range behaviors {
		if get(b, "ViewerProtocolPolicy") == "allow-all" {
			t.Errorf("behavior %s serves plain HTTP", p)
		}
		if get(b, "ForwardedValues") != nil || get(b, "DefaultTTL") != nil {
			t.Errorf("behavior %s uses legacy cache settings; use a cache policy", p)
		}
	}

	// Pages and JSON: from the bucket, at most a minute old.
	for _, p := range []string{"default", "/api/*", "*.json"} {
		b := behaviors[p]
		if b == nil {
			t.Errorf("no cache behavior %s", p)
			continue
		}
		if get(b, "TargetOriginId") != s3Origin {
			t.Errorf("behavior %s is not served from the site bucket", p)
		}
		if maxTTL, ok := cachePolicyMaxTTL(t, tpl, get(b, "CachePolicyId")); !ok || maxTTL > 60 {
			t.Errorf("behavior %s may cache for %d s; pages and JSON must be at most 60 s old", p, maxTTL)
		}
	}
	// Static assets: longer.
	var assets int
	for _, p := range []string{"*.css", "*.js", "*.png"} {
		if b := behaviors[p]; b != nil {
			assets++
			if maxTTL, _ := cachePolicyMaxTTL(t, tpl, get(b, "CachePolicyId")); maxTTL <= 60 {
				t.Errorf("behavior %s caches static assets only %d s", p, maxTTL)
			}
		}
	}
	if assets == 0 {
		t.Error("no cache behavior for static assets")
	}

	// The API: never cached, every method, the caller's headers passed on.
	api := behaviors["/v1/*"]
	if get(api, "TargetOriginId") != apiOrigin {
		t.Fatalf("/v1/* is not served by the API origin")
	}
	if get(api, "CachePolicyId") != cachingDisabled || get(api, "OriginRequestPolicyId") != allViewerExceptHostHeader {
		t.Error("/v1/* must use CachingDisabled and AllViewerExceptHostHeader")
	}
	methods, _ := strs(get(api, "AllowedMethods"))
	for _, m := range []string{"GET", "POST", "PATCH", "PUT", "DELETE"} {
		if !slices.Contains(methods, m) {
			t.Errorf("/v1/* does not allow %s", m)
		}
	}
	if get(api, "ViewerProtocolPolicy") != "https-only" {
		t.Error("/v1/* redirects HTTP, which turns a POST into a GET; use https-only")
	}
}

// cachePolicyMaxTTL returns the MaxTTL of a cache policy of the template.
func cachePolicyMaxTTL(t *testing.T, tpl template, id any) (int, bool) {
	t.Helper()
	m, ok := id.(map[string]any)
	name, isRef := m["Ref"].(string)
	if !ok || !isRef {
		t.Errorf("cache policy %v is not one of the template's", id)
		return 0, false
	}
	if get(tpl.resource(t, name), "Type") != "AWS::CloudFront::CachePolicy" {
		t.Errorf("%s is not a cache policy", name)
		return 0, false
	}
	return toInt(get(tpl.resource(t, name), "Properties", "CachePolicyConfig", "MaxTTL"))
}

// TestAlarms checks that every function's errors and every queue that
// holds given-up work raise an alarm mailed to AlarmEmail.
func TestAlarms(t *testing.T) {
	tpl := mustLoad(t)
	topics := map[string]bool{}
	for _, name := range tpl.resourcesOfType("AWS::SNS::Subscription") {
		p := get(tpl.resource(t, name), "Properties")
		if get(p, "Protocol") == "email" && refTo(get(p, "Endpoint"), "AlarmEmail") {
			topic, _ := get(p, "TopicArn", "Ref").(string)
			topics[topic] = true
		}
	}
	if len(topics) == 0 {
		t.Fatal("no topic mails AlarmEmail")
	}

	// Queues that hold work given up on: dead-letter queues and on-failure
	// destinations.
	var holding []string
	for _, q := range tpl.resourcesOfType("AWS::SQS::Queue") {
		if dlq, _, ok := getAttOf(get(tpl.resource(t, q), "Properties", "RedrivePolicy", "deadLetterTargetArn")); ok {
			holding = append(holding, dlq)
		}
	}
	for _, f := range Functions {
		for _, e := range functionEvents(t, tpl, f.LogicalID, "DynamoDB") {
			if q, _, ok := getAttOf(get(e, "DestinationConfig", "OnFailure", "Destination")); ok {
				holding = append(holding, q)
			}
		}
		if q, _, ok := getAttOf(get(tpl.resource(t, f.LogicalID), "Properties",
			"EventInvokeConfig", "DestinationConfig", "OnFailure", "Destination")); ok {
			holding = append(holding, q)
		}
	}
	if len(holding) < 2 {
		t.Errorf("found dead-letter and failure queues %v, want the webhook DLQ and the fan-out's", holding)
	}

	alarmed := map[string]bool{}
	for _, name := range tpl.resourcesOfType("AWS::CloudWatch::Alarm") {
		p := get(tpl.resource(t, name), "Properties")
		if !slices.ContainsFunc(list(get(p, "AlarmActions")), func(a any) bool {
			topic, _ := get(a, "Ref").(string)
			return topics[topic]
		}) {
			t.Errorf("%s notifies nobody", name)
		}
		dim := get(p, "Dimensions", 0, "Value")
		switch get(p, "MetricName") {
		case "Errors":
			if fn, ok := get(dim, "Ref").(string); ok {
				alarmed["errors "+fn] = true
			}
		case "ApproximateNumberOfMessagesVisible":
			if q, attr, ok := getAttOf(dim); ok && attr == "QueueName" {
				alarmed["depth "+q] = true
			}
		}
	}
	for _, f := range Functions {
		if !alarmed["errors "+f.LogicalID] {
			t.Errorf("no alarm on %s's Errors", f.LogicalID)
		}
	}
	for _, q := range holding {
		if !alarmed["depth "+q] {
			t.Errorf("no alarm on the depth of %s", q)
		}
	}
}

// TestParametersAndOutputs checks the stack's inputs and what it reports.
func TestParametersAndOutputs(t *testing.T) {
	tpl := mustLoad(t)
	for _, p := range []string{"SiteName", "DomainName", "CertificateArn", "SenderAddress", "AlarmEmail"} {
		if tpl.section("Parameters")[p] == nil {
			t.Errorf("no parameter %s", p)
		}
	}
	for _, p := range []string{"DomainName", "CertificateArn"} {
		if get(tpl.section("Parameters"), p, "Default") != "" {
			t.Errorf("parameter %s is not optional", p)
		}
	}
	outputs := tpl.section("Outputs")
	for _, o := range []string{"SiteUrl", "ApiUrl", "TableName", "WebhookRetryQueueUrl",
		"WebhookDeadLetterQueueUrl", "FanoutFailureQueueUrl"} {
		if outputs[o] == nil {
			t.Errorf("no output %s", o)
		}
	}
	if !refTo(get(outputs, "TableName", "Value"), "Table") {
		t.Error("output TableName is not the table")
	}
}
