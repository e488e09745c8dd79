package notify

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/webhook"
)

// SendTest posts a test message to a webhook the viewer manages and returns the
// receiver's answer; the web page and the API both.
func SendTest(ctx context.Context, db *store.DB, slug string, id int64, site string) (webhook.Result, error) {
	h, err := db.FindWebhook(ctx, slug, id)
	if err != nil {
		return webhook.Result{}, err
	}
	m := webhook.Message{ID: "test_" + strconv.FormatInt(time.Now().UnixNano(), 36), Event: copse.EventWebhookTest,
		Title: "Test message from copse", Text: "If you can read this, copse can post to this channel.", URL: site, Time: db.Now()}
	if h.Community != "" {
		m.URL = strings.TrimSuffix(site, "/") + "/communities/" + h.Community
		m.Community = h.Community
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	return webhook.New().Send(ctx, h, m, db.Now()), nil
}
