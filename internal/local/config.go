// Package local runs all of Herald in one process for development and
// demos: the same HTTP handlers, fan-out and renderer as the Lambdas, on the
// embedded store, with e-mail and SMS written to an outbox folder and
// webhooks really sent. Changes reach fan-out and rendering through the
// store's change feed, as they reach the Lambdas through DynamoDB Streams.
package local

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/herald-status/herald/internal/fanout"
	"github.com/herald-status/herald/internal/herald"
)

// Config is the local runner's configuration, read from HERALD_*
// environment variables by ConfigFromEnv.
type Config struct {
	DataDir       string // HERALD_DATA_DIR: store, outbox and site
	Addr          string // HERALD_ADDR: where the HTTP server listens
	AdminKey      string // HERALD_ADMIN_KEY: accepted as an admin key
	PageName      string // HERALD_PAGE_NAME
	PublicURL     string // HERALD_PUBLIC_URL: the address people reach
	EmailFrom     string // HERALD_EMAIL_FROM
	LinkKey       string // HERALD_LINK_KEY: signs subscriber links
	AllowLoopback bool   // HERALD_ALLOW_LOOPBACK_WEBHOOKS: for demos and tests
	Store         string // HERALD_STORE: "bolt" (default) or "dynamodb"
	Table         string // HERALD_TABLE: the DynamoDB table
	ReviewEmail   string // HERALD_REVIEW_EMAIL: where drafts from monitoring tools are announced

	// SettleEvery is how often held alert changes and failed review mails
	// are looked at again; 0 means every 15 seconds.
	SettleEvery time.Duration

	// SweepEvery is how often expired pending subscribers are deleted from
	// the embedded store, after once at start; 0 means hourly.
	SweepEvery time.Duration

	// Backoff spaces webhook retries; fanout.DefaultBackoff when zero.
	// Tests shorten it.
	Backoff fanout.Backoff
}

// ConfigFromEnv reads the configuration, with defaults for everything.
func ConfigFromEnv() Config {
	c := Config{
		DataDir:       env("HERALD_DATA_DIR", ".herald"),
		Addr:          env("HERALD_ADDR", "127.0.0.1:8080"),
		AdminKey:      os.Getenv("HERALD_ADMIN_KEY"),
		PageName:      env("HERALD_PAGE_NAME", "Herald"),
		PublicURL:     os.Getenv("HERALD_PUBLIC_URL"),
		EmailFrom:     env("HERALD_EMAIL_FROM", "Herald <status@example.com>"),
		LinkKey:       os.Getenv("HERALD_LINK_KEY"),
		AllowLoopback: os.Getenv("HERALD_ALLOW_LOOPBACK_WEBHOOKS") == "true",
		Store:         env("HERALD_STORE", "bolt"),
		Table:         env("HERALD_TABLE", "herald"),
		ReviewEmail:   os.Getenv("HERALD_REVIEW_EMAIL"),
	}
	return c
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// linkKey returns the configured link-signing key or, failing that, one
// kept in the data folder, made on first start.
func (c Config) linkKey() ([]byte, error) {
	if c.LinkKey != "" {
		return []byte(c.LinkKey), nil
	}
	path := filepath.Join(c.DataDir, "link.key")
	b, err := os.ReadFile(path)
	if err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		return []byte(strings.TrimSpace(string(b))), nil
	}
	if err != nil && !os.IsNotExist(err) {
		return nil, fmt.Errorf("read link key: %w", err)
	}
	key := herald.RandomToken(32)
	if err := os.WriteFile(path, []byte(key+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("write link key: %w", err)
	}
	return []byte(key), nil
}
