// Fleets: create, see members and devices, invite people, register devices. What each
// role may do is decided by the API (README.md, "Fleets"); the page only asks for what
// the viewer's role may see.
import { mutate, present, query, type UserError } from './api'
import { graphql } from './gql'
import type { FleetRole } from './gql/graphql'
import { go, route } from './router'
import { copyButton, field, form, h, link, notice, page, when } from './ui'

const FLEETS = graphql(`query Fleets { viewer { id fleets(first: 100) { edges { node { id name createdAt viewerRole } } } } }`)
const CREATE_FLEET = graphql(`mutation CreateFleet($input: CreateFleetInput!) { createFleet(input: $input) { fleet { id } userErrors { code field message retryAfterSeconds } } }`)

route(/^\/account\/fleets$/, async () => {
  const data = await query(FLEETS)
  const fleets = present(data.viewer, 'the account').fleets.edges.map((e: { node: unknown }) => e.node) as { id: string; name: string; createdAt: string; viewerRole: string }[]
  const f = form({
    label: 'Create a fleet', submit: 'Create fleet', fields: [field('name', 'Fleet name', { required: true })],
    onSubmit: async (f) => {
      const res = await mutate(CREATE_FLEET, { input: { name: f.values().name } })
      if (f.showErrors(res.userErrors)) return
      go(`/account/fleets/${encodeURIComponent(present(res.fleet, 'the fleet').id)}`)
    },
  })
  page('Fleets', h('p', {}, 'A fleet groups devices and the people who share them.'),
    fleets.length
      ? h('table', {}, h('thead', {}, h('tr', {}, ...['Fleet', 'Your role', 'Created'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, ...fleets.map((fl) => h('tr', {}, h('td', {}, link(`/account/fleets/${encodeURIComponent(fl.id)}`, fl.name)), h('td', {}, fl.viewerRole.toLowerCase()), h('td', {}, when(fl.createdAt))))))
      : h('p', {}, 'You are in no fleet yet.'),
    h('h2', {}, 'Create a fleet'), f.el)
}, true)

const FLEET = graphql(`query Fleet($id: ID!) { node(id: $id) { ... on Fleet { id name createdAt viewerRole devices(first: 100) { edges { node { id name createdAt lastSeenAt } } } } } }`)
const MEMBERS = graphql(`query FleetMembers($id: ID!) { node(id: $id) { ... on Fleet { id members(first: 100) { edges { node { id email name role createdAt } } } } } }`)
const INVITATIONS = graphql(`query FleetInvitations($id: ID!) { node(id: $id) { ... on Fleet { id invitations(first: 100) { edges { node { id email role expiresAt } } } } } }`)
const INVITE = graphql(`mutation InviteFleetMember($input: InviteFleetMemberInput!) { inviteFleetMember(input: $input) { invitation { id } userErrors { code field message retryAfterSeconds } } }`)
const REGISTER = graphql(`mutation RegisterDevice($input: RegisterDeviceInput!) { registerDevice(input: $input) { device { id name } token userErrors { code field message retryAfterSeconds } } }`)
const DELETE_DEVICE = graphql(`mutation DeleteDevice($input: DeleteDeviceInput!) { deleteDevice(input: $input) { deletedDeviceId userErrors { code field message retryAfterSeconds } } }`)
const ROTATE = graphql(`mutation RotateDeviceToken($input: RotateDeviceTokenInput!) { rotateDeviceToken(input: $input) { device { id name } token userErrors { code field message retryAfterSeconds } } }`)
const PRV_KEYS = graphql(`query ProvisioningKeys($id: ID!) { node(id: $id) { ... on Fleet { id provisioningKeys { id name prefix createdAt lastUsedAt expiresAt maxDevices devicesRegistered } } } }`)
const CREATE_PRV = graphql(`mutation CreateProvisioningKey($input: CreateProvisioningKeyInput!) { createProvisioningKey(input: $input) { key provisioningKey { id name } userErrors { code field message retryAfterSeconds } } }`)
const REVOKE_PRV = graphql(`mutation RevokeProvisioningKey($input: RevokeProvisioningKeyInput!) { revokeProvisioningKey(input: $input) { revokedProvisioningKeyId userErrors { code field message retryAfterSeconds } } }`)
const FLEET_KEYS = graphql(`query FleetApiKeys($id: ID!) { node(id: $id) { ... on Fleet { id apiKeys { id name prefix scope fleetRole createdAt lastUsedAt expiresAt } } } }`)
const REVOKE_FLEET_KEY = graphql(`mutation RevokeFleetApiKey($input: RevokeFleetApiKeyInput!) { revokeFleetApiKey(input: $input) { revokedApiKeyId userErrors { code field message retryAfterSeconds } } }`)

/** shownOnce is the box of a secret shown this one time, with a copy button. */
function shownOnce(title: string, what: string, secret: string, testid: string, done: () => void): HTMLElement {
  return h('section', { class: 'once' }, h('h3', {}, title),
    h('p', {}, what), h('p', {}, h('code', { class: 'secret', 'data-testid': testid }, secret)), copyButton(secret, 'Copy'),
    h('p', {}, h('button', { type: 'button', onclick: done }, 'Done')))
}

/** errorsOf shows the userErrors of a payload in status; true when there were any. */
function errorsOf(status: HTMLElement, errors: UserError[]): boolean {
  if (!errors.length) return false
  status.replaceChildren(notice(errors.map((e) => e.message).join(' '), 'error'))
  return true
}

const ROLES: [string, string][] = [['DEVELOPER', 'Developer'], ['OPERATOR', 'Operator'], ['OBSERVER', 'Observer']]

route(/^\/account\/fleets\/([^/]+)$/, async ({ match }) => {
  const id = decodeURIComponent(match[0])
  const data = await query(FLEET, { id })
  const fleet = data.node
  if (!fleet) {
    page('Fleet not found', h('p', {}, 'No such fleet, or you are not one of its members. ', link('/account/fleets', 'Your fleets'), '.'))
    return
  }
  const role = fleet.viewerRole as string
  const reload = () => go(`/account/fleets/${encodeURIComponent(id)}`, true)
  const sections: Node[] = []

  if (role === 'OWNER' || role === 'DEVELOPER') {
    const m = await query(MEMBERS, { id })
    const members = present(present(m.node, 'the fleet').members, 'the members').edges.map((e: { node: unknown }) => e.node) as { id: string; email: string; name: string; role: string; createdAt: string }[]
    sections.push(h('h2', {}, 'Members'), h('table', {},
      h('thead', {}, h('tr', {}, ...['Email', 'Name', 'Role', 'Since'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...members.map((mb) => h('tr', {}, h('td', {}, mb.email), h('td', {}, mb.name), h('td', {}, mb.role.toLowerCase()), h('td', {}, when(mb.createdAt)))))))
  }
  if (role === 'OWNER') {
    const inv = await query(INVITATIONS, { id })
    const invitations = present(present(inv.node, 'the fleet').invitations, 'the invitations').edges.map((e: { node: unknown }) => e.node) as { id: string; email: string; role: string; expiresAt: string }[]
    if (invitations.length) {
      sections.push(h('h3', {}, 'Pending invitations'), h('ul', {}, ...invitations.map((i) => h('li', {}, `${i.email} as ${i.role.toLowerCase()} (until ${when(i.expiresAt)})`))))
    }
    const status = h('div', {})
    const f = form({
      label: 'Invite someone', submit: 'Send invitation',
      fields: [field('email', 'Email', { type: 'email', required: true }), field('role', 'Role', { options: ROLES, value: 'DEVELOPER' })],
      onSubmit: async (f) => {
        const v = f.values()
        const res = await mutate(INVITE, { input: { fleetId: id, email: v.email, role: v.role as FleetRole } })
        if (f.showErrors(res.userErrors)) return
        reload()
      },
    })
    sections.push(h('h3', {}, 'Invite someone'), h('p', {}, 'They get an email with a link to join; the invitation works for a limited time.'), f.el, status)
  }

  const devices = fleet.devices.edges.map((e: { node: unknown }) => e.node) as { id: string; name: string; createdAt: string; lastSeenAt: string | null }[]
  const devStatus = h('div', {})
  sections.push(h('h2', {}, 'Devices'), devices.length
    ? h('table', {}, h('thead', {}, h('tr', {}, ...['Name', 'Registered', 'Last seen', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...devices.map((d) => h('tr', {}, h('td', {}, d.name), h('td', {}, when(d.createdAt)), h('td', {}, when(d.lastSeenAt)),
        h('td', {}, ...(role === 'OWNER' || role === 'DEVELOPER' ? [h('button', { type: 'button', 'aria-label': `Delete device ${d.name}`, onclick: async () => {
          const res = await mutate(DELETE_DEVICE, { input: { deviceId: d.id } })
          if (!errorsOf(devStatus, res.userErrors)) reload()
        } }, 'Delete'), ' ', h('button', { type: 'button', 'aria-label': `New token for ${d.name}`, onclick: async () => {
          const res = await mutate(ROTATE, { input: { deviceId: d.id } })
          if (errorsOf(devStatus, res.userErrors)) return
          devStatus.replaceChildren(shownOnce(`New token for "${present(res.device, 'the device').name}"`,
            'The old token stopped working. Store this one on the device; it is shown only now:', present(res.token, 'the token'), 'device-token', reload))
        } }, 'New token')] : []))))))
    : h('p', {}, 'No devices yet.'), devStatus)
  if (role === 'OWNER' || role === 'DEVELOPER') {
    const out = h('div', {})
    const f = form({
      label: 'Register a device', submit: 'Register device', fields: [field('name', 'Device name', { required: true })],
      onSubmit: async (f) => {
        const res = await mutate(REGISTER, { input: { fleetId: id, name: f.values().name } })
        if (f.showErrors(res.userErrors)) return
        f.el.reset()
        out.replaceChildren(shownOnce(`Device "${present(res.device, 'the device').name}" registered`, 'Store this token on the device; it is shown only now:',
          present(res.token, 'the token'), 'device-token', reload))
      },
    })
    sections.push(h('h3', {}, 'Register a device'), f.el, out)
    sections.push(...await provisioningKeys(id, reload))
  }
  if (role === 'OWNER') sections.push(...await fleetKeys(id, reload))
  page(`Fleet ${fleet.name}`, h('p', {}, `Your role: ${role.toLowerCase()}. Created ${when(fleet.createdAt)}.`), ...sections, h('p', {}, link('/account/fleets', 'All fleets')))
}, true)

/** provisioningKeys is the fleet page's section of provisioning keys (OWNER, DEVELOPER). */
async function provisioningKeys(id: string, reload: () => void): Promise<Node[]> {
  const data = await query(PRV_KEYS, { id })
  const node = present(data.node, 'the fleet')
  const keys = ('provisioningKeys' in node ? node.provisioningKeys : null) ?? []
  const status = h('div', {})
  const out = h('div', {})
  const f = form({
    label: 'Create a provisioning key', submit: 'Create provisioning key',
    fields: [field('name', 'Name', { required: true, hint: 'Where it goes, e.g. "factory line 3".' }),
      field('maxDevices', 'At most this many devices (optional)', { type: 'number', inputmode: 'numeric' }),
      field('expiresAt', 'Expires on (optional)', { type: 'date' })],
    onSubmit: async (f) => {
      const v = f.values()
      const res = await mutate(CREATE_PRV, { input: {
        fleetId: id, name: v.name,
        maxDevices: v.maxDevices ? Number(v.maxDevices) : null,
        expiresAt: v.expiresAt ? new Date(`${v.expiresAt}T00:00:00`).toISOString() : null,
      } })
      if (f.showErrors(res.userErrors)) return
      f.el.reset()
      out.replaceChildren(shownOnce(`Provisioning key "${present(res.provisioningKey, 'the key').name}"`,
        'Put it in your devices\' image: each device calls provisionDevice with it and gets its own token. It is shown only now:', present(res.key, 'the key'), 'provisioning-key', reload))
    },
  })
  return [h('h2', {}, 'Provisioning keys'),
    h('p', {}, 'Devices in the field register themselves into this fleet with a provisioning key; it can do nothing else.'),
    keys.length
      ? h('table', {}, h('thead', {}, h('tr', {}, ...['Name', 'Prefix', 'Created', 'Last used', 'Expires', 'Devices', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, ...keys.map((k) => h('tr', {}, h('td', {}, k.name), h('td', {}, h('code', {}, k.prefix)), h('td', {}, when(k.createdAt)),
          h('td', {}, when(k.lastUsedAt)), h('td', {}, k.expiresAt ? when(k.expiresAt) : 'never'),
          h('td', {}, k.maxDevices == null ? String(k.devicesRegistered) : `${k.devicesRegistered} of ${k.maxDevices}`),
          h('td', {}, h('button', { type: 'button', 'aria-label': `Revoke provisioning key ${k.name}`, onclick: async () => {
            const res = await mutate(REVOKE_PRV, { input: { provisioningKeyId: k.id } })
            if (!errorsOf(status, res.userErrors)) reload()
          } }, 'Revoke'))))))
      : h('p', {}, 'No provisioning keys.'),
    status, h('h3', {}, 'Create a provisioning key'), f.el, out]
}

/** fleetKeys is the fleet page's section of the API keys the fleet owns (OWNER). */
async function fleetKeys(id: string, reload: () => void): Promise<Node[]> {
  const data = await query(FLEET_KEYS, { id })
  const node = present(data.node, 'the fleet')
  const keys = ('apiKeys' in node ? node.apiKeys : null) ?? []
  const status = h('div', {})
  return [h('h2', {}, 'Fleet API keys'),
    h('p', {}, 'Keys owned by the fleet (for a dashboard or a CI job) keep working whoever leaves. Create one on ', link('/account/api-keys', 'API keys'), ' with "Owned by the fleet".'),
    keys.length
      ? h('table', {}, h('thead', {}, h('tr', {}, ...['Name', 'Prefix', 'May', 'Created', 'Last used', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, ...keys.map((k) => h('tr', {}, h('td', {}, k.name), h('td', {}, h('code', {}, k.prefix)),
          h('td', {}, `${k.scope === 'READ_ONLY' ? 'read only' : 'full'}, as ${(k.fleetRole ?? '').toLowerCase()}`),
          h('td', {}, when(k.createdAt)), h('td', {}, when(k.lastUsedAt)),
          h('td', {}, h('button', { type: 'button', 'aria-label': `Revoke fleet key ${k.name}`, onclick: async () => {
            const res = await mutate(REVOKE_FLEET_KEY, { input: { apiKeyId: k.id } })
            if (!errorsOf(status, res.userErrors)) reload()
          } }, 'Revoke'))))))
      : h('p', {}, 'No fleet API keys.'),
    status]
}
