// Fragments that a Relay app writes against accountd: @connection on every connection
// and @refetchable on every Node type. relay-compiler (pinned in package-lock.json)
// compiles them against the schema in relay_test.go; it refuses a connection whose
// PageInfo lacks a field of the Relay Cursor Connections spec, and a @refetchable
// fragment on a type that Query.node cannot fetch. Nothing here runs: only the
// compiler reads this file.
declare function graphql(strings: TemplateStringsArray): unknown

// Connections: each paginates forwards with first/after, as usePaginationFragment does.
export const userFleets = graphql`
  fragment ContractUserFleets_user on User
  @refetchable(queryName: "ContractUserFleetsPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 20 }, cursor: { type: "String" }) {
    fleets(first: $count, after: $cursor) @connection(key: "ContractUserFleets_fleets") {
      edges { node { id name viewerRole } }
    }
  }
`

export const userSecurityEvents = graphql`
  fragment ContractUserSecurityEvents_user on User
  @refetchable(queryName: "ContractUserSecurityEventsPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 25 }, cursor: { type: "String" }) {
    securityEvents(first: $count, after: $cursor) @connection(key: "ContractUserSecurityEvents_securityEvents") {
      edges { node { id kind createdAt } }
    }
  }
`

export const fleetMembers = graphql`
  fragment ContractFleetMembers_fleet on Fleet
  @refetchable(queryName: "ContractFleetMembersPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 20 }, cursor: { type: "String" }) {
    members(first: $count, after: $cursor) @connection(key: "ContractFleetMembers_members") {
      edges { node { id email role } }
    }
  }
`

export const fleetDevices = graphql`
  fragment ContractFleetDevices_fleet on Fleet
  @refetchable(queryName: "ContractFleetDevicesPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 20 }, cursor: { type: "String" }) {
    devices(first: $count, after: $cursor) @connection(key: "ContractFleetDevices_devices") {
      edges { node { id name lastSeenAt } }
    }
  }
`

export const fleetInvitations = graphql`
  fragment ContractFleetInvitations_fleet on Fleet
  @refetchable(queryName: "ContractFleetInvitationsPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 20 }, cursor: { type: "String" }) {
    invitations(first: $count, after: $cursor) @connection(key: "ContractFleetInvitations_invitations") {
      edges { node { id email role expiresAt } }
    }
  }
`

// The admin surface's connections. Admin is no Node (Query.admin is its one way in), so
// these paginate by refetching the query that spreads them, not by @refetchable.
export const adminUsers = graphql`
  fragment ContractAdminUsers_admin on Admin
  @argumentDefinitions(count: { type: "Int", defaultValue: 25 }, cursor: { type: "String" }) {
    users(first: $count, after: $cursor) @connection(key: "ContractAdminUsers_users") {
      edges { node { userId email suspended } }
    }
  }
`

export const adminAuditLog = graphql`
  fragment ContractAdminAuditLog_admin on Admin
  @argumentDefinitions(count: { type: "Int", defaultValue: 25 }, cursor: { type: "String" }) {
    auditLog(first: $count, after: $cursor) @connection(key: "ContractAdminAuditLog_auditLog") {
      edges { node { entryId action reason createdAt } }
    }
  }
`

export const adminUserSecurityEvents = graphql`
  fragment ContractAdminUserSecurityEvents_user on AdminUser
  @argumentDefinitions(count: { type: "Int", defaultValue: 25 }, cursor: { type: "String" }) {
    securityEvents(first: $count, after: $cursor) @connection(key: "ContractAdminUserSecurityEvents_securityEvents") {
      edges { node { id kind createdAt } }
    }
  }
`

// Node types: each refetches through Query.node(id:).
export const session = graphql`
  fragment ContractSession_session on Session @refetchable(queryName: "ContractSessionRefetchQuery") {
    id createdAt lastUsedAt current
  }
`

export const securityEvent = graphql`
  fragment ContractSecurityEvent_event on SecurityEvent @refetchable(queryName: "ContractSecurityEventRefetchQuery") {
    id kind createdAt
  }
`

export const apiKey = graphql`
  fragment ContractApiKey_apiKey on ApiKey @refetchable(queryName: "ContractApiKeyRefetchQuery") {
    id name prefix lastUsedAt
  }
`

export const device = graphql`
  fragment ContractDevice_device on Device @refetchable(queryName: "ContractDeviceRefetchQuery") {
    id name lastSeenAt
  }
`

export const provisioningKey = graphql`
  fragment ContractProvisioningKey_key on ProvisioningKey @refetchable(queryName: "ContractProvisioningKeyRefetchQuery") {
    id name prefix devicesRegistered
  }
`

export const fleetMember = graphql`
  fragment ContractFleetMember_member on FleetMember @refetchable(queryName: "ContractFleetMemberRefetchQuery") {
    id email role
  }
`

export const fleetInvitation = graphql`
  fragment ContractFleetInvitation_invitation on FleetInvitation @refetchable(queryName: "ContractFleetInvitationRefetchQuery") {
    id email role expiresAt
  }
`

export const passkey = graphql`
  fragment ContractPasskey_passkey on Passkey @refetchable(queryName: "ContractPasskeyRefetchQuery") {
    id name lastUsedAt backedUp
  }
`
