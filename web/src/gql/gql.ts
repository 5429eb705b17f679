/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation LogOut { logOut { userErrors { code field message retryAfterSeconds } } }": typeof types.LogOutDocument,
    "mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { user { id name company } userErrors { code field message retryAfterSeconds } } }": typeof types.UpdateProfileDocument,
    "mutation RequestEmailChange($input: RequestEmailChangeInput!) { requestEmailChange(input: $input) { userErrors { code field message retryAfterSeconds } } }": typeof types.RequestEmailChangeDocument,
    "mutation ChangePassword($input: ChangePasswordInput!) { changePassword(input: $input) { user { id } userErrors { code field message retryAfterSeconds } } }": typeof types.ChangePasswordDocument,
    "mutation SetPassword($input: SetPasswordInput!) { setPassword(input: $input) { user { id } userErrors { code field message retryAfterSeconds } } }": typeof types.SetPasswordDocument,
    "query Sessions { viewer { id sessions { id createdAt lastUsedAt expiresAt clientName ip current } } }": typeof types.SessionsDocument,
    "mutation RevokeSessions($input: RevokeSessionsInput!) { revokeSessions(input: $input) { revokedIds userErrors { code field message retryAfterSeconds } } }": typeof types.RevokeSessionsDocument,
    "query ApiKeys { viewer { id apiKeys { id name description prefix createdAt lastUsedAt expiresAt scope fleetId fleetRole } } }": typeof types.ApiKeysDocument,
    "query KeyFleets { viewer { id fleets(first: 100) { edges { node { id name viewerRole } } } } }": typeof types.KeyFleetsDocument,
    "mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name } userErrors { code field message retryAfterSeconds } } }": typeof types.CreateApiKeyDocument,
    "mutation RevokeApiKeys($input: RevokeApiKeysInput!) { revokeApiKeys(input: $input) { revokedIds notRevokedIds userErrors { code field message retryAfterSeconds } } }": typeof types.RevokeApiKeysDocument,
    "mutation EnableTwoFactor($input: EnableTwoFactorInput) { enableTwoFactor(input: $input) { secret uri qrCode userErrors { code field message retryAfterSeconds } } }": typeof types.EnableTwoFactorDocument,
    "mutation ConfirmTwoFactor($input: ConfirmTwoFactorInput!) { confirmTwoFactor(input: $input) { recoveryCodes userErrors { code field message retryAfterSeconds } } }": typeof types.ConfirmTwoFactorDocument,
    "mutation DisableTwoFactor($input: DisableTwoFactorInput!) { disableTwoFactor(input: $input) { user { id } userErrors { code field message retryAfterSeconds } } }": typeof types.DisableTwoFactorDocument,
    "mutation RegenerateRecoveryCodes($input: RegenerateRecoveryCodesInput!) { regenerateRecoveryCodes(input: $input) { recoveryCodes userErrors { code field message retryAfterSeconds } } }": typeof types.RegenerateRecoveryCodesDocument,
    "query SecurityLog($after: String) { viewer { id securityEvents(first: 25, after: $after) { edges { node { id kind createdAt ip userAgent clientName } } pageInfo { hasNextPage endCursor } } } }": typeof types.SecurityLogDocument,
    "mutation ExportAccountData { exportAccountData { document userErrors { code field message retryAfterSeconds } } }": typeof types.ExportAccountDataDocument,
    "mutation DeleteAccount($input: DeleteAccountInput!) { deleteAccount(input: $input) { deletedUserId userErrors { code field message retryAfterSeconds } } }": typeof types.DeleteAccountDocument,
    "query DeviceAuthorization($userCode: String!) { deviceAuthorization(userCode: $userCode) { clientId clientName scope requestedAt expiresAt } }": typeof types.DeviceAuthorizationDocument,
    "mutation ApproveDeviceAuthorization($input: ApproveDeviceAuthorizationInput!) { approveDeviceAuthorization(input: $input) { request { clientName } userErrors { code field message retryAfterSeconds } } }": typeof types.ApproveDeviceAuthorizationDocument,
    "query AdminUsers($query: String, $after: String) { admin { users(query: $query, first: 25, after: $after) {\n  edges { node { userId email createdAt emailVerified lastLogInAt twoFactorEnabled suspended admin fleetsCount } }\n  pageInfo { hasNextPage endCursor } } } }": typeof types.AdminUsersDocument,
    "query AdminAuditLog($userId: ID, $after: String) { admin { auditLog(userId: $userId, first: 25, after: $after) {\n  edges { node { entryId action adminEmail targetKind targetId targetName reason createdAt ip userAgent } }\n  pageInfo { hasNextPage endCursor } } } }": typeof types.AdminAuditLogDocument,
    "query AdminUser($id: ID!) { admin { user(id: $id) {\n  userId email createdAt emailVerified lastLogInAt twoFactorEnabled suspended suspendedAt admin fleetsCount\n  sessions { id createdAt lastUsedAt ip userAgent }\n  securityEvents(first: 25) { edges { node { id kind createdAt ip userAgent } } } } } }": typeof types.AdminUserDocument,
    "mutation AdminSuspendUser($input: AdminUserActionInput!) { adminSuspendUser(input: $input) { user { userId suspended } userErrors { code field message retryAfterSeconds } } }": typeof types.AdminSuspendUserDocument,
    "mutation AdminUnsuspendUser($input: AdminUserActionInput!) { adminUnsuspendUser(input: $input) { user { userId suspended } userErrors { code field message retryAfterSeconds } } }": typeof types.AdminUnsuspendUserDocument,
    "mutation AdminRevokeSessions($input: AdminUserActionInput!) { adminRevokeSessions(input: $input) { user { userId } userErrors { code field message retryAfterSeconds } } }": typeof types.AdminRevokeSessionsDocument,
    "mutation AdminResetTwoFactor($input: AdminUserActionInput!) { adminResetTwoFactor(input: $input) { user { userId twoFactorEnabled } userErrors { code field message retryAfterSeconds } } }": typeof types.AdminResetTwoFactorDocument,
    "mutation AdminResendVerification($input: AdminUserActionInput!) { adminResendVerification(input: $input) { user { userId } userErrors { code field message retryAfterSeconds } } }": typeof types.AdminResendVerificationDocument,
    "mutation AdminDeleteUser($input: AdminUserActionInput!) { adminDeleteUser(input: $input) { deletedUserId userErrors { code field message retryAfterSeconds } } }": typeof types.AdminDeleteUserDocument,
    "query AdminWebhookEndpoints { admin { webhookEndpoints { endpointId name url createdAt\n  deliveries(recent: 5) { pending delivered failed recent { messageId eventType state attempts lastError nextAttemptAt createdAt } } } } }": typeof types.AdminWebhookEndpointsDocument,
    "mutation AdminCreateWebhookEndpoint($input: AdminCreateWebhookEndpointInput!) { adminCreateWebhookEndpoint(input: $input) {\n  endpoint { endpointId name } secret userErrors { code field message retryAfterSeconds } } }": typeof types.AdminCreateWebhookEndpointDocument,
    "mutation AdminDeleteWebhookEndpoint($input: AdminDeleteWebhookEndpointInput!) { adminDeleteWebhookEndpoint(input: $input) {\n  deletedEndpointId userErrors { code field message retryAfterSeconds } } }": typeof types.AdminDeleteWebhookEndpointDocument,
    "\n  query Viewer {\n    viewer { id email emailVerified name company createdAt hasPassword twoFactorEnabled recoveryCodesRemaining passwordBreached isAdmin }\n  }\n": typeof types.ViewerDocument,
    "mutation SignUp($input: SignUpInput!) { signUp(input: $input) { userErrors { code field message retryAfterSeconds } } }": typeof types.SignUpDocument,
    "mutation Resend($input: ResendVerificationEmailInput!) { resendVerificationEmail(input: $input) { userErrors { code field message retryAfterSeconds } } }": typeof types.ResendDocument,
    "mutation VerifyEmail($input: VerifyEmailInput!) { verifyEmail(input: $input) { token twoFactorChallenge userErrors { code field message retryAfterSeconds } } }": typeof types.VerifyEmailDocument,
    "mutation LogIn($input: LogInInput!) { logIn(input: $input) { token twoFactorChallenge userErrors { code field message retryAfterSeconds } } }": typeof types.LogInDocument,
    "mutation VerifyTwoFactor($input: VerifyTwoFactorInput!) { verifyTwoFactor(input: $input) { token userErrors { code field message retryAfterSeconds } } }": typeof types.VerifyTwoFactorDocument,
    "mutation RequestPasswordReset($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { userErrors { code field message retryAfterSeconds } } }": typeof types.RequestPasswordResetDocument,
    "mutation ResetPassword($input: ResetPasswordInput!) { resetPassword(input: $input) { userErrors { code field message retryAfterSeconds } } }": typeof types.ResetPasswordDocument,
    "mutation RequestLogInCode($input: RequestLogInCodeInput!) { requestLogInCode(input: $input) { userErrors { code field message retryAfterSeconds } } }": typeof types.RequestLogInCodeDocument,
    "mutation LogInWithCode($input: LogInWithCodeInput!) { logInWithCode(input: $input) { token twoFactorChallenge userErrors { code field message retryAfterSeconds } } }": typeof types.LogInWithCodeDocument,
    "mutation ConfirmEmailChange($input: ConfirmEmailChangeInput!) { confirmEmailChange(input: $input) { email userErrors { code field message retryAfterSeconds } } }": typeof types.ConfirmEmailChangeDocument,
    "mutation RevertEmailChange($input: RevertEmailChangeInput!) { revertEmailChange(input: $input) { email userErrors { code field message retryAfterSeconds } } }": typeof types.RevertEmailChangeDocument,
    "mutation AcceptFleetInvitation($input: AcceptFleetInvitationInput!) { acceptFleetInvitation(input: $input) { fleet { id name } userErrors { code field message retryAfterSeconds } } }": typeof types.AcceptFleetInvitationDocument,
    "query Invitation($token: String!) { invitation(token: $token) { inviterName fleetName role } }": typeof types.InvitationDocument,
    "query Fleets { viewer { id fleets(first: 100) { edges { node { id name createdAt viewerRole } } } } }": typeof types.FleetsDocument,
    "mutation CreateFleet($input: CreateFleetInput!) { createFleet(input: $input) { fleet { id } userErrors { code field message retryAfterSeconds } } }": typeof types.CreateFleetDocument,
    "query Fleet($id: ID!) { node(id: $id) { ... on Fleet { id name createdAt viewerRole viewerCan { renameFleet deleteFleet transferOwnership viewMembers manageMembers registerDevice deleteDevice leaveFleet } devices(first: 100) { edges { node { id name createdAt lastSeenAt } } } } } }": typeof types.FleetDocument,
    "query FleetMembers($id: ID!) { node(id: $id) { ... on Fleet { id members(first: 100) { edges { node { id userId email name role createdAt } } } } } }": typeof types.FleetMembersDocument,
    "query FleetInvitations($id: ID!) { node(id: $id) { ... on Fleet { id invitations(first: 100) { edges { node { id email role expiresAt } } } } } }": typeof types.FleetInvitationsDocument,
    "mutation InviteFleetMember($input: InviteFleetMemberInput!) { inviteFleetMember(input: $input) { invitation { id } userErrors { code field message retryAfterSeconds } } }": typeof types.InviteFleetMemberDocument,
    "mutation RegisterDevice($input: RegisterDeviceInput!) { registerDevice(input: $input) { device { id name } token userErrors { code field message retryAfterSeconds } } }": typeof types.RegisterDeviceDocument,
    "mutation DeleteDevice($input: DeleteDeviceInput!) { deleteDevice(input: $input) { deletedDeviceId userErrors { code field message retryAfterSeconds } } }": typeof types.DeleteDeviceDocument,
    "mutation RenameFleet($input: RenameFleetInput!) { renameFleet(input: $input) { fleet { id name } userErrors { code field message retryAfterSeconds } } }": typeof types.RenameFleetDocument,
    "mutation DeleteFleet($input: DeleteFleetInput!) { deleteFleet(input: $input) { deletedFleetId userErrors { code field message retryAfterSeconds } } }": typeof types.DeleteFleetDocument,
    "mutation RevokeFleetInvitation($input: RevokeFleetInvitationInput!) { revokeFleetInvitation(input: $input) { revokedInvitationId userErrors { code field message retryAfterSeconds } } }": typeof types.RevokeFleetInvitationDocument,
    "mutation UpdateFleetMember($input: UpdateFleetMemberInput!) { updateFleetMember(input: $input) { member { id role } userErrors { code field message retryAfterSeconds } } }": typeof types.UpdateFleetMemberDocument,
    "mutation RemoveFleetMember($input: RemoveFleetMemberInput!) { removeFleetMember(input: $input) { removedMemberId userErrors { code field message retryAfterSeconds } } }": typeof types.RemoveFleetMemberDocument,
    "mutation LeaveFleet($input: LeaveFleetInput!) { leaveFleet(input: $input) { leftFleetId userErrors { code field message retryAfterSeconds } } }": typeof types.LeaveFleetDocument,
    "mutation TransferFleetOwnership($input: TransferFleetOwnershipInput!) { transferFleetOwnership(input: $input) { fleet { id viewerRole } userErrors { code field message retryAfterSeconds } } }": typeof types.TransferFleetOwnershipDocument,
    "mutation RotateDeviceToken($input: RotateDeviceTokenInput!) { rotateDeviceToken(input: $input) { device { id name } token userErrors { code field message retryAfterSeconds } } }": typeof types.RotateDeviceTokenDocument,
    "query ProvisioningKeys($id: ID!) { node(id: $id) { ... on Fleet { id provisioningKeys { id name prefix createdAt lastUsedAt expiresAt maxDevices devicesRegistered } } } }": typeof types.ProvisioningKeysDocument,
    "mutation CreateProvisioningKey($input: CreateProvisioningKeyInput!) { createProvisioningKey(input: $input) { key provisioningKey { id name } userErrors { code field message retryAfterSeconds } } }": typeof types.CreateProvisioningKeyDocument,
    "mutation RevokeProvisioningKey($input: RevokeProvisioningKeyInput!) { revokeProvisioningKey(input: $input) { revokedProvisioningKeyId userErrors { code field message retryAfterSeconds } } }": typeof types.RevokeProvisioningKeyDocument,
    "query FleetApiKeys($id: ID!) { node(id: $id) { ... on Fleet { id apiKeys { id name prefix scope fleetRole createdAt lastUsedAt expiresAt } } } }": typeof types.FleetApiKeysDocument,
    "mutation RevokeFleetApiKey($input: RevokeFleetApiKeyInput!) { revokeFleetApiKey(input: $input) { revokedApiKeyId userErrors { code field message retryAfterSeconds } } }": typeof types.RevokeFleetApiKeyDocument,
    "mutation BeginPasskeyRegistration($input: BeginPasskeyRegistrationInput) { beginPasskeyRegistration(input: $input) { options userErrors { code field message retryAfterSeconds } } }": typeof types.BeginPasskeyRegistrationDocument,
    "mutation FinishPasskeyRegistration($input: FinishPasskeyRegistrationInput!) { finishPasskeyRegistration(input: $input) { passkey { id name } userErrors { code field message retryAfterSeconds } } }": typeof types.FinishPasskeyRegistrationDocument,
    "query Passkeys { viewer { id passkeys { id name createdAt lastUsedAt backedUp } } }": typeof types.PasskeysDocument,
    "mutation RenamePasskey($input: RenamePasskeyInput!) { renamePasskey(input: $input) { passkey { id name } userErrors { code field message retryAfterSeconds } } }": typeof types.RenamePasskeyDocument,
    "mutation RemovePasskey($input: RemovePasskeyInput!) { removePasskey(input: $input) { removedId userErrors { code field message retryAfterSeconds } } }": typeof types.RemovePasskeyDocument,
    "mutation BeginPasskeyLogIn($input: BeginPasskeyLogInInput) { beginPasskeyLogIn(input: $input) { options userErrors { code field message retryAfterSeconds } } }": typeof types.BeginPasskeyLogInDocument,
    "mutation FinishPasskeyLogIn($input: FinishPasskeyLogInInput!) { finishPasskeyLogIn(input: $input) { token twoFactorChallenge userErrors { code field message retryAfterSeconds } } }": typeof types.FinishPasskeyLogInDocument,
    "mutation BeginPasskeyTwoFactor($input: BeginPasskeyTwoFactorInput!) { beginPasskeyTwoFactor(input: $input) { options userErrors { code field message retryAfterSeconds } } }": typeof types.BeginPasskeyTwoFactorDocument,
    "mutation FinishPasskeyTwoFactor($input: FinishPasskeyTwoFactorInput!) { finishPasskeyTwoFactor(input: $input) { token userErrors { code field message retryAfterSeconds } } }": typeof types.FinishPasskeyTwoFactorDocument,
    "\n  query PasswordStrength($password: String!, $email: String) {\n    passwordStrength(password: $password, email: $email) { score acceptable warning suggestions }\n  }\n": typeof types.PasswordStrengthDocument,
};
const documents: Documents = {
    "mutation LogOut { logOut { userErrors { code field message retryAfterSeconds } } }": types.LogOutDocument,
    "mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { user { id name company } userErrors { code field message retryAfterSeconds } } }": types.UpdateProfileDocument,
    "mutation RequestEmailChange($input: RequestEmailChangeInput!) { requestEmailChange(input: $input) { userErrors { code field message retryAfterSeconds } } }": types.RequestEmailChangeDocument,
    "mutation ChangePassword($input: ChangePasswordInput!) { changePassword(input: $input) { user { id } userErrors { code field message retryAfterSeconds } } }": types.ChangePasswordDocument,
    "mutation SetPassword($input: SetPasswordInput!) { setPassword(input: $input) { user { id } userErrors { code field message retryAfterSeconds } } }": types.SetPasswordDocument,
    "query Sessions { viewer { id sessions { id createdAt lastUsedAt expiresAt clientName ip current } } }": types.SessionsDocument,
    "mutation RevokeSessions($input: RevokeSessionsInput!) { revokeSessions(input: $input) { revokedIds userErrors { code field message retryAfterSeconds } } }": types.RevokeSessionsDocument,
    "query ApiKeys { viewer { id apiKeys { id name description prefix createdAt lastUsedAt expiresAt scope fleetId fleetRole } } }": types.ApiKeysDocument,
    "query KeyFleets { viewer { id fleets(first: 100) { edges { node { id name viewerRole } } } } }": types.KeyFleetsDocument,
    "mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name } userErrors { code field message retryAfterSeconds } } }": types.CreateApiKeyDocument,
    "mutation RevokeApiKeys($input: RevokeApiKeysInput!) { revokeApiKeys(input: $input) { revokedIds notRevokedIds userErrors { code field message retryAfterSeconds } } }": types.RevokeApiKeysDocument,
    "mutation EnableTwoFactor($input: EnableTwoFactorInput) { enableTwoFactor(input: $input) { secret uri qrCode userErrors { code field message retryAfterSeconds } } }": types.EnableTwoFactorDocument,
    "mutation ConfirmTwoFactor($input: ConfirmTwoFactorInput!) { confirmTwoFactor(input: $input) { recoveryCodes userErrors { code field message retryAfterSeconds } } }": types.ConfirmTwoFactorDocument,
    "mutation DisableTwoFactor($input: DisableTwoFactorInput!) { disableTwoFactor(input: $input) { user { id } userErrors { code field message retryAfterSeconds } } }": types.DisableTwoFactorDocument,
    "mutation RegenerateRecoveryCodes($input: RegenerateRecoveryCodesInput!) { regenerateRecoveryCodes(input: $input) { recoveryCodes userErrors { code field message retryAfterSeconds } } }": types.RegenerateRecoveryCodesDocument,
    "query SecurityLog($after: String) { viewer { id securityEvents(first: 25, after: $after) { edges { node { id kind createdAt ip userAgent clientName } } pageInfo { hasNextPage endCursor } } } }": types.SecurityLogDocument,
    "mutation ExportAccountData { exportAccountData { document userErrors { code field message retryAfterSeconds } } }": types.ExportAccountDataDocument,
    "mutation DeleteAccount($input: DeleteAccountInput!) { deleteAccount(input: $input) { deletedUserId userErrors { code field message retryAfterSeconds } } }": types.DeleteAccountDocument,
    "query DeviceAuthorization($userCode: String!) { deviceAuthorization(userCode: $userCode) { clientId clientName scope requestedAt expiresAt } }": types.DeviceAuthorizationDocument,
    "mutation ApproveDeviceAuthorization($input: ApproveDeviceAuthorizationInput!) { approveDeviceAuthorization(input: $input) { request { clientName } userErrors { code field message retryAfterSeconds } } }": types.ApproveDeviceAuthorizationDocument,
    "query AdminUsers($query: String, $after: String) { admin { users(query: $query, first: 25, after: $after) {\n  edges { node { userId email createdAt emailVerified lastLogInAt twoFactorEnabled suspended admin fleetsCount } }\n  pageInfo { hasNextPage endCursor } } } }": types.AdminUsersDocument,
    "query AdminAuditLog($userId: ID, $after: String) { admin { auditLog(userId: $userId, first: 25, after: $after) {\n  edges { node { entryId action adminEmail targetKind targetId targetName reason createdAt ip userAgent } }\n  pageInfo { hasNextPage endCursor } } } }": types.AdminAuditLogDocument,
    "query AdminUser($id: ID!) { admin { user(id: $id) {\n  userId email createdAt emailVerified lastLogInAt twoFactorEnabled suspended suspendedAt admin fleetsCount\n  sessions { id createdAt lastUsedAt ip userAgent }\n  securityEvents(first: 25) { edges { node { id kind createdAt ip userAgent } } } } } }": types.AdminUserDocument,
    "mutation AdminSuspendUser($input: AdminUserActionInput!) { adminSuspendUser(input: $input) { user { userId suspended } userErrors { code field message retryAfterSeconds } } }": types.AdminSuspendUserDocument,
    "mutation AdminUnsuspendUser($input: AdminUserActionInput!) { adminUnsuspendUser(input: $input) { user { userId suspended } userErrors { code field message retryAfterSeconds } } }": types.AdminUnsuspendUserDocument,
    "mutation AdminRevokeSessions($input: AdminUserActionInput!) { adminRevokeSessions(input: $input) { user { userId } userErrors { code field message retryAfterSeconds } } }": types.AdminRevokeSessionsDocument,
    "mutation AdminResetTwoFactor($input: AdminUserActionInput!) { adminResetTwoFactor(input: $input) { user { userId twoFactorEnabled } userErrors { code field message retryAfterSeconds } } }": types.AdminResetTwoFactorDocument,
    "mutation AdminResendVerification($input: AdminUserActionInput!) { adminResendVerification(input: $input) { user { userId } userErrors { code field message retryAfterSeconds } } }": types.AdminResendVerificationDocument,
    "mutation AdminDeleteUser($input: AdminUserActionInput!) { adminDeleteUser(input: $input) { deletedUserId userErrors { code field message retryAfterSeconds } } }": types.AdminDeleteUserDocument,
    "query AdminWebhookEndpoints { admin { webhookEndpoints { endpointId name url createdAt\n  deliveries(recent: 5) { pending delivered failed recent { messageId eventType state attempts lastError nextAttemptAt createdAt } } } } }": types.AdminWebhookEndpointsDocument,
    "mutation AdminCreateWebhookEndpoint($input: AdminCreateWebhookEndpointInput!) { adminCreateWebhookEndpoint(input: $input) {\n  endpoint { endpointId name } secret userErrors { code field message retryAfterSeconds } } }": types.AdminCreateWebhookEndpointDocument,
    "mutation AdminDeleteWebhookEndpoint($input: AdminDeleteWebhookEndpointInput!) { adminDeleteWebhookEndpoint(input: $input) {\n  deletedEndpointId userErrors { code field message retryAfterSeconds } } }": types.AdminDeleteWebhookEndpointDocument,
    "\n  query Viewer {\n    viewer { id email emailVerified name company createdAt hasPassword twoFactorEnabled recoveryCodesRemaining passwordBreached isAdmin }\n  }\n": types.ViewerDocument,
    "mutation SignUp($input: SignUpInput!) { signUp(input: $input) { userErrors { code field message retryAfterSeconds } } }": types.SignUpDocument,
    "mutation Resend($input: ResendVerificationEmailInput!) { resendVerificationEmail(input: $input) { userErrors { code field message retryAfterSeconds } } }": types.ResendDocument,
    "mutation VerifyEmail($input: VerifyEmailInput!) { verifyEmail(input: $input) { token twoFactorChallenge userErrors { code field message retryAfterSeconds } } }": types.VerifyEmailDocument,
    "mutation LogIn($input: LogInInput!) { logIn(input: $input) { token twoFactorChallenge userErrors { code field message retryAfterSeconds } } }": types.LogInDocument,
    "mutation VerifyTwoFactor($input: VerifyTwoFactorInput!) { verifyTwoFactor(input: $input) { token userErrors { code field message retryAfterSeconds } } }": types.VerifyTwoFactorDocument,
    "mutation RequestPasswordReset($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { userErrors { code field message retryAfterSeconds } } }": types.RequestPasswordResetDocument,
    "mutation ResetPassword($input: ResetPasswordInput!) { resetPassword(input: $input) { userErrors { code field message retryAfterSeconds } } }": types.ResetPasswordDocument,
    "mutation RequestLogInCode($input: RequestLogInCodeInput!) { requestLogInCode(input: $input) { userErrors { code field message retryAfterSeconds } } }": types.RequestLogInCodeDocument,
    "mutation LogInWithCode($input: LogInWithCodeInput!) { logInWithCode(input: $input) { token twoFactorChallenge userErrors { code field message retryAfterSeconds } } }": types.LogInWithCodeDocument,
    "mutation ConfirmEmailChange($input: ConfirmEmailChangeInput!) { confirmEmailChange(input: $input) { email userErrors { code field message retryAfterSeconds } } }": types.ConfirmEmailChangeDocument,
    "mutation RevertEmailChange($input: RevertEmailChangeInput!) { revertEmailChange(input: $input) { email userErrors { code field message retryAfterSeconds } } }": types.RevertEmailChangeDocument,
    "mutation AcceptFleetInvitation($input: AcceptFleetInvitationInput!) { acceptFleetInvitation(input: $input) { fleet { id name } userErrors { code field message retryAfterSeconds } } }": types.AcceptFleetInvitationDocument,
    "query Invitation($token: String!) { invitation(token: $token) { inviterName fleetName role } }": types.InvitationDocument,
    "query Fleets { viewer { id fleets(first: 100) { edges { node { id name createdAt viewerRole } } } } }": types.FleetsDocument,
    "mutation CreateFleet($input: CreateFleetInput!) { createFleet(input: $input) { fleet { id } userErrors { code field message retryAfterSeconds } } }": types.CreateFleetDocument,
    "query Fleet($id: ID!) { node(id: $id) { ... on Fleet { id name createdAt viewerRole viewerCan { renameFleet deleteFleet transferOwnership viewMembers manageMembers registerDevice deleteDevice leaveFleet } devices(first: 100) { edges { node { id name createdAt lastSeenAt } } } } } }": types.FleetDocument,
    "query FleetMembers($id: ID!) { node(id: $id) { ... on Fleet { id members(first: 100) { edges { node { id userId email name role createdAt } } } } } }": types.FleetMembersDocument,
    "query FleetInvitations($id: ID!) { node(id: $id) { ... on Fleet { id invitations(first: 100) { edges { node { id email role expiresAt } } } } } }": types.FleetInvitationsDocument,
    "mutation InviteFleetMember($input: InviteFleetMemberInput!) { inviteFleetMember(input: $input) { invitation { id } userErrors { code field message retryAfterSeconds } } }": types.InviteFleetMemberDocument,
    "mutation RegisterDevice($input: RegisterDeviceInput!) { registerDevice(input: $input) { device { id name } token userErrors { code field message retryAfterSeconds } } }": types.RegisterDeviceDocument,
    "mutation DeleteDevice($input: DeleteDeviceInput!) { deleteDevice(input: $input) { deletedDeviceId userErrors { code field message retryAfterSeconds } } }": types.DeleteDeviceDocument,
    "mutation RenameFleet($input: RenameFleetInput!) { renameFleet(input: $input) { fleet { id name } userErrors { code field message retryAfterSeconds } } }": types.RenameFleetDocument,
    "mutation DeleteFleet($input: DeleteFleetInput!) { deleteFleet(input: $input) { deletedFleetId userErrors { code field message retryAfterSeconds } } }": types.DeleteFleetDocument,
    "mutation RevokeFleetInvitation($input: RevokeFleetInvitationInput!) { revokeFleetInvitation(input: $input) { revokedInvitationId userErrors { code field message retryAfterSeconds } } }": types.RevokeFleetInvitationDocument,
    "mutation UpdateFleetMember($input: UpdateFleetMemberInput!) { updateFleetMember(input: $input) { member { id role } userErrors { code field message retryAfterSeconds } } }": types.UpdateFleetMemberDocument,
    "mutation RemoveFleetMember($input: RemoveFleetMemberInput!) { removeFleetMember(input: $input) { removedMemberId userErrors { code field message retryAfterSeconds } } }": types.RemoveFleetMemberDocument,
    "mutation LeaveFleet($input: LeaveFleetInput!) { leaveFleet(input: $input) { leftFleetId userErrors { code field message retryAfterSeconds } } }": types.LeaveFleetDocument,
    "mutation TransferFleetOwnership($input: TransferFleetOwnershipInput!) { transferFleetOwnership(input: $input) { fleet { id viewerRole } userErrors { code field message retryAfterSeconds } } }": types.TransferFleetOwnershipDocument,
    "mutation RotateDeviceToken($input: RotateDeviceTokenInput!) { rotateDeviceToken(input: $input) { device { id name } token userErrors { code field message retryAfterSeconds } } }": types.RotateDeviceTokenDocument,
    "query ProvisioningKeys($id: ID!) { node(id: $id) { ... on Fleet { id provisioningKeys { id name prefix createdAt lastUsedAt expiresAt maxDevices devicesRegistered } } } }": types.ProvisioningKeysDocument,
    "mutation CreateProvisioningKey($input: CreateProvisioningKeyInput!) { createProvisioningKey(input: $input) { key provisioningKey { id name } userErrors { code field message retryAfterSeconds } } }": types.CreateProvisioningKeyDocument,
    "mutation RevokeProvisioningKey($input: RevokeProvisioningKeyInput!) { revokeProvisioningKey(input: $input) { revokedProvisioningKeyId userErrors { code field message retryAfterSeconds } } }": types.RevokeProvisioningKeyDocument,
    "query FleetApiKeys($id: ID!) { node(id: $id) { ... on Fleet { id apiKeys { id name prefix scope fleetRole createdAt lastUsedAt expiresAt } } } }": types.FleetApiKeysDocument,
    "mutation RevokeFleetApiKey($input: RevokeFleetApiKeyInput!) { revokeFleetApiKey(input: $input) { revokedApiKeyId userErrors { code field message retryAfterSeconds } } }": types.RevokeFleetApiKeyDocument,
    "mutation BeginPasskeyRegistration($input: BeginPasskeyRegistrationInput) { beginPasskeyRegistration(input: $input) { options userErrors { code field message retryAfterSeconds } } }": types.BeginPasskeyRegistrationDocument,
    "mutation FinishPasskeyRegistration($input: FinishPasskeyRegistrationInput!) { finishPasskeyRegistration(input: $input) { passkey { id name } userErrors { code field message retryAfterSeconds } } }": types.FinishPasskeyRegistrationDocument,
    "query Passkeys { viewer { id passkeys { id name createdAt lastUsedAt backedUp } } }": types.PasskeysDocument,
    "mutation RenamePasskey($input: RenamePasskeyInput!) { renamePasskey(input: $input) { passkey { id name } userErrors { code field message retryAfterSeconds } } }": types.RenamePasskeyDocument,
    "mutation RemovePasskey($input: RemovePasskeyInput!) { removePasskey(input: $input) { removedId userErrors { code field message retryAfterSeconds } } }": types.RemovePasskeyDocument,
    "mutation BeginPasskeyLogIn($input: BeginPasskeyLogInInput) { beginPasskeyLogIn(input: $input) { options userErrors { code field message retryAfterSeconds } } }": types.BeginPasskeyLogInDocument,
    "mutation FinishPasskeyLogIn($input: FinishPasskeyLogInInput!) { finishPasskeyLogIn(input: $input) { token twoFactorChallenge userErrors { code field message retryAfterSeconds } } }": types.FinishPasskeyLogInDocument,
    "mutation BeginPasskeyTwoFactor($input: BeginPasskeyTwoFactorInput!) { beginPasskeyTwoFactor(input: $input) { options userErrors { code field message retryAfterSeconds } } }": types.BeginPasskeyTwoFactorDocument,
    "mutation FinishPasskeyTwoFactor($input: FinishPasskeyTwoFactorInput!) { finishPasskeyTwoFactor(input: $input) { token userErrors { code field message retryAfterSeconds } } }": types.FinishPasskeyTwoFactorDocument,
    "\n  query PasswordStrength($password: String!, $email: String) {\n    passwordStrength(password: $password, email: $email) { score acceptable warning suggestions }\n  }\n": types.PasswordStrengthDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LogOut { logOut { userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation LogOut { logOut { userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { user { id name company } userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { user { id name company } userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RequestEmailChange($input: RequestEmailChangeInput!) { requestEmailChange(input: $input) { userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation RequestEmailChange($input: RequestEmailChangeInput!) { requestEmailChange(input: $input) { userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ChangePassword($input: ChangePasswordInput!) { changePassword(input: $input) { user { id } userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation ChangePassword($input: ChangePasswordInput!) { changePassword(input: $input) { user { id } userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetPassword($input: SetPasswordInput!) { setPassword(input: $input) { user { id } userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation SetPassword($input: SetPasswordInput!) { setPassword(input: $input) { user { id } userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Sessions { viewer { id sessions { id createdAt lastUsedAt expiresAt clientName ip current } } }"): (typeof documents)["query Sessions { viewer { id sessions { id createdAt lastUsedAt expiresAt clientName ip current } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevokeSessions($input: RevokeSessionsInput!) { revokeSessions(input: $input) { revokedIds userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation RevokeSessions($input: RevokeSessionsInput!) { revokeSessions(input: $input) { revokedIds userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ApiKeys { viewer { id apiKeys { id name description prefix createdAt lastUsedAt expiresAt scope fleetId fleetRole } } }"): (typeof documents)["query ApiKeys { viewer { id apiKeys { id name description prefix createdAt lastUsedAt expiresAt scope fleetId fleetRole } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query KeyFleets { viewer { id fleets(first: 100) { edges { node { id name viewerRole } } } } }"): (typeof documents)["query KeyFleets { viewer { id fleets(first: 100) { edges { node { id name viewerRole } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name } userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name } userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevokeApiKeys($input: RevokeApiKeysInput!) { revokeApiKeys(input: $input) { revokedIds notRevokedIds userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation RevokeApiKeys($input: RevokeApiKeysInput!) { revokeApiKeys(input: $input) { revokedIds notRevokedIds userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation EnableTwoFactor($input: EnableTwoFactorInput) { enableTwoFactor(input: $input) { secret uri qrCode userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation EnableTwoFactor($input: EnableTwoFactorInput) { enableTwoFactor(input: $input) { secret uri qrCode userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ConfirmTwoFactor($input: ConfirmTwoFactorInput!) { confirmTwoFactor(input: $input) { recoveryCodes userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation ConfirmTwoFactor($input: ConfirmTwoFactorInput!) { confirmTwoFactor(input: $input) { recoveryCodes userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DisableTwoFactor($input: DisableTwoFactorInput!) { disableTwoFactor(input: $input) { user { id } userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation DisableTwoFactor($input: DisableTwoFactorInput!) { disableTwoFactor(input: $input) { user { id } userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RegenerateRecoveryCodes($input: RegenerateRecoveryCodesInput!) { regenerateRecoveryCodes(input: $input) { recoveryCodes userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation RegenerateRecoveryCodes($input: RegenerateRecoveryCodesInput!) { regenerateRecoveryCodes(input: $input) { recoveryCodes userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SecurityLog($after: String) { viewer { id securityEvents(first: 25, after: $after) { edges { node { id kind createdAt ip userAgent clientName } } pageInfo { hasNextPage endCursor } } } }"): (typeof documents)["query SecurityLog($after: String) { viewer { id securityEvents(first: 25, after: $after) { edges { node { id kind createdAt ip userAgent clientName } } pageInfo { hasNextPage endCursor } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ExportAccountData { exportAccountData { document userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation ExportAccountData { exportAccountData { document userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteAccount($input: DeleteAccountInput!) { deleteAccount(input: $input) { deletedUserId userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation DeleteAccount($input: DeleteAccountInput!) { deleteAccount(input: $input) { deletedUserId userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DeviceAuthorization($userCode: String!) { deviceAuthorization(userCode: $userCode) { clientId clientName scope requestedAt expiresAt } }"): (typeof documents)["query DeviceAuthorization($userCode: String!) { deviceAuthorization(userCode: $userCode) { clientId clientName scope requestedAt expiresAt } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ApproveDeviceAuthorization($input: ApproveDeviceAuthorizationInput!) { approveDeviceAuthorization(input: $input) { request { clientName } userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation ApproveDeviceAuthorization($input: ApproveDeviceAuthorizationInput!) { approveDeviceAuthorization(input: $input) { request { clientName } userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AdminUsers($query: String, $after: String) { admin { users(query: $query, first: 25, after: $after) {\n  edges { node { userId email createdAt emailVerified lastLogInAt twoFactorEnabled suspended admin fleetsCount } }\n  pageInfo { hasNextPage endCursor } } } }"): (typeof documents)["query AdminUsers($query: String, $after: String) { admin { users(query: $query, first: 25, after: $after) {\n  edges { node { userId email createdAt emailVerified lastLogInAt twoFactorEnabled suspended admin fleetsCount } }\n  pageInfo { hasNextPage endCursor } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AdminAuditLog($userId: ID, $after: String) { admin { auditLog(userId: $userId, first: 25, after: $after) {\n  edges { node { entryId action adminEmail targetKind targetId targetName reason createdAt ip userAgent } }\n  pageInfo { hasNextPage endCursor } } } }"): (typeof documents)["query AdminAuditLog($userId: ID, $after: String) { admin { auditLog(userId: $userId, first: 25, after: $after) {\n  edges { node { entryId action adminEmail targetKind targetId targetName reason createdAt ip userAgent } }\n  pageInfo { hasNextPage endCursor } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AdminUser($id: ID!) { admin { user(id: $id) {\n  userId email createdAt emailVerified lastLogInAt twoFactorEnabled suspended suspendedAt admin fleetsCount\n  sessions { id createdAt lastUsedAt ip userAgent }\n  securityEvents(first: 25) { edges { node { id kind createdAt ip userAgent } } } } } }"): (typeof documents)["query AdminUser($id: ID!) { admin { user(id: $id) {\n  userId email createdAt emailVerified lastLogInAt twoFactorEnabled suspended suspendedAt admin fleetsCount\n  sessions { id createdAt lastUsedAt ip userAgent }\n  securityEvents(first: 25) { edges { node { id kind createdAt ip userAgent } } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AdminSuspendUser($input: AdminUserActionInput!) { adminSuspendUser(input: $input) { user { userId suspended } userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation AdminSuspendUser($input: AdminUserActionInput!) { adminSuspendUser(input: $input) { user { userId suspended } userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AdminUnsuspendUser($input: AdminUserActionInput!) { adminUnsuspendUser(input: $input) { user { userId suspended } userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation AdminUnsuspendUser($input: AdminUserActionInput!) { adminUnsuspendUser(input: $input) { user { userId suspended } userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AdminRevokeSessions($input: AdminUserActionInput!) { adminRevokeSessions(input: $input) { user { userId } userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation AdminRevokeSessions($input: AdminUserActionInput!) { adminRevokeSessions(input: $input) { user { userId } userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AdminResetTwoFactor($input: AdminUserActionInput!) { adminResetTwoFactor(input: $input) { user { userId twoFactorEnabled } userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation AdminResetTwoFactor($input: AdminUserActionInput!) { adminResetTwoFactor(input: $input) { user { userId twoFactorEnabled } userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AdminResendVerification($input: AdminUserActionInput!) { adminResendVerification(input: $input) { user { userId } userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation AdminResendVerification($input: AdminUserActionInput!) { adminResendVerification(input: $input) { user { userId } userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AdminDeleteUser($input: AdminUserActionInput!) { adminDeleteUser(input: $input) { deletedUserId userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation AdminDeleteUser($input: AdminUserActionInput!) { adminDeleteUser(input: $input) { deletedUserId userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AdminWebhookEndpoints { admin { webhookEndpoints { endpointId name url createdAt\n  deliveries(recent: 5) { pending delivered failed recent { messageId eventType state attempts lastError nextAttemptAt createdAt } } } } }"): (typeof documents)["query AdminWebhookEndpoints { admin { webhookEndpoints { endpointId name url createdAt\n  deliveries(recent: 5) { pending delivered failed recent { messageId eventType state attempts lastError nextAttemptAt createdAt } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AdminCreateWebhookEndpoint($input: AdminCreateWebhookEndpointInput!) { adminCreateWebhookEndpoint(input: $input) {\n  endpoint { endpointId name } secret userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation AdminCreateWebhookEndpoint($input: AdminCreateWebhookEndpointInput!) { adminCreateWebhookEndpoint(input: $input) {\n  endpoint { endpointId name } secret userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AdminDeleteWebhookEndpoint($input: AdminDeleteWebhookEndpointInput!) { adminDeleteWebhookEndpoint(input: $input) {\n  deletedEndpointId userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation AdminDeleteWebhookEndpoint($input: AdminDeleteWebhookEndpointInput!) { adminDeleteWebhookEndpoint(input: $input) {\n  deletedEndpointId userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer { id email emailVerified name company createdAt hasPassword twoFactorEnabled recoveryCodesRemaining passwordBreached isAdmin }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer { id email emailVerified name company createdAt hasPassword twoFactorEnabled recoveryCodesRemaining passwordBreached isAdmin }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SignUp($input: SignUpInput!) { signUp(input: $input) { userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation SignUp($input: SignUpInput!) { signUp(input: $input) { userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Resend($input: ResendVerificationEmailInput!) { resendVerificationEmail(input: $input) { userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation Resend($input: ResendVerificationEmailInput!) { resendVerificationEmail(input: $input) { userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation VerifyEmail($input: VerifyEmailInput!) { verifyEmail(input: $input) { token twoFactorChallenge userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation VerifyEmail($input: VerifyEmailInput!) { verifyEmail(input: $input) { token twoFactorChallenge userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LogIn($input: LogInInput!) { logIn(input: $input) { token twoFactorChallenge userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation LogIn($input: LogInInput!) { logIn(input: $input) { token twoFactorChallenge userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation VerifyTwoFactor($input: VerifyTwoFactorInput!) { verifyTwoFactor(input: $input) { token userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation VerifyTwoFactor($input: VerifyTwoFactorInput!) { verifyTwoFactor(input: $input) { token userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RequestPasswordReset($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation RequestPasswordReset($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ResetPassword($input: ResetPasswordInput!) { resetPassword(input: $input) { userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation ResetPassword($input: ResetPasswordInput!) { resetPassword(input: $input) { userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RequestLogInCode($input: RequestLogInCodeInput!) { requestLogInCode(input: $input) { userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation RequestLogInCode($input: RequestLogInCodeInput!) { requestLogInCode(input: $input) { userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LogInWithCode($input: LogInWithCodeInput!) { logInWithCode(input: $input) { token twoFactorChallenge userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation LogInWithCode($input: LogInWithCodeInput!) { logInWithCode(input: $input) { token twoFactorChallenge userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ConfirmEmailChange($input: ConfirmEmailChangeInput!) { confirmEmailChange(input: $input) { email userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation ConfirmEmailChange($input: ConfirmEmailChangeInput!) { confirmEmailChange(input: $input) { email userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevertEmailChange($input: RevertEmailChangeInput!) { revertEmailChange(input: $input) { email userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation RevertEmailChange($input: RevertEmailChangeInput!) { revertEmailChange(input: $input) { email userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AcceptFleetInvitation($input: AcceptFleetInvitationInput!) { acceptFleetInvitation(input: $input) { fleet { id name } userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation AcceptFleetInvitation($input: AcceptFleetInvitationInput!) { acceptFleetInvitation(input: $input) { fleet { id name } userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Invitation($token: String!) { invitation(token: $token) { inviterName fleetName role } }"): (typeof documents)["query Invitation($token: String!) { invitation(token: $token) { inviterName fleetName role } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Fleets { viewer { id fleets(first: 100) { edges { node { id name createdAt viewerRole } } } } }"): (typeof documents)["query Fleets { viewer { id fleets(first: 100) { edges { node { id name createdAt viewerRole } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateFleet($input: CreateFleetInput!) { createFleet(input: $input) { fleet { id } userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation CreateFleet($input: CreateFleetInput!) { createFleet(input: $input) { fleet { id } userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Fleet($id: ID!) { node(id: $id) { ... on Fleet { id name createdAt viewerRole viewerCan { renameFleet deleteFleet transferOwnership viewMembers manageMembers registerDevice deleteDevice leaveFleet } devices(first: 100) { edges { node { id name createdAt lastSeenAt } } } } } }"): (typeof documents)["query Fleet($id: ID!) { node(id: $id) { ... on Fleet { id name createdAt viewerRole viewerCan { renameFleet deleteFleet transferOwnership viewMembers manageMembers registerDevice deleteDevice leaveFleet } devices(first: 100) { edges { node { id name createdAt lastSeenAt } } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query FleetMembers($id: ID!) { node(id: $id) { ... on Fleet { id members(first: 100) { edges { node { id userId email name role createdAt } } } } } }"): (typeof documents)["query FleetMembers($id: ID!) { node(id: $id) { ... on Fleet { id members(first: 100) { edges { node { id userId email name role createdAt } } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query FleetInvitations($id: ID!) { node(id: $id) { ... on Fleet { id invitations(first: 100) { edges { node { id email role expiresAt } } } } } }"): (typeof documents)["query FleetInvitations($id: ID!) { node(id: $id) { ... on Fleet { id invitations(first: 100) { edges { node { id email role expiresAt } } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation InviteFleetMember($input: InviteFleetMemberInput!) { inviteFleetMember(input: $input) { invitation { id } userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation InviteFleetMember($input: InviteFleetMemberInput!) { inviteFleetMember(input: $input) { invitation { id } userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RegisterDevice($input: RegisterDeviceInput!) { registerDevice(input: $input) { device { id name } token userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation RegisterDevice($input: RegisterDeviceInput!) { registerDevice(input: $input) { device { id name } token userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteDevice($input: DeleteDeviceInput!) { deleteDevice(input: $input) { deletedDeviceId userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation DeleteDevice($input: DeleteDeviceInput!) { deleteDevice(input: $input) { deletedDeviceId userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RenameFleet($input: RenameFleetInput!) { renameFleet(input: $input) { fleet { id name } userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation RenameFleet($input: RenameFleetInput!) { renameFleet(input: $input) { fleet { id name } userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteFleet($input: DeleteFleetInput!) { deleteFleet(input: $input) { deletedFleetId userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation DeleteFleet($input: DeleteFleetInput!) { deleteFleet(input: $input) { deletedFleetId userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevokeFleetInvitation($input: RevokeFleetInvitationInput!) { revokeFleetInvitation(input: $input) { revokedInvitationId userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation RevokeFleetInvitation($input: RevokeFleetInvitationInput!) { revokeFleetInvitation(input: $input) { revokedInvitationId userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateFleetMember($input: UpdateFleetMemberInput!) { updateFleetMember(input: $input) { member { id role } userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation UpdateFleetMember($input: UpdateFleetMemberInput!) { updateFleetMember(input: $input) { member { id role } userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RemoveFleetMember($input: RemoveFleetMemberInput!) { removeFleetMember(input: $input) { removedMemberId userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation RemoveFleetMember($input: RemoveFleetMemberInput!) { removeFleetMember(input: $input) { removedMemberId userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LeaveFleet($input: LeaveFleetInput!) { leaveFleet(input: $input) { leftFleetId userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation LeaveFleet($input: LeaveFleetInput!) { leaveFleet(input: $input) { leftFleetId userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation TransferFleetOwnership($input: TransferFleetOwnershipInput!) { transferFleetOwnership(input: $input) { fleet { id viewerRole } userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation TransferFleetOwnership($input: TransferFleetOwnershipInput!) { transferFleetOwnership(input: $input) { fleet { id viewerRole } userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RotateDeviceToken($input: RotateDeviceTokenInput!) { rotateDeviceToken(input: $input) { device { id name } token userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation RotateDeviceToken($input: RotateDeviceTokenInput!) { rotateDeviceToken(input: $input) { device { id name } token userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ProvisioningKeys($id: ID!) { node(id: $id) { ... on Fleet { id provisioningKeys { id name prefix createdAt lastUsedAt expiresAt maxDevices devicesRegistered } } } }"): (typeof documents)["query ProvisioningKeys($id: ID!) { node(id: $id) { ... on Fleet { id provisioningKeys { id name prefix createdAt lastUsedAt expiresAt maxDevices devicesRegistered } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateProvisioningKey($input: CreateProvisioningKeyInput!) { createProvisioningKey(input: $input) { key provisioningKey { id name } userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation CreateProvisioningKey($input: CreateProvisioningKeyInput!) { createProvisioningKey(input: $input) { key provisioningKey { id name } userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevokeProvisioningKey($input: RevokeProvisioningKeyInput!) { revokeProvisioningKey(input: $input) { revokedProvisioningKeyId userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation RevokeProvisioningKey($input: RevokeProvisioningKeyInput!) { revokeProvisioningKey(input: $input) { revokedProvisioningKeyId userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query FleetApiKeys($id: ID!) { node(id: $id) { ... on Fleet { id apiKeys { id name prefix scope fleetRole createdAt lastUsedAt expiresAt } } } }"): (typeof documents)["query FleetApiKeys($id: ID!) { node(id: $id) { ... on Fleet { id apiKeys { id name prefix scope fleetRole createdAt lastUsedAt expiresAt } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevokeFleetApiKey($input: RevokeFleetApiKeyInput!) { revokeFleetApiKey(input: $input) { revokedApiKeyId userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation RevokeFleetApiKey($input: RevokeFleetApiKeyInput!) { revokeFleetApiKey(input: $input) { revokedApiKeyId userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation BeginPasskeyRegistration($input: BeginPasskeyRegistrationInput) { beginPasskeyRegistration(input: $input) { options userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation BeginPasskeyRegistration($input: BeginPasskeyRegistrationInput) { beginPasskeyRegistration(input: $input) { options userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation FinishPasskeyRegistration($input: FinishPasskeyRegistrationInput!) { finishPasskeyRegistration(input: $input) { passkey { id name } userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation FinishPasskeyRegistration($input: FinishPasskeyRegistrationInput!) { finishPasskeyRegistration(input: $input) { passkey { id name } userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Passkeys { viewer { id passkeys { id name createdAt lastUsedAt backedUp } } }"): (typeof documents)["query Passkeys { viewer { id passkeys { id name createdAt lastUsedAt backedUp } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RenamePasskey($input: RenamePasskeyInput!) { renamePasskey(input: $input) { passkey { id name } userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation RenamePasskey($input: RenamePasskeyInput!) { renamePasskey(input: $input) { passkey { id name } userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RemovePasskey($input: RemovePasskeyInput!) { removePasskey(input: $input) { removedId userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation RemovePasskey($input: RemovePasskeyInput!) { removePasskey(input: $input) { removedId userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation BeginPasskeyLogIn($input: BeginPasskeyLogInInput) { beginPasskeyLogIn(input: $input) { options userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation BeginPasskeyLogIn($input: BeginPasskeyLogInInput) { beginPasskeyLogIn(input: $input) { options userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation FinishPasskeyLogIn($input: FinishPasskeyLogInInput!) { finishPasskeyLogIn(input: $input) { token twoFactorChallenge userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation FinishPasskeyLogIn($input: FinishPasskeyLogInInput!) { finishPasskeyLogIn(input: $input) { token twoFactorChallenge userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation BeginPasskeyTwoFactor($input: BeginPasskeyTwoFactorInput!) { beginPasskeyTwoFactor(input: $input) { options userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation BeginPasskeyTwoFactor($input: BeginPasskeyTwoFactorInput!) { beginPasskeyTwoFactor(input: $input) { options userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation FinishPasskeyTwoFactor($input: FinishPasskeyTwoFactorInput!) { finishPasskeyTwoFactor(input: $input) { token userErrors { code field message retryAfterSeconds } } }"): (typeof documents)["mutation FinishPasskeyTwoFactor($input: FinishPasskeyTwoFactorInput!) { finishPasskeyTwoFactor(input: $input) { token userErrors { code field message retryAfterSeconds } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PasswordStrength($password: String!, $email: String) {\n    passwordStrength(password: $password, email: $email) { score acceptable warning suggestions }\n  }\n"): (typeof documents)["\n  query PasswordStrength($password: String!, $email: String) {\n    passwordStrength(password: $password, email: $email) { score acceptable warning suggestions }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;