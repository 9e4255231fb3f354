package local

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/herald-status/herald/internal/alerts"
	"github.com/herald-status/herald/internal/bolt"
	"github.com/herald-status/herald/internal/dynamo"
	"github.com/herald-status/herald/internal/fanout"
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/httpapi"
	"github.com/herald-status/herald/internal/outbox"
	"github.com/herald-status/herald/internal/signedlink"
	"github.com/herald-status/herald/internal/site"
	"github.com/herald-status/herald/internal/webhook"
)

// Runner is Herald in one process. Make one with New, then call Run.
type Runner struct {
	cfg      Config
	log      *slog.Logger
	store    herald.Store
	feed     herald.ChangeFeed    // the embedded store's change feed
	poller   *dynamo.StreamPoller // or DynamoDB's stream
	close    func() error
	service  *herald.Service
	fanout   *fanout.Fanout
	retries  *retryQueue // webhook retries, as the SQS queue holds them in AWS
	renderer *site.Renderer
	trigger  *site.Trigger
	listener net.Listener
	server   *http.Server
}

// New opens the store, makes sure an admin can get in (printing a new key
// to out, once), wires every part and starts listening on cfg.Addr.
func New(ctx context.Context, cfg Config, out io.Writer, log *slog.Logger) (*Runner, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("make data folder: %w", err)
	}
	r := &Runner{cfg: cfg, log: log, trigger: site.NewTrigger()}
	if err := r.openStore(ctx); err != nil {
		return nil, err
	}
	r.service = herald.NewService(r.store)
	key, err := r.service.Bootstrap(ctx, cfg.AdminKey)
	if err != nil {
		r.close()
		return nil, fmt.Errorf("bootstrap admin key: %w", err)
	}
	if key != "" {
		fmt.Fprintf(out, "\nHerald made an admin key; it is shown this once, so keep it:\n\n"+
			"    %s\n\n", key)
	}
	if r.listener, err = net.Listen("tcp", cfg.Addr); err != nil {
		r.close()
		return nil, fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	if err := r.wire(); err != nil {
		r.listener.Close()
		r.close()
		return nil, err
	}
	return r, nil
}

func (r *Runner) openStore(ctx context.Context) error {
	switch r.cfg.Store {
	case "bolt", "":
		db, err := bolt.Open(r.cfg.DataDir)
		if err != nil {
			return fmt.Errorf("open embedded store: %w", err)
		}
		r.store, r.feed, r.close = db, db, db.Close
		return nil
	case "dynamodb":
		return r.openDynamo(ctx)
	}
	return fmt.Errorf("HERALD_STORE=%q: want bolt or dynamodb", r.cfg.Store)
}

// wire builds the senders, fan-out, renderer and HTTP server.
func (r *Runner) wire() error {
	page := herald.Page{ID: "herald", Name: r.cfg.PageName, URL: r.publicURL()}
	key, err := r.cfg.linkKey()
	if err != nil {
		return err
	}
	if r.retries, err = newRetryQueue(r.cfg.DataDir); err != nil {
		return err
	}
	linker, err := signedlink.NewLinker(key, page.URL)
	if err != nil {
		return err
	}
	sms := outbox.NewSMSSender(r.cfg.DataDir)
	hooks := webhook.New(webhook.Options{AllowLoopback: r.cfg.AllowLoopback, Links: linker.Links})
	r.fanout = &fanout.Fanout{
		Store: r.store,
		Page:  page,
		Senders: map[herald.SubscriberType]herald.Sender{
			herald.Email:   outbox.NewEmailSender(r.cfg.DataDir, r.cfg.EmailFrom, linker.Links),
			herald.SMS:     sms,
			herald.Webhook: hooks,
		},
		Retries:       r.retries,
		QueueWebhooks: true, // the retry queue waits on receivers, not the feed
		Backoff:       r.cfg.Backoff,
		Logger:        r.log,
	}
	r.wireReview(page)
	siteDir := filepath.Join(r.cfg.DataDir, "site")
	r.renderer = &site.Renderer{Store: r.store, Page: page, Out: site.DirWriter{Dir: siteDir}}
	h := httpapi.New(httpapi.Options{Service: r.service, Parsers: alerts.Parsers(),
		SiteFS: os.DirFS(siteDir), Logger: r.log, Links: linker,
		Subscriptions: r.subscriptions(page, key, linker, sms, hooks)})
	r.server = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	return nil
}

// Addr returns the address the server listens on.
func (r *Runner) Addr() string { return r.listener.Addr().String() }

// Service returns the service, for tests that drive Herald directly.
func (r *Runner) Service() *herald.Service { return r.service }

func (r *Runner) publicURL() string {
	if r.cfg.PublicURL != "" {
		return strings.TrimSuffix(r.cfg.PublicURL, "/")
	}
	return "http://" + r.listener.Addr().String()
}

// Run serves HTTP and drives fan-out and rendering from the change feed
// until ctx is done; then it shuts down and closes the store.
func (r *Runner) Run(ctx context.Context) error {
	defer r.close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan struct{}, 5)
	go func() { r.renderer.Run(ctx, r.trigger.C()); done <- struct{}{} }()
	go func() { r.retries.run(ctx, r.fanout.Retry); done <- struct{}{} }()
	go func() { r.consume(ctx); done <- struct{}{} }()
	go func() { r.settle(ctx); done <- struct{}{} }()
	go func() { r.sweep(ctx); done <- struct{}{} }()
	r.trigger.Kick()

	errc := make(chan error, 1)
	go func() { errc <- r.server.Serve(r.listener) }()
	r.log.Info("herald is running", "url", r.publicURL(), "data_dir", r.cfg.DataDir,
		"store", r.cfg.Store)
	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	shut, stop := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer stop()
	r.server.Shutdown(shut)
	cancel()
	for range cap(done) {
		<-done
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}
