package httpserver

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/accountd/accountd/internal/tracing"
)

// traceOperation gives each GraphQL operation a span named by its type and name
// ("mutation LogIn"), with those two as attributes: never the document's arguments or
// the variables, which carry passwords and tokens.
func traceOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	kind, name := "unknown", oc.OperationName
	if oc.Operation != nil {
		kind = string(oc.Operation.Operation)
		if oc.Operation.Name != "" {
			name = oc.Operation.Name
		}
	}
	if !graphQLName.MatchString(name) {
		name = ""
	}
	spanName := kind
	if name != "" {
		spanName += " " + name
	}
	ctx, span := tracing.Tracer().Start(ctx, spanName, trace.WithAttributes(
		attribute.String("graphql.operation.type", kind), attribute.String("graphql.operation.name", name)))
	rh := next(ctx)
	ended := false
	return func(ctx context.Context) *graphql.Response {
		resp := rh(ctx)
		if !ended { // a query answers once; the span ends with its one response
			ended = true
			if resp != nil && len(resp.Errors) > 0 {
				span.SetStatus(codes.Error, "graphql errors")
			}
			span.End()
		}
		return resp
	}
}
