package mail

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/internal/id"
	"github.com/accountd/accountd/internal/outbox"
	"github.com/accountd/accountd/internal/seal"
	"github.com/accountd/accountd/internal/store"
)

// Queue writes an email with a template and its data into the outbox within tx
// (Enqueue) and registers wake, the worker's Wake, to run once tx has committed, so
// the email goes out at once rather than at the worker's next poll.
func Queue(ctx context.Context, tx *ent.Tx, box *seal.Box, now time.Time, wake func(), to, template string, data map[string]string) error {
	if err := Enqueue(ctx, tx.Client(), box, now, Message{To: to, Template: template, Data: data}); err != nil {
		return fmt.Errorf("queue %s email: %w", template, err)
	}
	if wake != nil {
		store.AfterCommit(tx, wake)
	}
	return nil
}

// Enqueue writes an email into the outbox through db, which should be the client of the
// transaction that makes the change the email reports (tx.Client()): both commit, or
// neither. The message is rendered once here, so an unknown template or a missing data
// key fails that transaction, where the bug is, rather than the worker later. The data
// is sealed, since it may hold a link with a token until the email is sent.
func Enqueue(ctx context.Context, db *ent.Client, box *seal.Box, now time.Time, m Message) error {
	r, err := builtin()
	if err != nil {
		return err
	}
	if _, err := r.Render(m); err != nil {
		return err
	}
	return insert(ctx, db, box, now, m)
}

// insert writes a row of the outbox with m's data sealed, due at now.
func insert(ctx context.Context, db *ent.Client, box *seal.Box, now time.Time, m Message) error {
	data, err := json.Marshal(m.Data)
	if err != nil {
		return fmt.Errorf("mail: encode data: %w", err)
	}
	// The id is chosen here, not by the column default, because the seal is bound to
	// it: sealed data copied onto another row does not open.
	rowID := id.New(id.Email)
	now = outbox.DBTime(now)
	err = db.OutboxEmail.Create().
		SetID(rowID).
		SetTo(m.To).
		SetTemplate(m.Template).
		SetData(box.Seal(data, sealContext(rowID))).
		SetNextAttemptAt(now).
		SetCreatedAt(now).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("mail: queue %s: %w", m.Template, err)
	}
	return nil
}

// sealContext binds an email's sealed data to its row.
func sealContext(rowID string) string { return "outbox:" + rowID }
