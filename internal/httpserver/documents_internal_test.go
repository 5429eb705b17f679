package httpserver

import "testing"

// TestManifestIDsMustBeTheirTextsHash: a manifest cannot register a text under an id
// that is not its sha256, in either format; both formats load.
func TestManifestIDsMustBeTheirTextsHash(t *testing.T) {
	text := "query Q { viewer { id } }"
	id := sha256Hex(text)
	for _, m := range []string{
		`{"sha256:` + id + `": "query Q { viewer { id } }"}`,
		`{"format": "apollo-persisted-query-manifest", "version": 1, "operations": [{"id": "` + id + `", "body": "query Q { viewer { id } }"}]}`,
	} {
		d, err := newTrustedDocuments(DocumentsAllow, []byte(m))
		if err != nil || d.docs[id] != text {
			t.Fatalf("%s: %v %v", m, err, d)
		}
	}
	for _, m := range []string{
		`{"sha256:` + id + `": "mutation { deleteAccount(input: {}) { deletedUserId } }"}`,
		`{"format": "apollo-persisted-query-manifest", "version": 1, "operations": [{"id": "abc", "body": "query Q { viewer { id } }"}]}`,
		`[1, 2]`,
	} {
		if _, err := newTrustedDocuments(DocumentsAllow, []byte(m)); err == nil {
			t.Fatalf("%s: loaded", m)
		}
	}
	if _, err := newTrustedDocuments("sometimes"); err == nil {
		t.Fatal("an unknown mode loaded")
	}
}
