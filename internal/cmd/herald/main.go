// Command herald runs all of Herald on one machine: see package local.
package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/herald-status/herald/internal/local"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	r, err := local.New(ctx, local.ConfigFromEnv(), os.Stdout, log)
	if err != nil {
		log.Error("herald did not start", "err", err)
		os.Exit(1)
	}
	if err := r.Run(ctx); err != nil {
		log.Error("herald stopped", "err", err)
		os.Exit(1)
	}
}
