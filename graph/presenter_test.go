package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/viewer"
)

// TestPresenterLogsAClientHangUpAsInfo: a resolver error that is only the request's
// context ending (the client hung up) is logged at INFO with the request id, not as an
// internal error at ERROR; a real internal error still is, and both answer the
// generic message.
func TestPresenterLogsAClientHangUpAsInfo(t *testing.T) {
	var buf bytes.Buffer
	present := ErrorPresenter(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	ctx, cancel := context.WithCancel(viewer.WithClient(context.Background(), viewer.Client{RequestID: "req_hangup"}))
	cancel()
	got := present(ctx, internalError{fmt.Errorf("log in: find user: %w", context.Canceled)})
	if got.Extensions["code"] != "INTERNAL_SERVER_ERROR" || got.Message != internalMessage {
		t.Fatalf("answer %+v, want the generic internal error", got)
	}
	line := buf.String()
	if !strings.Contains(line, "level=INFO") || !strings.Contains(line, "request_id=req_hangup") || strings.Contains(line, "internal error") {
		t.Fatalf("logged %q, want an INFO line with the request id", line)
	}

	buf.Reset()
	live := viewer.WithClient(context.Background(), viewer.Client{RequestID: "req_broken"})
	present(live, internalError{errors.New("database is locked")})
	if line := buf.String(); !strings.Contains(line, "level=ERROR") || !strings.Contains(line, "internal error") || !strings.Contains(line, "request_id=req_broken") {
		t.Fatalf("logged %q, want an ERROR internal error with the request id", line)
	}
	buf.Reset()
	present(live, internalError{context.Canceled}) // cancelled inside, but the request lives
	if !strings.Contains(buf.String(), "level=ERROR") {
		t.Fatalf("logged %q: a cancellation with the request still live is an internal error", buf.String())
	}
}
