package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/token"
)

// beforeInvitations is the last migration before fleet invitations got their table.
const beforeInvitations = 20261130115943

// exec runs a statement written with ? placeholders on either dialect.
func exec(t *testing.T, st *store.Store, q string, args ...any) {
	t.Helper()
	if st.Dialect == dialect.Postgres {
		for i := 1; strings.Contains(q, "?"); i++ {
			q = strings.Replace(q, "?", fmt.Sprintf("$%d", i), 1)
		}
	}
	if _, err := st.DB.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// legacyInvitations writes what an older binary kept: fleet invitations as one-time
// tokens whose data names the fleet and the role. It returns the id of the pending
// token of a live fleet, the one that must survive.
func legacyInvitations(t *testing.T, st *store.Store) string {
	t.Helper()
	now := time.Now().UTC()
	exec(t, st, `INSERT INTO users (id, created_at, email, email_key) VALUES (?, ?, ?, ?)`, "usr_01JOWNER0000000000000000", now, "owner@example.com", "owner@example.com")
	exec(t, st, `INSERT INTO fleets (id, created_at, owner_id, name) VALUES (?, ?, ?, ?)`, "flt_01JFLEET0000000000000000", now, "usr_01JOWNER0000000000000000", "Greenhouse")
	token := func(id, fleetID string, used bool) {
		_, hash := token.New(token.Invitation)
		var usedAt any
		if used {
			usedAt = now
		}
		exec(t, st, `INSERT INTO one_time_tokens (id, created_at, purpose, token_hash, email, expires_at, used_at, attempts, data, user_id)
			VALUES (?, ?, 'fleet_invitation', ?, 'Grace@Example.com', ?, ?, 0, ?, ?)`,
			id, now, hash, now.Add(time.Hour), usedAt, `{"fleet_id":"`+fleetID+`","role":"OPERATOR"}`, "usr_01JOWNER0000000000000000")
	}
	token("ott_01JPENDING00000000000000", "flt_01JFLEET0000000000000000", false)
	token("ott_01JUSED0000000000000000", "flt_01JFLEET0000000000000000", true)
	token("ott_01JNOFLEET0000000000000", "flt_01JGONE00000000000000000", false)
	return "ott_01JPENDING00000000000000"
}

// checkMoved proves the legacy invitations were moved: the pending one is a
// fleet_invitations row with an inv_ id and its token links to it; the used one and
// the one of a deleted fleet are gone.
func checkMoved(t *testing.T, st *store.Store, pending string) {
	t.Helper()
	ctx := context.Background()
	invs := st.Client.FleetInvitation.Query().WithToken().AllX(ctx)
	if len(invs) != 1 {
		t.Fatalf("%d invitations after the move, want 1", len(invs))
	}
	inv := invs[0]
	if inv.ID != "inv_"+strings.TrimPrefix(pending, "ott_") || inv.FleetID != "flt_01JFLEET0000000000000000" ||
		inv.InviterID != "usr_01JOWNER0000000000000000" || inv.Email != "Grace@Example.com" || string(inv.Role) != "OPERATOR" {
		t.Fatalf("moved invitation = %+v", inv)
	}
	if inv.Edges.Token == nil || inv.Edges.Token.ID != pending {
		t.Fatalf("the moved invitation's token = %+v, want %s", inv.Edges.Token, pending)
	}
	if n := st.Client.OneTimeToken.Query().CountX(ctx); n != 1 {
		t.Fatalf("%d one-time tokens after the move, want 1 (used and orphaned invitations deleted)", n)
	}
}

// TestInvitationsMoveOutOfOneTimeTokens: invitations kept as one-time tokens by an
// older binary are moved into fleet_invitations, by the PostgreSQL migration and by
// the SQLite start-up alike.
func TestInvitationsMoveOutOfOneTimeTokens(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		ctx := context.Background()
		switch storeName {
		case "postgres":
			st, p := olderPostgres(t, beforeInvitations)
			pending := legacyInvitations(t, st)
			migrate(t, st)
			checkMoved(t, st, pending)
			// Down moves them back into the tokens' data, and up again moves them out.
			if _, err := p.DownTo(ctx, beforeInvitations); err != nil {
				t.Fatal(err)
			}
			var data sql.NullString
			if err := st.DB.QueryRowContext(ctx, `SELECT data FROM one_time_tokens WHERE id = $1`, pending).Scan(&data); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(data.String, `"fleet_id" : "flt_01JFLEET0000000000000000"`) && !strings.Contains(data.String, `"fleet_id":"flt_01JFLEET0000000000000000"`) {
				t.Fatalf("data after down = %q", data.String)
			}
			migrate(t, st)
			checkMoved(t, st, pending)
		case "sqlite":
			st := testkit.NewStore(t, "sqlite")
			pending := legacyInvitations(t, st)
			migrate(t, st)
			checkMoved(t, st, pending)
			migrate(t, st) // nothing left to move
			checkMoved(t, st, pending)
		}
	})
}
