package store_test

import (
	"context"
	"testing"

	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/token"
	"github.com/accountd/accountd/migrations"
)

// beforeNormalizedNames is the last migration before names were put in the PRECIS
// Nickname profile's form.
const beforeNormalizedNames = 20261130174443

// legacyNames writes names as a binary without the profile stored them: a line break
// and an ESC in a display name, a direction override in a company, a zero-width space
// in a fleet's name, a device named only with invisible characters, full-width letters
// in an API key's name. It returns the ids of the user, fleet, device and key.
func legacyNames(t *testing.T, st *store.Store) (string, string, string, string) {
	t.Helper()
	ctx := context.Background()
	db := st.Client
	u := db.User.Create().SetEmail("ada@example.com").SetEmailKey("ada@example.com").
		SetName("Ada\nBCC: all@example.com\x1b[2J").SetCompany("evil\u202Egnp.exe").SaveX(ctx)
	f := db.Fleet.Create().SetOwnerID(u.ID).SetName("Green\u200Bhouse").SaveX(ctx)
	_, dh := token.New(token.DeviceCode)
	d := db.Device.Create().SetFleetID(f.ID).SetName("\u200B\u2066").SetTokenHash(dh).SaveX(ctx)
	_, kh := token.New(token.DeviceCode)
	k := db.APIKey.Create().SetUserID(u.ID).SetName("ｂａｃｋｕｐ  script").SetPrefix("acd_key_legacy1").SetKeyHash(kh).SaveX(ctx)
	return u.ID, f.ID, d.ID, k.ID
}

// checkNames proves each name is now in the profile's form.
func checkNames(t *testing.T, st *store.Store, userID, fleetID, deviceID, keyID string) {
	t.Helper()
	ctx := context.Background()
	db := st.Client
	u := db.User.GetX(ctx, userID)
	if u.Name != "Ada BCC: all@example.com [2J" || u.Company != "evilgnp.exe" {
		t.Errorf("user name %q, company %q", u.Name, u.Company)
	}
	if f := db.Fleet.GetX(ctx, fleetID); f.Name != "Greenhouse" {
		t.Errorf("fleet name %q", f.Name)
	}
	if d := db.Device.GetX(ctx, deviceID); d.Name != "Device" {
		t.Errorf("device name %q, want the fallback", d.Name)
	}
	if k := db.APIKey.GetX(ctx, keyID); k.Name != "backup script" {
		t.Errorf("api key name %q", k.Name)
	}
}

// TestNamesNormalizedOnMigration: names stored before the PRECIS Nickname profile are
// put in its form once by a Go migration on PostgreSQL, and at start on SQLite; names
// already in form are left alone.
func TestNamesNormalizedOnMigration(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		ctx := context.Background()
		var st *store.Store
		switch storeName {
		case "postgres":
			st = openPostgres(t, testkit.NewDatabaseURL(t, "postgres"))
			upTo(t, st, beforeNormalizedNames)
		case "sqlite":
			st = testkit.NewStore(t, "sqlite")
		}
		u, f, d, k := legacyNames(t, st)
		clean := st.Client.User.Create().SetEmail("bob@example.com").SetEmailKey("bob@example.com").SetName("Bob Müller").SaveX(ctx)
		migrate(t, st)
		checkNames(t, st, u, f, d, k)
		if got := st.Client.User.GetX(ctx, clean.ID); got.Name != "Bob Müller" {
			t.Errorf("a name in form changed to %q", got.Name)
		}
		// A second run finds nothing to change.
		migrate(t, st)
		p1, p2 := "?", "?"
		if storeName == "postgres" {
			p1, p2 = "$1", "$2"
		}
		n, err := migrations.NormalizeNames(ctx, st.DB, p1, p2)
		if err != nil || n != 0 {
			t.Fatalf("normalizing again changed %d names (err %v)", n, err)
		}
	})
}
