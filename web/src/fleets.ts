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
        h('td', {}, role === 'OWNER' || role === 'DEVELOPER' ? h('button', { type: 'button', 'aria-label': `Delete device ${d.name}`, onclick: async () => {
          const res = await mutate(DELETE_DEVICE, { input: { deviceId: d.id } })
          if (res.userErrors.length) devStatus.replaceChildren(notice(res.userErrors.map((e: UserError) => e.message).join(' '), 'error'))
          else reload()
        } }, 'Delete') : '')))))
    : h('p', {}, 'No devices yet.'), devStatus)
  if (role === 'OWNER' || role === 'DEVELOPER') {
    const out = h('div', {})
    const f = form({
      label: 'Register a device', submit: 'Register device', fields: [field('name', 'Device name', { required: true })],
      onSubmit: async (f) => {
        const res = await mutate(REGISTER, { input: { fleetId: id, name: f.values().name } })
        if (f.showErrors(res.userErrors)) return
        f.el.reset()
        out.replaceChildren(h('section', { class: 'once' }, h('h3', {}, `Device "${present(res.device, 'the device').name}" registered`),
          h('p', {}, 'Store this token on the device; it is shown only now:'), h('p', {}, h('code', { class: 'secret' }, present(res.token, 'the token'))), copyButton(present(res.token, 'the token'), 'Copy the token'),
          h('p', {}, h('button', { type: 'button', onclick: reload }, 'Done'))))
      },
    })
    sections.push(h('h3', {}, 'Register a device'), f.el, out)
  }
  page(`Fleet ${fleet.name}`, h('p', {}, `Your role: ${role.toLowerCase()}. Created ${when(fleet.createdAt)}.`), ...sections, h('p', {}, link('/account/fleets', 'All fleets')))
}, true)
