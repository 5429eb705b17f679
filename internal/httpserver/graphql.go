package httpserver

import (
	"context"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/accountd/accountd/graph"
)

// Limits of a GraphQL request (OWASP GraphQL Cheat Sheet; CVE-2023-49559).
const (
	complexityLimit = 500
	// parserTokenLimit stops a huge document before it is parsed into memory.
	parserTokenLimit = 15000
	queryCacheSize   = 1000
	apqCacheSize     = 1000
)

// newGraphQL configures gqlgen: JSON POST and GET (GET never runs a mutation) through
// httpTransport, no multipart or form transports, a parsed-query cache, persisted queries for Apollo
// clients, a complexity limit, and introspection and "did you mean" suggestions only
// in dev (ASVS 4.3.2).
func newGraphQL(o Options) *handler.Server {
	srv := handler.New(graph.NewExecutableSchema(graph.Config{
		Resolvers: &graph.Resolver{Auth: o.Auth, Accounts: o.Accounts, Fleets: o.Fleets, DeviceGrants: o.DeviceGrants, Webhooks: o.Webhooks},
	}))
	srv.AddTransport(httpTransport{documents: o.documents, gate: o.Admission})
	if !o.noQueryCache {
		srv.SetQueryCache(lru.New[*ast.QueryDocument](queryCacheSize))
	}
	srv.SetParserTokenLimit(parserTokenLimit)
	if o.Dev {
		srv.Use(extension.Introspection{})
	} else {
		srv.SetValidationRulesFn(rulesWithoutIntrospection)
	}
	srv.SetDisableSuggestion(!o.Dev)
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](apqCacheSize)})
	srv.Use(extension.FixedComplexityLimit(complexityLimit))
	srv.Use(queryLimits{})
	srv.SetErrorPresenter(graph.ErrorPresenter(o.Log))
	srv.SetRecoverFunc(graph.RecoverFunc(o.Log))
	srv.AroundFields(graph.MarkInternalErrors)
	srv.AroundFields(graph.RefuseAdmitted)
	srv.AroundRootFields(graph.PrincipalGate)
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		if !o.Log.Enabled(ctx, slog.LevelDebug) {
			return next(ctx) // at info, build nothing for a line not written
		}
		oc := graphql.GetOperationContext(ctx)
		op := "unknown"
		if oc.Operation != nil {
			op = string(oc.Operation.Operation)
		}
		o.Log.DebugContext(ctx, "graphql operation", "operation", op, "name", operationFrom(ctx).name)
		return next(ctx)
	})
	srv.AroundOperations(aroundOperation)
	srv.AroundOperations(traceOperation)
	return srv
}
