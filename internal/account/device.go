package account

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/ratelimit"
	"github.com/accountd/accountd/internal/token"
)

// Device tokens keep an address's log-in lock from locking out its owner (OWASP,
// "Slow Down Online Guessing Attacks with Device Cookies"). Ten wrong passwords lock
// an address for everyone who comes without one; a browser or app that once logged in
// to the address with its password holds a token that exempts it from that lock,
// while its own attempts are counted per device under the same rule. An attacker
// locking the address out keeps only strangers out.
//
// A token is signed, not stored: acd_tdv_<nonce>.<expiry>.<mac>, where mac is the
// HMAC-SHA256 (seal.Box.MAC, a key derived from ACCOUNTD_SECRET_KEY) of the address
// key, the account and the time its password last changed (deviceStamp), the nonce and
// the expiry: a password reset or change ends every device token made before it, so
// tokens an intruder collected with a stolen password do not outlive the owner's
// recovery. It does not name the address; one made for another
// address, altered, forged or expired is no token at all, and the log-in is counted
// against the address as usual. The nonce names the device's own counter.

// DeviceTokenTTL is how long a device token exempts its holder; each log-in with the
// password hands out a fresh one.
const DeviceTokenTTL = 90 * 24 * time.Hour

// deviceMACContext binds device-token MACs to their use.
const deviceMACContext = "log-in device"

// newDeviceToken returns a token for the device that just logged in to the address
// emailKey with its password (and its second factor, when the account has one).
func (s *Service) newDeviceToken(emailKey, stamp string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	nonce := base64.RawURLEncoding.EncodeToString(b)
	expiry := strconv.FormatInt(s.now().Add(DeviceTokenTTL).Unix(), 10)
	return token.TrustedDevice + nonce + "." + expiry + "." + s.deviceMAC(emailKey, stamp, nonce, expiry)
}

// deviceStamp names the account and its password's last change; "" for no account.
func deviceStamp(u *ent.User) string {
	if u == nil {
		return ""
	}
	changed := ""
	if u.PasswordChangedAt != nil {
		changed = strconv.FormatInt(u.PasswordChangedAt.UnixNano(), 10)
	}
	return u.ID + "\x00" + changed
}

func (s *Service) deviceMAC(emailKey, stamp, nonce, expiry string) string {
	mac := s.box.MAC([]byte(emailKey+"\x00"+stamp+"\x00"+nonce+"\x00"+expiry), deviceMACContext)
	return base64.RawURLEncoding.EncodeToString(mac)
}

// trustedDevice returns the device id (the nonce) of a token made for the address
// emailKey and the account's current password (stamp), signed by this service and
// unexpired; ok is false for anything else.
func (s *Service) trustedDevice(emailKey, stamp, tok string) (device string, ok bool) {
	if !token.Plausible(tok, token.TrustedDevice) {
		return "", false
	}
	parts := strings.Split(strings.TrimPrefix(tok, token.TrustedDevice), ".")
	if len(parts) != 3 {
		return "", false
	}
	nonce, expiry, mac := parts[0], parts[1], parts[2]
	if !hmac.Equal([]byte(mac), []byte(s.deviceMAC(emailKey, stamp, nonce, expiry))) {
		return "", false
	}
	until, err := strconv.ParseInt(expiry, 10, 64)
	if err != nil || !s.now().Before(time.Unix(until, 0)) {
		return "", false
	}
	return nonce, true
}

// dataDeviceStamp is the challenge data key of a password log-in that stopped at the
// second factor: the deviceStamp of the account when the password was proved.
const dataDeviceStamp = "device_stamp"

// deviceLogIn is the challenge data of a password log-in: the device that proved the
// password becomes trusted only once the second factor is proved too (security review
// H1: a token handed out at the password step let whoever held only the password
// escape the address's lock).
func deviceLogIn(u *ent.User) map[string]string {
	return map[string]string{dataDeviceStamp: deviceStamp(u)}
}

// deviceTokenAfterChallenge returns the device token of a log-in completed by its
// second factor, when its first step was the password and the password has not
// changed since; "" otherwise (an email link's or a provider's log-in).
func (s *Service) deviceTokenAfterChallenge(ch *ent.OneTimeToken, u *ent.User) string {
	stamp, ok := ch.Data[dataDeviceStamp]
	if !ok || stamp == "" || !hmac.Equal([]byte(stamp), []byte(deviceStamp(u))) {
		return ""
	}
	return s.newDeviceToken(u.EmailKey, stamp)
}

// deviceLogInKey counts the log-ins of one trusted device.
func deviceLogInKey(device string) string { return limits.LogInDevice.Key(device) }

// startDeviceLogIn is startLogIn for a trusted device: the client IP's failures are
// checked as for anyone, and the attempt counts against the device, not the address.
func (s *Service) startDeviceLogIn(ctx context.Context, device string) (ratelimit.Count, error) {
	return s.countLogIn(ctx, deviceLogInKey(device), s.cfg.Limits.LogInDevice)
}
