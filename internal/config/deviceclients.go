package config

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/accountd/accountd/internal/nickname"
)

// DeviceClient is a registered client of the OAuth device authorization grant: the
// client_id it sends and the name the approval page shows.
type DeviceClient struct {
	ID   string
	Name string
}

// clientID is what a client id may be: what OAuth clients put in a form field without
// escaping surprises.
var clientID = regexp.MustCompile(`^[A-Za-z0-9._~-]{1,100}$`)

// ParseDeviceClients reads ACCOUNTD_DEVICE_CLIENTS: entries of "id:Display Name".
func ParseDeviceClients(entries []string) ([]DeviceClient, error) {
	var out []DeviceClient
	seen := map[string]bool{}
	for _, e := range entries {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		id, name, ok := strings.Cut(e, ":")
		id, name = strings.TrimSpace(id), strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, fmt.Errorf("want client_id:Display Name, got %q", e)
		}
		if !clientID.MatchString(id) {
			return nil, fmt.Errorf("client id %q: want 1 to 100 of A-Z a-z 0-9 . _ ~ -", id)
		}
		clean, ferr := nickname.Enforce(name, nickname.Limit{Bytes: 100})
		if ferr != nil || clean == "" {
			return nil, fmt.Errorf("client %q: the display name must be a plain name of at most 100 characters", id)
		}
		if seen[id] {
			return nil, fmt.Errorf("client id %q is listed twice", id)
		}
		seen[id] = true
		out = append(out, DeviceClient{ID: id, Name: clean})
	}
	return out, nil
}
