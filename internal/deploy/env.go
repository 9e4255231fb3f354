package deploy

// The environment variables the functions read. Each is set in
// template.yaml only for the functions that FunctionEnv lists it under.
const (
	// EnvTable names the DynamoDB table.
	EnvTable = "HERALD_TABLE"
	// EnvPageName is the status page's name, as people see it.
	EnvPageName = "HERALD_PAGE_NAME"
	// EnvPublicURL is the site's address, https and no trailing slash.
	// CloudFront serves the API under it too, at /v1/.
	EnvPublicURL = "HERALD_PUBLIC_URL"
	// EnvEmailFrom is the sender address verified in SES, without a
	// display name.
	EnvEmailFrom = "HERALD_EMAIL_FROM"
	// EnvSiteBucket names the S3 bucket the site is rendered into.
	EnvSiteBucket = "HERALD_SITE_BUCKET"
	// EnvDistributionID is the CloudFront distribution in front of the
	// site, whose cache the renderer invalidates.
	EnvDistributionID = "HERALD_DISTRIBUTION_ID"
	// EnvWebhookQueueURL is the SQS queue that holds webhook retries.
	EnvWebhookQueueURL = "HERALD_WEBHOOK_QUEUE_URL"
	// EnvWebhookDeadLetterURL is the SQS queue of webhook deliveries given
	// up on after their last attempt.
	EnvWebhookDeadLetterURL = "HERALD_WEBHOOK_DLQ_URL"
	// EnvEmailRate and EnvSMSRate are the most e-mails and SMS the fan-out
	// sends a second, and the subscriptions function's confirmations too.
	EnvEmailRate = "HERALD_EMAIL_RATE"
	EnvSMSRate   = "HERALD_SMS_RATE"
	// EnvLinkKeySecret is the ARN of the Secrets Manager secret whose
	// SecretString is the HMAC key that signs subscriber links.
	EnvLinkKeySecret = "HERALD_LINK_KEY_SECRET"
	// EnvAdminKeySecret is the ARN of the Secrets Manager secret whose
	// SecretString is the bootstrap admin key.
	EnvAdminKeySecret = "HERALD_ADMIN_KEY_SECRET"
	// EnvReviewEmail is where each draft a monitoring tool opens is
	// e-mailed for review; empty, no review mail is sent.
	EnvReviewEmail = "HERALD_REVIEW_EMAIL"
	// EnvCloudWatchIntegration is the id of the cloudwatch integration
	// whose mapping applies to the alarms the alarms topic delivers.
	EnvCloudWatchIntegration = "HERALD_CLOUDWATCH_INTEGRATION"
)

// Function is one Lambda function of the stack.
type Function struct {
	LogicalID string // its resource name in template.yaml
	Dir       string // its main package: functions/<Dir>
}

// Functions lists every function of the stack. `sam build` calls the
// Makefile target build-<LogicalID>, which builds functions/<Dir> into
// $(ARTIFACTS_DIR)/bootstrap.
var Functions = []Function{
	{"IncidentsFunction", "incidents"},
	{"SubscriptionsFunction", "subscriptions"},
	{"StatusFunction", "status"},
	{"FanoutFunction", "fanout"},
	{"WebhookRetryFunction", "webhookretry"},
	{"RendererFunction", "renderer"},
	{"AlarmsFunction", "alarms"},
}

// FunctionEnv lists, by logical id, the environment variables each
// function reads. The template sets exactly these for it.
var FunctionEnv = map[string][]string{
	"IncidentsFunction": {
		EnvTable, EnvAdminKeySecret,
		EnvReviewEmail, EnvEmailFrom, EnvPageName, EnvPublicURL,
	},
	"SubscriptionsFunction": {
		EnvTable, EnvAdminKeySecret, EnvPageName, EnvPublicURL, EnvEmailFrom, EnvLinkKeySecret,
		EnvEmailRate, EnvSMSRate,
	},
	"StatusFunction": {
		EnvTable, EnvPageName, EnvPublicURL,
	},
	"FanoutFunction": {
		EnvTable, EnvPageName, EnvPublicURL, EnvEmailFrom, EnvLinkKeySecret, EnvWebhookQueueURL,
		EnvEmailRate, EnvSMSRate,
	},
	"WebhookRetryFunction": {
		EnvTable, EnvPageName, EnvPublicURL, EnvLinkKeySecret, EnvWebhookQueueURL,
		EnvWebhookDeadLetterURL,
	},
	"RendererFunction": {
		EnvTable, EnvPageName, EnvPublicURL, EnvSiteBucket, EnvDistributionID,
	},
	"AlarmsFunction": {
		EnvTable, EnvCloudWatchIntegration,
		EnvReviewEmail, EnvEmailFrom, EnvPageName, EnvPublicURL,
	},
}

// FunctionActions lists, by logical id, the IAM actions of the AWS calls
// each function's code makes. A DynamoDB transaction is authorised item by
// item, so TransactWriteItems appears here as the PutItem and DeleteItem
// its items do. The actions Lambda itself needs (logs, reading a stream or
// queue, the on-failure destination) are not listed: the tests derive them
// from the function's event sources. The tests also follow each main's
// code to the AWS calls it can make and hold this list to them.
var FunctionActions = map[string][]string{
	"IncidentsFunction": {
		"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
		"dynamodb:DeleteItem", "dynamodb:Query",
		"ses:SendEmail",
		"secretsmanager:GetSecretValue",
	},
	"SubscriptionsFunction": {
		"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
		"dynamodb:Query",
		"ses:SendEmail",
		"sns:Publish",
		"secretsmanager:GetSecretValue",
	},
	"StatusFunction": {
		"dynamodb:GetItem", "dynamodb:Query",
	},
	"FanoutFunction": {
		"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query",
		"ses:SendEmail", "ses:SendBulkEmail",
		"sns:Publish",
		"sqs:SendMessage",
		"secretsmanager:GetSecretValue",
	},
	"WebhookRetryFunction": {
		"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query",
		"sqs:SendMessage",
		"secretsmanager:GetSecretValue",
	},
	"RendererFunction": {
		"dynamodb:Query",
		"s3:PutObject",
		"cloudfront:CreateInvalidation",
	},
	"AlarmsFunction": {
		"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
		"dynamodb:DeleteItem", "dynamodb:Query",
		"ses:SendEmail",
	},
}
