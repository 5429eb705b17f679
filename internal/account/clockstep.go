package account

import (
	"context"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/predicate"
	enttotp "github.com/accountd/accountd/ent/totp"
	"github.com/accountd/accountd/internal/totp"
)

// EventTOTPStepAhead is the security event of a code accepted although the account's
// last accepted TOTP step lies ahead of the clock by more than a code can: the clock
// was stepped back since (or the process that accepted that step ran fast).
const EventTOTPStepAhead = "totp_step_ahead"

// stepAhead reports whether last, the last TOTP step accepted, is later than any code
// the clock at now can accept (its step plus the skew). After the clock steps back,
// the replay rule alone (a step must be later than the last one) would refuse every
// code until the clock caught up; such a stored step is implausible and does not
// count. The cost: a code of a step between now and that stored step, if someone saw
// it while the clock ran ahead, can be used once more.
func stepAhead(last int64, now time.Time) bool {
	return last > totp.Step(now)+totp.Skew
}

// stepUnused is the replay rule as the condition of the update that spends step: the
// last accepted step is earlier, or ahead of the clock (stepAhead). Of two requests
// with the same code, one updates the row and the other finds nothing to update.
func stepUnused(step int64, now time.Time) predicate.TOTP {
	return enttotp.Or(enttotp.LastUsedStepLT(step), enttotp.LastUsedStepGT(totp.Step(now)+totp.Skew))
}

// noteStepAhead writes the security event of a code accepted past a stored step that
// was ahead of the clock, and warns in the log. checkCode calls it without the
// request's context or transaction; the event is about the clock, whatever becomes of
// the request.
func (s *Service) noteStepAhead(t *ent.TOTP, step int64) {
	s.log.Warn("two-factor: the last accepted TOTP step is ahead of the clock (a clock step backwards?): accepting an earlier step",
		"user_id", t.UserID, "stored_step", t.LastUsedStep, "step", step, "steps_ahead", t.LastUsedStep-totp.Step(s.now()))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.record(ctx, s.db, t.UserID, EventTOTPStepAhead); err != nil {
		s.log.Warn("two-factor: could not record the clock-step event", "user_id", t.UserID, "error", err)
	}
}
