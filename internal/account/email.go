package account

import "github.com/accountd/accountd/internal/email"

// maxEmailLength is the longest address SMTP can carry (see email.MaxLength).
const maxEmailLength = email.MaxLength

// parseEmail checks an address typed into a form and returns it trimmed, with its
// canonical key (see email.Parse: fleet invitations compare addresses the same way).
func parseEmail(s string) (addr, key string, ok bool) { return email.Parse(s) }

// emailKey is the canonical form of an address for lookups and the unique index.
func emailKey(addr string) string { return email.Key(addr) }
