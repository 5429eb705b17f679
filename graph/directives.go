package graph

// gqlparser's prelude declares @defer, so introspection listed it and gqlgen accepted
// it, yet accountd's HTTP transport has no incremental delivery (multipart/mixed) and
// answered deferred fragments inline: a client that relies on @defer to split a slow
// part off got no such thing. The schema declares what is supported, and @defer is
// not: it leaves the schema, so introspection no longer lists it and a document that
// uses it fails validation (Unknown directive) instead of being silently run inline.
// The directives left are the specified ones: @include, @skip, @deprecated,
// @specifiedBy and @oneOf.
func init() {
	delete(parsedSchema.Directives, "defer")
}
