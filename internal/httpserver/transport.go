package httpserver

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/accountd/accountd/graph"
	"github.com/accountd/accountd/internal/viewer"
)

// Media types of a GraphQL response (GraphQL over HTTP, draft spec §6.4).
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// httpTransport is accountd's GraphQL over HTTP (the GraphQL-over-HTTP draft spec,
// checked in CI by the graphql-http package's audits, contract/audit.mjs). It replaces
// gqlgen's GET and POST transports, which answer 422 to request errors, a status that
// Apollo Client turns into a network error without graphQLErrors:
//
//   - A request error (the document does not parse or validate, a variable does not
//     coerce, a persisted query is unknown, or one of accountd's own pre-execution
//     refusals: QUERY_TOO_COMPLEX, one credential mutation per request) answers
//     200 under Accept: application/json and 400 under
//     application/graphql-response+json, and never has a data entry: nothing ran.
//   - Parameters that are not a GraphQL request (no query, a query that is not a
//     string, ...) answer 400.
//   - A mutation over GET answers 405 with Allow: POST, and so does a query of a field
//     that takes a password (postOnlyFields).
//
// The body's size, media type, JSON and NUL characters were checked by checkBody
// before; those answers, like authentication's, are always application/json.
type httpTransport struct {
	// documents resolves {"documentId": ...} and {"id": ...} to registered operations
	// (trusted documents); nil when there are none.
	documents *trustedDocuments
	// gate admits hashing mutations before they run (admission.go); nil admits all.
	gate Admission
}

var _ graphql.Transport = httpTransport{}

// Supports implements graphql.Transport: JSON POSTs and GETs (checkBody refused
// every other method and media type).
func (httpTransport) Supports(r *http.Request) bool {
	return r.Header.Get("Upgrade") == "" && (r.Method == http.MethodGet || r.Method == http.MethodPost)
}

// requestParams are the members of a GraphQL-over-HTTP request. Pointers tell a
// missing member from an empty one; json.RawMessage keeps a wrong type for a typed
// refusal instead of a decoder error.
type requestParams struct {
	Query         json.RawMessage `json:"query"`
	OperationName json.RawMessage `json:"operationName"`
	Variables     json.RawMessage `json:"variables"`
	Extensions    json.RawMessage `json:"extensions"`
	DocumentID    json.RawMessage `json:"documentId"`
	ID            json.RawMessage `json:"id"`
}

// Do implements graphql.Transport.
func (t httpTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	media := negotiate(r.Header.Get("Accept"))
	var p requestParams
	if r.Method == http.MethodGet {
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			writeRequestError(w, media, http.StatusBadRequest, "The query string could not be parsed.")
			return
		}
		p = paramsFromQuery(q)
	} else {
		dec := json.NewDecoder(r.Body)
		if err := dec.Decode(&p); err != nil {
			writeRequestError(w, media, http.StatusBadRequest, "The request body is not a GraphQL request object.")
			return
		}
	}
	ctx := r.Context()
	raw, msg, refusal := t.rawParams(r, p)
	if msg != "" {
		writeRequestError(w, media, http.StatusBadRequest, msg)
		return
	}
	if refusal != nil {
		writeRequestErrors(w, media, exec.DispatchError(ctx, gqlerror.List{refusal}))
		return
	}
	raw.Headers = r.Header
	raw.ReadTime = graphql.TraceTiming{Start: graphql.Now(), End: graphql.Now()}

	oc, errs := exec.CreateOperationContext(ctx, raw)
	if errs != nil {
		writeRequestErrors(w, media, exec.DispatchError(graphql.WithOperationContext(ctx, oc), errs))
		return
	}
	if r.Method == http.MethodGet && oc.Operation.Operation != ast.Query {
		w.Header().Set("Allow", "POST")
		writeError(w, http.StatusMethodNotAllowed, "BAD_REQUEST", "Send mutations as POST; GET runs queries only.")
		return
	}
	if r.Method == http.MethodGet && selectsAny(oc.Operation.SelectionSet, postOnlyFields) {
		w.Header().Set("Allow", "POST")
		writeError(w, http.StatusMethodNotAllowed, "BAD_REQUEST", "Send this query as POST: it takes a password, which must not travel in a URL (proxies and browsers log them).")
		return
	}
	if t.gate != nil && hashes(oc.Operation) {
		network := gateNetwork(viewer.ClientFrom(ctx).IP)
		if t.gate.Admit(ctx, network) {
			defer t.gate.Release(network)
		} else {
			ctx = graph.WithRefusal(ctx, admissionRefusal)
			operationFrom(ctx).refused = true
		}
	}
	responses, ctx := exec.DispatchOperation(ctx, oc)
	writeResponse(w, media, http.StatusOK, responses(ctx), true)
}

// postOnlyFields are the query fields whose arguments are secrets: over GET they would
// sit in the URL, which proxies, load balancers and browser history record.
var postOnlyFields = map[string]bool{"passwordStrength": true}

// selectsAny reports whether the selection set, its fragments included, selects a
// field named in names.
func selectsAny(set ast.SelectionSet, names map[string]bool) bool {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if names[s.Name] || selectsAny(s.SelectionSet, names) {
				return true
			}
		case *ast.InlineFragment:
			if selectsAny(s.SelectionSet, names) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Definition != nil && selectsAny(s.Definition.SelectionSet, names) {
				return true
			}
		}
	}
	return false
}

// paramsFromQuery reads a GET request's parameters: each is a string, variables and
// extensions hold URL-encoded JSON.
func paramsFromQuery(q url.Values) requestParams {
	var p requestParams
	str := func(name string) json.RawMessage {
		if !q.Has(name) {
			return nil
		}
		b, _ := json.Marshal(q.Get(name))
		return b
	}
	p.Query = str("query")
	p.OperationName = str("operationName")
	p.DocumentID = str("documentId")
	p.ID = str("id")
	if q.Has("variables") {
		p.Variables = json.RawMessage(q.Get("variables"))
	}
	if q.Has("extensions") {
		p.Extensions = json.RawMessage(q.Get("extensions"))
	}
	return p
}

// rawParams checks the types of the request's members and returns gqlgen's parameters
// with the query of a trusted document filled in, or the message of a 400, or a
// request error of trusted documents.
func (t httpTransport) rawParams(r *http.Request, p requestParams) (*graphql.RawParams, string, *gqlerror.Error) {
	raw := &graphql.RawParams{}
	var ok bool
	if raw.Query, ok = optionalString(p.Query); !ok {
		return nil, "query must be a string.", nil
	}
	if raw.OperationName, ok = optionalString(p.OperationName); !ok {
		return nil, "operationName must be a string or null.", nil
	}
	if !optionalObject(p.Variables, &raw.Variables) {
		return nil, "variables must be an object or null.", nil
	}
	if !optionalObject(p.Extensions, &raw.Extensions) {
		return nil, "extensions must be an object or null.", nil
	}
	docID, ok := optionalString(p.DocumentID)
	if !ok {
		return nil, "documentId must be a string.", nil
	}
	if docID == "" {
		if docID, ok = optionalString(p.ID); !ok {
			return nil, "id must be a string.", nil
		}
	}
	if msg, refusal := t.documents.resolve(r, raw, docID); msg != "" || refusal != nil {
		return nil, msg, refusal
	}
	if raw.Query == "" && raw.Extensions["persistedQuery"] == nil {
		return nil, "Send the operation in query (or a registered one's documentId).", nil
	}
	return raw, "", nil
}

// optionalString decodes a JSON string or null; ok is false for any other type.
func optionalString(m json.RawMessage) (string, bool) {
	if len(m) == 0 || string(m) == "null" {
		return "", true
	}
	var s string
	if err := json.Unmarshal(m, &s); err != nil {
		return "", false
	}
	return s, true
}

// optionalObject decodes a JSON object or null into out, keeping numbers as
// json.Number like gqlgen's own transports; ok is false for any other JSON.
func optionalObject(m json.RawMessage, out *map[string]any) bool {
	if len(m) == 0 || string(m) == "null" {
		return true
	}
	if t := bytes.TrimSpace(m); len(t) == 0 || t[0] != '{' {
		return false // blank (a GET's variables=%20) or not an object: a 400
	}
	dec := json.NewDecoder(bytes.NewReader(m))
	dec.UseNumber()
	return dec.Decode(out) == nil
}

// negotiate picks the response's media type from Accept: the listed type of highest
// quality among the two GraphQL ones (application/graphql-response+json when both
// tie), application/json for */*, application/*, no Accept, or none it knows.
func negotiate(accept string) string {
	best, bestQ := mediaJSON, -1.0
	for part := range strings.SplitSeq(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if s, ok := params["q"]; ok {
			if v, err := strconv.ParseFloat(s, 64); err == nil {
				q = v
			}
		}
		if q <= 0 {
			continue
		}
		var m string
		switch mt {
		case mediaGraphQLResponse:
			m = mediaGraphQLResponse
		case mediaJSON, "*/*", "application/*":
			m = mediaJSON
		default:
			continue
		}
		if q > bestQ || (q == bestQ && m == mediaGraphQLResponse) {
			best, bestQ = m, q
		}
	}
	return best
}

// writeRequestErrors answers a request error: nothing ran, so there is no data entry;
// 200 under application/json (clients read errors from a 200), 400 under
// application/graphql-response+json (GraphQL over HTTP §6.4.2).
func writeRequestErrors(w http.ResponseWriter, media string, resp *graphql.Response) {
	status := http.StatusOK
	if media == mediaGraphQLResponse {
		status = http.StatusBadRequest
	}
	writeResponse(w, media, status, &graphql.Response{Errors: resp.Errors, Extensions: resp.Extensions}, false)
}

// writeRequestError answers a request that never reached GraphQL with one error,
// code BAD_REQUEST, in the negotiated media type.
func writeRequestError(w http.ResponseWriter, media string, status int, message string) {
	writeResponse(w, media, status, &graphql.Response{Errors: gqlerror.List{{
		Message: message, Extensions: map[string]any{"code": "BAD_REQUEST"},
	}}}, false)
}

// writeResponse writes a GraphQL response. withData is false for request errors:
// their response has no data entry at all (GraphQL spec §7.1.2), where gqlgen's
// Response would write "data": null.
func writeResponse(w http.ResponseWriter, media string, status int, resp *graphql.Response, withData bool) {
	var body []byte
	var err error
	if withData {
		body, err = json.Marshal(resp)
	} else {
		body, err = json.Marshal(struct {
			Errors     gqlerror.List  `json:"errors"`
			Extensions map[string]any `json:"extensions,omitempty"`
		}{resp.Errors, resp.Extensions})
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, "INTERNAL_SERVER_ERROR", "Internal server error.")
		return
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
