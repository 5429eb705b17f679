// Package web holds the account console: a Vite + TypeScript single-page app (web/src)
// whose build (web/dist) is committed and embedded here, so that `go build` and
// `make run` need no Node.js. `make web` rebuilds it; `make check-web` fails when the
// committed build is not what the sources produce.
package web

import (
	"embed"
	"io/fs"
)

//go:embed dist
var dist embed.FS

// playground holds GraphiQL and React for /playground (dev only), copied from their
// npm packages by `make web` (scripts/playground.mjs), so the playground loads nothing
// from another site.
//
//go:embed playground
var playground embed.FS

// trustedDocuments are the console's operations by the sha256 of their text, written by
// graphql-codegen (`make web`): accountd registers them as trusted documents.
//
//go:embed src/gql/persisted-documents.json
var trustedDocuments []byte

// Console returns the built console: index.html and assets/.
func Console() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is a valid path: fs.Sub fails only on invalid ones
	}
	return sub
}

// Playground returns the playground's assets: graphiql.min.js, graphiql.min.css,
// react.production.min.js and react-dom.production.min.js.
func Playground() fs.FS {
	sub, err := fs.Sub(playground, "playground")
	if err != nil {
		panic(err) // "playground" is a valid path: fs.Sub fails only on invalid ones
	}
	return sub
}

// TrustedDocuments returns the console's operations as a manifest of trusted documents:
// a JSON object of "sha256:<hex>" -> document text.
func TrustedDocuments() []byte {
	return trustedDocuments
}
