// Package accountd holds the generators of the project: ent first (the GraphQL resolvers
// use its types), then gqlgen.
package accountd

//go:generate go tool ent generate --feature sql/execquery,sql/upsert,sql/lock ./ent/schema
//go:generate go tool gqlgen generate
