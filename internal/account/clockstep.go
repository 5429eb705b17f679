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
// last accepted TOTP step lies ahead of the clock by more than clockStepMargin: the
// clock was stepped back since (or the process that accepted that step ran far ahead).
const EventTOTPStepAhead = "totp_step_ahead"

// clockStepMargin is how far (in 30-second steps: 10 minutes) the last accepted step
// must lie ahead of this process's clock before it counts as implausible. The replay
// rule (a code's step must be later than the last accepted one, RFC 6238 §5.2) is kept
// in the database, so it holds across every process sharing it; with a margin of only
// the skew, two processes whose clocks differed by a minute or two took each other's
// steps for clock jumps, and a code already used could be accepted again on the slower
// one (security review L2). Clocks of one deployment within 10 minutes of each other
// never undo the rule; only a real step back of more than that does, once, with a
// security event and a warning (issue 27 item 7: otherwise every code is refused until
// the clock catches up). Every answer, right or wrong, counts against the account's
// limit of second-factor answers (limits.TwoFactorAnswers) either way.
const clockStepMargin = 20

// stepAhead reports whether last, the last TOTP step accepted, is later than any code
// the clock at now can accept (its step plus the skew) by more than clockStepMargin.
// After the clock steps back that far, the replay rule alone would refuse every code
// until the clock caught up; such a stored step is implausible and does not count. The
// cost: a code of a step between now and that stored step, if someone saw it while the
// clock ran ahead, can be used once more.
func stepAhead(last int64, now time.Time) bool {
	return last > totp.Step(now)+totp.Skew+clockStepMargin
}

// stepUnused is the replay rule as the condition of the update that spends step: the
// last accepted step is earlier, or ahead of the clock (stepAhead). Of two requests
// with the same code, one updates the row and the other finds nothing to update.
func stepUnused(step int64, now time.Time) predicate.TOTP {
	return enttotp.Or(enttotp.LastUsedStepLT(step), enttotp.LastUsedStepGT(totp.Step(now)+totp.Skew+clockStepMargin))
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
