// The admin area's Webhooks page: the endpoints admins added, with how delivery to
// each goes; add one (its signing secret is shown this once) or delete one, each with a
// reason for the admin audit log. The operator's ACCOUNTD_WEBHOOK_URL is not listed: it
// is configuration, not data.
import { ApiError, mutate, present, query } from './api'
import { graphql } from './gql'
import { go, logOutAndReturn, route } from './router'
import { announce, confirmDanger, copyButton, field, form, h, link, notice, page, when } from './ui'

const ENDPOINTS = graphql(`query AdminWebhookEndpoints { admin { webhookEndpoints { endpointId name url createdAt
  deliveries(recent: 5) { pending delivered failed recent { messageId eventType state attempts lastError nextAttemptAt createdAt } } } } }`)
const CREATE = graphql(`mutation AdminCreateWebhookEndpoint($input: AdminCreateWebhookEndpointInput!) { adminCreateWebhookEndpoint(input: $input) {
  endpoint { endpointId name } secret userErrors { code field message retryAfterSeconds } } }`)
const DELETE = graphql(`mutation AdminDeleteWebhookEndpoint($input: AdminDeleteWebhookEndpointInput!) { adminDeleteWebhookEndpoint(input: $input) {
  deletedEndpointId userErrors { code field message retryAfterSeconds } } }`)

route(/^\/admin\/webhooks$/, async () => {
  let data
  try {
    data = await query(ENDPOINTS)
  } catch (err) {
    if (err instanceof ApiError) {
      page('Webhooks', notice(err.message, 'error'),
        h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => void logOutAndReturn('/admin/webhooks') }, 'Log in again')))
      return
    }
    throw err
  }
  const endpoints = present(data.admin, 'the admin area').webhookEndpoints
  const created = h('div', {})
  const add = form({
    label: 'Add a webhook endpoint', submit: 'Add the endpoint',
    fields: [
      field('name', 'Name (what it is for)', { required: true, autocomplete: 'off' }),
      field('url', 'URL (https://...)', { required: true, autocomplete: 'off', type: 'url' }),
      field('reason', 'Reason (required: goes to the audit log)', { required: true, autocomplete: 'off' }),
    ],
    onSubmit: async (f) => {
      const v = f.values()
      const res = await mutate(CREATE, { input: { name: v.name.trim(), url: v.url.trim(), reason: v.reason.trim() } })
      if (f.showErrors(res.userErrors)) return
      const secret = present(res.secret, 'the secret')
      const shown = h('section', { class: 'once', 'aria-labelledby': 'new-endpoint' },
        h('h3', { id: 'new-endpoint', tabindex: '-1' }, `The signing secret of "${present(res.endpoint, 'the endpoint').name}"`),
        notice('Copy it now and give it to the receiver: it is shown only this once and cannot be read again. Whoever has it can forge events.', 'error'),
        h('p', {}, h('code', { class: 'secret', 'data-testid': 'webhook-secret' }, secret)), copyButton(secret, 'Copy the secret'),
        h('p', {}, h('button', { type: 'button', onclick: () => void go('/admin/webhooks', true) }, 'Done')))
      f.el.reset()
      created.replaceChildren(shown)
      ;(shown.querySelector('h3') as HTMLElement | null)?.focus()
      announce('Endpoint added. Copy its secret now.')
    },
  })
  const list = endpoints.length === 0
    ? [h('p', {}, 'No endpoints yet.')]
    : endpoints.map((e) => {
      const reason = field(`reason-${e.endpointId}`, `Reason to delete ${e.name}`, { autocomplete: 'off' })
      const status = h('div', {})
      const del = h('button', {
        type: 'button', class: 'danger', onclick: async () => {
          const why = reason.input.value.trim()
          if (!why) {
            status.replaceChildren(notice('Say why: the reason goes to the admin audit log.', 'error'))
            return
          }
          if (!await confirmDanger(`Delete the endpoint ${e.name}?`, `Nothing is posted to ${e.url} any more, and its ${e.deliveries.pending} pending messages are dropped.`, 'Delete endpoint')) return
          const res = await mutate(DELETE, { input: { id: e.endpointId, reason: why } })
          if (res.userErrors.length > 0) {
            status.replaceChildren(notice(res.userErrors.map((u) => u.message).join(' '), 'error'))
            return
          }
          announce('Endpoint deleted.')
          await go('/admin/webhooks', true)
        },
      }, 'Delete endpoint')
      const recent = h('tbody', {}, ...e.deliveries.recent.map((m) => h('tr', {},
        h('td', {}, when(m.createdAt)), h('td', {}, m.eventType), h('td', {}, m.state.toLowerCase()), h('td', {}, String(m.attempts)),
        h('td', {}, m.lastError), h('td', {}, m.nextAttemptAt ? when(m.nextAttemptAt) : ''))))
      return h('section', { class: 'endpoint', 'aria-label': e.name, 'data-testid': 'webhook-endpoint' },
        h('h3', {}, e.name),
        h('dl', { class: 'facts' },
          h('dt', {}, 'URL'), h('dd', {}, e.url),
          h('dt', {}, 'Added'), h('dd', {}, when(e.createdAt)),
          h('dt', {}, 'Deliveries'), h('dd', {}, `${e.deliveries.pending} pending, ${e.deliveries.delivered} delivered, ${e.deliveries.failed} failed`)),
        e.deliveries.recent.length === 0 ? h('p', {}, 'No messages yet.')
          : h('table', { 'aria-label': `Latest messages to ${e.name}` }, h('thead', {}, h('tr', {}, ...['When', 'Event', 'State', 'Attempts', 'Last error', 'Next attempt'].map((t) => h('th', { scope: 'col' }, t)))), recent),
        reason.wrap, h('div', { class: 'actions' }, del), status)
    })
  page('Webhooks',
    h('p', {}, link('/admin', 'Admin'), ' · Endpoints that receive every event, signed per Standard Webhooks. Adding or deleting one asks for a reason and lands in the audit log.'),
    h('h2', {}, 'Endpoints'), ...list,
    h('h2', {}, 'Add an endpoint'), add.el, created)
}, true)
