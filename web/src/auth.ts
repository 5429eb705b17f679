// The pages of someone not (yet) logged in, and of every link in an email:
// /signup, /verify-email?token=, /login, /login/code?email=&code=, /forgot-password,
// /reset-password?token=, /accept-invitation?token=, /confirm-email-change?token=,
// /revert-email-change?token=.
import { ApiError, mutate, present, query } from './api'
import { graphql } from './gql'
import { passkeyLogIn, passkeySecondFactor } from './passkeys'
import { go, refreshViewer, route } from './router'
import { announce, countdown, devMailboxHint, errorText, failure, field, form, h, link, notice, page, strengthMeter } from './ui'

const SIGN_UP = graphql(`mutation SignUp($input: SignUpInput!) { signUp(input: $input) { userErrors { code field message retryAfterSeconds } } }`)
const RESEND = graphql(`mutation Resend($input: ResendVerificationEmailInput!) { resendVerificationEmail(input: $input) { userErrors { code field message retryAfterSeconds } } }`)
const VERIFY = graphql(`mutation VerifyEmail($input: VerifyEmailInput!) { verifyEmail(input: $input) { token twoFactorChallenge userErrors { code field message retryAfterSeconds } } }`)
const LOG_IN = graphql(`mutation LogIn($input: LogInInput!) { logIn(input: $input) { token twoFactorChallenge userErrors { code field message retryAfterSeconds } } }`)
const VERIFY_2FA = graphql(`mutation VerifyTwoFactor($input: VerifyTwoFactorInput!) { verifyTwoFactor(input: $input) { token userErrors { code field message retryAfterSeconds } } }`)
const REQUEST_RESET = graphql(`mutation RequestPasswordReset($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { userErrors { code field message retryAfterSeconds } } }`)
const RESET = graphql(`mutation ResetPassword($input: ResetPasswordInput!) { resetPassword(input: $input) { userErrors { code field message retryAfterSeconds } } }`)
const REQUEST_CODE = graphql(`mutation RequestLogInCode($input: RequestLogInCodeInput!) { requestLogInCode(input: $input) { userErrors { code field message retryAfterSeconds } } }`)
const LOG_IN_WITH_CODE = graphql(`mutation LogInWithCode($input: LogInWithCodeInput!) { logInWithCode(input: $input) { token twoFactorChallenge userErrors { code field message retryAfterSeconds } } }`)
const CONFIRM_EMAIL_CHANGE = graphql(`mutation ConfirmEmailChange($input: ConfirmEmailChangeInput!) { confirmEmailChange(input: $input) { email userErrors { code field message retryAfterSeconds } } }`)
const REVERT_EMAIL_CHANGE = graphql(`mutation RevertEmailChange($input: RevertEmailChangeInput!) { revertEmailChange(input: $input) { email userErrors { code field message retryAfterSeconds } } }`)
const ACCEPT = graphql(`mutation AcceptFleetInvitation($input: AcceptFleetInvitationInput!) { acceptFleetInvitation(input: $input) { fleet { id name } userErrors { code field message retryAfterSeconds } } }`)

/** SIGNED_UP_KEY notes when this browser signed up with a password (see signedUpHere). */
const SIGNED_UP_KEY = 'accountd.signedUpWithPassword'

/**
 * signedUpHere tells whether this browser signed up with a password within the hour
 * the server keeps that password for it without asking again (SignUpProofTTL).
 */
function signedUpHere(): boolean {
  const at = Number(localStorage.getItem(SIGNED_UP_KEY) ?? 0)
  return at > 0 && Date.now() - at < 60 * 60 * 1000
}

/** safeNext keeps a post-log-in destination inside the console (no open redirect). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : '/account'
}

// PENDING keeps where a person was going (an invitation link) across sign-up and the
// verification link, which opens in a new tab of the same browser.
const PENDING = 'accountd.next'

function rememberNext(next: string | null): void {
  try {
    if (next && safeNext(next) === next) localStorage.setItem(PENDING, next)
  } catch { /* storage off: the person lands on /account */ }
}

function pendingNext(): string | null {
  try {
    const next = localStorage.getItem(PENDING)
    localStorage.removeItem(PENDING)
    return next
  } catch {
    return null
  }
}

async function loggedIn(next: string | null): Promise<void> {
  await refreshViewer()
  const pending = pendingNext() // spent either way: it must not redirect a later log-in
  await go(safeNext(next ?? pending), true)
}

/** withNext adds ?next= to a path when there is somewhere to go back to. */
function withNext(path: string, next: string | null): string {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path
}

route(/^\/$/, ({ viewer }) => go(viewer ? '/account' : '/login', true))

route(/^\/signup$/, ({ params, viewer }) => {
  const next = params.get('next')
  if (viewer) return go(safeNext(next), true)
  // autocomplete="username": the address is what a password manager files the new password under.
  const email = field('email', 'Email', { type: 'email', required: true, autocomplete: 'username' })
  const name = field('name', 'Name (optional)', { autocomplete: 'name' })
  const password = field('password', 'Password (optional)', {
    type: 'password', autocomplete: 'new-password',
    hint: 'At least 12 characters; a few unrelated words make a strong one. Leave it empty to choose it when you verify your email.',
  })
  const terms = field('acceptTerms', 'I accept the terms of service', { type: 'checkbox', required: true })
  const f = form({
    label: 'Sign up', submit: 'Sign up', fields: [email, name, password, terms],
    extra: [],
    onSubmit: async (f) => {
      const v = f.values()
      const res = await mutate(SIGN_UP, { input: { email: v.email, name: v.name || null, password: v.password || null, acceptTerms: f.checked('acceptTerms') } })
      if (f.showErrors(res.userErrors)) return
      rememberNext(next)
      // The server's proof of this sign-up is an HttpOnly cookie this page cannot read;
      // this note (no secret) only tells the verification page what to ask.
      if (v.password) localStorage.setItem(SIGNED_UP_KEY, String(Date.now()))
      else localStorage.removeItem(SIGNED_UP_KEY)
      checkEmail(v.email)
    },
  })
  password.wrap.append(strengthMeter(password.input as HTMLInputElement, () => email.input.value))
  page('Create your account', f.el, h('p', {}, 'Already have an account? ', link(withNext('/login', next), 'Log in'), '.'))
})

/** checkEmail is the page after sign up: where the link went, and a resend button. */
function checkEmail(email: string): void {
  const status = h('div', {})
  const resend: HTMLButtonElement = h('button', {
    type: 'button',
    onclick: async () => {
      let res
      try {
        res = await mutate(RESEND, { input: { email } })
      } catch (err) {
        status.replaceChildren(failure(err, () => resend.click()))
        return
      }
      const e = res.userErrors[0]
      if (e?.code === 'RATE_LIMITED' && e.retryAfterSeconds) {
        // The sign-up (or the last resend) has just sent one: say when the next may go.
        resend.disabled = true
        const text = h('span', {})
        status.replaceChildren(notice(h('span', {}, 'We sent you an email a moment ago; it can take a minute to arrive. You can ask for another one ', text, '.'), 'info'))
        countdown(text, e.retryAfterSeconds, () => {
          resend.disabled = false
          status.replaceChildren(notice('You can ask for another email now.', 'info'))
        })
        return
      }
      status.replaceChildren(e ? notice(errorText(e), 'error') : notice(`We sent the email again to ${email}.`, 'ok'))
    },
  }, 'Send the email again')
  page('Check your email',
    h('p', {}, 'We sent a link to ', h('strong', {}, email), '. Open it to verify your address and finish creating your account.'),
    devMailboxHint(), h('div', { class: 'actions' }, resend), status)
}

route(/^\/verify-email$/, async ({ params, viewer }) => {
  const token = params.get('token') ?? ''
  if (!token) {
    page('Verify your email', notice('This link has no token: open the link from the email again.', 'error'))
    return
  }
  // The link again, once verified and logged in: nothing to do.
  if (viewer?.emailVerified) {
    page('Your email is verified', notice(h('span', {}, 'This link was already used (or is for another account): you are logged in as ', h('strong', {}, viewer.email), ', whose address is verified.'), 'ok'),
      h('p', {}, link('/account', 'Go to your account'), '.'))
    return
  }
  const invalid = (box: HTMLElement) => box.append(' ', link('/login', 'Log in'), ' or ', link('/signup', 'sign up again'), '.')
  // In the browser that signed up with a password, the server's sign-up cookie proves it
  // (an HttpOnly cookie this page cannot read, noted in SIGNED_UP_KEY): verify without
  // asking for the password again. Anywhere else, or if the server wants one after all
  // (the pre-hijacking rule), the person chooses the password here.
  if (signedUpHere()) {
    page('Verifying your email…', h('p', {}, 'One moment.'))
    try {
      const res = await mutate(VERIFY, { input: { token, password: null } })
      if (!res.userErrors.length) {
        localStorage.removeItem(SIGNED_UP_KEY)
        if (res.twoFactorChallenge) return twoFactorStep(res.twoFactorChallenge, null)
        await loggedIn(null)
        announce('Your email is verified and you are logged in.')
        return
      }
      if (res.userErrors.some((e: { code: string }) => e.code === 'INVALID_TOKEN')) {
        const msg = notice(errorText(res.userErrors[0]), 'error')
        invalid(msg)
        page('Verify your email', msg)
        return
      }
    } catch { /* fall back to the form, which reports failures with a retry */ }
  }
  const password = field('password', 'Password', {
    type: 'password', autocomplete: 'new-password', required: true,
    hint: 'Choose your password (at least 12 characters).',
  })
  const f = form({
    label: 'Verify your email', submit: 'Verify and log in', fields: [password],
    onSubmit: async (f) => {
      const v = f.values()
      const res = await mutate(VERIFY, { input: { token, password: v.password || null } })
      if (!res.userErrors.length) localStorage.removeItem(SIGNED_UP_KEY)
      if (f.showErrors(res.userErrors)) {
        if (res.userErrors.some((e: { code: string }) => e.code === 'INVALID_TOKEN')) invalid(f.formError)
        return
      }
      if (res.twoFactorChallenge) return twoFactorStep(res.twoFactorChallenge, null)
      await loggedIn(null)
      announce('Your email is verified and you are logged in.')
    },
  })
  password.wrap.append(strengthMeter(password.input as HTMLInputElement, () => undefined))
  page('Verify your email', f.el)
})

route(/^\/login$/, ({ params, viewer }) => {
  const next = params.get('next')
  // Back from social log-in (/auth/{provider}/start?redirect=<this page>) with an
  // account that has two factors: the challenge comes in the fragment, which no server
  // sees; drop it from the address bar and history before going on.
  const challenge = new URLSearchParams(window.location.hash.slice(1)).get('twoFactorChallenge')
  if (challenge) {
    history.replaceState(history.state, '', window.location.pathname + window.location.search)
    return twoFactorStep(challenge, next)
  }
  if (viewer) return go(safeNext(next), true)
  const email = field('email', 'Email', { type: 'email', required: true, autocomplete: 'username' })
  const password = field('password', 'Password', { type: 'password', required: true, autocomplete: 'current-password' })
  const f = form({
    label: 'Log in', submit: 'Log in', fields: [email, password],
    onSubmit: async (f) => {
      const v = f.values()
      const res = await mutate(LOG_IN, { input: { email: v.email, password: v.password } })
      if (f.showErrors(res.userErrors)) {
        if (res.userErrors.some((e: { code: string }) => e.code === 'RATE_LIMITED')) {
          // Locked out for a while: the way back in now is a password reset.
          f.formError.append(' ', link('/forgot-password', 'Reset your password'), ' to log in now.')
        }
        if (res.userErrors.some((e: { code: string }) => e.code === 'EMAIL_NOT_VERIFIED')) {
          f.formError.append(' ', h('button', { type: 'button', class: 'link', onclick: async () => {
            await mutate(RESEND, { input: { email: v.email } })
            checkEmail(v.email)
          } }, 'Send the verification email again'))
        }
        return
      }
      if (res.twoFactorChallenge) return twoFactorStep(res.twoFactorChallenge, next)
      await loggedIn(next)
    },
  })
  const withPasskey = passkeyLogIn(() => email.input.value, async (challenge) => {
    if (challenge) return twoFactorStep(challenge, next)
    await loggedIn(next)
  })
  page('Log in', params.get('reset') ? notice('Your password is changed. Log in with the new one.', 'ok') : null,
    params.get('expired') ? notice('Your session has ended (it was logged out or expired). Log in again to go back to where you were.', 'info') : null,
    f.el, withPasskey,
    h('div', { class: 'actions' }, h('button', {
      type: 'button', class: 'secondary',
      onclick: () => go(withCode(email.input.value, next)),
    }, 'Email me a code instead')),
    h('p', {}, link('/forgot-password', 'Forgot your password?'), ' · No account yet? ', link(withNext('/signup', next), 'Sign up'), '.'))
})

/** withCode is the path of the code log-in page, with the address typed so far. */
function withCode(email: string, next: string | null): string {
  const q = new URLSearchParams()
  if (email) q.set('email', email)
  if (next) q.set('next', next)
  const qs = q.toString()
  return qs ? `/login/code?${qs}` : '/login/code'
}

// /login/code: log in with a code sent by email. The link in that email opens this page
// with the address and the code filled in; the code leaves the address bar at once.
route(/^\/login\/code$/, ({ params, viewer }) => {
  const next = params.get('next')
  if (viewer) return go(safeNext(next), true)
  const fromLink = params.get('code') ?? ''
  if (fromLink) {
    const keep = new URLSearchParams(params)
    keep.delete('code')
    history.replaceState(history.state, '', `/login/code?${keep}`)
  }
  const email = field('email', 'Email', { type: 'email', required: true, autocomplete: 'username', value: params.get('email') ?? '' })
  const code = field('code', 'Code from the email', {
    inputmode: 'numeric', autocomplete: 'one-time-code', value: fromLink,
    hint: 'The 6 digits we emailed you. It works for 10 minutes.',
  })
  const status = h('div', {})
  const send = h('button', {
    type: 'button', class: 'secondary',
    onclick: async () => {
      status.replaceChildren()
      f.clearErrors()
      if (!email.input.value) {
        f.showErrors([{ code: 'INVALID_EMAIL', field: ['input', 'email'], message: 'Enter your email address.' }])
        return
      }
      const res = await mutate(REQUEST_CODE, { input: { email: email.input.value } })
      if (f.showErrors(res.userErrors)) return
      status.replaceChildren(notice(h('span', {}, 'If ', h('strong', {}, email.input.value), ' has an account, we emailed it a code. Enter it below.'), 'ok'), devMailboxHint() ?? '')
      code.input.focus()
    },
  }, fromLink ? 'Email me a new code' : 'Email me a code')
  const f = form({
    label: 'Log in with a code', submit: 'Log in', fields: [email, code], extra: [h('div', { class: 'actions' }, send), status],
    onSubmit: async (f) => {
      const v = f.values()
      const res = await mutate(LOG_IN_WITH_CODE, { input: { email: v.email, code: v.code.replace(/\s/g, '') } })
      if (f.showErrors(res.userErrors)) return
      if (res.twoFactorChallenge) return twoFactorStep(res.twoFactorChallenge, next)
      await loggedIn(next)
    },
  })
  page('Log in with a code',
    h('p', {}, 'We email you a 6-digit code instead of asking for your password.'),
    f.el, h('p', {}, link(withNext('/login', next), 'Log in with your password instead'), '.'))
  if (fromLink) f.submit.focus()
})

/** twoFactorStep is the second step of a log-in: a code from the app or a recovery code. */
function twoFactorStep(challenge: string, next: string | null): void {
  let useRecovery = false
  const code = field('code', 'Code from your authenticator app', { inputmode: 'numeric', autocomplete: 'one-time-code', required: true })
  const recovery = field('recoveryCode', 'Recovery code', { hidden: true, hint: 'One of the codes you saved when you turned two-factor on. Each works once.' })
  const toggle = h('button', { type: 'button', class: 'link' }, 'Use a recovery code instead')
  toggle.addEventListener('click', () => {
    useRecovery = !useRecovery
    code.wrap.hidden = useRecovery
    recovery.wrap.hidden = !useRecovery
    toggle.textContent = useRecovery ? 'Use a code from the app instead' : 'Use a recovery code instead'
    ;(useRecovery ? recovery : code).input.focus()
  })
  const f = form({
    label: 'Two-factor authentication', submit: 'Verify', fields: [code, recovery], extra: [h('p', {}, toggle)],
    onSubmit: async (f) => {
      const v = f.values()
      const input = useRecovery ? { challenge, recoveryCode: v.recoveryCode } : { challenge, code: v.code.replace(/\s/g, '') }
      const res = await mutate(VERIFY_2FA, { input })
      if (f.showErrors(res.userErrors)) {
        if (res.userErrors.some((e: { code: string }) => e.code === 'TWO_FACTOR_LOCKED' || e.code === 'RATE_LIMITED')) {
          f.formError.append(' ', useRecovery ? '' : 'Use a recovery code instead, or ', link('/forgot-password', useRecovery ? 'Reset your password' : 'reset your password'), '.')
          f.formError.focus()
        }
        return
      }
      await loggedIn(next)
    },
  })
  const explain = h('p', {}, 'Enter the 6-digit code your authenticator app shows for accountd.')
  toggle.addEventListener('click', () => {
    explain.textContent = useRecovery ? 'Enter one of the recovery codes you saved when you turned two-factor on.' : 'Enter the 6-digit code your authenticator app shows for accountd.'
  })
  page('Two-factor authentication', explain, f.el, passkeySecondFactor(challenge, () => loggedIn(next)))
  code.input.focus() // the step is the code: the box, not the heading
}

route(/^\/forgot-password$/, () => {
  const email = field('email', 'Email', { type: 'email', required: true, autocomplete: 'email' })
  const f = form({
    label: 'Forgot password', submit: 'Send me a link', fields: [email],
    onSubmit: async (f) => {
      const v = f.values()
      const res = await mutate(REQUEST_RESET, { input: { email: v.email } })
      if (f.showErrors(res.userErrors)) return
      page('Check your email', h('p', {}, 'If ', h('strong', {}, v.email), ' has an account, we sent it a link to choose a new password. It works for one hour.'), devMailboxHint())
    },
  })
  page('Forgot your password?', h('p', {}, 'We will email you a link to choose a new one.'), f.el)
})

route(/^\/reset-password$/, ({ params }) => {
  const token = params.get('token') ?? ''
  const pw = field('newPassword', 'New password', { type: 'password', required: true, autocomplete: 'new-password', hint: 'At least 12 characters. Every session of your account ends.' })
  const keys = field('revokeApiKeys', 'Also revoke every API key (the email will list any you keep)', { type: 'checkbox' })
  ;(keys.input as HTMLInputElement).defaultChecked = true
  const f = form({
    label: 'Choose a new password', submit: 'Set the new password', fields: [pw, keys],
    onSubmit: async (f) => {
      const res = await mutate(RESET, { input: { token, newPassword: f.values().newPassword, revokeApiKeys: f.checked('revokeApiKeys') } })
      if (f.showErrors(res.userErrors)) {
        if (res.userErrors.some((e: { code: string }) => e.code === 'INVALID_TOKEN')) f.formError.append(' ', link('/forgot-password', 'Ask for a new link'), '.')
        return
      }
      await refreshViewer()
      go('/login?reset=1', true)
    },
  })
  pw.wrap.append(strengthMeter(pw.input as HTMLInputElement, () => undefined))
  page('Choose a new password', token ? f.el : notice('This link has no token: open the link from the email again.', 'error'))
})

const INVITATION = graphql(`query Invitation($token: String!) { invitation(token: $token) { inviterName fleetName role } }`)

route(/^\/accept-invitation$/, async ({ params, viewer }) => {
  const token = params.get('token') ?? ''
  const here = `/accept-invitation?${new URLSearchParams({ token })}`
  let preview: { inviterName: string; fleetName: string; role: string }
  try {
    preview = (await query(INVITATION, { token })).invitation
  } catch (err) {
    page('Fleet invitation', notice(err instanceof ApiError ? err.message : 'This invitation could not be read.', 'error'),
      h('p', {}, 'Ask the person who invited you to send a new invitation.'))
    return
  }
  const what = h('p', {}, h('strong', {}, preview.inviterName), ' invited you to join the fleet ', h('strong', {}, preview.fleetName), ` as ${preview.role.toLowerCase()}.`)
  if (!viewer) {
    rememberNext(here)
    page('Fleet invitation', what,
      h('p', {}, 'To accept, log in with the address the invitation was sent to, or create an account with it.'),
      h('div', { class: 'actions' }, link(withNext('/signup', here), 'Sign up', { class: 'button' }), link(withNext('/login', here), 'Log in', { class: 'button secondary' })))
    return
  }
  const f = form({
    label: 'Accept the invitation', submit: 'Join the fleet', fields: [],
    onSubmit: async (f) => {
      const res = await mutate(ACCEPT, { input: { token } })
      if (f.showErrors(res.userErrors)) return
      const fl = present(res.fleet, 'the fleet')
      announce(`You joined the fleet "${fl.name}".`)
      go(`/account/fleets/${encodeURIComponent(fl.id)}`)
    },
  })
  page('Fleet invitation', what, h('p', {}, 'Joining shares its devices with you, in that role.'), f.el)
})

// The link a change of address sends to the new address. It asks for a click: a mail
// scanner that opens links must not confirm anything.
route(/^\/confirm-email-change$/, ({ params }) => {
  const token = params.get('token') ?? ''
  const f = form({
    label: 'Confirm your new email address', submit: 'Confirm the new address', fields: [],
    onSubmit: async (f) => {
      const res = await mutate(CONFIRM_EMAIL_CHANGE, { input: { token } })
      if (f.showErrors(res.userErrors)) return
      const viewer = await refreshViewer()
      page('Your email address is changed',
        notice(h('span', {}, 'Your account\'s address is now ', h('strong', {}, res.email ?? ''), '. Your other sessions were logged out.'), 'ok'),
        h('p', {}, 'We told your old address, with a link that undoes the change.'),
        h('p', {}, viewer ? link('/account', 'Go to your account') : link('/login', 'Log in'), '.'))
    },
  })
  page('Confirm your new email address', token
    ? h('div', {}, h('p', {}, 'Confirm to move your account to this address. Your other sessions will be logged out.'), f.el)
    : notice('This link has no token: open the link from the email again.', 'error'))
})

// The link the old address gets after a change: it undoes the change, logs everyone out
// and the way back in is a reset link sent to the old address.
route(/^\/revert-email-change$/, ({ params }) => {
  const token = params.get('token') ?? ''
  const f = form({
    label: 'Undo the change of email address', submit: 'Undo the change', fields: [],
    onSubmit: async (f) => {
      const res = await mutate(REVERT_EMAIL_CHANGE, { input: { token } })
      if (f.showErrors(res.userErrors)) return
      await refreshViewer()
      page('The change is undone',
        notice(h('span', {}, 'Your account has the address ', h('strong', {}, res.email ?? ''), ' again.'), 'ok'),
        h('p', {}, 'Everyone was logged out, every API key was revoked and the password was cleared. We sent a link to that address: open it to choose a new password and get back in.'),
        devMailboxHint())
    },
  })
  page('Undo the change of your email address', token
    ? h('div', {}, h('p', {}, 'If you did not change your account\'s address, undo it here. This logs everyone out (you too), revokes every API key and clears the password; a link to choose a new one goes to your old address.'), f.el)
    : notice('This link has no token: open the link from the email again.', 'error'))
})

route(/^\/goodbye$/, () => {
  page('Your account is deleted', h('p', {}, 'Everything it held is gone. A confirmation email is on its way. You can ', link('/signup', 'sign up again'), ' at any time.'))
})
