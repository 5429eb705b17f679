// /activate: where a person types the code a CLI or a device shows, and approves or
// denies its request for access (the OAuth device authorization grant, RFC 8628). The
// router logs the person in first (two-factor included) and comes back here with the
// code. The page names the client and the time of the request and says plainly what
// approving does, so a code sent by someone else ("please type this code") stands out.
import { graphql } from './gql'
import type { ApiKeyScope } from './gql/graphql'
import { mutate, present, query, type UserError } from './api'
import { route } from './router'
import { field, form, h, notice, page, when } from './ui'

const LOOKUP = graphql(`query DeviceAuthorization($userCode: String!) { deviceAuthorization(userCode: $userCode) { clientId clientName scope requestedAt expiresAt } }`)
const DECIDE = graphql(`mutation ApproveDeviceAuthorization($input: ApproveDeviceAuthorizationInput!) { approveDeviceAuthorization(input: $input) { request { clientName } userErrors { code field message retryAfterSeconds } } }`)

/** reach says in words what the client gets when the person approves. */
function reach(scope: string): string {
  switch (scope) {
    case 'session': return 'a session: it acts as you, with everything you may do, until it expires or you end it under Sessions'
    case 'read_only': return 'a read-only API key: it can read everything in your account, and change nothing'
    default: return 'an API key that acts as you, with everything you may do, until you revoke it under API keys'
  }
}

route(/^\/activate$/, async ({ params }) => {
  const code = field('userCode', 'Code shown on your device', {
    required: true, autocomplete: 'one-time-code', value: params.get('user_code') ?? '',
    hint: 'Eight letters, like WDJB-MJHT. Capitals and the dash do not matter.',
  })
  const f = form({
    label: 'Enter the code', submit: 'Continue', fields: [code],
    onSubmit: async () => {
      const typed = code.input.value
      const data = await query(LOOKUP, { userCode: typed })
      const request = present(data.deviceAuthorization, 'the request')
      showRequest(typed, request)
    },
  })

  function showRequest(userCode: string, r: { clientName: string; scope: string; requestedAt: string; expiresAt: string }): void {
    const scope = field('scope', 'Access to give', {
      options: [['FULL', 'Full: everything you may do'], ['READ_ONLY', 'Read-only: it can change nothing']],
      value: r.scope === 'read_only' ? 'READ_ONLY' : 'FULL',
    })
    if (r.scope === 'session' || r.scope === 'read_only') scope.wrap.hidden = true
    const password = field('password', 'Your password', { type: 'password', autocomplete: 'current-password', hidden: true, hint: 'Approving needs a recent log-in: confirm your password.' })
    const deny = h('button', { type: 'button', class: 'secondary' }, 'Deny')
    const decide = async (approve: boolean, df: typeof d): Promise<void> => {
      const res = await mutate(DECIDE, {
        input: {
          userCode, approve,
          password: password.wrap.hidden ? null : df.values().password,
          scope: scope.wrap.hidden ? null : (df.values().scope as ApiKeyScope),
        },
      })
      if (res.userErrors.some((e: UserError) => e.code === 'FRESH_AUTH_REQUIRED') && password.wrap.hidden) {
        password.wrap.hidden = false
      }
      if (df.showErrors(res.userErrors)) return
      const name = present(res.request, 'the request').clientName
      page(approve ? 'Device approved' : 'Request denied',
        notice(approve
          ? `${name} now has access to your account. Go back to your device: it continues by itself.`
          : `${name} gets no access. If you did not start this yourself, someone tried to get into your account: change your password.`,
        approve ? 'ok' : 'info'),
        h('p', {}, h('a', { href: approve ? '/account/api-keys' : '/account/security-log' }, approve ? 'See your API keys' : 'See your security log'), '.'))
    }
    const d = form({
      label: 'Approve or deny', submit: `Approve ${r.clientName}`, fields: [scope, password],
      extra: [deny],
      onSubmit: async (df) => decide(true, df),
    })
    deny.addEventListener('click', async () => {
      d.clearErrors()
      deny.disabled = true
      try {
        await decide(false, d)
      } catch (err) {
        d.showFailure(err)
      } finally {
        deny.disabled = false
      }
    })
    page(`Give ${r.clientName} access to your account?`,
      h('p', { class: 'notice error', role: 'alert', 'data-testid': 'activate-warning' },
        `Approving gives ${r.clientName} access to your account: it gets ${reach(r.scope)}. `,
        'Only approve a request you started yourself, on your own device, just now. If someone sent you this code or asked you to type it, deny it.'),
      h('dl', { class: 'request' },
        h('dt', {}, 'Client'), h('dd', { 'data-testid': 'activate-client' }, r.clientName),
        h('dt', {}, 'Requested'), h('dd', { 'data-testid': 'activate-requested' }, when(r.requestedAt)),
        h('dt', {}, 'Code'), h('dd', {}, h('code', {}, userCode.toUpperCase())),
        h('dt', {}, 'Expires'), h('dd', {}, when(r.expiresAt))),
      d.el)
  }

  page('Connect a device', h('p', {}, 'A CLI or a device asked for access to an account and showed you a code. Type it here to see which one it is.'), f.el)
  if (params.get('user_code')) code.input.focus()
}, true)
