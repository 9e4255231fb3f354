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

// SendBatch sends ns, notifications to different e-mail subscribers, and
// returns one error for each, in order, meaning what Send's error would.
// Those that make the same message apart from their subscriber (those of
// one update) go out MaxBatch at a time through SendBulkEmail; one that
// cannot go in a template (a link that would need escaping, a message
// package mail will not compose) goes alone through Send. Each message
// draws one token of the send rate.
func (s *Sender) SendBatch(ctx context.Context, ns []*herald.Notification) []error {
	b := &batch{ns: ns, links: make([]signedlink.Links, len(ns)), errs: make([]error, len(ns))}
	todo := make([]int, 0, len(ns))
	for i, n := range ns {
		b.links[i] = s.links(&n.Subscriber)
		todo = append(todo, i)
	}
	for len(todo) > 0 {
		first := todo[0]
		t, err := s.sentinels.render(ns[first], s.from)
		if err != nil {
			b.errs[first] = s.Send(ctx, ns[first]) // which says what is wrong
			todo = todo[1:]
			continue
		}
		var same, rest []int
		for _, i := range todo {
			switch {
			case !sameMessage(ns[first], ns[i]):
				rest = append(rest, i)
			case !bulkable(ns[i], b.links[i]):
				b.errs[i] = s.Send(ctx, ns[i])
			default:
				same = append(same, i)
			}
		}
		for len(same) > 0 {
			chunk := same[:min(MaxBatch, len(same))]
			same = same[len(chunk):]
			s.sendBulk(ctx, t, b, chunk)
		}
		todo = rest
	}
	return b.errs
}

// batch is the work of one SendBatch: the notifications, their links and
// their outcomes, all by the same index.
type batch struct {
	ns    []*herald.Notification
	links []signedlink.Links
	errs  []error
}

// set gives every notification in idx the outcome err.
func (b *batch) set(idx []int, err error) {
	for _, i := range idx {
		b.errs[i] = err
	}
}

// bulkable reports whether n can be one destination of a bulk call.
func bulkable(n *herald.Notification, links signedlink.Links) bool {
	to, err := mail.ParseAddress(n.Subscriber.Address)
	return n.Subscriber.Type == herald.Email && err == nil && to.Name == "" &&
		to.Address == n.Subscriber.Address && bulkLink(links.Unsubscribe) && bulkLink(links.Manage)
}

// sendBulk sends template t to the subscribers of chunk in one call and
// records their outcomes.
func (s *Sender) sendBulk(ctx context.Context, t *bulkTemplate, b *batch, chunk []int) {
	for range chunk {
		if err := s.limiter.Wait(ctx); err != nil {
			b.set(chunk, herald.Unavailable(err, "the SES send rate"))
			return
		}
	}
	out, err := s.client.SendBulkEmail(ctx, bulkInput(t, b, chunk))
	if err = classify(err); herald.ErrorCode(err) == herald.EUNPROCESSABLE {
		// Refused whole, as one bad destination may make it: nothing went,
		// so each goes alone and gets its own answer.
		for _, i := range chunk {
			b.errs[i] = s.Send(ctx, b.ns[i])
		}
		return
	}
	if err != nil {
		b.set(chunk, err)
		return
	}
	if len(out.BulkEmailEntryResults) != len(chunk) {
		b.set(chunk, herald.Unavailable(nil, "SES"))
		return
	}
	id := requestID(out.ResultMetadata)
	for k, i := range chunk {
		b.errs[i] = classifyEntry(out.BulkEmailEntryResults[k].Status, id)
	}
}

// bulkInput returns the call that sends t to the subscribers of chunk,
// each with its own links in the text and in List-Unsubscribe.
func bulkInput(t *bulkTemplate, b *batch, chunk []int) *sesv2.SendBulkEmailInput {
	entries := make([]types.BulkEmailEntry, len(chunk))
	for k, i := range chunk {
		links := b.links[i]
		data, _ := json.Marshal(map[string]string{ // strings always marshal
			"unsubscribe": links.Unsubscribe, "manage": links.Manage})
		entries[k] = types.BulkEmailEntry{
			Destination: &types.Destination{ToAddresses: []string{b.ns[i].Subscriber.Address}},
			ReplacementHeaders: []types.MessageHeader{
				header("List-Unsubscribe", "<"+links.Unsubscribe+">")},
			ReplacementEmailContent: &types.ReplacementEmailContent{
				ReplacementTemplate: &types.ReplacementTemplate{
					ReplacementTemplateData: aws.String(string(data))}},
		}
	}
	return &sesv2.SendBulkEmailInput{
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
	}
}

func header(name, value string) types.MessageHeader {
	return types.MessageHeader{Name: aws.String(name), Value: aws.String(value)}
}
