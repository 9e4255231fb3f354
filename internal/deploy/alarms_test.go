package deploy

import (
	"testing"
)

// TestAlarmsTriggers checks how CloudWatch alarms reach the alarms
// function and how it settles alert groups: a topic of the stack, whose
// ARN the stack reports so that users can point their alarms at it; a
// tick every minute; and retries that end in a queue, not in nothing.
func TestAlarmsTriggers(t *testing.T) {
	tpl := mustLoad(t)
	const fn = "AlarmsFunction"

	sns := onlyEvent(t, tpl, fn, "SNS")
	topic, _ := get(sns, "Topic", "Ref").(string)
	if typ := get(tpl.section("Resources"), topic, "Type"); typ != "AWS::SNS::Topic" {
		t.Fatalf("the SNS event's Topic is %v, want !Ref to a topic of the stack", get(sns, "Topic"))
	}
	if topic == "AlarmTopic" {
		t.Error("the function reads the topic of Herald's own alarms; tools need one of their own")
	}
	if !refTo(get(tpl.section("Outputs"), "CloudWatchAlarmsTopicArn", "Value"), topic) {
		t.Errorf("output CloudWatchAlarmsTopicArn is not %s", topic)
	}
	if !refTo(get(tpl.resource(t, fn), "Properties", "Environment", "Variables",
		EnvCloudWatchIntegration), "CloudWatchIntegration") {
		t.Errorf("%s is not the CloudWatchIntegration parameter", EnvCloudWatchIntegration)
	}

	sched := onlyEvent(t, tpl, fn, "Schedule")
	if get(sched, "Schedule") != "rate(1 minute)" {
		t.Errorf("schedule = %v, want rate(1 minute)", get(sched, "Schedule"))
	}
	timeout, ok := toInt(tpl.functionProp(t, fn, "Timeout"))
	if !ok || timeout >= 60 {
		t.Errorf("Timeout = %v, want under the schedule's minute", tpl.functionProp(t, fn, "Timeout"))
	}

	async := get(tpl.resource(t, fn), "Properties", "EventInvokeConfig")
	if n, ok := toInt(get(async, "MaximumRetryAttempts")); !ok || n < 1 {
		t.Errorf("MaximumRetryAttempts = %v, want Lambda to try a failed alarm again",
			get(async, "MaximumRetryAttempts"))
	}
	queue, _, ok := getAttOf(get(async, "DestinationConfig", "OnFailure", "Destination"))
	if !ok || get(tpl.resource(t, queue), "Type") != "AWS::SQS::Queue" {
		t.Errorf("on-failure destination = %v, want a queue of the stack",
			get(async, "DestinationConfig"))
	}
}

// TestReviewMail checks that review mail is optional and goes from the
// one sender the policies allow, in both functions that open drafts.
func TestReviewMail(t *testing.T) {
	tpl := mustLoad(t)
	if p := get(tpl.section("Parameters"), "ReviewEmail"); p == nil || get(p, "Default") != "" {
		t.Errorf("parameter ReviewEmail = %v, want one that defaults to empty", p)
	}
	if get(tpl.section("Parameters"), "CloudWatchIntegration", "Default") != "" {
		t.Error("parameter CloudWatchIntegration is not optional")
	}
	for _, fn := range []string{"IncidentsFunction", "AlarmsFunction"} {
		vars := get(tpl.resource(t, fn), "Properties", "Environment", "Variables")
		if !refTo(get(vars, EnvReviewEmail), "ReviewEmail") ||
			!refTo(get(vars, EnvEmailFrom), "SenderAddress") {
			t.Errorf("%s: %s and %s are not ReviewEmail and SenderAddress", fn,
				EnvReviewEmail, EnvEmailFrom)
		}
		role := functionRole(t, tpl, fn)
		policies := list(get(tpl.resource(t, role), "Properties", "Policies"))
		for _, s := range list(get(policies[0], "PolicyDocument", "Statement")) {
			actions, _ := strs(get(s, "Action"))
			for _, a := range actions {
				if a == "ses:SendEmail" && !refTo(get(s, "Condition", "StringEquals",
					"ses:FromAddress"), "SenderAddress") {
					t.Errorf("%s may send e-mail from any address", role)
				}
			}
		}
	}
}
