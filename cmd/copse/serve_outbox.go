package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/mail"
	"github.com/copse-dev/copse/internal/notify"
	"github.com/copse-dev/copse/internal/store"
)

// startOutbox runs the notification worker beside the server until ctx ends (on
// SIGTERM); stop waits for the deliveries in flight to finish and be recorded, up
// to shutdownGrace. Without --smtp, mail is kept for admins at /admin/outbox.
func startOutbox(ctx context.Context, db *store.DB, smtpURL string, base *url.URL, logger *slog.Logger) (stop func(), err error) {
	w := &notify.Worker{DB: db, BaseURL: base, From: "copse@" + base.Hostname(), Logger: logger}
	if smtpURL == "" {
		w.Mail = notify.Keep{DB: db}
		logger.Info("no --smtp server: mail is kept for admins to read at /admin/outbox")
	} else {
		s, err := mail.ParseURL(smtpURL)
		if err != nil {
			return nil, fmt.Errorf("--smtp: %s", copse.ErrorFields(err)["smtp"])
		}
		if s.From != "" {
			w.From = s.From
		}
		w.Mail = s
		logger.Info("mail goes through SMTP", "server", s.String(), "from", w.From)
	}
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(wctx)
	}()
	return func() {
		cancel()
		select {
		case <-done:
		case <-time.After(shutdownGrace):
			logger.Warn("the outbox worker did not stop in time; its deliveries will be retried when their claims lapse")
		}
	}, nil
}
