package app

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/tracing"
)

// tracedSender gives each email sent over SMTP a client span: the server, the outcome;
// never the recipient, the subject or the error text (which may name the recipient).
type tracedSender struct {
	mail.Sender
	server string
}

// Send sends r within its span.
func (s tracedSender) Send(ctx context.Context, r mail.Rendered) error {
	ctx, span := tracing.Tracer().Start(ctx, "smtp send", trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attribute.String("server.address", s.server)))
	defer span.End()
	err := s.Sender.Send(ctx, r)
	if err != nil {
		span.SetStatus(codes.Error, "not sent")
		span.SetAttributes(attribute.Bool("smtp.permanent_failure", mail.IsPermanent(err)))
	}
	return err
}

// smtpHost is the host of an ACCOUNTD_SMTP_URL, without its credentials.
func smtpHost(smtpURL string) string {
	u, err := url.Parse(smtpURL)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// providerClient is the HTTP client of the social log-in providers (OpenID Connect
// discovery, token and user endpoints): with a span per call when tracing.
func providerClient(traced bool) *http.Client {
	c := &http.Client{Timeout: 10 * time.Second}
	if traced {
		c.Transport = tracing.Transport(http.DefaultTransport)
	}
	return c
}
