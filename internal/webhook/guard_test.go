package webhook_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

func TestGuard(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		calls.Add(1)
	}))
	defer srv.Close()
	port := srv.URL[strings.LastIndexByte(srv.URL, ':'):]

	refused := func(t *testing.T, allowLoopback bool, target string) {
		t.Helper()
		err := newSender(allowLoopback).Send(t.Context(), notification(target))
		if herald.ErrorCode(err) != herald.EFORBIDDEN {
			t.Errorf("Send to %s = %v, want EFORBIDDEN", target, err)
		}
	}
	t.Run("ErrNotPublic", func(t *testing.T) {
		for _, target := range []string{
			"http://127.0.0.1" + port + "/hook",
			"http://localhost" + port + "/hook",
			"http://[::1]" + port + "/hook",
			"http://10.0.0.1/hook",
			"http://172.16.5.4/hook",
			"http://192.168.1.1/hook",
			"http://169.254.169.254/latest/meta-data/",
			"http://100.64.0.1/hook",
			"http://0.0.0.0" + port + "/hook",
			"http://[fd00::1]/hook",
			"http://[fe80::1]/hook",
			"http://[::ffff:127.0.0.1]" + port + "/hook",
			"http://[64:ff9b::a9fe:a9fe]/hook", // NAT64 of 169.254.169.254
		} {
			refused(t, false, target)
		}
		if calls.Load() != 0 {
			t.Errorf("the receiver was called %d times", calls.Load())
		}
	})
	t.Run("ErrLoopbackOnly", func(t *testing.T) {
		for _, target := range []string{
			"http://10.0.0.1/hook", "http://169.254.169.254/", "http://0.0.0.0" + port + "/hook",
		} {
			refused(t, true, target)
		}
	})
	t.Run("OKLoopbackAllowed", func(t *testing.T) {
		for _, target := range []string{srv.URL + "/hook", "http://localhost" + port + "/hook"} {
			if err := newSender(true).Send(t.Context(), notification(target)); err != nil {
				t.Errorf("Send to %s: %v", target, err)
			}
		}
	})
}

func TestRedirect(t *testing.T) {
	final, got := receiver(t, http.StatusOK)
	finalURL, _ := url.Parse(final.URL)
	// other names the final server by another host: localhost, not 127.0.0.1.
	other := "http://localhost:" + finalURL.Port()

	redirector := func(status int, to string) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/final" {
				got <- received{method: r.Method, path: r.URL.Path, header: r.Header.Clone()}
				return
			}
			http.Redirect(w, r, to, status)
		}))
		t.Cleanup(srv.Close)
		return srv.URL
	}

	t.Run("OKSameHost307", func(t *testing.T) {
		src := redirector(http.StatusTemporaryRedirect, "/final")
		if err := newSender(true).Send(t.Context(), notification(src+"/start")); err != nil {
			t.Fatal(err)
		}
		r := <-got
		if r.method != http.MethodPost || r.header.Get("Webhook-Signature") == "" {
			t.Errorf("redirected request: %s with signature %q", r.method,
				r.header.Get("Webhook-Signature"))
		}
	})
	for name, src := range map[string]string{
		"ErrOtherHost": redirector(http.StatusPermanentRedirect, other+"/hook"),
		"ErrFound":     redirector(http.StatusFound, "/final"),
		"ErrLoop":      redirector(http.StatusTemporaryRedirect, "/again"),
	} {
		t.Run(name, func(t *testing.T) {
			err := newSender(true).Send(t.Context(), notification(src+"/start?token=s3cret"))
			if herald.ErrorCode(err) != herald.EUNPROCESSABLE ||
				!strings.Contains(herald.ErrorMessage(err), "redirect") {
				t.Fatalf("Send = %v, want EUNPROCESSABLE about the redirect", err)
			}
			assertNoSecrets(t, err)
			select {
			case r := <-got:
				t.Errorf("a refused redirect reached %s %s", r.method, r.path)
			default:
			}
		})
	}
}
