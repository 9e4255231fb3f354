package ses_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/ses"
)

// TestSendErrors answers SendEmail with each error SES can give, its text
// naming the recipient as SES's sandbox does, and checks what Send makes
// of it: a code fan-out can act on, and no address anywhere.
func TestSendErrors(t *testing.T) {
	tests := []struct {
		code   string
		status int
		want   string
	}{
		{"TooManyRequestsException", http.StatusTooManyRequests, herald.EUNAVAILABLE},
		{"LimitExceededException", http.StatusBadRequest, herald.EUNAVAILABLE},
		{"InternalServiceErrorException", http.StatusInternalServerError, herald.EUNAVAILABLE},
		{"SendingPausedException", http.StatusBadRequest, herald.EUNAVAILABLE},
		{"AccountSuspendedException", http.StatusBadRequest, herald.EUNAVAILABLE},
		{"MailFromDomainNotVerifiedException", http.StatusBadRequest, herald.EUNAVAILABLE},
		{"NotFoundException", http.StatusNotFound, herald.EUNAVAILABLE},
		{"AccessDeniedException", http.StatusForbidden, herald.EUNAVAILABLE},
		{"MessageRejected", http.StatusBadRequest, herald.EUNPROCESSABLE},
		{"BadRequestException", http.StatusBadRequest, herald.EUNPROCESSABLE},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			n := notification(t, "sub_1")
			srv, calls := fakeSES(t, tt.status, tt.code,
				"Email address is not verified: "+n.Subscriber.Address)
			client, _ := newClient(t, srv.URL)

			err := ses.New(client, from, links, 0).Send(context.Background(), n)
			if got := herald.ErrorCode(err); got != tt.want {
				t.Fatalf("Send = %v; code %q, want %q", err, got, tt.want)
			}
			if calls.Load() != 1 {
				t.Errorf("SES was called %d times, want 1", calls.Load())
			}
			for _, s := range []string{err.Error(), herald.ErrorMessage(err)} {
				if strings.Contains(s, n.Subscriber.Address) || strings.Contains(s, "@") {
					t.Errorf("the error names the recipient: %q", s)
				}
			}
			if !strings.Contains(err.Error(), tt.code) || !strings.Contains(err.Error(), "req-0001") {
				t.Errorf("the error lacks SES's code or request id: %q", err)
			}
		})
	}
}

// TestSendUnreachable sends to an address where nothing listens any more.
func TestSendUnreachable(t *testing.T) {
	srv, _ := fakeSES(t, http.StatusOK, "", "")
	srv.Close()
	client, _ := newClient(t, srv.URL)

	err := ses.New(client, from, links, 0).Send(context.Background(), notification(t, "sub_1"))
	if herald.ErrorCode(err) != herald.EUNAVAILABLE {
		t.Fatalf("Send = %v, want EUNAVAILABLE", err)
	}
}

// TestSendCanceled sends with a context that has already ended.
func TestSendCanceled(t *testing.T) {
	srv, calls := fakeSES(t, http.StatusOK, "", "")
	client, _ := newClient(t, srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	err := ses.New(client, from, links, 0).Send(ctx, notification(t, "sub_1"))
	if herald.ErrorCode(err) != herald.EUNAVAILABLE {
		t.Fatalf("Send = %v, want EUNAVAILABLE", err)
	}
	if calls.Load() != 0 {
		t.Errorf("SES was called %d times after the context ended", calls.Load())
	}
}
