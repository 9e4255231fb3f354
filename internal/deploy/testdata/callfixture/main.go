// Command callfixture is a main for TestCallAnalysis: each AWS call in it
// is either reachable from main, and must be found, or not, and must not.
package main

import (
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// sender is a module interface over an SDK client: calling it is a call.
type sender interface {
	SendMessage(context.Context, *sqs.SendMessageInput, ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
}

// handlers is built at start; its functions run only if it is used.
var handlers = map[string]func(context.Context) error{
	"upload": upload,
	"made":   makeHandler(),
}

func makeHandler() func(context.Context) error {
	return func(ctx context.Context) error { return publish(ctx) }
}

func upload(ctx context.Context) error { // unreachable: handlers is unused
	_, err := s3.New(s3.Options{}).PutObject(ctx, &s3.PutObjectInput{})
	return err
}

func publish(ctx context.Context) error { // unreachable: only makeHandler's closure calls it
	_, err := sns.New(sns.Options{}).Publish(ctx, &sns.PublishInput{})
	return err
}

// mailer is reached only by net/http, through http.Handler.
type mailer struct{}

func (mailer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sesv2.New(sesv2.Options{}).SendEmail(r.Context(), &sesv2.SendEmailInput{})
}

func main() {
	ctx := context.Background()
	db := dynamodb.New(dynamodb.Options{})
	db.GetItem(ctx, &dynamodb.GetItemInput{})
	db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Delete: &types.Delete{TableName: aws.String("t")}},
	}})
	var s sender = sqs.New(sqs.Options{})
	s.SendMessage(ctx, &sqs.SendMessageInput{})
	http.Handle("/", mailer{})
	lambda.Start(func(ctx context.Context) error {
		_, err := cloudfront.New(cloudfront.Options{}).CreateInvalidation(ctx, &cloudfront.CreateInvalidationInput{})
		return err
	})
}
