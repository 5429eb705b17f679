package httpserver

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/accountd/accountd/internal/viewer"
)

// Modes of trusted documents (ACCOUNTD_TRUSTED_DOCUMENTS).
const (
	// DocumentsOff refuses document ids; any query text runs (and APQ).
	DocumentsOff = "off"
	// DocumentsAllow runs registered documents by id, and any query text too.
	DocumentsAllow = "allow"
	// DocumentsRequire is allow, except that requests from browsers may run only
	// registered documents.
	DocumentsRequire = "require"
)

// trustedDocuments are the operations registered at build time (the console's own,
// web/src/gql/persisted-documents.json, and the manifests of other apps), by the
// sha256 of their text: a client sends {"documentId": "sha256:<hex>"}, {"id": "<hex>"}
// or Apollo's extensions.persistedQuery.sha256Hash instead of the text.
type trustedDocuments struct {
	mode string
	docs map[string]string // lower-case hex sha256 -> document text
}

// newTrustedDocuments reads manifests, each a JSON object of id -> text (what
// graphql-codegen's persistedDocuments and relay-compiler's persistConfig write) or an
// Apollo persisted query manifest ({"format": "apollo-persisted-query-manifest",
// "operations": [{"id", "body"}]}, what Apollo's generate-persisted-query-manifest and
// Apollo Kotlin/iOS write). An id must be the sha256 of its text, so a manifest cannot
// register one text under another's id.
func newTrustedDocuments(mode string, manifests ...[]byte) (*trustedDocuments, error) {
	switch mode {
	case DocumentsOff, DocumentsAllow, DocumentsRequire:
	default:
		return nil, fmt.Errorf("trusted documents: want off, allow or require, got %q", mode)
	}
	d := &trustedDocuments{mode: mode, docs: map[string]string{}}
	for i, m := range manifests {
		var apollo struct {
			Format     string `json:"format"`
			Operations []struct {
				ID   string `json:"id"`
				Body string `json:"body"`
			} `json:"operations"`
		}
		entries := map[string]string{}
		if err := json.Unmarshal(m, &apollo); err == nil && apollo.Format == "apollo-persisted-query-manifest" {
			for _, op := range apollo.Operations {
				entries[op.ID] = op.Body
			}
		} else if err := json.Unmarshal(m, &entries); err != nil {
			return nil, fmt.Errorf("trusted documents: manifest %d is neither an id -> text object nor an Apollo persisted query manifest: %w", i+1, err)
		}
		for id, text := range entries {
			key, ok := documentKey(id)
			if !ok || key != sha256Hex(text) {
				return nil, fmt.Errorf("trusted documents: manifest %d: %q is not the sha256 of its document", i+1, id)
			}
			d.docs[key] = text
		}
	}
	return d, nil
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// documentKey reads a document id: 64 hex digits, with or without "sha256:".
func documentKey(id string) (string, bool) {
	key := strings.ToLower(strings.TrimPrefix(id, "sha256:"))
	if len(key) != sha256.Size*2 {
		return "", false
	}
	if _, err := hex.DecodeString(key); err != nil {
		return "", false
	}
	return key, true
}

// fromBrowser reports whether a request comes from a browser: browsers send
// Sec-Fetch-Site (and Origin on POSTs) on every fetch, and only they hold the session
// cookie. A script can leave the headers out, but it runs no one else's session.
func fromBrowser(r *http.Request) bool {
	if r.Header.Get("Sec-Fetch-Site") != "" || r.Header.Get("Origin") != "" {
		return true
	}
	v := viewer.FromContext(r.Context())
	return v != nil && v.ViaCookie
}

// resolve fills raw.Query from a registered document named by id (documentId or id)
// or by Apollo's persistedQuery extension, and applies the mode. It returns the
// message of a 400 for malformed parameters, or a request error (refusal).
func (d *trustedDocuments) resolve(r *http.Request, raw *graphql.RawParams, id string) (badParam string, refusal *gqlerror.Error) {
	if id != "" {
		if d == nil || d.mode == DocumentsOff {
			return "", documentsError("Trusted documents are off on this server (ACCOUNTD_TRUSTED_DOCUMENTS=off): send the operation in query.", "PERSISTED_QUERY_NOT_SUPPORTED")
		}
		key, ok := documentKey(id)
		if !ok {
			return "documentId must be sha256:<64 hex digits>.", nil
		}
		text, ok := d.docs[key]
		if !ok {
			return "", documentsError("No document is registered under this documentId.", "PERSISTED_QUERY_NOT_FOUND")
		}
		if raw.Query != "" && sha256Hex(raw.Query) != key {
			return "query is not the document of documentId: send one or the other.", nil
		}
		raw.Query = text
		return "", nil
	}
	if d == nil || d.mode == DocumentsOff {
		return "", nil
	}
	if key, ok := persistedQueryHash(raw); ok && raw.Query == "" {
		if text, ok := d.docs[key]; ok {
			raw.Query = text
			// gqlgen's APQ extension then checks the text against the hash, in hex.
			raw.Extensions["persistedQuery"].(map[string]any)["sha256Hash"] = key
			return "", nil
		}
	}
	if d.mode == DocumentsRequire && fromBrowser(r) {
		if _, ok := d.docs[sha256Hex(raw.Query)]; raw.Query == "" || !ok {
			return "", documentsError("This server runs only registered operations from browsers (ACCOUNTD_TRUSTED_DOCUMENTS=require): send a registered documentId.", "TRUSTED_DOCUMENT_REQUIRED")
		}
	}
	return "", nil
}

// persistedQueryHash reads extensions.persistedQuery.sha256Hash (Apollo's APQ and
// persisted queries).
func persistedQueryHash(raw *graphql.RawParams) (string, bool) {
	pq, _ := raw.Extensions["persistedQuery"].(map[string]any)
	h, _ := pq["sha256Hash"].(string)
	return documentKey(h)
}

func documentsError(message, code string) *gqlerror.Error {
	return &gqlerror.Error{Message: message, Extensions: map[string]any{"code": code}}
}
