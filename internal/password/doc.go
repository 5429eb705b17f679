// Package password stores passwords as argon2id hashes and decides whether a new password
// is acceptable.
//
// A Hasher hashes and verifies through a bounded worker pool, because each argon2id run
// holds its whole memory cost (19 MiB by default) and a flood of log-ins must queue
// rather than exhaust the machine. Hashing blocks: call it outside database
// transactions.
//
// A Policy checks a new password after NIST SP 800-63B-4 §3.1.1.2: a length range counted
// in Unicode code points, no composition rules, a blocklist of common passwords, the
// account's email refused, and a zxcvbn strength score (StrengthOf) that also feeds the
// client's strength meter.
//
// The package never imports ent: callers pass the stored PHC string and the email.
package password
