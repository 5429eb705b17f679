package httpserver

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/accountd/accountd/internal/metrics"
	"github.com/accountd/accountd/internal/tracing"
)

// operation is what the GraphQL layer learned about a request, for the access log
// and the metrics, which are written after the handler returns.
type operation struct {
	// name is the client's operationName, when it is a plain GraphQL name.
	name string
	// refused is set when the admission gate turned the request away: its access log
	// line is at level debug (a flood's refusals are counted, not written one by one).
	refused bool
	// label is the operation type and its root field ("mutation.logIn"): what the
	// metrics count by, since the schema bounds it and clients do not.
	label   string
	outcome string
}

type operationKey struct{}

func withOperation(ctx context.Context) (context.Context, *operation) {
	op := &operation{}
	return context.WithValue(ctx, operationKey{}, op), op
}

func operationFrom(ctx context.Context) *operation {
	op, _ := ctx.Value(operationKey{}).(*operation)
	if op == nil {
		return &operation{}
	}
	return op
}

// graphQLName is the syntax of a GraphQL name; anything else is not logged.
var graphQLName = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]{0,63}$`)

// aroundOperation records the operation's name and label, and its outcome once the
// response is known.
func aroundOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	op := operationFrom(ctx)
	name := oc.OperationName // from the request; the document's own name otherwise
	if oc.Operation != nil && oc.Operation.Name != "" {
		name = oc.Operation.Name
	}
	if graphQLName.MatchString(name) {
		op.name = name
	}
	if oc.Operation != nil {
		root := "none" // one root field's name, or "multiple" (no map or sort per request)
		for i, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, nil) {
			if i == 0 {
				root = f.Name
			} else if f.Name != root {
				root = "multiple"
				break
			}
		}
		op.label = string(oc.Operation.Operation) + "." + root
	}
	rh := next(ctx)
	return func(ctx context.Context) *graphql.Response {
		resp := rh(ctx)
		switch {
		case resp == nil:
		case len(resp.Errors) > 0:
			op.outcome = metrics.OutcomeError
		case bytes.Contains(resp.Data, []byte(`"userErrors":[{`)):
			op.outcome = metrics.OutcomeUserError
		default:
			op.outcome = metrics.OutcomeOK
		}
		return resp
	}
}

// observeGraphQL counts and times every request to /graphql, also those refused
// before GraphQL ran (CORS, CSRF, body limits, a bad token): those count as
// operation "invalid" with outcome "error".
func observeGraphQL(m *metrics.Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec, ok := w.(*tracing.StatusWriter)
		next.ServeHTTP(w, r)
		op := operationFrom(r.Context())
		label, outcome := op.label, op.outcome
		if label == "" {
			label = "invalid"
		}
		if outcome == "" || (ok && rec.Status >= 500) {
			outcome = metrics.OutcomeError
		}
		if r.Method == http.MethodOptions {
			label = "preflight"
		}
		m.Request(label, outcome, time.Since(start))
	})
}
