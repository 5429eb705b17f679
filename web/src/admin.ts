// The admin area: for the platform's admins only (viewer.isAdmin; the API refuses
// everyone else anyway). Search accounts, look at one, and act on it with a reason,
// after a confirmation; the admin audit log. Admin operations need the password and
// the second factor proved in the last 20 minutes: past that, the API answers
// FRESH_AUTH_REQUIRED and the page offers to log in again. Reading an account (its
// sessions, its security log) or searching is itself a line of the audit log, shown
// with the writes; admins cannot act on admins (the command line revokes admin rights
// first) nor on their own account, and reads and writes are rate limited per admin.
import { ApiError, mutate, present, query } from './api'
import { graphql } from './gql'
import { go, logOutAndReturn, route } from './router'
import { announce, confirmDanger, errorText, field, form, h, link, notice, page, when } from './ui'

const ADMIN_USERS = graphql(`query AdminUsers($query: String, $after: String) { admin { users(query: $query, first: 25, after: $after) {
  edges { node { userId email createdAt emailVerified lastLogInAt twoFactorEnabled suspended admin fleetsCount } }
  pageInfo { hasNextPage endCursor } } } }`)
const ADMIN_AUDIT = graphql(`query AdminAuditLog($userId: ID, $after: String) { admin { auditLog(userId: $userId, first: 25, after: $after) {
  edges { node { entryId action adminEmail targetKind targetId targetName reason createdAt ip userAgent } }
  pageInfo { hasNextPage endCursor } } } }`)
const ADMIN_USER = graphql(`query AdminUser($id: ID!) { admin { user(id: $id) {
  userId email createdAt emailVerified lastLogInAt twoFactorEnabled suspended suspendedAt admin fleetsCount
  sessions { id createdAt lastUsedAt ip userAgent }
  securityEvents(first: 25) { edges { node { id kind createdAt ip userAgent } } } } } }`)

const SUSPEND = graphql(`mutation AdminSuspendUser($input: AdminUserActionInput!) { adminSuspendUser(input: $input) { user { userId suspended } userErrors { code field message retryAfterSeconds } } }`)
const UNSUSPEND = graphql(`mutation AdminUnsuspendUser($input: AdminUserActionInput!) { adminUnsuspendUser(input: $input) { user { userId suspended } userErrors { code field message retryAfterSeconds } } }`)
const REVOKE_SESSIONS = graphql(`mutation AdminRevokeSessions($input: AdminUserActionInput!) { adminRevokeSessions(input: $input) { user { userId } userErrors { code field message retryAfterSeconds } } }`)
const RESET_2FA = graphql(`mutation AdminResetTwoFactor($input: AdminUserActionInput!) { adminResetTwoFactor(input: $input) { user { userId twoFactorEnabled } userErrors { code field message retryAfterSeconds } } }`)
const RESEND = graphql(`mutation AdminResendVerification($input: AdminUserActionInput!) { adminResendVerification(input: $input) { user { userId } userErrors { code field message retryAfterSeconds } } }`)
const DELETE_USER = graphql(`mutation AdminDeleteUser($input: AdminUserActionInput!) { adminDeleteUser(input: $input) { deletedUserId userErrors { code field message retryAfterSeconds } } }`)

/** refused shows why the API refused the admin area (not an admin, a stale proof, too many reads) and how to go on. */
function refused(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err)
  if (err instanceof ApiError && err.code === 'RATE_LIMITED') {
    page('Admin', notice(errorText({ code: err.code, message, retryAfterSeconds: err.retryAfterSeconds }), 'error'))
    return
  }
  page('Admin', notice(message, 'error'),
    h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => void logOutAndReturn('/admin') }, 'Log in again')))
}

type AuditLine = { action: string; adminEmail: string; targetKind: string; targetId: string; targetName: string; reason: string; createdAt: unknown }

/** target names what an audit line is about: an account (a link), a webhook endpoint, a search. */
function target(a: AuditLine): Node | string {
  switch (a.targetKind) {
    case 'WEBHOOK_ENDPOINT': return `webhook endpoint ${a.targetName} (${a.targetId})`
    case 'USER_SEARCH': return a.targetName ? `search "${a.targetName}"` : 'search: every account'
    default: return link(`/admin/users/${a.targetId}`, a.targetName || a.targetId)
  }
}

/** auditRow is a line of the audit log; reads (view ..., search ...) say so. */
function auditRow(a: AuditLine): HTMLElement {
  const read = a.action.startsWith('view_') || a.action === 'search_users'
  return h('tr', read ? { 'data-kind': 'read' } : {}, h('td', {}, when(a.createdAt as string)), h('td', {}, a.adminEmail || 'operator'),
    h('td', {}, a.action.replaceAll('_', ' ') + (read ? ' (read)' : '')), h('td', {}, target(a)), h('td', {}, read ? '' : a.reason))
}

function yesNo(b: boolean): string {
  return b ? 'yes' : 'no'
}

route(/^\/admin$/, async ({ params }) => {
  const q = params.get('q') ?? ''
  let first
  try {
    first = await query(ADMIN_USERS, { query: q, after: null })
  } catch (err) {
    if (err instanceof ApiError) return refused(err)
    throw err
  }
  const tbody = h('tbody', {})
  const more = h('button', { type: 'button' }, 'Show more accounts')
  const show = (conn: NonNullable<typeof first.admin>['users']) => {
    for (const { node: u } of conn.edges) {
      tbody.append(h('tr', {},
        h('td', {}, link(`/admin/users/${u.userId}`, u.email)),
        h('td', {}, yesNo(u.emailVerified)), h('td', {}, yesNo(u.twoFactorEnabled)),
        h('td', {}, u.suspended ? 'suspended' : ''), h('td', {}, u.admin ? 'admin' : ''),
        h('td', {}, String(u.fleetsCount)), h('td', {}, u.lastLogInAt ? when(u.lastLogInAt) : 'never'), h('td', {}, when(u.createdAt))))
    }
    after = conn.pageInfo.endCursor ?? null
    more.hidden = !conn.pageInfo.hasNextPage
  }
  let after: string | null = null
  show(present(first.admin, 'the admin area').users)
  more.addEventListener('click', async () => {
    const next = await query(ADMIN_USERS, { query: q, after })
    show(present(next.admin, 'the admin area').users)
  })
  const search = form({
    label: 'Search accounts', submit: 'Search',
    fields: [field('q', 'Address starts with, or account id (usr_...)', { value: q, autocomplete: 'off' })],
    onSubmit: async (f) => { await go(`/admin?q=${encodeURIComponent(f.values().q.trim())}`) },
  })
  const audit = h('tbody', {})
  const log = await query(ADMIN_AUDIT, { userId: null, after: null })
  for (const { node: a } of present(log.admin, 'the admin area').auditLog.edges) audit.append(auditRow(a))
  page('Admin',
    h('p', {}, 'Accounts of the platform. Every action asks for a reason and lands in the audit log below, and in the person\'s own security log. Looking at an account, its sessions or its security log, and searching, are in the audit log too (marked "read").'),
    h('p', {}, link('/admin/webhooks', 'Webhooks'), ': the endpoints that receive events, and how delivery goes.'),
    search.el,
    h('table', { 'aria-label': 'Accounts' }, h('thead', {}, h('tr', {}, ...['Account', 'Verified', 'Two-factor', 'Suspended', 'Admin', 'Fleets', 'Last log-in', 'Created'].map((t) => h('th', { scope: 'col' }, t)))), tbody),
    h('div', { class: 'actions' }, more),
    h('h2', {}, 'Audit log'),
    h('table', { 'aria-label': 'Audit log' }, h('thead', {}, h('tr', {}, ...['When', 'Admin', 'Action', 'Account', 'Reason'].map((t) => h('th', { scope: 'col' }, t)))), audit))
}, true)

route(/^\/admin\/users\/([^/]+)$/, async ({ match, viewer }) => {
  const id = decodeURIComponent(match[0])
  let data
  try {
    data = await query(ADMIN_USER, { id })
  } catch (err) {
    if (err instanceof ApiError) return refused(err)
    throw err
  }
  const u = present(data.admin, 'the admin area').user
  if (!u) {
    page('No such account', h('p', {}, 'No account has this id. ', link('/admin', 'Back to the accounts'), '.'))
    return
  }
  const reason = field('reason', 'Reason (required: goes to the audit log)', { required: true, autocomplete: 'off' })
  const status = h('div', {})
  type Action = { label: string; title: string; what: string; run: (input: { userId: string; reason: string }) => Promise<{ userErrors: { code: string; message: string; field?: string[] | null }[] }>; done: string }
  const actions: Action[] = []
  if (u.suspended) {
    actions.push({ label: 'Lift suspension', title: `Lift the suspension of ${u.email}?`, what: `${u.email} can log in again and their API keys work again; they are mailed.`, run: (input) => mutate(UNSUSPEND, { input }), done: 'Suspension lifted.' })
  } else {
    actions.push({ label: 'Suspend', title: `Suspend ${u.email}?`, what: `${u.email} is logged out everywhere; their log-ins and API keys are refused until the suspension is lifted; they are mailed.`, run: (input) => mutate(SUSPEND, { input }), done: 'Account suspended.' })
  }
  actions.push({ label: 'End all sessions', title: `End every session of ${u.email}?`, what: `${u.email} is logged out on every browser and app; API keys stay.`, run: (input) => mutate(REVOKE_SESSIONS, { input }), done: 'Sessions ended.' })
  if (u.twoFactorEnabled) {
    actions.push({ label: 'Reset two-factor', title: `Remove two-factor authentication of ${u.email}?`, what: `Only after the support process proved who they are: their authenticator and recovery codes stop working, their sessions end, they are mailed and must enrol again.`, run: (input) => mutate(RESET_2FA, { input }), done: 'Two-factor authentication removed.' })
  }
  if (!u.emailVerified) {
    actions.push({ label: 'Resend verification', title: `Send ${u.email} a new verification link?`, what: `A new link goes to ${u.email}; older links stop working.`, run: (input) => mutate(RESEND, { input }), done: 'Verification link sent.' })
  }
  actions.push({ label: 'Delete account', title: `Delete ${u.email}?`, what: `The account, its sessions, API keys, the fleets it owns with their devices, and its security log are deleted for good; they are mailed.`, run: (input) => mutate(DELETE_USER, { input }), done: 'Account deleted.' })

  // Admins cannot act on admins, nor on their own account: the API refuses, so the page
  // says why instead of offering buttons that fail.
  const hands: string | null = u.userId === viewer?.id
    ? 'This is your own account: admins cannot act on their own account here.'
    : u.admin
      ? 'This account is an admin: admins cannot act on admins here. The operator revokes admin rights on the command line (accountd admin revoke) first.'
      : null
  const f = form({ label: 'Act on this account', submit: 'Check the reason', fields: [reason], onSubmit: async () => {} })
  f.submit.hidden = true
  const buttons = actions.map((a) => h('button', {
    type: 'button', class: a.label === 'Delete account' || a.label === 'Suspend' ? 'danger' : '', onclick: async () => {
      f.clearErrors()
      status.replaceChildren()
      const why = reason.input.value.trim()
      if (!why) {
        f.showErrors([{ code: 'INVALID_INPUT', field: ['input', 'reason'], message: 'Say why: the reason goes to the admin audit log.' }])
        return
      }
      if (!await confirmDanger(a.title, a.what, a.label)) return
      try {
        const res = await a.run({ userId: u.userId, reason: why })
        if (f.showErrors(res.userErrors)) return
      } catch (err) {
        // A refusal (FORBIDDEN: the account is an admin) is no failure to retry.
        if (err instanceof ApiError && err.code === 'FORBIDDEN') f.showErrors([{ code: err.code, message: err.message }])
        else f.showFailure(err)
        return
      }
      announce(a.done)
      if (a.label === 'Delete account') await go('/admin')
      else await go(`/admin/users/${encodeURIComponent(u.userId)}`, true)
    },
  }, a.label))

  const audit = h('tbody', {})
  const log = await query(ADMIN_AUDIT, { userId: u.userId, after: null })
  for (const { node: a } of present(log.admin, 'the admin area').auditLog.edges) audit.append(auditRow(a))
  const sessions = h('tbody', {}, ...u.sessions.map((s) => h('tr', {}, h('td', {}, when(s.createdAt)), h('td', {}, when(s.lastUsedAt)), h('td', {}, s.ip), h('td', {}, s.userAgent))))
  const events = h('tbody', {}, ...u.securityEvents.edges.map(({ node: e }) => h('tr', {}, h('td', {}, when(e.createdAt)), h('td', {}, e.kind.replaceAll('_', ' ')), h('td', {}, e.ip), h('td', {}, e.userAgent))))
  page(u.email,
    h('p', {}, link('/admin', 'All accounts')),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Account id'), h('dd', {}, u.userId),
      h('dt', {}, 'Created'), h('dd', {}, when(u.createdAt)),
      h('dt', {}, 'Address verified'), h('dd', {}, yesNo(u.emailVerified)),
      h('dt', {}, 'Last log-in'), h('dd', {}, u.lastLogInAt ? when(u.lastLogInAt) : 'never'),
      h('dt', {}, 'Two-factor authentication'), h('dd', {}, u.twoFactorEnabled ? 'On' : 'Off'),
      h('dt', {}, 'Status'), h('dd', { id: 'status' }, u.suspended ? `Suspended since ${when(u.suspendedAt)}` : 'Active'),
      h('dt', {}, 'Admin'), h('dd', {}, yesNo(u.admin)),
      h('dt', {}, 'Fleets'), h('dd', {}, String(u.fleetsCount))),
    h('h2', {}, 'Act on this account'),
    ...(hands ? [notice(hands, 'info')] : [f.el, h('div', { class: 'actions' }, ...buttons), status]),
    h('h2', {}, 'Active sessions'),
    h('table', { 'aria-label': 'Active sessions' }, h('thead', {}, h('tr', {}, ...['Logged in', 'Last used', 'IP', 'Browser or app'].map((t) => h('th', { scope: 'col' }, t)))), sessions),
    h('h2', {}, 'Security log'),
    h('table', { 'aria-label': 'Security log' }, h('thead', {}, h('tr', {}, ...['When', 'What', 'IP', 'Browser or app'].map((t) => h('th', { scope: 'col' }, t)))), events),
    h('h2', {}, 'Audit log of this account'),
    h('p', {}, 'What admins did to this account and when they looked at it, your reads of this page included.'),
    h('table', { 'aria-label': 'Audit log of this account' }, h('thead', {}, h('tr', {}, ...['When', 'Admin', 'Action', 'Account', 'Reason'].map((t) => h('th', { scope: 'col' }, t)))), audit))
}, true)
