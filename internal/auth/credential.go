package auth

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
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
	user.FieldTermsAcceptedAt, user.FieldAdminGrantedAt, user.FieldSuspendedAt,
}

// userRow receives the userColumns of a row.
type userRow struct {
	u                                                   ent.User
	created, verified, passwordChanged, breached, terms stdsql.NullTime
	admin, suspended                                    stdsql.NullTime
	passwordHash                                        stdsql.NullString
}

func (r *userRow) dest() []any {
	return []any{&r.u.ID, &r.created, &r.u.Email, &r.u.EmailKey, &r.verified,
		&r.passwordHash, &r.passwordChanged, &r.breached, &r.u.Name, &r.u.Company, &r.terms,
		&r.admin, &r.suspended}
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
	u.AdminGrantedAt = nullTime(r.admin)
	u.SuspendedAt = nullTime(r.suspended)
	if r.passwordHash.Valid {
		u.PasswordHash = &r.passwordHash.String
	}
	return &u
}

// credentialQuery reads a credential by the SHA-256 of its secret together with its
// account: one indexed lookup and one round trip to the database, with a statement
// prepared once per connection (PostgreSQL neither parses nor plans it again). A request
// that only reads the viewer needs nothing more.
//
// Behind a connection pooler in transaction mode a connection is not one server
// session: a statement prepared on one may be missing, or another, on the next. There
// the query runs unprepared (ACCOUNTD_DATABASE_PREPARE=false): an unnamed statement,
// parsed, bound and run in one round trip.
type credentialQuery struct {
	query string
	log   *slog.Logger
	// unprepared is set by the configuration, or on the first error that shows a
	// pooler between accountd and PostgreSQL (see poolerError).
	unprepared atomic.Bool

	mu   sync.Mutex
	stmt *stdsql.Stmt
}

// newCredentialQuery selects the userColumns, then the credential's columns, of the
// credential in table whose hashColumn is the argument. With optionalUser, a credential
// that belongs to no account (a fleet's API key) is found too, with an empty account
// (its id ""). With a creatorColumn, the last column is the suspension of the account
// that created the credential (see creatorSuspension).
func newCredentialQuery(dialect, table, hashColumn string, optionalUser bool, creatorColumn string, columns ...string) *credentialQuery {
	b := sql.Dialect(dialect)
	u, c := b.Table(user.Table).As("u"), b.Table(table).As("c")
	selected := make([]string, 0, len(userColumns)+len(columns))
	for _, col := range userColumns {
		if optionalUser && userTextColumns[col] {
			selected = append(selected, "COALESCE("+u.C(col)+", '')")
			continue
		}
		selected = append(selected, u.C(col))
	}
	for _, col := range columns {
		selected = append(selected, c.C(col))
	}
	q := b.Select(selected...).From(c)
	if optionalUser {
		q.LeftJoin(u).On(c.C("user_id"), u.C(user.FieldID))
	} else {
		q.Join(u).On(c.C("user_id"), u.C(user.FieldID))
	}
	creatorSuspension(b, q, c, creatorColumn)
	query, _ := q.Where(sql.EQ(c.C(hashColumn), []byte{})).Query()
	return &credentialQuery{query: query}
}

// creatorSuspension adds to q, when creatorColumn is set, the suspended_at of the
// account that created the credential c (a left join on the users' primary key: the
// same round trip, one more index lookup; NULL when the creator is not suspended or
// none is recorded). A credential a person created for a fleet (a fleet-owned API key,
// a provisioning key) is refused while its creator is suspended, even if the
// suspension's revocation missed it (security review M1: one minted by a request in
// flight when the suspension committed).
func creatorSuspension(b *sql.DialectBuilder, q *sql.Selector, c *sql.SelectTable, creatorColumn string) {
	if creatorColumn == "" {
		return
	}
	cr := b.Table(user.Table).As("cr")
	q.AppendSelect(cr.C(user.FieldSuspendedAt))
	q.LeftJoin(cr).On(c.C(creatorColumn), cr.C(user.FieldID))
}

// userTextColumns are the userColumns that userRow scans into plain strings: a left
// join without an account reads them as empty strings.
var userTextColumns = map[string]bool{
	user.FieldID: true, user.FieldEmail: true, user.FieldEmailKey: true, user.FieldName: true, user.FieldCompany: true,
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
	var row userRow
	if err := q.read(ctx, db, hash, append(row.dest(), credential...)); err != nil {
		return nil, err
	}
	return row.user(), nil
}

// newMachineCredentialQuery selects columns of the credential in table whose
// hashColumn is the argument, with no account: a device or a provisioning key. With a
// creatorColumn, the last column is the creator's suspension (creatorSuspension).
func newMachineCredentialQuery(dialect, table, hashColumn, creatorColumn string, columns ...string) *credentialQuery {
	b := sql.Dialect(dialect)
	c := b.Table(table).As("c")
	selected := make([]string, len(columns))
	for i, col := range columns {
		selected[i] = c.C(col)
	}
	q := b.Select(selected...).From(c)
	creatorSuspension(b, q, c, creatorColumn)
	query, _ := q.Where(sql.EQ(c.C(hashColumn), []byte{})).Query()
	return &credentialQuery{query: query}
}

// runMachine reads the credential of a newMachineCredentialQuery whose secret hashes
// to hash into dest; errNoCredential when there is none.
func (q *credentialQuery) runMachine(ctx context.Context, db *stdsql.DB, hash []byte, dest ...any) error {
	return q.read(ctx, db, hash, dest)
}

// read scans the row whose secret hashes to hash into dest; errNoCredential when there
// is none.
func (q *credentialQuery) read(ctx context.Context, db *stdsql.DB, hash []byte, dest []any) error {
	err := q.readOnce(ctx, db, q.unprepared.Load(), hash, dest)
	if err == nil || errors.Is(err, errNoCredential) || ctx.Err() != nil {
		return err
	}
	if poolerError(err) && !q.unprepared.Swap(true) {
		q.logger().WarnContext(ctx, "a prepared statement went missing between uses: a connection pooler in transaction mode? "+
			"Authenticating with unprepared statements from now on; set ACCOUNTD_DATABASE_PREPARE=false", "error", err)
	}
	// Any other failure may be a statement the database no longer accepts (a migration
	// changed a column it reads): readOnce forgot it, so the next request prepares it
	// again, and this one reads once more, unprepared (it only reads).
	return q.readOnce(ctx, db, true, hash, dest)
}

func (q *credentialQuery) readOnce(ctx context.Context, db *stdsql.DB, unprepared bool, hash []byte, dest []any) error {
	var (
		stmt *stdsql.Stmt
		err  error
	)
	if unprepared {
		err = db.QueryRowContext(ctx, q.query, hash).Scan(dest...)
	} else {
		if stmt, err = q.prepared(ctx, db); err != nil {
			return err
		}
		err = stmt.QueryRowContext(ctx, hash).Scan(dest...)
	}
	if errors.Is(err, stdsql.ErrNoRows) {
		return errNoCredential
	}
	if err != nil && stmt != nil {
		q.forget(stmt)
	}
	return err
}

// poolerError reports whether err is PostgreSQL saying that a prepared statement this
// connection made is missing (26000 invalid_sql_statement_name) or that its name is
// taken (42P05 duplicate_prepared_statement): what a transaction-mode pooler causes by
// running one client connection's statements on several server connections.
func poolerError(err error) bool {
	var state interface{ SQLState() string }
	if !errors.As(err, &state) {
		return false
	}
	switch state.SQLState() {
	case "26000", "42P05":
		return true
	}
	return false
}

func (q *credentialQuery) logger() *slog.Logger {
	if q.log != nil {
		return q.log
	}
	return slog.Default()
}

func nullTime(t stdsql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}
