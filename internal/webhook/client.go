package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/copse-dev/copse"
)

// Client posts messages to webhooks.
type Client struct {
	HTTP *http.Client
}

// New returns a client with a timeout that does not follow redirects and refuses
// link-local and unspecified addresses: a facilitator's webhook must not reach a
// cloud's metadata service (169.254.169.254) from inside the network. Private and
// loopback addresses are allowed, because self-hosted Rocket.Chat and Mattermost
// servers live there.
func New() *Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second, Control: guard}
	transport := &http.Transport{DialContext: dialer.DialContext, TLSHandshakeTimeout: 10 * time.Second,
		ResponseHeaderTimeout: 20 * time.Second, MaxIdleConnsPerHost: 4, IdleConnTimeout: time.Minute, ForceAttemptHTTP2: true}
	return &Client{HTTP: &http.Client{
		Transport: transport,
		Timeout:   30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}}
}

func guard(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip := net.ParseIP(host)
	if ip == nil || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsUnspecified() || ip.IsMulticast() {
		return fmt.Errorf("webhook: %s is a link-local or unspecified address, which copse does not post to", host)
	}
	return nil
}

// Result is what the receiver made of a post.
type Result struct {
	Status     int
	Response   string // the status and the start of the body, for people to read
	Err        error  // nil when the receiver took the message (2xx)
	Permanent  bool   // the receiver refused it for good (4xx but 408 and 429, a redirect)
	RetryAfter time.Duration
}

// Send posts one message to a webhook at now.
func (c *Client) Send(ctx context.Context, h *copse.Webhook, m Message, now time.Time) Result {
	body, err := Body(h.Format, m)
	if err != nil {
		return Result{Err: err, Permanent: true}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		return Result{Err: err, Permanent: true}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "copse-webhooks/1")
	req.Header.Set("Idempotency-Key", m.ID)
	if h.Format == copse.FormatSigned {
		ts := strconv.FormatInt(now.Unix(), 10)
		req.Header.Set("webhook-id", m.ID)
		req.Header.Set("webhook-timestamp", ts)
		req.Header.Set("webhook-signature", Sign(h.Secret, m.ID, ts, body))
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		return Result{Err: err, Response: "no answer: " + errText(err)}
	}
	defer res.Body.Close()
	excerpt, _ := io.ReadAll(io.LimitReader(res.Body, 1000))
	r := Result{Status: res.StatusCode, Response: strings.TrimSpace(res.Status + ": " + strings.ToValidUTF8(string(excerpt), "?"))}
	switch {
	case res.StatusCode >= 200 && res.StatusCode < 300:
	case res.StatusCode == http.StatusTooManyRequests || res.StatusCode == http.StatusRequestTimeout || res.StatusCode >= 500:
		r.Err = errors.New(res.Status)
		if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err == nil && s > 0 {
			r.RetryAfter = time.Duration(s) * time.Second
		}
	case res.StatusCode >= 300 && res.StatusCode < 400:
		r.Err, r.Permanent = fmt.Errorf("%s: the address redirects to %s; give the final address", res.Status, res.Header.Get("Location")), true
	default:
		r.Err, r.Permanent = errors.New(res.Status), true
	}
	return r
}

// errText shortens a transport error for people: a timeout says so.
func errText(err error) string {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timed out"
	}
	return err.Error()
}

// Sign returns the Standard Webhooks signature header of a body: "v1," and the
// base64 HMAC-SHA256 of "id.timestamp.body". A secret "whsec_BASE64" is the
// specification's form; any other secret is used as it is.
func Sign(secret, id, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, secretKey(secret))
	mac.Write([]byte(id + "." + timestamp + "."))
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Verify checks a signature header (which may list several, space-separated) as a
// receiver would, and that the timestamp is within tolerance of now.
func Verify(secret, id, timestamp, header string, body []byte, now time.Time, tolerance time.Duration) bool {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil || now.Sub(time.Unix(ts, 0)).Abs() > tolerance {
		return false
	}
	want := Sign(secret, id, timestamp, body)
	for _, sig := range strings.Fields(header) {
		if hmac.Equal([]byte(sig), []byte(want)) {
			return true
		}
	}
	return false
}

func secretKey(secret string) []byte {
	if rest, ok := strings.CutPrefix(secret, "whsec_"); ok {
		if key, err := base64.StdEncoding.DecodeString(rest); err == nil {
			return key
		}
	}
	return []byte(secret)
}
