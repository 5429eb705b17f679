// Fleets: create, see members and devices, invite people, register devices. What each
// role may do is decided by the API (README.md, "Fleets"); the page only asks for what
// the viewer's role may see.
import { mutate, present, query, type UserError } from './api'
import { graphql } from './gql'
import type { FleetRole } from './gql/graphql'
import { go, route } from './router'
import { announce, confirmDanger, copyButton, failure, field, form, h, link, notice, page, when } from './ui'

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

const FLEET = graphql(`query Fleet($id: ID!) { node(id: $id) { ... on Fleet { id name createdAt viewerRole viewerCan { renameFleet deleteFleet transferOwnership viewMembers manageMembers registerDevice deleteDevice leaveFleet } devices(first: 100) { edges { node { id name createdAt lastSeenAt } } } } } }`)
const MEMBERS = graphql(`query FleetMembers($id: ID!) { node(id: $id) { ... on Fleet { id members(first: 100) { edges { node { id userId email name role createdAt } } } } } }`)
const INVITATIONS = graphql(`query FleetInvitations($id: ID!) { node(id: $id) { ... on Fleet { id invitations(first: 100) { edges { node { id email role expiresAt } } } } } }`)
const INVITE = graphql(`mutation InviteFleetMember($input: InviteFleetMemberInput!) { inviteFleetMember(input: $input) { invitation { id } userErrors { code field message retryAfterSeconds } } }`)
const REGISTER = graphql(`mutation RegisterDevice($input: RegisterDeviceInput!) { registerDevice(input: $input) { device { id name } token userErrors { code field message retryAfterSeconds } } }`)
const DELETE_DEVICE = graphql(`mutation DeleteDevice($input: DeleteDeviceInput!) { deleteDevice(input: $input) { deletedDeviceId userErrors { code field message retryAfterSeconds } } }`)
const RENAME_FLEET = graphql(`mutation RenameFleet($input: RenameFleetInput!) { renameFleet(input: $input) { fleet { id name } userErrors { code field message retryAfterSeconds } } }`)
const DELETE_FLEET = graphql(`mutation DeleteFleet($input: DeleteFleetInput!) { deleteFleet(input: $input) { deletedFleetId userErrors { code field message retryAfterSeconds } } }`)
const REVOKE_INVITATION = graphql(`mutation RevokeFleetInvitation($input: RevokeFleetInvitationInput!) { revokeFleetInvitation(input: $input) { revokedInvitationId userErrors { code field message retryAfterSeconds } } }`)
const UPDATE_MEMBER = graphql(`mutation UpdateFleetMember($input: UpdateFleetMemberInput!) { updateFleetMember(input: $input) { member { id role } userErrors { code field message retryAfterSeconds } } }`)
const REMOVE_MEMBER = graphql(`mutation RemoveFleetMember($input: RemoveFleetMemberInput!) { removeFleetMember(input: $input) { removedMemberId userErrors { code field message retryAfterSeconds } } }`)
const LEAVE_FLEET = graphql(`mutation LeaveFleet($input: LeaveFleetInput!) { leaveFleet(input: $input) { leftFleetId userErrors { code field message retryAfterSeconds } } }`)
const TRANSFER = graphql(`mutation TransferFleetOwnership($input: TransferFleetOwnershipInput!) { transferFleetOwnership(input: $input) { fleet { id viewerRole } userErrors { code field message retryAfterSeconds } } }`)
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

/** ROLES are the roles an invitation or a role change may give, each explained in one line. */
export const ROLES: [string, string, string][] = [
  ['DEVELOPER', 'Developer', 'registers, renames and deletes devices; sees the members'],
  ['OPERATOR', 'Operator', 'sees and renames devices; cannot add or delete them'],
  ['OBSERVER', 'Observer', 'sees the fleet and its devices; changes nothing'],
]
const ROLE_OPTIONS: [string, string][] = ROLES.map(([v, l, d]) => [v, `${l} — ${d}`])

/** roleHelp is the one-line explanation of each role, next to a role picker. */
function roleHelp(): HTMLElement {
  return h('ul', { class: 'role-help' }, h('li', {}, h('strong', {}, 'Owner'), ': everything, and the only one who manages members, renames, deletes or hands over the fleet.'),
    ...ROLES.map(([, l, d]) => h('li', {}, h('strong', {}, l), `: ${d}.`)))
}

/** act runs a mutation from a button: errors land in status, success is announced. */
async function act(status: HTMLElement, run: () => Promise<{ userErrors: UserError[] }>, done: string, then: () => Promise<void>): Promise<void> {
  status.replaceChildren()
  try {
    const res = await run()
    if (res.userErrors.length) {
      status.replaceChildren(notice(res.userErrors.map((e) => e.message).join(' '), 'error'))
      return
    }
  } catch (err) {
    const box = failure(err, () => void act(status, run, done, then))
    status.replaceChildren(box)
    box.focus()
    return
  }
  await then()
  announce(done)
}

route(/^\/account\/fleets\/([^/]+)$/, async ({ match, viewer }) => {
  const id = decodeURIComponent(match[0])
  const data = await query(FLEET, { id })
  const fleet = data.node
  if (!fleet || !('viewerCan' in fleet)) {
    page('Fleet not found', h('p', {}, 'No such fleet, or you are not one of its members. ', link('/account/fleets', 'Your fleets'), '.'))
    return
  }
  const can = fleet.viewerCan
  const role = fleet.viewerRole as string
  const reload = () => go(`/account/fleets/${encodeURIComponent(id)}`, true)
  const sections: Node[] = []
  const status = h('div', {})

  if (can.viewMembers) {
    const m = await query(MEMBERS, { id })
    const members = present(present(m.node, 'the fleet').members, 'the members').edges.map((e: { node: unknown }) => e.node) as { id: string; userId: string; email: string; name: string; role: string; createdAt: string }[]
    const others = members.filter((mb) => mb.userId !== viewer?.id && mb.role !== 'OWNER')
    sections.push(h('h2', {}, 'Members'), h('table', { class: 'cards' },
      h('thead', {}, h('tr', {}, ...['Email', 'Name', 'Role', 'Since', ...(can.manageMembers ? ['Actions'] : [])].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...members.map((mb) => {
        const manageable = can.manageMembers && mb.role !== 'OWNER'
        let roleCell: Node = document.createTextNode(mb.role.toLowerCase())
        if (manageable) {
          const sel = h('select', { 'aria-label': `Role of ${mb.email}` }, ...ROLES.map(([v, l]) => h('option', { value: v }, l)))
          sel.value = mb.role
          sel.addEventListener('change', () => void act(status, () => mutate(UPDATE_MEMBER, { input: { memberId: mb.id, role: sel.value as FleetRole } }),
            `${mb.email} is now ${sel.value.toLowerCase()}.`, reload))
          roleCell = sel
        }
        return h('tr', {}, h('td', { 'data-label': 'Email' }, mb.email), h('td', { 'data-label': 'Name' }, mb.name || '—'), h('td', { 'data-label': 'Role' }, roleCell),
          h('td', { 'data-label': 'Since' }, when(mb.createdAt)),
          can.manageMembers ? h('td', {}, manageable ? h('button', { type: 'button', class: 'danger', onclick: async () => {
            if (!await confirmDanger(`Remove ${mb.email}?`, `${mb.email} loses access to the fleet "${fleet.name}" and its devices at once. You can invite them again later.`, 'Remove member')) return
            await act(status, () => mutate(REMOVE_MEMBER, { input: { memberId: mb.id } }), `${mb.email} was removed from the fleet.`, reload)
          } }, `Remove ${mb.email}`) : '') : null)
      }))), status)
    if (can.transferOwnership && others.length) {
      const f = form({
        label: 'Transfer ownership', submit: 'Transfer ownership',
        fields: [field('memberId', 'New owner', { options: others.map((mb) => [mb.id, mb.email]) })],
        onSubmit: async (f) => {
          const to = others.find((mb) => mb.id === f.values().memberId)
          if (!to || !await confirmDanger(`Make ${to.email} the owner?`, `${to.email} becomes the owner of "${fleet.name}"; you stay as a developer and can no longer manage members, rename or delete the fleet.`, 'Transfer ownership')) return
          const res = await mutate(TRANSFER, { input: { fleetId: id, memberId: to.id } })
          if (f.showErrors(res.userErrors)) return
          await reload()
          announce(`${to.email} is now the owner of the fleet.`)
        },
      })
      f.submit.classList.add('danger')
      sections.push(h('h3', {}, 'Transfer ownership'), h('p', {}, 'A fleet has one owner. Hand it to another member.'), f.el)
    }
  }
  if (can.manageMembers) {
    const inv = await query(INVITATIONS, { id })
    const invitations = present(present(inv.node, 'the fleet').invitations, 'the invitations').edges.map((e: { node: unknown }) => e.node) as { id: string; email: string; role: string; expiresAt: string }[]
    const invStatus = h('div', {})
    if (invitations.length) {
      sections.push(h('h3', {}, 'Pending invitations'), h('ul', {}, ...invitations.map((i) => h('li', {}, `${i.email} as ${i.role.toLowerCase()} (until ${when(i.expiresAt)}) `,
        h('button', { type: 'button', class: 'danger', onclick: async () => {
          if (!await confirmDanger(`Cancel the invitation to ${i.email}?`, `The link sent to ${i.email} stops working.`, 'Cancel invitation')) return
          await act(invStatus, () => mutate(REVOKE_INVITATION, { input: { invitationId: i.id } }), `The invitation to ${i.email} was cancelled.`, reload)
        } }, `Cancel invitation to ${i.email}`)))), invStatus)
    }
    const f = form({
      label: 'Invite someone', submit: 'Send invitation',
      fields: [field('email', 'Email', { type: 'email', required: true }), field('role', 'Role', { options: ROLE_OPTIONS, value: 'DEVELOPER' })],
      onSubmit: async (f) => {
        const v = f.values()
        const res = await mutate(INVITE, { input: { fleetId: id, email: v.email, role: v.role as FleetRole } })
        if (f.showErrors(res.userErrors)) return
        await reload()
        announce(`Invitation sent to ${v.email}.`)
      },
    })
    f.fields.role.wrap.append(roleHelp())
    sections.push(h('h3', {}, 'Invite someone'), h('p', {}, 'They get an email with a link to join; the invitation works for a limited time.'), f.el)
  }

  const devices = fleet.devices.edges.map((e: { node: unknown }) => e.node) as { id: string; name: string; createdAt: string; lastSeenAt: string | null }[]
  const devStatus = h('div', {})
  sections.push(h('h2', {}, 'Devices'), devices.length
    ? h('table', { class: 'cards' }, h('thead', {}, h('tr', {}, ...['Name', 'Registered', 'Last seen', ...(can.deleteDevice ? ['Actions'] : [])].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...devices.map((d) => h('tr', {}, h('td', { 'data-label': 'Name' }, d.name), h('td', { 'data-label': 'Registered' }, when(d.createdAt)), h('td', { 'data-label': 'Last seen' }, when(d.lastSeenAt)),
        can.deleteDevice ? h('td', {}, h('button', { type: 'button', class: 'danger', 'aria-label': `Delete device ${d.name}`, onclick: async () => {
          if (!await confirmDanger(`Delete the device "${d.name}"?`, `"${d.name}" is removed from the fleet and its token stops working.`, 'Delete device')) return
          await act(devStatus, () => mutate(DELETE_DEVICE, { input: { deviceId: d.id } }), `The device "${d.name}" was deleted.`, reload)
        } }, 'Delete'), ' ', h('button', { type: 'button', 'aria-label': `New token for ${d.name}`, onclick: async () => {
          if (!await confirmDanger(`Replace the token of "${d.name}"?`, `The token "${d.name}" uses now stops working at once; the device needs the new one to connect.`, 'Replace token')) return
          const res = await mutate(ROTATE, { input: { deviceId: d.id } })
          if (errorsOf(devStatus, res.userErrors)) return
          devStatus.replaceChildren(shownOnce(`New token for "${present(res.device, 'the device').name}"`,
            'The old token stopped working. Store this one on the device; it is shown only now:', present(res.token, 'the token'), 'device-token', reload))
        } }, 'New token')) : null))))
    : h('p', {}, 'No devices yet.'), devStatus)
  if (can.registerDevice) {
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

  const settings: Node[] = []
  if (can.renameFleet) {
    const f = form({
      label: 'Rename the fleet', submit: 'Rename', fields: [field('name', 'Fleet name', { required: true, value: fleet.name })],
      onSubmit: async (f) => {
        const res = await mutate(RENAME_FLEET, { input: { fleetId: id, name: f.values().name } })
        if (f.showErrors(res.userErrors)) return
        await reload()
        announce(`The fleet is now called "${present(res.fleet, 'the fleet').name}".`)
      },
    })
    settings.push(h('h3', {}, 'Rename'), f.el)
  }
  const leaveStatus = h('div', {})
  if (can.leaveFleet) {
    settings.push(h('h3', {}, 'Leave'), h('p', {}, 'You lose access to this fleet and its devices; the owner can invite you again.'),
      h('button', { type: 'button', class: 'danger', onclick: async () => {
        if (!await confirmDanger(`Leave "${fleet.name}"?`, `You lose access to the fleet "${fleet.name}" and its ${devices.length} device(s).`, 'Leave fleet')) return
        await act(leaveStatus, () => mutate(LEAVE_FLEET, { input: { fleetId: id } }), `You left the fleet "${fleet.name}".`, () => go('/account/fleets', true))
      } }, 'Leave fleet'), leaveStatus)
  }
  const deleteStatus = h('div', {})
  if (can.deleteFleet) {
    settings.push(h('h3', {}, 'Delete'), h('p', {}, 'Deletes the fleet with its devices, members and invitations. This cannot be undone.'),
      h('button', { type: 'button', class: 'danger', onclick: async () => {
        if (!await confirmDanger(`Delete "${fleet.name}"?`, `The fleet "${fleet.name}", its ${devices.length} device(s), their tokens, its members and invitations are deleted for good.`, 'Delete fleet')) return
        await act(deleteStatus, () => mutate(DELETE_FLEET, { input: { fleetId: id } }), `The fleet "${fleet.name}" was deleted.`, () => go('/account/fleets', true))
      } }, 'Delete fleet'), deleteStatus)
  }
  if (settings.length) sections.push(h('h2', {}, 'Fleet settings'), ...settings)
  if (role === 'OWNER') sections.push(...await fleetKeys(id, reload))
  page(`Fleet ${fleet.name}`, h('p', {}, `Your role: ${role.toLowerCase()}. Created ${when(fleet.createdAt)}.`), ...sections, h('p', {}, link('/account/fleets', 'All fleets')))
}, true)

/** provisioningKeys is the fleet page's section of provisioning keys (OWNER, DEVELOPER). */
async function provisioningKeys(id: string, reload: () => Promise<void>): Promise<Node[]> {
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
          h('td', {}, h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke provisioning key ${k.name}`, onclick: async () => {
            if (!await confirmDanger(`Revoke the provisioning key "${k.name}"?`, `Devices can no longer register with "${k.name}" (${k.prefix}…). Devices it registered keep working.`, 'Revoke key')) return
            await act(status, () => mutate(REVOKE_PRV, { input: { provisioningKeyId: k.id } }), `The provisioning key "${k.name}" was revoked.`, async () => { await reload() })
          } }, 'Revoke'))))))
      : h('p', {}, 'No provisioning keys.'),
    status, h('h3', {}, 'Create a provisioning key'), f.el, out]
}

/** fleetKeys is the fleet page's section of the API keys the fleet owns (OWNER). */
async function fleetKeys(id: string, reload: () => Promise<void>): Promise<Node[]> {
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
          h('td', {}, h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke fleet key ${k.name}`, onclick: async () => {
            if (!await confirmDanger(`Revoke the fleet key "${k.name}"?`, `"${k.name}" (${k.prefix}…) stops working at once for whatever uses it. This cannot be undone.`, 'Revoke key')) return
            await act(status, () => mutate(REVOKE_FLEET_KEY, { input: { apiKeyId: k.id } }), `The fleet key "${k.name}" was revoked.`, async () => { await reload() })
          } }, 'Revoke'))))))
      : h('p', {}, 'No fleet API keys.'),
    status]
}
