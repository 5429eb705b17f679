// Package passkey is accountd's WebAuthn relying party (WebAuthn Level 3), over
// github.com/go-webauthn/webauthn: the relying party id and origins from the
// configuration, the options of each ceremony in their Level 3 JSON form, and the checks
// of what an authenticator answers. It knows no database and no account: the account
// service keeps passkeys and ceremonies (internal/onetime) and calls it.
//
// A ceremony's challenge is the secret of a one-time token: its bytes are the token's
// text, so the server finds the ceremony again from the challenge inside clientDataJSON,
// stores only its hash, and uses it once (internal/onetime).
package passkey

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
)

// Config says who the relying party is and which origins may speak for it.
type Config struct {
	// PublicURL is ACCOUNTD_PUBLIC_URL: its host is the relying party id and its origin
	// is allowed.
	PublicURL string
	// AllowedOrigins are the other web origins allowed (ACCOUNTD_ALLOWED_ORIGINS): pages
	// on them must be on the relying party id or a subdomain of it for a browser to use
	// its passkeys.
	AllowedOrigins []string
	// AppOrigins are the origins of native apps (ACCOUNTD_PASSKEY_APP_ORIGINS):
	// android:apk-key-hash:<base64url SHA-256 of the signing certificate> for Android,
	// https://<associated domain> for iOS.
	AppOrigins []string
	// Name is the relying party's display name.
	Name string
}

// RP is the relying party; a nil *RP (passkeys off) refuses every ceremony.
type RP struct {
	w    *webauthn.WebAuthn
	id   string
	name string
}

// ErrIPAddress is the answer of New for a public URL whose host is an IP address, which
// is not a valid relying party id (WebAuthn L3 §5.1.4.1 / HTML's registrable domain).
var ErrIPAddress = errors.New("passkey: the public URL's host is an IP address, which cannot be a relying party id")

// New returns the relying party, or ErrIPAddress (passkeys stay off), or an error for a
// configuration that cannot work.
func New(cfg Config) (*RP, error) {
	u, err := url.Parse(cfg.PublicURL)
	if err != nil || u.Hostname() == "" {
		return nil, fmt.Errorf("passkey: public URL %q has no host", cfg.PublicURL)
	}
	host := strings.ToLower(u.Hostname())
	if net.ParseIP(host) != nil {
		return nil, ErrIPAddress
	}
	origins := []string{u.Scheme + "://" + u.Host}
	origins = append(origins, cfg.AllowedOrigins...)
	for _, o := range cfg.AppOrigins {
		if err := CheckAppOrigin(o); err != nil {
			return nil, err
		}
		origins = append(origins, o)
	}
	name := cfg.Name
	if name == "" {
		name = host
	}
	w, err := webauthn.New(&webauthn.Config{
		RPID:          host,
		RPDisplayName: name,
		// Opaque app origins (android:apk-key-hash:...) are compared as strings here.
		RPOrigins:             origins,
		AttestationPreference: protocol.PreferNoAttestation,
		AuthenticatorSelection: protocol.AuthenticatorSelection{
			ResidentKey:        protocol.ResidentKeyRequirementRequired,
			RequireResidentKey: protocol.ResidentKeyRequired(),
			UserVerification:   protocol.VerificationPreferred,
		},
		// Password managers add outputs nobody asked for (credProps); refusing the
		// passkey for that would only lock people out.
		ExtensionsUnsolicitedOutputPolicy: protocol.UnsolicitedOutputPolicyIgnore,
	})
	if err != nil {
		return nil, fmt.Errorf("passkey: %w", err)
	}
	return &RP{w: w, id: host, name: name}, nil
}

// CheckAppOrigin accepts what a native app's WebAuthn client sends as its origin: an
// Android app's android:apk-key-hash:<43 base64url characters> (the SHA-256 of its
// signing certificate), or an iOS app's https://<associated domain>.
func CheckAppOrigin(o string) error {
	if h, ok := strings.CutPrefix(o, "android:apk-key-hash:"); ok {
		b, err := base64.RawURLEncoding.DecodeString(h)
		if err != nil || len(b) != 32 {
			return fmt.Errorf("passkey: app origin %q: want android:apk-key-hash: and the base64url (no padding) SHA-256 of the app's signing certificate", o)
		}
		return nil
	}
	u, err := url.Parse(o)
	if err != nil || u.Scheme != "https" || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
		return fmt.Errorf("passkey: app origin %q: want android:apk-key-hash:<hash> or https://<associated domain>", o)
	}
	return nil
}

// ID is the relying party id.
func (rp *RP) ID() string { return rp.id }

// Owner is an account as a WebAuthn user.
type Owner struct {
	// Handle is the user handle (WebAuthn's user.id): opaque, not personal data.
	Handle []byte
	// Email names the account to the person choosing a passkey.
	Email, DisplayName string
	// Credentials are the account's passkeys.
	Credentials []webauthn.Credential
}

// WebAuthnID implements webauthn.User.
func (o *Owner) WebAuthnID() []byte { return o.Handle }

// WebAuthnName implements webauthn.User.
func (o *Owner) WebAuthnName() string { return o.Email }

// WebAuthnDisplayName implements webauthn.User.
func (o *Owner) WebAuthnDisplayName() string {
	if o.DisplayName != "" {
		return o.DisplayName
	}
	return o.Email
}

// WebAuthnCredentials implements webauthn.User.
func (o *Owner) WebAuthnCredentials() []webauthn.Credential { return o.Credentials }

// Ceremony is what the server keeps of a begun ceremony beside its challenge: never a
// secret (it goes into internal/onetime's data).
type Ceremony struct {
	// Handle is the user handle the ceremony is for; nil for a discoverable log-in.
	Handle []byte `json:"h,omitempty"`
	// Allowed are the credential ids offered; empty for a discoverable log-in.
	Allowed [][]byte `json:"a,omitempty"`
}

// Encode is the ceremony as a one-time token's data value.
func (c Ceremony) Encode() string {
	b, _ := json.Marshal(c) // only byte slices: cannot fail
	return string(b)
}

// DecodeCeremony reads what Encode wrote.
func DecodeCeremony(s string) (Ceremony, error) {
	var c Ceremony
	err := json.Unmarshal([]byte(s), &c)
	return c, err
}

// challenge is the WebAuthn challenge of a one-time secret: its bytes.
func challenge(secret string) protocol.URLEncodedBase64 { return protocol.URLEncodedBase64(secret) }

func (rp *RP) session(secret string, c Ceremony) webauthn.SessionData {
	return webauthn.SessionData{
		Challenge:            challenge(secret).String(),
		RelyingPartyID:       rp.id,
		UserID:               c.Handle,
		AllowedCredentialIDs: c.Allowed,
		UserVerification:     protocol.VerificationPreferred,
		CredParams:           webauthn.CredentialParametersDefault(),
	}
}

// CreationOptions are the options of a registration for owner under the challenge
// secret, as PublicKeyCredentialCreationOptionsJSON (the publicKey member of what
// go-webauthn builds), and the ceremony to keep. The owner's passkeys are excluded, so
// an authenticator does not make a second one for the same account.
func (rp *RP) CreationOptions(owner *Owner, secret string) (json.RawMessage, Ceremony, error) {
	exclude := webauthn.Credentials(owner.Credentials).CredentialDescriptors()
	creation, _, err := rp.w.BeginRegistration(owner,
		webauthn.WithExclusions(exclude),
		func(o *protocol.PublicKeyCredentialCreationOptions) error {
			o.Challenge = challenge(secret)
			return nil
		})
	if err != nil {
		return nil, Ceremony{}, fmt.Errorf("passkey: creation options: %w", err)
	}
	b, err := json.Marshal(creation.Response)
	if err != nil {
		return nil, Ceremony{}, fmt.Errorf("passkey: creation options: %w", err)
	}
	return b, Ceremony{Handle: owner.Handle}, nil
}

// RequestOptions are the options of an assertion under the challenge secret, offering
// the given credential ids (none: discoverable), as PublicKeyCredentialRequestOptionsJSON.
func (rp *RP) RequestOptions(secret string, allowed [][]byte, handle []byte) (json.RawMessage, Ceremony, error) {
	descs := make([]protocol.CredentialDescriptor, len(allowed))
	for i, id := range allowed {
		descs[i] = protocol.CredentialDescriptor{Type: protocol.PublicKeyCredentialType, CredentialID: id}
	}
	// The allowed credentials are an option here: the account, if any, is not told.
	assertion, _, err := rp.w.BeginDiscoverableLogin(
		webauthn.WithChallenge(challenge(secret)),
		webauthn.WithAllowedCredentials(descs))
	if err != nil {
		return nil, Ceremony{}, fmt.Errorf("passkey: request options: %w", err)
	}
	b, err := json.Marshal(assertion.Response)
	if err != nil {
		return nil, Ceremony{}, fmt.Errorf("passkey: request options: %w", err)
	}
	return b, Ceremony{Handle: handle, Allowed: allowed}, nil
}

// Errors of reading what a client sent.
var (
	// ErrMalformed: not a credential in the Level 3 JSON form.
	ErrMalformed = errors.New("passkey: malformed credential")
	// ErrRefused: a well-formed answer that does not verify (wrong origin or relying
	// party, bad signature, unknown credential, counter gone back...).
	ErrRefused = errors.New("passkey: refused")
)

// challengeSecret is the one-time secret inside a client data challenge.
func challengeSecret(c string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(c, "="))
	if err != nil || len(b) == 0 || len(b) > 200 {
		return "", ErrMalformed
	}
	return string(b), nil
}

// Creation is a parsed registration response and the challenge secret inside it.
type Creation struct {
	parsed *protocol.ParsedCredentialCreationData
	// Secret is the one-time secret the challenge carries.
	Secret string
}

// ParseCreation reads what credential.toJSON() gave for navigator.credentials.create.
func ParseCreation(raw []byte) (*Creation, error) {
	p, err := protocol.ParseCredentialCreationResponseBytes(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	secret, err := challengeSecret(p.Response.CollectedClientData.Challenge)
	if err != nil {
		return nil, err
	}
	return &Creation{parsed: p, Secret: secret}, nil
}

// CredentialID is the id the authenticator gave the new credential.
func (c *Creation) CredentialID() []byte { return c.parsed.RawID }

// Register verifies the registration against its ceremony and returns the credential
// to store, or an error wrapping ErrRefused.
func (rp *RP) Register(owner *Owner, c Ceremony, cr *Creation) (*webauthn.Credential, error) {
	cred, err := rp.w.CreateCredential(owner, rp.session(cr.Secret, c), cr.parsed)
	if err != nil {
		return nil, refused(err)
	}
	return cred, nil
}

// Assertion is a parsed authentication response and the challenge secret inside it.
type Assertion struct {
	parsed *protocol.ParsedCredentialAssertionData
	// Secret is the one-time secret the challenge carries.
	Secret string
}

// ParseAssertion reads what credential.toJSON() gave for navigator.credentials.get.
func ParseAssertion(raw []byte) (*Assertion, error) {
	p, err := protocol.ParseCredentialRequestResponseBytes(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	secret, err := challengeSecret(p.Response.CollectedClientData.Challenge)
	if err != nil {
		return nil, err
	}
	return &Assertion{parsed: p, Secret: secret}, nil
}

// CredentialID is the id of the credential that signed.
func (a *Assertion) CredentialID() []byte { return a.parsed.RawID }

// UserHandle is the user handle the authenticator returned; nil when none.
func (a *Assertion) UserHandle() []byte { return a.parsed.Response.UserHandle }

// Result is what a verified assertion tells.
type Result struct {
	// Credential is the credential as it is now: counter and backup state updated.
	Credential *webauthn.Credential
	// UserVerified says the authenticator verified the person (PIN, biometrics): with
	// possession of the passkey, two factors.
	UserVerified bool
	// CounterWentBack says the signature counter did not grow: a possible clone.
	CounterWentBack bool
}

// Verify checks the assertion against its ceremony and the owner's passkeys. A counter
// that did not grow is reported in Result (and the assertion refused by the caller), so
// the caller can log it.
func (rp *RP) Verify(owner *Owner, c Ceremony, a *Assertion) (*Result, error) {
	s := rp.session(a.Secret, c)
	// The ceremony of a discoverable log-in names no user; the owner was found by the
	// credential id, and the user handle must be the owner's.
	s.UserID = owner.Handle
	cred, err := rp.w.ValidateLogin(owner, s, a.parsed)
	if err != nil {
		return nil, refused(err)
	}
	return &Result{
		Credential:      cred,
		UserVerified:    a.parsed.Response.AuthenticatorData.Flags.HasUserVerified(),
		CounterWentBack: cred.Authenticator.CloneWarning,
	}, nil
}

func refused(err error) error { return fmt.Errorf("%w: %v", ErrRefused, err) }
