package ses

import (
	"context"
	"encoding/json"
	"net/mail"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/signedlink"
)

// MaxBatch is the most destinations SES takes in one SendBulkEmail call,
// and so the most notifications SendBatch sends at once.
const MaxBatch = 50

// SendBatch sends ns, notifications of one update to different e-mail
// subscribers, and returns one error for each, in order, meaning what
// Send's error would. Those that make the same message apart from their
// subscriber go out MaxBatch at a time through SendBulkEmail; any that
// cannot (another update, a link a template cannot carry) go one by one
// through Send. Each message still draws one token of the send rate.
func (s *Sender) SendBatch(ctx context.Context, ns []*herald.Notification) []error {
	errs := make([]error, len(ns))
	todo := make([]int, 0, len(ns))
	for i := range ns {
		todo = append(todo, i)
	}
	for len(todo) > 0 {
		first := todo[0]
		t, err := s.sentinels.render(ns[first], s.from)
		if err != nil {
			// No template: Send composes and reports each on its own.
			for _, i := range todo {
				errs[i] = s.Send(ctx, ns[i])
			}
			return errs
		}
		var same, rest []int
		for _, i := range todo {
			switch {
			case !sameMessage(ns[first], ns[i]):
				rest = append(rest, i)
			case !bulkable(ns[i], s.links(&ns[i].Subscriber)):
				errs[i] = s.Send(ctx, ns[i])
			default:
				same = append(same, i)
			}
		}
		for len(same) > 0 {
			chunk := same[:min(MaxBatch, len(same))]
			same = same[len(chunk):]
			s.sendBulk(ctx, t, ns, chunk, errs)
		}
		todo = rest
	}
	return errs
}

// bulkable reports whether n can be one destination of a bulk call.
func bulkable(n *herald.Notification, links signedlink.Links) bool {
	to, err := mail.ParseAddress(n.Subscriber.Address)
	return n.Subscriber.Type == herald.Email && err == nil && to.Name == "" &&
		to.Address == n.Subscriber.Address && bulkLink(links.Unsubscribe) && bulkLink(links.Manage)
}

// sendBulk sends template t to the subscribers of ns[chunk] in one call
// and sets their errors.
func (s *Sender) sendBulk(ctx context.Context, t *bulkTemplate, ns []*herald.Notification,
	chunk []int, errs []error) {
	for range chunk {
		if err := s.limiter.Wait(ctx); err != nil {
			setAll(errs, chunk, herald.Unavailable(err, "the SES send rate"))
			return
		}
	}

	entries := make([]types.BulkEmailEntry, len(chunk))
	for k, i := range chunk {
		links := s.links(&ns[i].Subscriber)
		data, _ := json.Marshal(map[string]string{ // strings always marshal
			"unsubscribe": links.Unsubscribe, "manage": links.Manage})
		entries[k] = types.BulkEmailEntry{
			Destination: &types.Destination{ToAddresses: []string{ns[i].Subscriber.Address}},
			ReplacementHeaders: []types.MessageHeader{
				header("List-Unsubscribe", "<"+links.Unsubscribe+">")},
			ReplacementEmailContent: &types.ReplacementEmailContent{
				ReplacementTemplate: &types.ReplacementTemplate{
					ReplacementTemplateData: aws.String(string(data))}},
		}
	}
	out, err := s.client.SendBulkEmail(ctx, &sesv2.SendBulkEmailInput{
		FromEmailAddress: aws.String(t.from),
		DefaultContent: &types.BulkEmailContent{Template: &types.Template{
			TemplateContent: &types.EmailTemplateContent{
				Subject: aws.String(t.subject), Text: aws.String(t.text), Html: aws.String(t.html)},
			TemplateData: aws.String("{}"),
			Headers: []types.MessageHeader{
				header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
				header("Auto-Submitted", "auto-generated"),
			},
		}},
		BulkEmailEntries: entries,
	})
	if err = classify(err); herald.ErrorCode(err) == herald.EUNPROCESSABLE {
		// Refused whole, as one bad destination may make it: nothing went,
		// so each goes alone and gets its own answer.
		for _, i := range chunk {
			errs[i] = s.Send(ctx, ns[i])
		}
		return
	}
	if err != nil {
		setAll(errs, chunk, err)
		return
	}
	if len(out.BulkEmailEntryResults) != len(chunk) {
		setAll(errs, chunk, herald.Unavailable(nil, "SES"))
		return
	}
	for k, i := range chunk {
		errs[i] = classifyEntry(out.BulkEmailEntryResults[k].Status, requestID(out.ResultMetadata))
	}
}

func header(name, value string) types.MessageHeader {
	return types.MessageHeader{Name: aws.String(name), Value: aws.String(value)}
}

func setAll(errs []error, idx []int, err error) {
	for _, i := range idx {
		errs[i] = err
	}
}
