package account

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/user"
)

// userColumns are the account's columns, in the order userRow scans them. A test
// checks that they are all of user.Columns: a column added to the schema must be read
// here too.
var userColumns = []string{
	user.FieldID, user.FieldCreatedAt, user.FieldEmail, user.FieldEmailKey, user.FieldEmailVerifiedAt,
	user.FieldPasswordHash, user.FieldPasswordChangedAt, user.FieldPasswordBreachedAt, user.FieldName, user.FieldCompany,
	user.FieldTermsAcceptedAt,
}

// userRow receives the userColumns of a row.
type userRow struct {
	u                                                   ent.User
	created, verified, passwordChanged, breached, terms stdsql.NullTime
	passwordHash                                        stdsql.NullString
}

func (r *userRow) dest() []any {
	return []any{&r.u.ID, &r.created, &r.u.Email, &r.u.EmailKey, &r.verified,
		&r.passwordHash, &r.passwordChanged, &r.breached, &r.u.Name, &r.u.Company, &r.terms}
}

// user returns the account read. It is not bound to a client: it answers reads of its
// fields; edges and updates go through Service.User's entity.
func (r *userRow) user() *ent.User {
	u := r.u
	u.CreatedAt = r.created.Time
	u.EmailVerifiedAt = nullTime(r.verified)
	u.PasswordChangedAt = nullTime(r.passwordChanged)
	u.PasswordBreachedAt = nullTime(r.breached)
	u.TermsAcceptedAt = nullTime(r.terms)
	if r.passwordHash.Valid {
		u.PasswordHash = &r.passwordHash.String
	}
	return &u
}

// credentialQuery reads a credential by the SHA-256 of its secret together with its
// account: one indexed lookup and one round trip to the database, with a statement
// prepared once per connection (PostgreSQL neither parses nor plans it again). A request
// that only reads the viewer needs nothing more.
type credentialQuery struct {
	query string

	mu   sync.Mutex
	stmt *stdsql.Stmt
}

// newCredentialQuery selects the userColumns, then the credential's columns, of the
// credential in table whose hashColumn is the argument.
func newCredentialQuery(dialect, table, hashColumn string, columns ...string) *credentialQuery {
	b := sql.Dialect(dialect)
	u, c := b.Table(user.Table).As("u"), b.Table(table).As("c")
	selected := make([]string, 0, len(userColumns)+len(columns))
	for _, col := range userColumns {
		selected = append(selected, u.C(col))
	}
	for _, col := range columns {
		selected = append(selected, c.C(col))
	}
	query, _ := b.Select(selected...).From(c).
		Join(u).On(c.C("user_id"), u.C(user.FieldID)).
		Where(sql.EQ(c.C(hashColumn), []byte{})).
		Query()
	return &credentialQuery{query: query}
}

func (q *credentialQuery) prepared(ctx context.Context, db *stdsql.DB) (*stdsql.Stmt, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.stmt == nil {
		// Prepared on one connection now and again by database/sql on each other one
		// when it first runs there; a failure (database down) is retried next time.
		stmt, err := db.PrepareContext(ctx, q.query)
		if err != nil {
			return nil, fmt.Errorf("prepare credential query: %w", err)
		}
		q.stmt = stmt
	}
	return q.stmt, nil
}

// forget drops stmt if it is still the prepared statement, so the next run prepares
// again on every connection: after a migration changed a column it reads, PostgreSQL
// refuses the old statement ("cached plan must not change result type") on every
// connection that has it, for as long as the connection lives.
func (q *credentialQuery) forget(stmt *stdsql.Stmt) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.stmt == stmt {
		_ = stmt.Close()
		q.stmt = nil
	}
}

// errNoCredential means no credential has the hash.
var errNoCredential = errors.New("no such credential")

// run reads the credential whose secret hashes to hash into credential (destinations
// for its columns, in order) and returns its account; errNoCredential when there is
// none.
func (q *credentialQuery) run(ctx context.Context, db *stdsql.DB, hash []byte, credential ...any) (*ent.User, error) {
	u, err := q.runOnce(ctx, db, hash, credential...)
	if err == nil || errors.Is(err, errNoCredential) || ctx.Err() != nil {
		return u, err
	}
	// Any other failure may be a statement the database no longer accepts: prepare it
	// again and try once more (it only reads).
	return q.runOnce(ctx, db, hash, credential...)
}

func (q *credentialQuery) runOnce(ctx context.Context, db *stdsql.DB, hash []byte, credential ...any) (*ent.User, error) {
	stmt, err := q.prepared(ctx, db)
	if err != nil {
		return nil, err
	}
	var row userRow
	err = stmt.QueryRowContext(ctx, hash).Scan(append(row.dest(), credential...)...)
	if errors.Is(err, stdsql.ErrNoRows) {
		return nil, errNoCredential
	}
	if err != nil {
		q.forget(stmt)
		return nil, err
	}
	return row.user(), nil
}

func nullTime(t stdsql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}
