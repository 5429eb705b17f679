package httpserver

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io/fs"
	"net/http"

	"github.com/99designs/gqlgen/graphql/playground"
)

// playgroundPrefix is where the playground's assets are served.
const playgroundPrefix = "/playground/assets/"

// newPlayground serves gqlgen's GraphiQL page with its scripts and style from files
// (web.Playground(): the same versions gqlgen would load from a CDN, copied from their
// npm packages at build time), each with its Subresource Integrity hash, so the
// playground works on a machine without internet access.
func newPlayground(files fs.FS) (page, assets http.Handler, err error) {
	sri := map[string]string{}
	for _, name := range []string{"graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js"} {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			return nil, nil, fmt.Errorf("playground: %w", err)
		}
		sum := sha256.Sum256(b)
		sri[name] = "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
	}
	page = playground.Handler("accountd", "/graphql",
		playground.WithGraphiqlVersion(playgroundPrefix+"graphiql.min.js", playgroundPrefix+"graphiql.min.css",
			sri["graphiql.min.js"], sri["graphiql.min.css"]),
		playground.WithGraphiqlReactVersion(playgroundPrefix+"react.production.min.js", playgroundPrefix+"react-dom.production.min.js",
			sri["react.production.min.js"], sri["react-dom.production.min.js"]),
		playground.WithGraphiqlEnablePluginExplorer(false),
	)
	return page, http.StripPrefix(playgroundPrefix, http.FileServerFS(files)), nil
}
