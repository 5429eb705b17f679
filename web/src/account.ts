// The pages of a logged-in account: profile, password, sessions, API keys, two-factor,
// security log, export, deletion.
import { mutate, present, query, type UserError } from './api'
import { graphql } from './gql'
import type { ApiKeyScope, FleetRole } from './gql/graphql'
import { go, refreshViewer, route, setLogOut } from './router'
import { ago, announce, confirmDanger, copyButton, download, failure, field, form, h, notice, page, result, strengthMeter, when } from './ui'

const LOG_OUT = graphql(`mutation LogOut { logOut { userErrors { code field message retryAfterSeconds } } }`)
// Logging out needs the server (the session cookie is HttpOnly): when it cannot be
// reached, the page stays as it is, logged in, and says so with a way to try again.
async function logOut(): Promise<void> {
  try {
    await mutate(LOG_OUT)
  } catch (err) {
    announce(h('span', {}, 'You are still logged in: the server could not be told to log you out. ', failure(err, () => void logOut())), 'error')
    return
  }
  try {
    await refreshViewer()
  } catch { /* logged out either way: the log-in page asks again */ }
  await go('/login')
  announce('You are logged out.')
}
setLogOut(logOut)

const UPDATE_PROFILE = graphql(`mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { user { id name company } userErrors { code field message retryAfterSeconds } } }`)
route(/^\/account$/, ({ viewer }) => {
  const v = viewer!
  const name = field('name', 'Name', { value: v.name, autocomplete: 'name' })
  const company = field('company', 'Company', { value: v.company, autocomplete: 'organization' })
  const status = h('div', {})
  const f = form({
    label: 'Profile', submit: 'Save', fields: [name, company],
    onSubmit: async (f) => {
      status.replaceChildren()
      const res = await mutate(UPDATE_PROFILE, { input: f.values() })
      if (f.showErrors(res.userErrors)) return
      await refreshViewer()
      result(status, 'Your profile is saved.')
    },
  })
  page('Your account',
    h('dl', { class: 'facts' },
      h('dt', {}, 'Email'), h('dd', {}, v.email, v.emailVerified ? ' (verified)' : ' (not verified)'),
      h('dt', {}, 'Member since'), h('dd', {}, when(v.createdAt)),
      h('dt', {}, 'Two-factor authentication'), h('dd', {}, v.twoFactorEnabled ? 'On' : 'Off')),
    h('h2', {}, 'Profile'), f.el, status,
    h('h2', {}, 'Email address'), emailChangeForm(v.email))
}, true)

const REQUEST_EMAIL_CHANGE = graphql(`mutation RequestEmailChange($input: RequestEmailChangeInput!) { requestEmailChange(input: $input) { userErrors { code field message retryAfterSeconds } } }`)

/** emailChangeForm asks for a change of address: a link goes to the new one. */
function emailChangeForm(current: string): HTMLElement {
  const status = h('div', {})
  const newEmail = field('newEmail', 'New email address', { type: 'email', required: true, autocomplete: 'email', hint: `Now ${current}. We send a link to the new address; the change happens when you open it.` })
  const password = field('password', 'Your password', { type: 'password', autocomplete: 'current-password', hidden: true, hint: 'Changing the address needs a recent log-in: confirm your password.' })
  const f = form({
    label: 'Change email address', submit: 'Change email', fields: [newEmail, password],
    onSubmit: async (f) => {
      status.replaceChildren()
      const v = f.values()
      const res = await mutate(REQUEST_EMAIL_CHANGE, { input: { newEmail: v.newEmail, password: password.wrap.hidden ? null : v.password } })
      if (res.userErrors.some((e: UserError) => e.code === 'FRESH_AUTH_REQUIRED') && password.wrap.hidden) {
        password.wrap.hidden = false
      }
      if (f.showErrors(res.userErrors)) return
      f.el.reset()
      password.wrap.hidden = true
      status.replaceChildren(notice(h('span', {}, 'We sent a link to ', h('strong', {}, v.newEmail), '. Open it to confirm: your address changes then. It works for one hour.'), 'ok'))
    },
  })
  return h('div', {}, f.el, status)
}

const CHANGE_PASSWORD = graphql(`mutation ChangePassword($input: ChangePasswordInput!) { changePassword(input: $input) { user { id } userErrors { code field message retryAfterSeconds } } }`)
const SET_PASSWORD = graphql(`mutation SetPassword($input: SetPasswordInput!) { setPassword(input: $input) { user { id } userErrors { code field message retryAfterSeconds } } }`)
route(/^\/account\/password$/, ({ viewer }) => {
  const status = h('div', {})
  const fresh = field('newPassword', 'New password', { type: 'password', required: true, autocomplete: 'new-password', hint: 'At least 12 characters.' })
  const keys = field('revokeApiKeys', 'Also revoke every API key (the email will list any you keep)', { type: 'checkbox' })
  ;(keys.input as HTMLInputElement).defaultChecked = true
  const fields = viewer!.hasPassword
    ? [field('currentPassword', 'Current password', { type: 'password', required: true, autocomplete: 'current-password' }), fresh, keys]
    : [fresh]
  const f = form({
    label: 'Password', submit: viewer!.hasPassword ? 'Change password' : 'Set password', fields,
    onSubmit: async (f) => {
      status.replaceChildren()
      const v = f.values()
      const res = viewer!.hasPassword
        ? await mutate(CHANGE_PASSWORD, { input: { currentPassword: v.currentPassword, newPassword: v.newPassword, revokeApiKeys: f.checked('revokeApiKeys') } })
        : await mutate(SET_PASSWORD, { input: { newPassword: v.newPassword } })
      if (f.showErrors(res.userErrors)) return
      const revoked = viewer!.hasPassword && f.checked('revokeApiKeys')
      f.el.reset()
      await refreshViewer()
      result(status, revoked
        ? 'Your password is changed. Your other sessions were logged out and your API keys revoked.'
        : 'Your password is changed. Your other sessions were logged out.')
    },
  })
  fresh.wrap.append(strengthMeter(fresh.input as HTMLInputElement, () => viewer!.email))
  page(viewer!.hasPassword ? 'Change your password' : 'Set a password',
    viewer!.hasPassword ? null : h('p', {}, 'Your account has no password yet (you log in with Google or GitHub).'), f.el, status)
}, true)

const SESSIONS = graphql(`query Sessions { viewer { id sessions { id createdAt lastUsedAt expiresAt clientName ip current } } }`)
const REVOKE_SESSIONS = graphql(`mutation RevokeSessions($input: RevokeSessionsInput!) { revokeSessions(input: $input) { revokedIds userErrors { code field message retryAfterSeconds } } }`)
route(/^\/account\/sessions$/, async () => {
  const status = h('div', {})
  const data = await query(SESSIONS)
  type Session = { id: string; createdAt: string; lastUsedAt: string; expiresAt: string; clientName: string; ip: string; current: boolean }
  // This device first, then the most recently used.
  const sessions = [...present(data.viewer, 'the account').sessions as Session[]]
    .sort((a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.localeCompare(a.lastUsedAt))
  const revoke = async (input: object, done: string, current: boolean) => {
    let res
    try {
      res = await mutate(REVOKE_SESSIONS, { input })
    } catch (err) {
      status.replaceChildren(failure(err, () => void revoke(input, done, current)))
      ;(status.firstChild as HTMLElement).focus()
      return
    }
    if (res.userErrors.length) {
      result(status, res.userErrors.map((e: UserError) => e.message).join(' '), 'error')
      return
    }
    if (current) {
      await refreshViewer()
      await go('/login')
    } else {
      await go('/account/sessions', true)
    }
    announce(done)
  }
  const others = sessions.filter((s) => !s.current).length
  const rows = sessions.map((s) => {
    const what = `${s.clientName} from ${s.ip}`
    const button = s.current
      ? h('button', { type: 'button', class: 'danger', 'aria-label': `Log out this device (${what})`, onclick: async () => {
        if (!await confirmDanger('Log out this device?', `This browser (${what}) is logged out; you will need to log in again here.`, 'Log out')) return
        await revoke({ ids: [s.id] }, 'You are logged out of this device.', true)
      } }, 'Log out')
      : h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke the session of ${what}`, onclick: async () => {
        if (!await confirmDanger(`Log out ${s.clientName}?`, `The session of ${what} (logged in ${when(s.createdAt)}) ends: that browser or app must log in again.`, 'Revoke session')) return
        await revoke({ ids: [s.id] }, `The session of ${what} was revoked.`, false)
      } }, 'Revoke')
    return h('tr', { 'data-testid': s.current ? 'current-session' : 'session' },
      h('td', {}, h('strong', {}, s.clientName), s.current ? h('span', { class: 'badge' }, ' this device') : null),
      h('td', {}, s.ip),
      h('td', {}, s.current ? 'active now' : ago(s.lastUsedAt)),
      h('td', {}, when(s.createdAt)), h('td', {}, when(s.expiresAt)),
      h('td', {}, button))
  })
  const everywhere = h('button', { type: 'button', class: 'danger', onclick: async () => {
    if (!await confirmDanger('Log out everywhere else?', `${others} other session${others === 1 ? '' : 's'} end${others === 1 ? 's' : ''}: every browser and app but this one must log in again.`, 'Log out everywhere else')) return
    await revoke({ allExceptCurrent: true }, `Logged out everywhere else (${others} session${others === 1 ? '' : 's'}).`, false)
  } }, 'Log out everywhere else')
  everywhere.disabled = others === 0
  page('Sessions', h('p', {}, 'The browsers and apps logged in to your account. Revoke any you do not recognise, then change your password.'),
    h('table', {}, h('thead', {}, h('tr', {}, ...['Browser or app', 'IP', 'Last active', 'Logged in', 'Expires', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, ...rows)),
    h('div', { class: 'actions' }, everywhere), status)
}, true)

const API_KEYS = graphql(`query ApiKeys { viewer { id apiKeys { id name description prefix createdAt lastUsedAt expiresAt scope fleetId fleetRole } } }`)
const KEY_FLEETS = graphql(`query KeyFleets { viewer { id fleets(first: 100) { edges { node { id name viewerRole } } } } }`)
const CREATE_KEY = graphql(`mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name } userErrors { code field message retryAfterSeconds } } }`)
const REVOKE_KEYS = graphql(`mutation RevokeApiKeys($input: RevokeApiKeysInput!) { revokeApiKeys(input: $input) { revokedIds notRevokedIds userErrors { code field message retryAfterSeconds } } }`)
route(/^\/account\/api-keys$/, async () => {
  const created = h('div', {})
  const name = field('name', 'Name', { required: true, hint: 'What uses it, e.g. "deploy bot".' })
  const description = field('description', 'Description (optional)')
  const expires = field('expiresAt', 'Expires on (optional)', { type: 'date' })
  const password = field('password', 'Your password', { type: 'password', autocomplete: 'current-password', hidden: true, hint: 'Creating a key needs a recent log-in: confirm your password.' })
  const scope = field('scope', 'Scope', { options: [['FULL', 'Full: everything you may do'], ['READ_ONLY', 'Read-only: queries only']], value: 'FULL' })
  const fleetData = await query(KEY_FLEETS)
  const myFleets = present(fleetData.viewer, 'the account').fleets.edges.map((e) => e.node)
  const fleetNames = new Map(myFleets.map((fl) => [fl.id, fl.name]))
  const fleetID = field('fleetId', 'Limit to a fleet (optional)', {
    options: [['', 'No: your whole account'], ...myFleets.map((fl): [string, string] => [fl.id, `${fl.name} (you: ${fl.viewerRole.toLowerCase()})`])],
    hint: 'A key limited to a fleet sees that fleet only, with the role below (never more than yours).',
  })
  const fleetRole = field('fleetRole', 'Role in that fleet', { options: [['OBSERVER', 'Observer'], ['OPERATOR', 'Operator'], ['DEVELOPER', 'Developer']], value: 'OBSERVER' })
  const fleetOwned = field('fleetOwned', 'Owned by the fleet (owner only): it survives any member leaving', { type: 'checkbox' })
  const syncFleet = () => { fleetRole.wrap.hidden = !fleetID.input.value; fleetOwned.wrap.hidden = !fleetID.input.value }
  fleetID.input.addEventListener('change', syncFleet)
  syncFleet()
  const f = form({
    label: 'Create an API key', submit: 'Create key', fields: [name, description, expires, scope, fleetID, fleetRole, fleetOwned, password],
    onSubmit: async (f) => {
      created.replaceChildren()
      const v = f.values()
      const input = {
        name: v.name, description: v.description || null,
        expiresAt: v.expiresAt ? new Date(`${v.expiresAt}T00:00:00`).toISOString() : null,
        password: password.wrap.hidden ? null : v.password,
        scope: v.scope as ApiKeyScope,
        fleetId: v.fleetId || null,
        fleetRole: v.fleetId ? (v.fleetRole as FleetRole) : null,
        fleetOwned: v.fleetId ? f.checked('fleetOwned') : null,
      }
      const res = await mutate(CREATE_KEY, { input })
      if (res.userErrors.some((e: UserError) => e.code === 'FRESH_AUTH_REQUIRED') && password.wrap.hidden) {
        password.wrap.hidden = false
      }
      if (f.showErrors(res.userErrors)) return
      f.el.reset()
      password.wrap.hidden = true
      syncFleet()
      await list()
      created.replaceChildren(h('section', { class: 'once', 'aria-labelledby': 'new-key' },
        h('h3', { id: 'new-key' }, `Your new key "${present(res.apiKey, 'the key').name}"`),
        h('p', {}, 'Copy it now: it is shown only this once. Send it as ', h('code', {}, 'Authorization: Bearer <key>'), '.'),
        h('p', {}, h('code', { class: 'secret', 'data-testid': 'new-api-key' }, present(res.key, 'the key'))), copyButton(present(res.key, 'the key'), 'Copy the key')))
      created.querySelector('h3')?.setAttribute('tabindex', '-1')
      ;(created.querySelector('h3') as HTMLElement | null)?.focus()
    },
  })
  const listEl = h('div', {})
  const status = h('div', {})
  async function list(): Promise<void> {
    const data = await query(API_KEYS)
    const keys = present(data.viewer, 'the account').apiKeys as { id: string; name: string; description: string; prefix: string; createdAt: string; lastUsedAt: string | null; expiresAt: string | null; scope: string; fleetId?: string | null; fleetRole?: string | null }[]
    if (!keys.length) {
      listEl.replaceChildren(h('p', {}, 'No active API keys.'))
      return
    }
    const revoke = h('button', { type: 'button', class: 'danger' }, 'Revoke selected')
    revoke.addEventListener('click', async () => {
      const ids = [...listEl.querySelectorAll<HTMLInputElement>('input[name="key"]:checked')].map((c) => c.value)
      if (!ids.length) {
        status.replaceChildren(notice('Select the keys to revoke first.', 'error'))
        return
      }
      const names = ids.map((id) => keys.find((k) => k.id === id)?.name ?? id)
      if (!await confirmDanger(`Revoke ${names.length === 1 ? `the key "${names[0]}"` : `${names.length} keys`}?`,
        `${names.map((n) => `"${n}"`).join(', ')} stop${names.length === 1 ? 's' : ''} working at once: scripts and apps using ${names.length === 1 ? 'it' : 'them'} get "unauthenticated". This cannot be undone.`,
        names.length === 1 ? 'Revoke key' : `Revoke ${names.length} keys`)) return
      let res
      try {
        res = await mutate(REVOKE_KEYS, { input: { ids } })
      } catch (err) {
        status.replaceChildren(failure(err, () => revoke.click()))
        return
      }
      if (res.userErrors.length) {
        result(status, res.userErrors.map((e: UserError) => e.message).join(' '), 'error')
        return
      }
      await list()
      status.replaceChildren()
      const gone = names.filter((_, i) => res.revokedIds.includes(ids[i]))
      announce(`Revoked ${gone.length === 1 ? `the key "${gone[0]}"` : `${gone.length} keys: ${gone.map((n) => `"${n}"`).join(', ')}`}.`)
    })
    listEl.replaceChildren(
      h('table', {}, h('thead', {}, h('tr', {}, ...['Select', 'Name', 'Prefix', 'May', 'Created', 'Last used', 'Expires'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, ...keys.map((k) => h('tr', {},
          h('td', {}, h('input', { type: 'checkbox', name: 'key', value: k.id, id: `key-${k.id}`, 'aria-label': `Select ${k.name}` })),
          h('td', {}, h('label', { for: `key-${k.id}` }, k.name), k.description ? h('br') : null, k.description ? h('small', {}, k.description) : null),
          h('td', {}, h('code', {}, k.prefix)),
          h('td', { 'data-testid': 'key-scope' }, keyReach(k.scope, k.fleetId ? fleetNames.get(k.fleetId) ?? k.fleetId : null, k.fleetRole ?? null)),
          h('td', {}, when(k.createdAt)), h('td', {}, when(k.lastUsedAt)), h('td', {}, k.expiresAt ? when(k.expiresAt) : 'never'))))),
      h('div', { class: 'actions' }, revoke))
  }
  await list()
  page('API keys', h('p', {}, 'Scripts, the CLI and SDKs use API keys. A key acts as you: keep it secret, and revoke it when it is no longer needed.'),
    h('h2', {}, 'Create a key'), f.el, created, h('h2', {}, 'Active keys'), listEl, status)
}, true)

/** keyReach says in words what an API key may do. */
function keyReach(scope: string, fleet: string | null, role: string | null): string {
  const what = scope === 'READ_ONLY' ? 'read only' : 'full'
  return fleet ? `${what}, fleet ${fleet} as ${(role ?? '').toLowerCase()}` : `${what}, whole account`
}

const ENABLE_2FA = graphql(`mutation EnableTwoFactor($input: EnableTwoFactorInput) { enableTwoFactor(input: $input) { secret uri qrCode userErrors { code field message retryAfterSeconds } } }`)
const CONFIRM_2FA = graphql(`mutation ConfirmTwoFactor($input: ConfirmTwoFactorInput!) { confirmTwoFactor(input: $input) { recoveryCodes userErrors { code field message retryAfterSeconds } } }`)
const DISABLE_2FA = graphql(`mutation DisableTwoFactor($input: DisableTwoFactorInput!) { disableTwoFactor(input: $input) { user { id } userErrors { code field message retryAfterSeconds } } }`)
const REGENERATE = graphql(`mutation RegenerateRecoveryCodes($input: RegenerateRecoveryCodesInput!) { regenerateRecoveryCodes(input: $input) { recoveryCodes userErrors { code field message retryAfterSeconds } } }`)

function recoveryCodes(codes: string[]): HTMLElement {
  const text = `accountd recovery codes\nEach code works once, instead of a code from your authenticator app.\n\n${codes.join('\n')}\n`
  return h('section', { class: 'once', 'aria-labelledby': 'codes-title' },
    h('h2', { id: 'codes-title', tabindex: '-1' }, 'Your recovery codes'),
    h('p', {}, 'Keep these somewhere safe: each one logs you in once if you lose your phone. They are shown only now.'),
    h('ul', { class: 'codes', 'data-testid': 'recovery-codes' }, ...codes.map((c) => h('li', {}, h('code', {}, c)))),
    h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => download('accountd-recovery-codes.txt', text) }, 'Download as a text file'), ' ', copyButton(codes.join('\n'), 'Copy the codes')))
}

route(/^\/account\/two-factor$/, async ({ viewer }) => {
  const v = viewer!
  if (!v.twoFactorEnabled) {
    // Both steps need a recent log-in: the password field shows when the server asks.
    const freshHint = 'Turning on two-factor authentication needs a recent log-in: confirm your password.'
    const password = field('password', 'Your password', { type: 'password', autocomplete: 'current-password', hidden: true, hint: freshHint })
    const start = form({
      label: 'Turn on two-factor authentication', submit: 'Set up two-factor authentication', fields: [password],
      onSubmit: async (f) => {
        const res = await mutate(ENABLE_2FA, { input: { password: password.wrap.hidden ? null : f.values().password } })
        if (res.userErrors.some((e: UserError) => e.code === 'FRESH_AUTH_REQUIRED') && password.wrap.hidden) {
          password.wrap.hidden = false
        }
        if (f.showErrors(res.userErrors)) return
        const code = field('code', 'Code from the app', { inputmode: 'numeric', autocomplete: 'one-time-code', required: true })
        const again = field('password', 'Your password', { type: 'password', autocomplete: 'current-password', hidden: true, hint: freshHint })
        const confirm = form({
          label: 'Confirm two-factor authentication', submit: 'Turn on', fields: [code, again],
          onSubmit: async (cf) => {
            const v = cf.values()
            const r = await mutate(CONFIRM_2FA, { input: { code: v.code.replace(/\s/g, ''), password: again.wrap.hidden ? null : v.password } })
            if (r.userErrors.some((e: UserError) => e.code === 'FRESH_AUTH_REQUIRED') && again.wrap.hidden) {
              again.wrap.hidden = false
            }
            if (cf.showErrors(r.userErrors)) return
            await refreshViewer()
            page('Two-factor authentication is on', recoveryCodes(present(r.recoveryCodes, 'the recovery codes')), h('p', {}, h('a', { href: '/account' }, 'Back to your account')))
          },
        })
        page('Set up two-factor authentication',
          h('ol', {},
            h('li', {}, 'Scan this QR code with an authenticator app (such as Aegis, Google Authenticator or 1Password):',
              h('p', {}, h('img', { src: res.qrCode, alt: 'QR code for your authenticator app', width: 200, height: 200, class: 'qr' }))),
            h('li', {}, 'Or type this pairing code into the app: ', h('code', { class: 'secret', 'data-testid': 'totp-secret' }, present(res.secret, 'the secret')), ' ', copyButton(present(res.secret, 'the secret'))),
            h('li', {}, 'Enter the 6-digit code the app shows:')),
          confirm.el)
      },
    })
    page('Two-factor authentication', h('p', {}, 'Two-factor authentication is off. With it on, logging in needs a code from an app on your phone as well as your password.'), start.el)
    return
  }
  const out = h('div', {})
  const regen = form({
    label: 'New recovery codes', submit: 'Make new recovery codes',
    fields: [field('password', 'Password', { type: 'password', required: true, autocomplete: 'current-password' }), field('code', 'Code from the app or a recovery code', { required: true, autocomplete: 'one-time-code' })],
    onSubmit: async (f) => {
      const v = f.values()
      if (!await confirmDanger('Replace your recovery codes?', 'Every recovery code you have now stops working; only the new ones will.', 'Make new codes')) return
      const r = await mutate(REGENERATE, { input: { password: v.password, code: v.code } })
      if (f.showErrors(r.userErrors)) return
      f.el.reset()
      out.replaceChildren(recoveryCodes(present(r.recoveryCodes, 'the recovery codes')))
      out.querySelector('h2')?.focus()
    },
  })
  const disable = form({
    label: 'Turn off two-factor authentication', submit: 'Turn off two-factor authentication',
    fields: [field('password', 'Password', { type: 'password', required: true, autocomplete: 'current-password' }), field('code', 'Code from the app or a recovery code', { required: true, autocomplete: 'one-time-code' })],
    onSubmit: async (f) => {
      const v = f.values()
      if (!await confirmDanger('Turn off two-factor authentication?', 'Logging in will need only your password; your authenticator app and recovery codes stop working for accountd.', 'Turn off')) return
      const r = await mutate(DISABLE_2FA, { input: { password: v.password, code: v.code } })
      if (f.showErrors(r.userErrors)) return
      await refreshViewer()
      await go('/account/two-factor', true)
      announce('Two-factor authentication is off.')
    },
  })
  disable.submit.classList.add('danger')
  page('Two-factor authentication', notice('Two-factor authentication is on.', 'ok'),
    h('p', {}, `Recovery codes left: ${v.recoveryCodesRemaining}.`),
    h('h2', {}, 'Recovery codes'), h('p', {}, 'New codes replace all the old ones.'), regen.el, out,
    h('h2', {}, 'Turn it off'), disable.el)
}, true)

const SECURITY_LOG = graphql(`query SecurityLog($after: String) { viewer { id securityEvents(first: 25, after: $after) { edges { node { id kind createdAt ip userAgent clientName } } pageInfo { hasNextPage endCursor } } } }`)
route(/^\/account\/security-log$/, async () => {
  const tbody = h('tbody', {})
  const more = h('button', { type: 'button' }, 'Show older events')
  let after: string | null = null
  async function load(): Promise<void> {
    const data = await query(SECURITY_LOG, { after })
    const conn = present(data.viewer, 'the account').securityEvents
    for (const e of conn.edges) {
      const n = e.node
      tbody.append(h('tr', {}, h('td', {}, when(n.createdAt)), h('td', {}, n.kind.replaceAll('_', ' ')), h('td', {}, n.ip), h('td', { title: n.userAgent }, n.clientName)))
    }
    after = conn.pageInfo.endCursor
    more.hidden = !conn.pageInfo.hasNextPage
  }
  more.addEventListener('click', () => void load())
  await load()
  page('Security log', h('p', {}, 'What happened to your account, newest first.'),
    h('table', {}, h('thead', {}, h('tr', {}, ...['When', 'What', 'IP', 'Browser or app'].map((t) => h('th', { scope: 'col' }, t)))), tbody),
    h('div', { class: 'actions' }, more))
}, true)

const EXPORT = graphql(`mutation ExportAccountData { exportAccountData { document userErrors { code field message retryAfterSeconds } } }`)
route(/^\/account\/export$/, () => {
  const out = h('div', {})
  const f = form({
    label: 'Export your data', submit: 'Export my data', fields: [],
    onSubmit: async (f) => {
      const res = await mutate(EXPORT)
      if (f.showErrors(res.userErrors)) return
      const pretty = JSON.stringify(JSON.parse(present(res.document, 'the export')), null, 2)
      download('accountd-data.json', pretty, 'application/json')
      out.replaceChildren(notice('Downloaded accountd-data.json.', 'ok'), h('pre', { class: 'document', tabindex: '0', 'aria-label': 'Your data' }, pretty))
    },
  })
  page('Export your data', h('p', {}, 'One JSON file with everything accountd stores about you (no passwords, keys or other secrets).'), f.el, out)
}, true)

const DELETE = graphql(`mutation DeleteAccount($input: DeleteAccountInput!) { deleteAccount(input: $input) { deletedUserId userErrors { code field message retryAfterSeconds } } }`)
route(/^\/account\/delete$/, ({ viewer }) => {
  const v = viewer!
  const fields = [field('password', 'Password', { type: 'password', required: true, autocomplete: 'current-password' })]
  if (v.twoFactorEnabled) fields.push(field('code', 'Code from the app or a recovery code', { required: true, autocomplete: 'one-time-code' }))
  const f = form({
    label: 'Delete your account', submit: 'Delete my account permanently', fields,
    onSubmit: async (f) => {
      const vals = f.values()
      if (!await confirmDanger('Delete your account for good?', `The account ${v.email}, its sessions, API keys, the fleets it owns with their devices, and its security log are deleted. This cannot be undone.`, 'Delete my account')) return
      const res = await mutate(DELETE, { input: { password: vals.password, code: vals.code || null } })
      if (f.showErrors(res.userErrors)) return
      await refreshViewer()
      go('/goodbye', true)
    },
  })
  f.submit.classList.add('danger')
  page('Delete your account',
    notice('This is permanent and cannot be undone.', 'error'),
    h('p', {}, 'Deleting your account permanently deletes:'),
    h('ul', {},
      h('li', {}, 'your account, profile and log-in methods (password, Google or GitHub);'),
      h('li', {}, 'all your sessions and API keys;'),
      h('li', {}, 'your two-factor authentication and recovery codes;'),
      h('li', {}, 'all the fleets you own, with their devices, their members’ access and pending invitations;'),
      h('li', {}, 'your memberships in other people’s fleets;'),
      h('li', {}, 'your security log.')),
    h('p', {}, 'You will be logged out everywhere, and a confirmation is emailed to ', h('strong', {}, v.email), '. Export your data first if you want to keep a copy.'),
    f.el)
}, true)
