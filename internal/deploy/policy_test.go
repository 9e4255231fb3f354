package deploy

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// statement is one IAM policy statement of a function's role.
type statement struct {
	sid       string
	effect    string
	actions   []string
	resources []any
}

// grants reports whether s allows action on resource; a nil resource
// matches any.
func (s statement) grants(action string, resource any) bool {
	if s.effect != "Allow" || !slices.ContainsFunc(s.actions, func(a string) bool {
		return strings.EqualFold(a, action)
	}) {
		return false
	}
	return resource == nil || slices.ContainsFunc(s.resources, func(r any) bool {
		return reflect.DeepEqual(r, resource)
	})
}

// starResourceActions may be granted on Resource "*": an SMS is published
// to a phone number, which has no ARN.
var starResourceActions = []string{"sns:Publish"}

// functionRole returns the name of the role a function runs as, failing
// the test unless it is a role of the template.
func functionRole(t *testing.T, tpl template, fn string) string {
	t.Helper()
	role, attr, ok := getAttOf(get(tpl.resource(t, fn), "Properties", "Role"))
	if !ok || attr != "Arn" {
		t.Fatalf("%s: Role is not !GetAtt <role>.Arn", fn)
	}
	if typ := get(tpl.resource(t, role), "Type"); typ != "AWS::IAM::Role" {
		t.Fatalf("%s: Role names %s, a %v", fn, role, typ)
	}
	return role
}

// roleStatements returns the statements of a role's one inline policy.
func roleStatements(t *testing.T, tpl template, role string) []statement {
	t.Helper()
	props, _ := get(tpl.resource(t, role), "Properties").(map[string]any)
	if props["ManagedPolicyArns"] != nil || props["PermissionsBoundary"] != nil {
		t.Errorf("%s: has managed policies; all of its permissions belong in its one inline policy", role)
	}
	policies := list(props["Policies"])
	if len(policies) != 1 {
		t.Fatalf("%s: has %d inline policies, want exactly one", role, len(policies))
	}
	trust := list(get(props, "AssumeRolePolicyDocument", "Statement"))
	if len(trust) != 1 || get(trust[0], "Principal", "Service") != "lambda.amazonaws.com" ||
		get(trust[0], "Action") != "sts:AssumeRole" {
		t.Errorf("%s: only lambda.amazonaws.com may assume it, and nothing else", role)
	}

	var out []statement
	for i, raw := range list(get(policies[0], "PolicyDocument", "Statement")) {
		m, _ := raw.(map[string]any)
		for _, k := range []string{"NotAction", "NotResource", "NotPrincipal"} {
			if m[k] != nil {
				t.Errorf("%s statement %d uses %s; name what is allowed instead", role, i, k)
			}
		}
		actions, ok := strs(m["Action"])
		if !ok || len(actions) == 0 {
			t.Errorf("%s statement %d: Action is not a string or a list of strings", role, i)
		}
		sid, _ := m["Sid"].(string)
		effect, _ := m["Effect"].(string)
		out = append(out, statement{sid: sid, effect: effect, actions: actions, resources: list(m["Resource"])})
	}
	return out
}

// TestFunctionPolicies checks each function's role: its own, with one
// inline policy that allows every action its code calls and nothing more
// than those and what Lambda needs to run it, never an action with '*',
// and Resource "*" only where IAM allows nothing narrower.
func TestFunctionPolicies(t *testing.T) {
	tpl := mustLoad(t)
	users := map[string][]string{} // role -> functions
	for _, f := range Functions {
		role := functionRole(t, tpl, f.LogicalID)
		users[role] = append(users[role], f.LogicalID)
	}
	for role, fns := range users {
		if len(fns) != 1 {
			t.Errorf("%s is shared by %v; each function needs its own", role, fns)
		}
	}

	for _, f := range Functions {
		t.Run(f.LogicalID, func(t *testing.T) {
			role := functionRole(t, tpl, f.LogicalID)
			stmts := roleStatements(t, tpl, role)
			platform := platformGrants(t, tpl, f)

			granted := map[string]bool{}
			for _, s := range stmts {
				for _, a := range s.actions {
					if strings.Contains(a, "*") {
						t.Errorf("statement %q allows %q: name each action", s.sid, a)
					}
					granted[strings.ToLower(a)] = true
				}
				if slices.Contains(s.resources, any("*")) {
					for _, a := range s.actions {
						if !slices.Contains(starResourceActions, a) {
							t.Errorf("statement %q allows %s on every resource", s.sid, a)
						}
					}
				}
			}

			// Everything the code calls is allowed.
			needed := map[string]bool{}
			for _, a := range FunctionActions[f.LogicalID] {
				needed[strings.ToLower(a)] = true
				if !slices.ContainsFunc(stmts, func(s statement) bool { return s.grants(a, nil) }) {
					t.Errorf("the code calls %s, which the policy does not allow", a)
				}
			}
			// Everything Lambda needs is allowed, on the resource it needs.
			for _, g := range platform {
				needed[strings.ToLower(g.action)] = true
				if !slices.ContainsFunc(stmts, func(s statement) bool { return s.grants(g.action, g.resource) }) {
					t.Errorf("Lambda needs %s on %v (%s), which the policy does not allow",
						g.action, g.resource, g.why)
				}
			}
			// And nothing else.
			for _, a := range sortedKeys(granted) {
				if !needed[a] {
					t.Errorf("the policy allows %s, which neither the code nor Lambda calls", a)
				}
			}
		})
	}
}

// A grant is an action on a resource that Lambda itself needs to run a
// function, rather than the function's code.
type grant struct {
	action   string
	resource any
	why      string
}

// platformGrants returns what Lambda needs for a function: writing its log
// group, and reading each of its stream and queue sources and sending to
// their on-failure destinations.
func platformGrants(t *testing.T, tpl template, f Function) []grant {
	t.Helper()
	logGroup := f.LogicalID[:len(f.LogicalID)-len("Function")] + "LogGroup"
	checkLogGroup(t, tpl, f, logGroup)
	logs := map[string]any{"Fn::GetAtt": []any{logGroup, "Arn"}}
	grants := []grant{
		{"logs:CreateLogStream", logs, "logs"},
		{"logs:PutLogEvents", logs, "logs"},
	}

	events, _ := get(tpl.resource(t, f.LogicalID), "Properties", "Events").(map[string]any)
	for _, name := range sortedKeys(events) {
		props := get(events[name], "Properties")
		switch get(events[name], "Type") {
		case "DynamoDB":
			stream := get(props, "Stream")
			res, attr, ok := getAttOf(stream)
			if !ok || attr != "StreamArn" {
				t.Fatalf("event %s: Stream is not !GetAtt <table>.StreamArn", name)
			}
			streams := map[string]any{"Fn::Sub": "${" + res + ".Arn}/stream/*"}
			grants = append(grants,
				grant{"dynamodb:DescribeStream", stream, "event " + name},
				grant{"dynamodb:GetRecords", stream, "event " + name},
				grant{"dynamodb:GetShardIterator", stream, "event " + name},
				grant{"dynamodb:ListStreams", streams, "event " + name})
		case "SQS":
			queue := get(props, "Queue")
			grants = append(grants,
				grant{"sqs:ReceiveMessage", queue, "event " + name},
				grant{"sqs:DeleteMessage", queue, "event " + name},
				grant{"sqs:GetQueueAttributes", queue, "event " + name})
		case "Schedule", "ScheduleV2", "SNS":
			// EventBridge or SNS invokes the function, as the permission
			// SAM adds to the function allows; its role needs nothing.
		default:
			t.Errorf("event %s: no rule for what Lambda needs for a %v source; add one",
				name, get(events[name], "Type"))
		}
		if dest := get(props, "DestinationConfig", "OnFailure"); dest != nil {
			if get(dest, "Type") != "SQS" {
				t.Errorf("event %s: on-failure destination is not an SQS queue", name)
			}
			grants = append(grants, grant{"sqs:SendMessage", get(dest, "Destination"), "on-failure " + name})
		}
	}

	// Lambda sends an asynchronous invocation that failed every attempt
	// to its on-failure destination, as the function's role.
	if dest := get(tpl.resource(t, f.LogicalID), "Properties", "EventInvokeConfig",
		"DestinationConfig", "OnFailure"); dest != nil {
		if get(dest, "Type") != "SQS" {
			t.Errorf("EventInvokeConfig: on-failure destination is not an SQS queue")
		}
		grants = append(grants, grant{"sqs:SendMessage", get(dest, "Destination"),
			"asynchronous on-failure"})
	}
	return grants
}

// checkLogGroup checks that a function writes to the log group its policy
// names: /aws/lambda/<its FunctionName>.
func checkLogGroup(t *testing.T, tpl template, f Function, logGroup string) {
	t.Helper()
	fnName, ok := subString(get(tpl.resource(t, f.LogicalID), "Properties", "FunctionName"))
	if want := "${AWS::StackName}-" + f.Dir; !ok || fnName != want {
		t.Errorf("FunctionName is %q, want !Sub %q", fnName, want)
	}
	lgName, _ := subString(get(tpl.resource(t, logGroup), "Properties", "LogGroupName"))
	if want := "/aws/lambda/" + fnName; lgName != want {
		t.Errorf("%s is named %q, want %q, the group Lambda writes to", logGroup, lgName, want)
	}
	if get(tpl.resource(t, logGroup), "Properties", "RetentionInDays") == nil {
		t.Errorf("%s keeps logs forever; set RetentionInDays", logGroup)
	}
}

// TestNoWildcardActions checks every policy document of the template, not
// only the functions': no statement allows or denies an action with '*'.
func TestNoWildcardActions(t *testing.T) {
	tpl := mustLoad(t)
	var n int
	var walk func(at string, v any)
	walk = func(at string, v any) {
		switch x := v.(type) {
		case []any:
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", at, i), e)
			}
		case map[string]any:
			if stmts, ok := x["Statement"]; ok {
				for i, s := range list(stmts) {
					n++
					actions, _ := strs(get(s, "Action"))
					for _, a := range actions {
						if strings.Contains(a, "*") {
							t.Errorf("%s.Statement[%d] names action %q", at, i, a)
						}
					}
				}
			}
			for _, k := range sortedKeys(x) {
				walk(at+"."+k, x[k])
			}
		}
	}
	walk("Resources", tpl["Resources"])
	if n < 2*len(Functions) {
		t.Fatalf("found only %d policy statements; the walk is broken", n)
	}
}

// TestStatementGrants pins down how statements are matched.
func TestStatementGrants(t *testing.T) {
	table := map[string]any{"Fn::GetAtt": []any{"Table", "Arn"}}
	s := statement{effect: "Allow", actions: []string{"dynamodb:GetItem"}, resources: []any{table}}
	if !s.grants("dynamodb:getitem", table) || !s.grants("dynamodb:GetItem", nil) {
		t.Error("statement does not grant its own action")
	}
	if s.grants("dynamodb:PutItem", nil) {
		t.Error("statement grants an action it does not name")
	}
	if s.grants("dynamodb:GetItem", map[string]any{"Fn::GetAtt": []any{"Other", "Arn"}}) {
		t.Error("statement grants on a resource it does not name")
	}
	s.effect = "Deny"
	if s.grants("dynamodb:GetItem", nil) {
		t.Error("a Deny statement grants")
	}
}
