package model

import (
	"encoding/json"
	"fmt"
	"io"
)

// JSON is the JSON scalar: a JSON value carried as it is, such as the WebAuthn Level 3
// JSON forms of passkey options and credentials.
type JSON json.RawMessage

// MarshalGQL writes the value as it is.
func (j JSON) MarshalGQL(w io.Writer) {
	if len(j) == 0 {
		_, _ = io.WriteString(w, "null")
		return
	}
	_, _ = w.Write(j)
}

// UnmarshalGQL takes the value the request carried (from variables or a literal) and
// keeps it as JSON text.
func (j *JSON) UnmarshalGQL(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("not a JSON value")
	}
	*j = b
	return nil
}
