package graph

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/accountd/accountd/graph/model"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/viewer"
)

// userErrors sorts the outcome of a use-case: nil becomes an empty list; faults a form
// can show become userErrors; UNAUTHENTICATED and FORBIDDEN become top-level errors
// with extensions.code; anything else is internal and is returned as is, for the error
// presenter to log and hide.
func userErrors(err error) ([]*model.UserError, error) {
	if err == nil {
		return []*model.UserError{}, nil
	}
	faults, ok := fault.All(err)
	if !ok {
		return nil, err
	}
	out := make([]*model.UserError, 0, len(faults))
	for _, f := range faults {
		if topLevel(f.Code) {
			return nil, f
		}
		out = append(out, &model.UserError{
			Code:              f.Code,
			Field:             f.Field,
			Message:           f.Message,
			RetryAfterSeconds: retryAfterSeconds(f),
		})
	}
	return out, nil
}

// topLevel reports whether a code is one no form can fix.
func topLevel(c fault.Code) bool {
	return c == fault.Unauthenticated || c == fault.Forbidden
}

func retryAfterSeconds(f *fault.Error) *int {
	if f.RetryAfter <= 0 {
		return nil
	}
	s := int(math.Ceil(f.RetryAfter.Seconds()))
	return &s
}

// internalMessage is all a client learns of an unexpected error; the log has the rest,
// under the same request id (ASVS 16.5.1).
const internalMessage = "Internal server error. If it persists, quote the request id."

// ErrorPresenter is the one filter between Go errors and clients: GraphQL's own errors
// (parse, validation) and domain faults pass with their code; every other error is
// logged with the request id and replaced by a generic message.
func ErrorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		if f, ok := fault.As(err); ok {
			ext := map[string]any{"code": string(f.Code)}
			if s := retryAfterSeconds(f); s != nil {
				ext["retryAfterSeconds"] = *s
			}
			return &gqlerror.Error{Message: f.Message, Path: graphql.GetPath(ctx), Extensions: ext}
		}
		var internal internalError
		var gqlErr *gqlerror.Error
		if !errors.As(err, &internal) && errors.As(err, &gqlErr) {
			if gqlErr.Path == nil {
				gqlErr.Path = graphql.GetPath(ctx)
			}
			if gqlErr.Extensions == nil {
				gqlErr.Extensions = map[string]any{}
			}
			switch gqlErr.Extensions["code"] {
			case nil:
				gqlErr.Extensions["code"] = "BAD_REQUEST"
			case "COMPLEXITY_LIMIT_EXCEEDED": // gqlgen's name for the code README's error table gives
				gqlErr.Extensions["code"] = "QUERY_TOO_COMPLEX"
			}
			return gqlErr
		}
		rid := viewer.ClientFrom(ctx).RequestID
		if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
			// The client hung up (or its deadline passed) mid-request: nothing failed on
			// this side, and no one reads the answer.
			log.InfoContext(ctx, "request ended by the client", "request_id", rid, "path", graphql.GetPath(ctx).String(), "error", err)
		} else {
			log.ErrorContext(ctx, "internal error", "request_id", rid, "path", graphql.GetPath(ctx).String(), "error", err)
		}
		return &gqlerror.Error{
			Message:    internalMessage,
			Path:       graphql.GetPath(ctx),
			Extensions: map[string]any{"code": "INTERNAL_SERVER_ERROR", "requestId": rid},
		}
	}
}

// internalError marks what a resolver returned that is neither a fault nor a GraphQL
// error. gqlgen wraps every resolver error in a *gqlerror.Error (to add its location)
// before the presenter sees it, so without the mark a database error would pass as a
// GraphQL error, message and all, with code BAD_REQUEST.
type internalError struct{ error }

func (e internalError) Unwrap() error { return e.error }

// MarkInternalErrors is a field middleware (handler.Server.AroundFields) that marks
// the internal errors of resolvers for ErrorPresenter.
func MarkInternalErrors(ctx context.Context, next graphql.Resolver) (any, error) {
	res, err := next(ctx)
	if err == nil {
		return res, nil
	}
	var gqlErr *gqlerror.Error
	if _, ok := fault.As(err); ok || errors.As(err, &gqlErr) {
		return res, err
	}
	return res, internalError{err}
}

// errPanic is what a recovered panic becomes: an internal error like any other.
var errPanic = errors.New("panic in resolver")

// RecoverFunc logs a panic with its stack and turns it into an internal error, so a bug
// in one field costs one generic error and not the process.
func RecoverFunc(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic", "request_id", viewer.ClientFrom(ctx).RequestID,
			"panic", p, "stack", string(debug.Stack()))
		return errPanic
	}
}
