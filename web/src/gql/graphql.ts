/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** The input of acceptFleetInvitation. */
export type AcceptFleetInvitationInput = {
  /** The token from the emailed link. */
  token: string;
};

/** The input of adminCreateWebhookEndpoint. */
export type AdminCreateWebhookEndpointInput = {
  /** What the endpoint is for: required, at most 200 characters. */
  name: string;
  /** Why, for the admin audit log: required, at most 500 characters. */
  reason: string;
  /** Where to post events: an http or https URL that accountd may reach (not a private address unless the operator allows it). */
  url: string;
};

/** The input of adminDeleteWebhookEndpoint. */
export type AdminDeleteWebhookEndpointInput = {
  /** The endpoint (whe_...). */
  id: string | number;
  /** Why, for the admin audit log: required, at most 500 characters. */
  reason: string;
};

/** What an admin audit log line is about. */
export type AdminTargetKind =
  /** An account (targetId and targetUserId: usr_...). */
  | 'USER'
  /** A search of accounts (targetName: what was searched for). */
  | 'USER_SEARCH'
  /** A webhook endpoint (targetId: whe_...). */
  | 'WEBHOOK_ENDPOINT';

/** The input of the admin mutations on one account. */
export type AdminUserActionInput = {
  /** Why, for the admin audit log: required, at most 500 characters. */
  reason: string;
  /** The account (usr_...). */
  userId: string | number;
};

/** What an API key may do. */
export type ApiKeyScope =
  /** Everything its owner may (the default). */
  | 'FULL'
  /** Queries only: every mutation is FORBIDDEN. */
  | 'READ_ONLY';

/** The input of approveDeviceAuthorization. */
export type ApproveDeviceAuthorizationInput = {
  /** True approves, false denies. */
  approve: boolean;
  /** Limit the key to this fleet; fleetRole is then required. */
  fleetId?: string | number | null | undefined;
  /** DEVELOPER, OPERATOR or OBSERVER, no more than the viewer's own role in the fleet. */
  fleetRole?: FleetRole | null | undefined;
  /** The account's password, when the session does not prove it recently (see approveDeviceAuthorization). */
  password?: string | null | undefined;
  /** FULL (default) or READ_ONLY: narrows the key the client gets. A client that asked for read_only always gets READ_ONLY. */
  scope?: ApiKeyScope | null | undefined;
  /** The code the device shows (XXXX-XXXX; case, the dash and spaces do not matter). */
  userCode: string;
};

/** The input of beginPasskeyLogIn. */
export type BeginPasskeyLogInInput = {
  /** The account's address, to offer only its passkeys; leave it out to let the browser offer the passkeys it has. */
  email?: string | null | undefined;
};

/** The input of beginPasskeyRegistration. */
export type BeginPasskeyRegistrationInput = {
  /** The account's password, when the session does not prove it otherwise (see beginPasskeyRegistration). */
  password?: string | null | undefined;
};

/** The input of beginPasskeyTwoFactor. */
export type BeginPasskeyTwoFactorInput = {
  /** The twoFactorChallenge of the first log-in step. */
  challenge: string;
};

/** The input of changePassword. */
export type ChangePasswordInput = {
  /** The password in use now. */
  currentPassword: string;
  /** The new password (policy as for sign-up; WEAK_PASSWORD otherwise). */
  newPassword: string;
  /** Revoke every API key of the account too (the default; null counts as true). */
  revokeApiKeys?: boolean | null | undefined;
};

/** The input of confirmEmailChange. */
export type ConfirmEmailChangeInput = {
  /** The token from the link sent to the new address (the `token` query parameter). */
  token: string;
};

/** The input of confirmTwoFactor. */
export type ConfirmTwoFactorInput = {
  /** Any string; the payload returns it as it is (Relay's mutation convention). */
  clientMutationId?: string | null | undefined;
  /** The 6-digit code the app shows now. */
  code: string;
  /** The account's password, when the session does not prove it otherwise (see enableTwoFactor). */
  password?: string | null | undefined;
};

/** The input of createApiKey. */
export type CreateApiKeyInput = {
  /** At most 500 characters (bytes of UTF-8). */
  description?: string | null | undefined;
  /** Optional, in the future: the key stops working then. */
  expiresAt?: string | null | undefined;
  /** Limit the key to this fleet; fleetRole is then required. */
  fleetId?: string | number | null | undefined;
  /** Make the key the fleet's (OWNER only): it survives any member leaving, and is listed on Fleet.apiKeys and revoked with revokeFleetApiKey. */
  fleetOwned?: boolean | null | undefined;
  /** DEVELOPER, OPERATOR or OBSERVER, no more than the creator's own role in the fleet. The key loses its rights when the creator loses theirs (unless fleetOwned). */
  fleetRole?: FleetRole | null | undefined;
  /** 1 to 100 characters (the bound counts bytes of UTF-8, like the column). */
  name: string;
  /** The account's password, when the request does not prove it otherwise (see createApiKey). */
  password?: string | null | undefined;
  /** FULL (default) or READ_ONLY. */
  scope?: ApiKeyScope | null | undefined;
};

/** The input of createFleet. */
export type CreateFleetInput = {
  /** 1 to 100 characters. */
  name: string;
};

/** The input of createProvisioningKey. */
export type CreateProvisioningKeyInput = {
  /** Optional, in the future: the key stops working then. */
  expiresAt?: string | null | undefined;
  /** The fleet (flt_...) the key registers devices into. */
  fleetId: string | number;
  /** Optional, 1 to 1000000: how many devices the key may register. */
  maxDevices?: number | null | undefined;
  /** 1 to 100 characters. */
  name: string;
};

/** The input of deleteAccount. */
export type DeleteAccountInput = {
  /**
   * With two-factor authentication on: a current code from the authenticator app, or an
   * unused recovery code.
   */
  code?: string | null | undefined;
  /** The account's password, to confirm. */
  password: string;
};

/** The input of deleteDevice. */
export type DeleteDeviceInput = {
  /** The device to delete (dev_...). */
  deviceId: string | number;
};

/** The input of deleteFleet. */
export type DeleteFleetInput = {
  /** The fleet to delete (flt_...). */
  fleetId: string | number;
};

/** The input of disableTwoFactor. */
export type DisableTwoFactorInput = {
  /** Any string; the payload returns it as it is (Relay's mutation convention). */
  clientMutationId?: string | null | undefined;
  /** A current code from the authenticator app, or an unused recovery code. */
  code: string;
  /** The account's password, to confirm. */
  password: string;
};

/** The input of enableTwoFactor. */
export type EnableTwoFactorInput = {
  /** Any string; the payload returns it as it is (Relay's mutation convention). */
  clientMutationId?: string | null | undefined;
  /** The account's password, when the session does not prove it otherwise (see enableTwoFactor). */
  password?: string | null | undefined;
};

/** The input of finishPasskeyLogIn. */
export type FinishPasskeyLogInInput = {
  /** What credential.toJSON() gives for the credential navigator.credentials.get returned (AuthenticationResponseJSON). */
  credential: unknown;
};

/** The input of finishPasskeyRegistration. */
export type FinishPasskeyRegistrationInput = {
  /** What credential.toJSON() gives for the credential navigator.credentials.create made (RegistrationResponseJSON). */
  credential: unknown;
  /** A name for the passkey, to tell it apart in the list (1 to 100 characters). */
  name: string;
};

/** The input of finishPasskeyTwoFactor. */
export type FinishPasskeyTwoFactorInput = {
  /** The twoFactorChallenge of the first log-in step, as given to beginPasskeyTwoFactor. */
  challenge: string;
  /** What credential.toJSON() gives for the credential navigator.credentials.get returned. */
  credential: unknown;
};

/** What a member may do in a fleet (README.md has the whole matrix). */
export type FleetRole =
  /** Everything about devices (register, rename, delete); sees the members. */
  | 'DEVELOPER'
  /** Reads only. */
  | 'OBSERVER'
  /** Operates devices: reads and renames them. */
  | 'OPERATOR'
  /** Everything; the only one who may delete the fleet, manage members or transfer ownership. */
  | 'OWNER';

/** The input of inviteFleetMember. */
export type InviteFleetMemberInput = {
  /** The address to mail the invitation to; it need not have an account yet. */
  email: string;
  /** The fleet to invite into (flt_...). */
  fleetId: string | number;
  /** DEVELOPER, OPERATOR or OBSERVER. */
  role: FleetRole;
};

/** The input of leaveFleet. */
export type LeaveFleetInput = {
  /** The fleet to leave (flt_...). */
  fleetId: string | number;
};

/** The input of logIn. */
export type LogInInput = {
  /**
   * The deviceToken an earlier logIn to this address gave this app (browsers send the
   * HttpOnly cookie instead). With it, failures elsewhere do not lock this device out:
   * its own attempts are counted on their own.
   */
  deviceToken?: string | null | undefined;
  /** The account's address. */
  email: string;
  /** The account's password. */
  password: string;
};

/** The input of logInWithCode. */
export type LogInWithCodeInput = {
  /** The 6-digit code from the email. */
  code: string;
  /** The address the code was sent to. */
  email: string;
};

/** The input of regenerateRecoveryCodes. */
export type RegenerateRecoveryCodesInput = {
  /** Any string; the payload returns it as it is (Relay's mutation convention). */
  clientMutationId?: string | null | undefined;
  /** A current code from the authenticator app, or an unused recovery code. */
  code: string;
  /** The account's password, to confirm. */
  password: string;
};

/** The input of registerDevice. */
export type RegisterDeviceInput = {
  /** The fleet to add the device to (flt_...). */
  fleetId: string | number;
  /** 1 to 100 characters. */
  name: string;
};

/** The input of removeFleetMember. */
export type RemoveFleetMemberInput = {
  /** The membership to end (mem_..., from Fleet.members). */
  memberId: string | number;
};

/** The input of removePasskey. */
export type RemovePasskeyInput = {
  /** The passkey (an id from viewer.passkeys). */
  id: string | number;
  /** The account's password, when the session does not prove it otherwise (see removePasskey). */
  password?: string | null | undefined;
};

/** The input of renameFleet. */
export type RenameFleetInput = {
  /** The fleet to rename (flt_...). */
  fleetId: string | number;
  /** 1 to 100 characters. */
  name: string;
};

/** The input of renamePasskey. */
export type RenamePasskeyInput = {
  /** The passkey (an id from viewer.passkeys). */
  id: string | number;
  /** Its new name (1 to 100 characters). */
  name: string;
};

/** The input of requestEmailChange. */
export type RequestEmailChangeInput = {
  /** The address to change to; INVALID_EMAIL when it is not one, or is the account's address already. */
  newEmail: string;
  /** The account's password, when the last log-in is older than 20 minutes or the request comes with an API key. */
  password?: string | null | undefined;
};

/** The input of requestLogInCode. */
export type RequestLogInCodeInput = {
  /** The account's address; the answer does not tell whether it has an account. */
  email: string;
};

/** The input of requestPasswordReset. */
export type RequestPasswordResetInput = {
  /** The address to mail the link to; the answer does not tell whether it has an account. */
  email: string;
};

/** The input of resendVerificationEmail. */
export type ResendVerificationEmailInput = {
  /** The address of the unverified account; the answer does not tell whether there is one. */
  email: string;
};

/** The input of resetPassword. */
export type ResetPasswordInput = {
  /** The new password (ACCOUNTD_PASSWORD_MIN_LENGTH to _MAX_LENGTH characters, not a common one; WEAK_PASSWORD otherwise). */
  newPassword: string;
  /** Revoke every API key of the account too (the default; null counts as true): a key an intruder made must not outlive the recovery. */
  revokeApiKeys?: boolean | null | undefined;
  /** The token from the reset link (the `token` query parameter). */
  token: string;
};

/** The input of revertEmailChange. */
export type RevertEmailChangeInput = {
  /** The token from the link sent to the old address (the `token` query parameter). */
  token: string;
};

/** The input of revokeApiKeys. */
export type RevokeApiKeysInput = {
  /** At most 100 ids. */
  ids: Array<string | number>;
};

/** The input of revokeFleetApiKey. */
export type RevokeFleetApiKeyInput = {
  /** The fleet-owned API key (key_...) to revoke. */
  apiKeyId: string | number;
};

/** The input of revokeFleetInvitation. */
export type RevokeFleetInvitationInput = {
  /** The pending invitation to withdraw (from Fleet.invitations). */
  invitationId: string | number;
};

/** The input of revokeProvisioningKey. */
export type RevokeProvisioningKeyInput = {
  /** The provisioning key (prv_...) to revoke. */
  provisioningKeyId: string | number;
};

/** The input of revokeSessions. */
export type RevokeSessionsInput = {
  /** End every session of the account except the current one (log out everywhere else). */
  allExceptCurrent?: boolean | null | undefined;
  /** The sessions to end (ids from viewer.sessions); give this or allExceptCurrent. */
  ids?: Array<string | number> | null | undefined;
};

/** The input of rotateDeviceToken. */
export type RotateDeviceTokenInput = {
  /** The device (dev_...) whose token is replaced. */
  deviceId: string | number;
};

/** The input of setPassword. */
export type SetPasswordInput = {
  /** The password to set (policy as for sign-up; WEAK_PASSWORD otherwise). */
  newPassword: string;
};

/** The input of signUp. */
export type SignUpInput = {
  /** Must be true: the person accepted the terms of service. */
  acceptTerms: boolean;
  /** The person's company, optional, at most 100 characters. */
  company?: string | null | undefined;
  /** The address to create the account for; the verification link goes there. */
  email: string;
  /** The person's name, optional, at most 100 characters. */
  name?: string | null | undefined;
  /** Optional: without it, the password is chosen on the verification page. */
  password?: string | null | undefined;
};

/** The input of transferFleetOwnership. */
export type TransferFleetOwnershipInput = {
  /** The fleet to hand over (flt_...). */
  fleetId: string | number;
  /** The membership (mem_...) of the new owner. */
  memberId: string | number;
};

/** The input of updateFleetMember. */
export type UpdateFleetMemberInput = {
  /** The membership to change (mem_..., from Fleet.members). */
  memberId: string | number;
  /** DEVELOPER, OPERATOR or OBSERVER. */
  role: FleetRole;
};

/** The input of updateProfile. */
export type UpdateProfileInput = {
  /** The new company, at most 100 characters; left out: unchanged, empty: cleared. */
  company?: string | null | undefined;
  /** The new name, at most 100 characters; left out: unchanged, empty: cleared. */
  name?: string | null | undefined;
};

/** The kinds of userErrors: expected refusals of a mutation, each with its own remedy. */
export type UserErrorCode =
  /** The provider's email belongs to an account: log in with its password, then link the provider. */
  | 'ACCOUNT_EXISTS'
  /** An admin suspended the account: log-ins and every credential of it are refused until the suspension is lifted (also a top-level extensions.code). */
  | 'ACCOUNT_SUSPENDED'
  /** The person is already a member of the fleet. */
  | 'ALREADY_MEMBER'
  /** The new password appears in a known data breach (Have I Been Pwned): choose another one. */
  | 'BREACHED_PASSWORD'
  /** The provisioning key has registered all the devices it may (maxDevices). */
  | 'DEVICE_LIMIT_REACHED'
  /** Log-in by emailed code is turned off on this accountd: log in with the password. */
  | 'EMAIL_CODE_LOGIN_DISABLED'
  /** The account has not verified its address: follow the emailed link (resendVerificationEmail sends a new one). */
  | 'EMAIL_NOT_VERIFIED'
  /** The address belongs to another account (a change of address to it cannot complete). */
  | 'EMAIL_TAKEN'
  /** This sensitive operation needs a recent log-in: send the password in the input (or log in again). */
  | 'FRESH_AUTH_REQUIRED'
  /** The provider's account is linked to another account. */
  | 'IDENTITY_TAKEN'
  /** The two-factor or recovery code is wrong or was used already. */
  | 'INVALID_CODE'
  /** The email or password is wrong, or the password proof failed; the same answer whichever it was. */
  | 'INVALID_CREDENTIALS'
  /** The address is not a valid email address. */
  | 'INVALID_EMAIL'
  /** A field is malformed or out of its bounds (length, count, a date in the past): the message and field say which. */
  | 'INVALID_INPUT'
  /** The passkey's answer was refused: a credential this service does not know for the account, made for another site or app, signed wrong, or from an authenticator whose counter went back. The same answer whichever it was. */
  | 'INVALID_PASSKEY'
  /** The link's token is unknown, expired or used: ask for a new link. */
  | 'INVALID_TOKEN'
  /** Unlinking or removing would leave the account no way to log in: set a password, add a passkey or link another provider first. */
  | 'LAST_LOG_IN_METHOD'
  /** A fleet cannot lose its owner: transfer ownership first, or delete the fleet. */
  | 'LAST_OWNER'
  /** The object does not exist or the viewer may not see it (the two are not told apart). */
  | 'NOT_FOUND'
  /** Passkeys are off on this server: its public URL's host is an IP address, which cannot be a WebAuthn relying party id. */
  | 'PASSKEYS_NOT_ENABLED'
  /** The passkey ceremony's challenge is unknown, expired (after 5 minutes) or used already: begin again. */
  | 'PASSKEY_CHALLENGE_EXPIRED'
  /** setPassword is for accounts without a password: use changePassword. */
  | 'PASSWORD_ALREADY_SET'
  /** This needs a password the account does not have yet: set one first (setPassword, or verifyEmail with password). */
  | 'PASSWORD_REQUIRED'
  /** The account already has another identity of this provider: unlink it first. */
  | 'PROVIDER_ALREADY_LINKED'
  /** This accountd has no client configured for the log-in provider. */
  | 'PROVIDER_NOT_ENABLED'
  /** Too many attempts: try again after retryAfterSeconds. */
  | 'RATE_LIMITED'
  /** Sign-up needs acceptTerms: true. */
  | 'TERMS_NOT_ACCEPTED'
  /** Two-factor authentication is on already: disable it first to enrol a new app. */
  | 'TWO_FACTOR_ALREADY_ENABLED'
  /** Too many wrong codes from the authenticator app in a row: use a recovery code, or reset the password. */
  | 'TWO_FACTOR_LOCKED'
  /** Two-factor authentication is off, so there is nothing to confirm, disable or regenerate. */
  | 'TWO_FACTOR_NOT_ENABLED'
  /** The password is too short, too long, common or too guessable: passwordStrength tells why. */
  | 'WEAK_PASSWORD';

/** The input of verifyEmail. */
export type VerifyEmailInput = {
  /** The password to set. Required unless this client signed up with a password and holds that sign-up's proof. */
  password?: string | null | undefined;
  /** The signUpProof of signUp, for clients without cookies; a browser's cookie does the same. */
  signUpProof?: string | null | undefined;
  /** The token from the emailed link. */
  token: string;
};

/** The input of verifyTwoFactor. */
export type VerifyTwoFactorInput = {
  /** The twoFactorChallenge of the first log-in step; it works for 5 minutes and 5 wrong codes. */
  challenge: string;
  /** A code from the app; give this or recoveryCode. */
  code?: string | null | undefined;
  /** A recovery code (letter case, dashes and spaces do not matter); each works once. */
  recoveryCode?: string | null | undefined;
};

/** Where a webhook message is. */
export type WebhookMessageState =
  /** Accepted by the endpoint. */
  | 'DELIVERED'
  /** Given up on. */
  | 'FAILED'
  /** Waiting for its first or next try. */
  | 'PENDING';

export type LogOutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogOutMutation = { logOut: { userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type UpdateProfileMutationVariables = Exact<{
  input: UpdateProfileInput;
}>;


export type UpdateProfileMutation = { updateProfile: { user: { id: string, name: string, company: string } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type RequestEmailChangeMutationVariables = Exact<{
  input: RequestEmailChangeInput;
}>;


export type RequestEmailChangeMutation = { requestEmailChange: { userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type ChangePasswordMutationVariables = Exact<{
  input: ChangePasswordInput;
}>;


export type ChangePasswordMutation = { changePassword: { user: { id: string } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type SetPasswordMutationVariables = Exact<{
  input: SetPasswordInput;
}>;


export type SetPasswordMutation = { setPassword: { user: { id: string } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type SessionsQueryVariables = Exact<{ [key: string]: never; }>;


export type SessionsQuery = { viewer: { id: string, sessions: Array<{ id: string, createdAt: string, lastUsedAt: string, expiresAt: string, clientName: string, ip: string, current: boolean }> } | null };

export type RevokeSessionsMutationVariables = Exact<{
  input: RevokeSessionsInput;
}>;


export type RevokeSessionsMutation = { revokeSessions: { revokedIds: Array<string>, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type ApiKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type ApiKeysQuery = { viewer: { id: string, apiKeys: Array<{ id: string, name: string, description: string, prefix: string, createdAt: string, lastUsedAt: string | null, expiresAt: string | null, scope: ApiKeyScope, fleetId: string | null, fleetRole: FleetRole | null }> } | null };

export type KeyFleetsQueryVariables = Exact<{ [key: string]: never; }>;


export type KeyFleetsQuery = { viewer: { id: string, fleets: { edges: Array<{ node: { id: string, name: string, viewerRole: FleetRole } }> } } | null };

export type CreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type CreateApiKeyMutation = { createApiKey: { key: string | null, apiKey: { id: string, name: string } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type RevokeApiKeysMutationVariables = Exact<{
  input: RevokeApiKeysInput;
}>;


export type RevokeApiKeysMutation = { revokeApiKeys: { revokedIds: Array<string>, notRevokedIds: Array<string>, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type EnableTwoFactorMutationVariables = Exact<{
  input?: EnableTwoFactorInput | null | undefined;
}>;


export type EnableTwoFactorMutation = { enableTwoFactor: { secret: string | null, uri: string | null, qrCode: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type ConfirmTwoFactorMutationVariables = Exact<{
  input: ConfirmTwoFactorInput;
}>;


export type ConfirmTwoFactorMutation = { confirmTwoFactor: { recoveryCodes: Array<string> | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type DisableTwoFactorMutationVariables = Exact<{
  input: DisableTwoFactorInput;
}>;


export type DisableTwoFactorMutation = { disableTwoFactor: { user: { id: string } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type RegenerateRecoveryCodesMutationVariables = Exact<{
  input: RegenerateRecoveryCodesInput;
}>;


export type RegenerateRecoveryCodesMutation = { regenerateRecoveryCodes: { recoveryCodes: Array<string> | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type SecurityLogQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type SecurityLogQuery = { viewer: { id: string, securityEvents: { edges: Array<{ node: { id: string, kind: string, createdAt: string, ip: string, userAgent: string, clientName: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type ExportAccountDataMutationVariables = Exact<{ [key: string]: never; }>;


export type ExportAccountDataMutation = { exportAccountData: { document: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type DeleteAccountMutationVariables = Exact<{
  input: DeleteAccountInput;
}>;


export type DeleteAccountMutation = { deleteAccount: { deletedUserId: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type DeviceAuthorizationQueryVariables = Exact<{
  userCode: string;
}>;


export type DeviceAuthorizationQuery = { deviceAuthorization: { clientId: string, clientName: string, scope: string, requestedAt: string, expiresAt: string } | null };

export type ApproveDeviceAuthorizationMutationVariables = Exact<{
  input: ApproveDeviceAuthorizationInput;
}>;


export type ApproveDeviceAuthorizationMutation = { approveDeviceAuthorization: { request: { clientName: string } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type AdminUsersQueryVariables = Exact<{
  query?: string | null | undefined;
  after?: string | null | undefined;
}>;


export type AdminUsersQuery = { admin: { users: { edges: Array<{ node: { userId: string, email: string, createdAt: string, emailVerified: boolean, lastLogInAt: string | null, twoFactorEnabled: boolean, suspended: boolean, admin: boolean, fleetsCount: number } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type AdminAuditLogQueryVariables = Exact<{
  userId?: string | number | null | undefined;
  after?: string | null | undefined;
}>;


export type AdminAuditLogQuery = { admin: { auditLog: { edges: Array<{ node: { entryId: string, action: string, adminEmail: string, targetKind: AdminTargetKind, targetId: string, targetName: string, reason: string, createdAt: string, ip: string, userAgent: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type AdminUserQueryVariables = Exact<{
  id: string | number;
}>;


export type AdminUserQuery = { admin: { user: { userId: string, email: string, createdAt: string, emailVerified: boolean, lastLogInAt: string | null, twoFactorEnabled: boolean, suspended: boolean, suspendedAt: string | null, admin: boolean, fleetsCount: number, sessions: Array<{ id: string, createdAt: string, lastUsedAt: string, ip: string, userAgent: string }>, securityEvents: { edges: Array<{ node: { id: string, kind: string, createdAt: string, ip: string, userAgent: string } }> } } | null } | null };

export type AdminSuspendUserMutationVariables = Exact<{
  input: AdminUserActionInput;
}>;


export type AdminSuspendUserMutation = { adminSuspendUser: { user: { userId: string, suspended: boolean } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type AdminUnsuspendUserMutationVariables = Exact<{
  input: AdminUserActionInput;
}>;


export type AdminUnsuspendUserMutation = { adminUnsuspendUser: { user: { userId: string, suspended: boolean } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type AdminRevokeSessionsMutationVariables = Exact<{
  input: AdminUserActionInput;
}>;


export type AdminRevokeSessionsMutation = { adminRevokeSessions: { user: { userId: string } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type AdminResetTwoFactorMutationVariables = Exact<{
  input: AdminUserActionInput;
}>;


export type AdminResetTwoFactorMutation = { adminResetTwoFactor: { user: { userId: string, twoFactorEnabled: boolean } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type AdminResendVerificationMutationVariables = Exact<{
  input: AdminUserActionInput;
}>;


export type AdminResendVerificationMutation = { adminResendVerification: { user: { userId: string } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type AdminDeleteUserMutationVariables = Exact<{
  input: AdminUserActionInput;
}>;


export type AdminDeleteUserMutation = { adminDeleteUser: { deletedUserId: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type AdminWebhookEndpointsQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminWebhookEndpointsQuery = { admin: { webhookEndpoints: Array<{ endpointId: string, name: string, url: string, createdAt: string, deliveries: { pending: number, delivered: number, failed: number, recent: Array<{ messageId: string, eventType: string, state: WebhookMessageState, attempts: number, lastError: string, nextAttemptAt: string | null, createdAt: string }> } }> } | null };

export type AdminCreateWebhookEndpointMutationVariables = Exact<{
  input: AdminCreateWebhookEndpointInput;
}>;


export type AdminCreateWebhookEndpointMutation = { adminCreateWebhookEndpoint: { secret: string | null, endpoint: { endpointId: string, name: string } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type AdminDeleteWebhookEndpointMutationVariables = Exact<{
  input: AdminDeleteWebhookEndpointInput;
}>;


export type AdminDeleteWebhookEndpointMutation = { adminDeleteWebhookEndpoint: { deletedEndpointId: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { id: string, email: string, emailVerified: boolean, name: string, company: string, createdAt: string, hasPassword: boolean, twoFactorEnabled: boolean, recoveryCodesRemaining: number, passwordBreached: boolean, isAdmin: boolean } | null };

export type SignUpMutationVariables = Exact<{
  input: SignUpInput;
}>;


export type SignUpMutation = { signUp: { userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type ResendMutationVariables = Exact<{
  input: ResendVerificationEmailInput;
}>;


export type ResendMutation = { resendVerificationEmail: { userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type VerifyEmailMutationVariables = Exact<{
  input: VerifyEmailInput;
}>;


export type VerifyEmailMutation = { verifyEmail: { token: string | null, twoFactorChallenge: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type LogInMutationVariables = Exact<{
  input: LogInInput;
}>;


export type LogInMutation = { logIn: { token: string | null, twoFactorChallenge: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type VerifyTwoFactorMutationVariables = Exact<{
  input: VerifyTwoFactorInput;
}>;


export type VerifyTwoFactorMutation = { verifyTwoFactor: { token: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type RequestPasswordResetMutationVariables = Exact<{
  input: RequestPasswordResetInput;
}>;


export type RequestPasswordResetMutation = { requestPasswordReset: { userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type ResetPasswordMutationVariables = Exact<{
  input: ResetPasswordInput;
}>;


export type ResetPasswordMutation = { resetPassword: { userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type RequestLogInCodeMutationVariables = Exact<{
  input: RequestLogInCodeInput;
}>;


export type RequestLogInCodeMutation = { requestLogInCode: { userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type LogInWithCodeMutationVariables = Exact<{
  input: LogInWithCodeInput;
}>;


export type LogInWithCodeMutation = { logInWithCode: { token: string | null, twoFactorChallenge: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type ConfirmEmailChangeMutationVariables = Exact<{
  input: ConfirmEmailChangeInput;
}>;


export type ConfirmEmailChangeMutation = { confirmEmailChange: { email: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type RevertEmailChangeMutationVariables = Exact<{
  input: RevertEmailChangeInput;
}>;


export type RevertEmailChangeMutation = { revertEmailChange: { email: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type AcceptFleetInvitationMutationVariables = Exact<{
  input: AcceptFleetInvitationInput;
}>;


export type AcceptFleetInvitationMutation = { acceptFleetInvitation: { fleet: { id: string, name: string } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type InvitationQueryVariables = Exact<{
  token: string;
}>;


export type InvitationQuery = { invitation: { inviterName: string, fleetName: string, role: FleetRole } };

export type FleetsQueryVariables = Exact<{ [key: string]: never; }>;


export type FleetsQuery = { viewer: { id: string, fleets: { edges: Array<{ node: { id: string, name: string, createdAt: string, viewerRole: FleetRole } }> } } | null };

export type CreateFleetMutationVariables = Exact<{
  input: CreateFleetInput;
}>;


export type CreateFleetMutation = { createFleet: { fleet: { id: string } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type FleetQueryVariables = Exact<{
  id: string | number;
}>;


export type FleetQuery = { node:
    | { id: string, name: string, createdAt: string, viewerRole: FleetRole, viewerCan: { renameFleet: boolean, deleteFleet: boolean, transferOwnership: boolean, viewMembers: boolean, manageMembers: boolean, registerDevice: boolean, deleteDevice: boolean, leaveFleet: boolean }, devices: { edges: Array<{ node: { id: string, name: string, createdAt: string, lastSeenAt: string | null } }> } }
    | Record<PropertyKey, never>
   | null };

export type FleetMembersQueryVariables = Exact<{
  id: string | number;
}>;


export type FleetMembersQuery = { node:
    | { id: string, members: { edges: Array<{ node: { id: string, userId: string, email: string, name: string, role: FleetRole, createdAt: string } }> } | null }
    | Record<PropertyKey, never>
   | null };

export type FleetInvitationsQueryVariables = Exact<{
  id: string | number;
}>;


export type FleetInvitationsQuery = { node:
    | { id: string, invitations: { edges: Array<{ node: { id: string, email: string, role: FleetRole, expiresAt: string } }> } | null }
    | Record<PropertyKey, never>
   | null };

export type InviteFleetMemberMutationVariables = Exact<{
  input: InviteFleetMemberInput;
}>;


export type InviteFleetMemberMutation = { inviteFleetMember: { invitation: { id: string } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type RegisterDeviceMutationVariables = Exact<{
  input: RegisterDeviceInput;
}>;


export type RegisterDeviceMutation = { registerDevice: { token: string | null, device: { id: string, name: string } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type DeleteDeviceMutationVariables = Exact<{
  input: DeleteDeviceInput;
}>;


export type DeleteDeviceMutation = { deleteDevice: { deletedDeviceId: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type RenameFleetMutationVariables = Exact<{
  input: RenameFleetInput;
}>;


export type RenameFleetMutation = { renameFleet: { fleet: { id: string, name: string } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type DeleteFleetMutationVariables = Exact<{
  input: DeleteFleetInput;
}>;


export type DeleteFleetMutation = { deleteFleet: { deletedFleetId: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type RevokeFleetInvitationMutationVariables = Exact<{
  input: RevokeFleetInvitationInput;
}>;


export type RevokeFleetInvitationMutation = { revokeFleetInvitation: { revokedInvitationId: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type UpdateFleetMemberMutationVariables = Exact<{
  input: UpdateFleetMemberInput;
}>;


export type UpdateFleetMemberMutation = { updateFleetMember: { member: { id: string, role: FleetRole } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type RemoveFleetMemberMutationVariables = Exact<{
  input: RemoveFleetMemberInput;
}>;


export type RemoveFleetMemberMutation = { removeFleetMember: { removedMemberId: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type LeaveFleetMutationVariables = Exact<{
  input: LeaveFleetInput;
}>;


export type LeaveFleetMutation = { leaveFleet: { leftFleetId: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type TransferFleetOwnershipMutationVariables = Exact<{
  input: TransferFleetOwnershipInput;
}>;


export type TransferFleetOwnershipMutation = { transferFleetOwnership: { fleet: { id: string, viewerRole: FleetRole } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type RotateDeviceTokenMutationVariables = Exact<{
  input: RotateDeviceTokenInput;
}>;


export type RotateDeviceTokenMutation = { rotateDeviceToken: { token: string | null, device: { id: string, name: string } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type ProvisioningKeysQueryVariables = Exact<{
  id: string | number;
}>;


export type ProvisioningKeysQuery = { node:
    | { id: string, provisioningKeys: Array<{ id: string, name: string, prefix: string, createdAt: string, lastUsedAt: string | null, expiresAt: string | null, maxDevices: number | null, devicesRegistered: number }> | null }
    | Record<PropertyKey, never>
   | null };

export type CreateProvisioningKeyMutationVariables = Exact<{
  input: CreateProvisioningKeyInput;
}>;


export type CreateProvisioningKeyMutation = { createProvisioningKey: { key: string | null, provisioningKey: { id: string, name: string } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type RevokeProvisioningKeyMutationVariables = Exact<{
  input: RevokeProvisioningKeyInput;
}>;


export type RevokeProvisioningKeyMutation = { revokeProvisioningKey: { revokedProvisioningKeyId: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type FleetApiKeysQueryVariables = Exact<{
  id: string | number;
}>;


export type FleetApiKeysQuery = { node:
    | { id: string, apiKeys: Array<{ id: string, name: string, prefix: string, scope: ApiKeyScope, fleetRole: FleetRole | null, createdAt: string, lastUsedAt: string | null, expiresAt: string | null }> | null }
    | Record<PropertyKey, never>
   | null };

export type RevokeFleetApiKeyMutationVariables = Exact<{
  input: RevokeFleetApiKeyInput;
}>;


export type RevokeFleetApiKeyMutation = { revokeFleetApiKey: { revokedApiKeyId: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type BeginPasskeyRegistrationMutationVariables = Exact<{
  input?: BeginPasskeyRegistrationInput | null | undefined;
}>;


export type BeginPasskeyRegistrationMutation = { beginPasskeyRegistration: { options: unknown, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type FinishPasskeyRegistrationMutationVariables = Exact<{
  input: FinishPasskeyRegistrationInput;
}>;


export type FinishPasskeyRegistrationMutation = { finishPasskeyRegistration: { passkey: { id: string, name: string } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type PasskeysQueryVariables = Exact<{ [key: string]: never; }>;


export type PasskeysQuery = { viewer: { id: string, passkeys: Array<{ id: string, name: string, createdAt: string, lastUsedAt: string | null, backedUp: boolean }> } | null };

export type RenamePasskeyMutationVariables = Exact<{
  input: RenamePasskeyInput;
}>;


export type RenamePasskeyMutation = { renamePasskey: { passkey: { id: string, name: string } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type RemovePasskeyMutationVariables = Exact<{
  input: RemovePasskeyInput;
}>;


export type RemovePasskeyMutation = { removePasskey: { removedId: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type BeginPasskeyLogInMutationVariables = Exact<{
  input?: BeginPasskeyLogInInput | null | undefined;
}>;


export type BeginPasskeyLogInMutation = { beginPasskeyLogIn: { options: unknown, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type FinishPasskeyLogInMutationVariables = Exact<{
  input: FinishPasskeyLogInInput;
}>;


export type FinishPasskeyLogInMutation = { finishPasskeyLogIn: { token: string | null, twoFactorChallenge: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type BeginPasskeyTwoFactorMutationVariables = Exact<{
  input: BeginPasskeyTwoFactorInput;
}>;


export type BeginPasskeyTwoFactorMutation = { beginPasskeyTwoFactor: { options: unknown, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type FinishPasskeyTwoFactorMutationVariables = Exact<{
  input: FinishPasskeyTwoFactorInput;
}>;


export type FinishPasskeyTwoFactorMutation = { finishPasskeyTwoFactor: { token: string | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string, retryAfterSeconds: number | null }> } };

export type PasswordStrengthQueryVariables = Exact<{
  password: string;
  email?: string | null | undefined;
}>;


export type PasswordStrengthQuery = { passwordStrength: { score: number, acceptable: boolean, warning: string | null, suggestions: Array<string> } };


export const LogOutDocument = {"__meta__":{"hash":"sha256:72a135531c6920bbe85dae79a0514e2fe8d471916ca4441afcd02b8a2d3863d5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LogOut"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logOut"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<LogOutMutation, LogOutMutationVariables>;
export const UpdateProfileDocument = {"__meta__":{"hash":"sha256:1a8288783fa3fc7a561ae686303f43f1141d74be75a335c814fa53ac42321bd2"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateProfile"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateProfileInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateProfile"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"company"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateProfileMutation, UpdateProfileMutationVariables>;
export const RequestEmailChangeDocument = {"__meta__":{"hash":"sha256:307bc81d04ab42237c95746aca5000505f4b6e9e1aa9e964a27f2e4b4daaa4d6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RequestEmailChange"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RequestEmailChangeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestEmailChange"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<RequestEmailChangeMutation, RequestEmailChangeMutationVariables>;
export const ChangePasswordDocument = {"__meta__":{"hash":"sha256:c31d684c4f653da4c0ed53cd132a9aeff9c36a8cf9d442ab3b2f82a8c6a31418"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ChangePassword"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ChangePasswordInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changePassword"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<ChangePasswordMutation, ChangePasswordMutationVariables>;
export const SetPasswordDocument = {"__meta__":{"hash":"sha256:f7d138b671330649b7d1416ec6d9d76e89e2dc75b3893a23b436dee53eb4c210"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetPassword"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetPasswordInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setPassword"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<SetPasswordMutation, SetPasswordMutationVariables>;
export const SessionsDocument = {"__meta__":{"hash":"sha256:fcb6e8317c593d793a31d7143f7fb418d2c84cf21fb7b6cc49f1fba71c60cfd0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Sessions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sessions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"clientName"}},{"kind":"Field","name":{"kind":"Name","value":"ip"}},{"kind":"Field","name":{"kind":"Name","value":"current"}}]}}]}}]}}]} as unknown as DocumentNode<SessionsQuery, SessionsQueryVariables>;
export const RevokeSessionsDocument = {"__meta__":{"hash":"sha256:95afa0000892d9b9a2f423171abb63a0fe1e3c59d9d15cdbfd7438743b68fe71"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeSessions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RevokeSessionsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeSessions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokedIds"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<RevokeSessionsMutation, RevokeSessionsMutationVariables>;
export const ApiKeysDocument = {"__meta__":{"hash":"sha256:89a9e4d4c18c3c5b977dcc4b0be5242f9f49e0d843e6317e63d9e5cd101a2689"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ApiKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"fleetId"}},{"kind":"Field","name":{"kind":"Name","value":"fleetRole"}}]}}]}}]}}]} as unknown as DocumentNode<ApiKeysQuery, ApiKeysQueryVariables>;
export const KeyFleetsDocument = {"__meta__":{"hash":"sha256:7ef421317683cfe5623f6435edf099ca0f2000f845fa8f21ebeef376b569e580"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"KeyFleets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fleets"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"viewerRole"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<KeyFleetsQuery, KeyFleetsQueryVariables>;
export const CreateApiKeyDocument = {"__meta__":{"hash":"sha256:df42309b2fd0e0d1de91562559f7c2317358a3d20350f6a97d91c3537bfa5333"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateApiKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateApiKeyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createApiKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"apiKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeysDocument = {"__meta__":{"hash":"sha256:e81a0718046f05754e17c68921d77ee0c6da9cae37ad47d97399c9c663c05c72"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeApiKeys"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RevokeApiKeysInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeApiKeys"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokedIds"}},{"kind":"Field","name":{"kind":"Name","value":"notRevokedIds"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<RevokeApiKeysMutation, RevokeApiKeysMutationVariables>;
export const EnableTwoFactorDocument = {"__meta__":{"hash":"sha256:fd6d0ed39c711639903e57c96a07cd335808d8ce7d37159d680212401337944c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"EnableTwoFactor"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"EnableTwoFactorInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enableTwoFactor"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"uri"}},{"kind":"Field","name":{"kind":"Name","value":"qrCode"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<EnableTwoFactorMutation, EnableTwoFactorMutationVariables>;
export const ConfirmTwoFactorDocument = {"__meta__":{"hash":"sha256:cb1cd41dabf4a7ea540020fdd43332a0f4112610d56ac16219521c77b42c22d5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConfirmTwoFactor"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ConfirmTwoFactorInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confirmTwoFactor"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recoveryCodes"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<ConfirmTwoFactorMutation, ConfirmTwoFactorMutationVariables>;
export const DisableTwoFactorDocument = {"__meta__":{"hash":"sha256:59ba38659598cbf85bb3b35ae90363a448c3399c216c318e59fb3e645c310f91"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DisableTwoFactor"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DisableTwoFactorInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"disableTwoFactor"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<DisableTwoFactorMutation, DisableTwoFactorMutationVariables>;
export const RegenerateRecoveryCodesDocument = {"__meta__":{"hash":"sha256:4bcb94f4531d7564d9653f0dc79263148e8080202c7672aa48b23092c197ceb6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RegenerateRecoveryCodes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegenerateRecoveryCodesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"regenerateRecoveryCodes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recoveryCodes"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<RegenerateRecoveryCodesMutation, RegenerateRecoveryCodesMutationVariables>;
export const SecurityLogDocument = {"__meta__":{"hash":"sha256:384e424713c545c594a8cd260537830fb6e4958f49ab80fa1a4f0a932ae4ab75"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SecurityLog"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"securityEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"25"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"ip"}},{"kind":"Field","name":{"kind":"Name","value":"userAgent"}},{"kind":"Field","name":{"kind":"Name","value":"clientName"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SecurityLogQuery, SecurityLogQueryVariables>;
export const ExportAccountDataDocument = {"__meta__":{"hash":"sha256:5bdcd9144938268e9d719f1473f4d5ef6450af5406360f97e2a4aac97164d81b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ExportAccountData"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportAccountData"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"document"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<ExportAccountDataMutation, ExportAccountDataMutationVariables>;
export const DeleteAccountDocument = {"__meta__":{"hash":"sha256:9be3dab9f62a9883c316bd7721cdb4f8b8fc32b22dc8b8a40984d134970c9dfc"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteAccount"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteAccountInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteAccount"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedUserId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteAccountMutation, DeleteAccountMutationVariables>;
export const DeviceAuthorizationDocument = {"__meta__":{"hash":"sha256:9fe0856edc82ec1aa261f61c37189d866599ffde080adbdc0447440afb5a932c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DeviceAuthorization"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deviceAuthorization"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"userCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userCode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"clientName"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]} as unknown as DocumentNode<DeviceAuthorizationQuery, DeviceAuthorizationQueryVariables>;
export const ApproveDeviceAuthorizationDocument = {"__meta__":{"hash":"sha256:25da87395a7db4c64642694bcb472d06e91487f0ed47a5d672d5206a7d972cd2"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ApproveDeviceAuthorization"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ApproveDeviceAuthorizationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"approveDeviceAuthorization"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"request"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<ApproveDeviceAuthorizationMutation, ApproveDeviceAuthorizationMutationVariables>;
export const AdminUsersDocument = {"__meta__":{"hash":"sha256:bc8e62b2911c3164993ac0b5fefe08417406c297ac7863808869f305d4cdb20d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AdminUsers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"query"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"admin"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"users"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"query"},"value":{"kind":"Variable","name":{"kind":"Name","value":"query"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"25"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"emailVerified"}},{"kind":"Field","name":{"kind":"Name","value":"lastLogInAt"}},{"kind":"Field","name":{"kind":"Name","value":"twoFactorEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"suspended"}},{"kind":"Field","name":{"kind":"Name","value":"admin"}},{"kind":"Field","name":{"kind":"Name","value":"fleetsCount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AdminUsersQuery, AdminUsersQueryVariables>;
export const AdminAuditLogDocument = {"__meta__":{"hash":"sha256:8868b8363fc101848f11840d6f836193552de9e4769a2c3a011ed09fe460dbfb"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AdminAuditLog"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"admin"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditLog"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"25"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entryId"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"adminEmail"}},{"kind":"Field","name":{"kind":"Name","value":"targetKind"}},{"kind":"Field","name":{"kind":"Name","value":"targetId"}},{"kind":"Field","name":{"kind":"Name","value":"targetName"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"ip"}},{"kind":"Field","name":{"kind":"Name","value":"userAgent"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AdminAuditLogQuery, AdminAuditLogQueryVariables>;
export const AdminUserDocument = {"__meta__":{"hash":"sha256:62d6623032d2408a6ec657ec8922466c001ade5a8ead8aad6c9f355cf19ff0c6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AdminUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"admin"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"emailVerified"}},{"kind":"Field","name":{"kind":"Name","value":"lastLogInAt"}},{"kind":"Field","name":{"kind":"Name","value":"twoFactorEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"suspended"}},{"kind":"Field","name":{"kind":"Name","value":"suspendedAt"}},{"kind":"Field","name":{"kind":"Name","value":"admin"}},{"kind":"Field","name":{"kind":"Name","value":"fleetsCount"}},{"kind":"Field","name":{"kind":"Name","value":"sessions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"ip"}},{"kind":"Field","name":{"kind":"Name","value":"userAgent"}}]}},{"kind":"Field","name":{"kind":"Name","value":"securityEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"25"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"ip"}},{"kind":"Field","name":{"kind":"Name","value":"userAgent"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AdminUserQuery, AdminUserQueryVariables>;
export const AdminSuspendUserDocument = {"__meta__":{"hash":"sha256:415573dce9b7b1807a9093301528343ddbdb1d77a3e4aa078607b4e63e441e23"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdminSuspendUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AdminUserActionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adminSuspendUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"suspended"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<AdminSuspendUserMutation, AdminSuspendUserMutationVariables>;
export const AdminUnsuspendUserDocument = {"__meta__":{"hash":"sha256:5a8422e0a9de18ac8c022fd7cd8cd358fa209137b570fe2159b21ccf16cb15ef"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdminUnsuspendUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AdminUserActionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adminUnsuspendUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"suspended"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<AdminUnsuspendUserMutation, AdminUnsuspendUserMutationVariables>;
export const AdminRevokeSessionsDocument = {"__meta__":{"hash":"sha256:b278125b7e03bc8a85413e510ef42705005592326af7591da5124e4a9f4be9ed"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdminRevokeSessions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AdminUserActionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adminRevokeSessions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<AdminRevokeSessionsMutation, AdminRevokeSessionsMutationVariables>;
export const AdminResetTwoFactorDocument = {"__meta__":{"hash":"sha256:c6dc6e26bce60c37b1739e606085dca1910d39f45cbefe4820a64b0e95389eb4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdminResetTwoFactor"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AdminUserActionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adminResetTwoFactor"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"twoFactorEnabled"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<AdminResetTwoFactorMutation, AdminResetTwoFactorMutationVariables>;
export const AdminResendVerificationDocument = {"__meta__":{"hash":"sha256:01a170ff2981f4802274324df52079497ad06233893239cc7ad2e44ab85fc8b4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdminResendVerification"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AdminUserActionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adminResendVerification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<AdminResendVerificationMutation, AdminResendVerificationMutationVariables>;
export const AdminDeleteUserDocument = {"__meta__":{"hash":"sha256:76fcfa691a35c67140479b93153ca3d066e7b744a9d3399ca9f2ec956f633b33"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdminDeleteUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AdminUserActionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adminDeleteUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedUserId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<AdminDeleteUserMutation, AdminDeleteUserMutationVariables>;
export const AdminWebhookEndpointsDocument = {"__meta__":{"hash":"sha256:8c129a4f2fed1fe8c414a6f71e2eb839b1d6c305be413410be0f72f6925ec055"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AdminWebhookEndpoints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"admin"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webhookEndpoints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpointId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"deliveries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"recent"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pending"}},{"kind":"Field","name":{"kind":"Name","value":"delivered"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"recent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"messageId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AdminWebhookEndpointsQuery, AdminWebhookEndpointsQueryVariables>;
export const AdminCreateWebhookEndpointDocument = {"__meta__":{"hash":"sha256:99b70fc4db285a546d054c50ab2b7443ac1410c0f3ee2d72b47a1f7644f385ad"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdminCreateWebhookEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AdminCreateWebhookEndpointInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adminCreateWebhookEndpoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpointId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<AdminCreateWebhookEndpointMutation, AdminCreateWebhookEndpointMutationVariables>;
export const AdminDeleteWebhookEndpointDocument = {"__meta__":{"hash":"sha256:187fc24f5db998cf18e5417cdb848dd8620fdf544794f5b1c29c7fa62ce3dc56"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdminDeleteWebhookEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AdminDeleteWebhookEndpointInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adminDeleteWebhookEndpoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedEndpointId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<AdminDeleteWebhookEndpointMutation, AdminDeleteWebhookEndpointMutationVariables>;
export const ViewerDocument = {"__meta__":{"hash":"sha256:d8cd907685e6107150c47260fc5c36db4eae2bbce4a66a179e9bb1257694aa5f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"emailVerified"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"company"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"hasPassword"}},{"kind":"Field","name":{"kind":"Name","value":"twoFactorEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"recoveryCodesRemaining"}},{"kind":"Field","name":{"kind":"Name","value":"passwordBreached"}},{"kind":"Field","name":{"kind":"Name","value":"isAdmin"}}]}}]}}]} as unknown as DocumentNode<ViewerQuery, ViewerQueryVariables>;
export const SignUpDocument = {"__meta__":{"hash":"sha256:3ac5e7122e6d6e516f59fc249a0d7d4380d6c7a1b7e9bc1218d148bd6d78ced7"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SignUp"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SignUpInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"signUp"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<SignUpMutation, SignUpMutationVariables>;
export const ResendDocument = {"__meta__":{"hash":"sha256:daaa4ca3e67b1c06b0e1a01d2a1a380a67268eb73ae71dac0775037d76bbbf6a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Resend"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ResendVerificationEmailInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resendVerificationEmail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<ResendMutation, ResendMutationVariables>;
export const VerifyEmailDocument = {"__meta__":{"hash":"sha256:0dd240c7a8b4e0ee8addefb52356f16649d9a690ca05f12d9081304e148ff9de"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"VerifyEmail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"VerifyEmailInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"verifyEmail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"twoFactorChallenge"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<VerifyEmailMutation, VerifyEmailMutationVariables>;
export const LogInDocument = {"__meta__":{"hash":"sha256:d6a7aaf0a584e53d6216b8a63a1d6697d84d90593ad0a5b0b4644baff97450d7"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LogIn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LogInInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logIn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"twoFactorChallenge"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<LogInMutation, LogInMutationVariables>;
export const VerifyTwoFactorDocument = {"__meta__":{"hash":"sha256:c33b8b064811ec1ebbab09ca4ebead0343d0c00a9fa9555c64240eeb459aa09d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"VerifyTwoFactor"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"VerifyTwoFactorInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"verifyTwoFactor"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<VerifyTwoFactorMutation, VerifyTwoFactorMutationVariables>;
export const RequestPasswordResetDocument = {"__meta__":{"hash":"sha256:2c347b4227a82e527ed522122f834b482c268aaf0d64beec893fa789edb4677c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RequestPasswordReset"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RequestPasswordResetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestPasswordReset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<RequestPasswordResetMutation, RequestPasswordResetMutationVariables>;
export const ResetPasswordDocument = {"__meta__":{"hash":"sha256:0ee01e4bb1ea0aed426a28fc21bde07a3062b5edceea00e7dd5c9330a905bf2d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ResetPassword"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ResetPasswordInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resetPassword"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<ResetPasswordMutation, ResetPasswordMutationVariables>;
export const RequestLogInCodeDocument = {"__meta__":{"hash":"sha256:01368283b35d961e7333c8a88ec1188d213857a859a8057a2df9626b861ca4c0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RequestLogInCode"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RequestLogInCodeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestLogInCode"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<RequestLogInCodeMutation, RequestLogInCodeMutationVariables>;
export const LogInWithCodeDocument = {"__meta__":{"hash":"sha256:21a9b9c729ef073a3c76f702267cc1eaa85252155ae1003e56098b917d4ad284"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LogInWithCode"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LogInWithCodeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logInWithCode"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"twoFactorChallenge"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<LogInWithCodeMutation, LogInWithCodeMutationVariables>;
export const ConfirmEmailChangeDocument = {"__meta__":{"hash":"sha256:3fb4fd72ad453d362aa6f396a762506612a9c9044cce0e567627aedd371bdf03"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConfirmEmailChange"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ConfirmEmailChangeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confirmEmailChange"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<ConfirmEmailChangeMutation, ConfirmEmailChangeMutationVariables>;
export const RevertEmailChangeDocument = {"__meta__":{"hash":"sha256:0a9408b1c23bfacab2075987d0fafd44e4eb943c00f19efdfe16dd3bea1ad562"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevertEmailChange"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RevertEmailChangeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revertEmailChange"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<RevertEmailChangeMutation, RevertEmailChangeMutationVariables>;
export const AcceptFleetInvitationDocument = {"__meta__":{"hash":"sha256:ddffdb9979f47ed39f42f4e12f3f2d155d4e069fa8ff3a603f2640e956d59291"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AcceptFleetInvitation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AcceptFleetInvitationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acceptFleetInvitation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fleet"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<AcceptFleetInvitationMutation, AcceptFleetInvitationMutationVariables>;
export const InvitationDocument = {"__meta__":{"hash":"sha256:fff2b68c9fc8f6b026d83df601c96b437c567bf18c83f48ddc556a4407ae02a6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Invitation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"token"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"invitation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"token"},"value":{"kind":"Variable","name":{"kind":"Name","value":"token"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inviterName"}},{"kind":"Field","name":{"kind":"Name","value":"fleetName"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]} as unknown as DocumentNode<InvitationQuery, InvitationQueryVariables>;
export const FleetsDocument = {"__meta__":{"hash":"sha256:3cc9f9d9a69ee13ea0ba198611057ce9bd8b285eba9a9c7aea7f027bce6a76db"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Fleets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fleets"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"viewerRole"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<FleetsQuery, FleetsQueryVariables>;
export const CreateFleetDocument = {"__meta__":{"hash":"sha256:e1248e90e3965d7dae74da5c79e9a5b58cc4327474128bc65581fd86d80b0370"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateFleet"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateFleetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createFleet"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fleet"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<CreateFleetMutation, CreateFleetMutationVariables>;
export const FleetDocument = {"__meta__":{"hash":"sha256:ccfa66d27d956b698a5cbab6e2d753b7e9b668c0b9242dfbf732a47eff471559"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Fleet"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Fleet"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"viewerRole"}},{"kind":"Field","name":{"kind":"Name","value":"viewerCan"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"renameFleet"}},{"kind":"Field","name":{"kind":"Name","value":"deleteFleet"}},{"kind":"Field","name":{"kind":"Name","value":"transferOwnership"}},{"kind":"Field","name":{"kind":"Name","value":"viewMembers"}},{"kind":"Field","name":{"kind":"Name","value":"manageMembers"}},{"kind":"Field","name":{"kind":"Name","value":"registerDevice"}},{"kind":"Field","name":{"kind":"Name","value":"deleteDevice"}},{"kind":"Field","name":{"kind":"Name","value":"leaveFleet"}}]}},{"kind":"Field","name":{"kind":"Name","value":"devices"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<FleetQuery, FleetQueryVariables>;
export const FleetMembersDocument = {"__meta__":{"hash":"sha256:955354a2d79f80753f87cfbc57158085eb590454b84feb1a472b93e89a98b2ae"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FleetMembers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Fleet"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<FleetMembersQuery, FleetMembersQueryVariables>;
export const FleetInvitationsDocument = {"__meta__":{"hash":"sha256:9e2abbac9bf6fab483f6c090a4d8c87d583d452ea73dcba8f33adad285c46a4f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FleetInvitations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Fleet"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"invitations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<FleetInvitationsQuery, FleetInvitationsQueryVariables>;
export const InviteFleetMemberDocument = {"__meta__":{"hash":"sha256:9642d97001f939a66d2468d4f02f8f368b796218cddc723c03281a920d890b93"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"InviteFleetMember"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"InviteFleetMemberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inviteFleetMember"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"invitation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<InviteFleetMemberMutation, InviteFleetMemberMutationVariables>;
export const RegisterDeviceDocument = {"__meta__":{"hash":"sha256:6376107933e36a2cc0489258b889b80cf6f3b80cf97bb9797a04d9e626ef1500"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RegisterDevice"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterDeviceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerDevice"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"device"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<RegisterDeviceMutation, RegisterDeviceMutationVariables>;
export const DeleteDeviceDocument = {"__meta__":{"hash":"sha256:e7939dbd60cf0df61efb141c31e1df240edd347e42c48000a1c942c5b53d7ca8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteDevice"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteDeviceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteDevice"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedDeviceId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteDeviceMutation, DeleteDeviceMutationVariables>;
export const RenameFleetDocument = {"__meta__":{"hash":"sha256:294289f9d7546e1a401b70fd5d16841e4519a5baa5138e467e787279b5c9f836"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RenameFleet"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RenameFleetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"renameFleet"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fleet"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<RenameFleetMutation, RenameFleetMutationVariables>;
export const DeleteFleetDocument = {"__meta__":{"hash":"sha256:bcfa07781e09d34072b6688887b582e82fe8c11bc2ad0855f5dd33cab94c0728"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteFleet"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteFleetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteFleet"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedFleetId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteFleetMutation, DeleteFleetMutationVariables>;
export const RevokeFleetInvitationDocument = {"__meta__":{"hash":"sha256:65e09d9f06195c403991e092149180d1bd19923cd5514cc3b42f673163943995"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeFleetInvitation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RevokeFleetInvitationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeFleetInvitation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokedInvitationId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<RevokeFleetInvitationMutation, RevokeFleetInvitationMutationVariables>;
export const UpdateFleetMemberDocument = {"__meta__":{"hash":"sha256:513a80b69e2481dbb2e1260a0f5034ce9b3b231d29375277433bad6a97d57539"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateFleetMember"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateFleetMemberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateFleetMember"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"member"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateFleetMemberMutation, UpdateFleetMemberMutationVariables>;
export const RemoveFleetMemberDocument = {"__meta__":{"hash":"sha256:3027641af328f70a20e252d3c54c49715c442b54f0024f800617edc453abf106"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveFleetMember"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RemoveFleetMemberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeFleetMember"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removedMemberId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<RemoveFleetMemberMutation, RemoveFleetMemberMutationVariables>;
export const LeaveFleetDocument = {"__meta__":{"hash":"sha256:696e351f60d0b6f6fc134845fc8af2ca92fde09e58012041063f15bc8a13e46d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LeaveFleet"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LeaveFleetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"leaveFleet"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"leftFleetId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<LeaveFleetMutation, LeaveFleetMutationVariables>;
export const TransferFleetOwnershipDocument = {"__meta__":{"hash":"sha256:6321006836764a989688508be0dfa03fc995613f0021d75c294b5eb86cc45b88"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TransferFleetOwnership"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TransferFleetOwnershipInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transferFleetOwnership"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fleet"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"viewerRole"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<TransferFleetOwnershipMutation, TransferFleetOwnershipMutationVariables>;
export const RotateDeviceTokenDocument = {"__meta__":{"hash":"sha256:3a6a7e2176b30ee1d0c87d8c3c6e0a84e672e22c01f36c4591cf0819b87b257c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RotateDeviceToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RotateDeviceTokenInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rotateDeviceToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"device"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<RotateDeviceTokenMutation, RotateDeviceTokenMutationVariables>;
export const ProvisioningKeysDocument = {"__meta__":{"hash":"sha256:f008609e56b8ea72263d4343eb192cd13e7b436e069d7722ff92c75bbeb5bbe2"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProvisioningKeys"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Fleet"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provisioningKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"maxDevices"}},{"kind":"Field","name":{"kind":"Name","value":"devicesRegistered"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ProvisioningKeysQuery, ProvisioningKeysQueryVariables>;
export const CreateProvisioningKeyDocument = {"__meta__":{"hash":"sha256:93f4fe9d3be1bfe6dddddd1f09d75d039c7415b1e8fd0b9e07f03396ca0c0832"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateProvisioningKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateProvisioningKeyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createProvisioningKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"provisioningKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<CreateProvisioningKeyMutation, CreateProvisioningKeyMutationVariables>;
export const RevokeProvisioningKeyDocument = {"__meta__":{"hash":"sha256:4c5a411bd302a2bbe9eb79a81977acad52e64fd6abbd2df135b67cc71f3479fc"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeProvisioningKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RevokeProvisioningKeyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeProvisioningKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokedProvisioningKeyId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<RevokeProvisioningKeyMutation, RevokeProvisioningKeyMutationVariables>;
export const FleetApiKeysDocument = {"__meta__":{"hash":"sha256:d841a9e9df46b7bc534464e79b608c9dcafab0e7dd14f4f322b6120a28ddb47a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FleetApiKeys"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Fleet"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"fleetRole"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FleetApiKeysQuery, FleetApiKeysQueryVariables>;
export const RevokeFleetApiKeyDocument = {"__meta__":{"hash":"sha256:29c4a23e7fe553488830ba9a8e7172008e4406b17d56c3071c0a67ef97381e72"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeFleetApiKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RevokeFleetApiKeyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeFleetApiKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokedApiKeyId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<RevokeFleetApiKeyMutation, RevokeFleetApiKeyMutationVariables>;
export const BeginPasskeyRegistrationDocument = {"__meta__":{"hash":"sha256:c4a32ed7af3d543832c6bb445ce3666abe3158815771c0c8feb00bd0d25383b2"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"BeginPasskeyRegistration"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"BeginPasskeyRegistrationInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"beginPasskeyRegistration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"options"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<BeginPasskeyRegistrationMutation, BeginPasskeyRegistrationMutationVariables>;
export const FinishPasskeyRegistrationDocument = {"__meta__":{"hash":"sha256:3180452139724a7c2fece14820c69b56f26896168f7656c1d5c1e856a5244e29"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FinishPasskeyRegistration"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FinishPasskeyRegistrationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finishPasskeyRegistration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"passkey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<FinishPasskeyRegistrationMutation, FinishPasskeyRegistrationMutationVariables>;
export const PasskeysDocument = {"__meta__":{"hash":"sha256:d7add429e1ff855d6e2276cdbc16b522be2f44d031d94c7f03390aee1bbef4ff"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Passkeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"passkeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"backedUp"}}]}}]}}]}}]} as unknown as DocumentNode<PasskeysQuery, PasskeysQueryVariables>;
export const RenamePasskeyDocument = {"__meta__":{"hash":"sha256:559a95f542c9070faca7c6645c5b0eceff712206e1c9913076a412badb61bf2c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RenamePasskey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RenamePasskeyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"renamePasskey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"passkey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<RenamePasskeyMutation, RenamePasskeyMutationVariables>;
export const RemovePasskeyDocument = {"__meta__":{"hash":"sha256:9a3ba56737a0ca4900fd829568d3432012f91c48d22ec18ce2ea88dc4af9302d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemovePasskey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RemovePasskeyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removePasskey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removedId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<RemovePasskeyMutation, RemovePasskeyMutationVariables>;
export const BeginPasskeyLogInDocument = {"__meta__":{"hash":"sha256:335f370d6f72198cd6d7806ddec8b2668c532f1de7cd8ff901d22f4e27562c2c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"BeginPasskeyLogIn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"BeginPasskeyLogInInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"beginPasskeyLogIn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"options"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<BeginPasskeyLogInMutation, BeginPasskeyLogInMutationVariables>;
export const FinishPasskeyLogInDocument = {"__meta__":{"hash":"sha256:edfd21eb0c5da39f39f232f245cc6a0608bd40ca40848b9e826c09a0414ec239"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FinishPasskeyLogIn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FinishPasskeyLogInInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finishPasskeyLogIn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"twoFactorChallenge"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<FinishPasskeyLogInMutation, FinishPasskeyLogInMutationVariables>;
export const BeginPasskeyTwoFactorDocument = {"__meta__":{"hash":"sha256:e6ac4567a79a62e60af35eec4b8fd46a02cc6f116511e9163fc4d74df038cf6d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"BeginPasskeyTwoFactor"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"BeginPasskeyTwoFactorInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"beginPasskeyTwoFactor"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"options"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<BeginPasskeyTwoFactorMutation, BeginPasskeyTwoFactorMutationVariables>;
export const FinishPasskeyTwoFactorDocument = {"__meta__":{"hash":"sha256:e3393ca46b6c70732f4b3637825f21510839f08607723eceaddb90b84b9bbd41"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FinishPasskeyTwoFactor"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FinishPasskeyTwoFactorInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finishPasskeyTwoFactor"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<FinishPasskeyTwoFactorMutation, FinishPasskeyTwoFactorMutationVariables>;
export const PasswordStrengthDocument = {"__meta__":{"hash":"sha256:5326ce285105900b06c016befe6863bf4485f34cf340525ae644b7c142b029fb"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PasswordStrength"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"passwordStrength"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}},{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"acceptable"}},{"kind":"Field","name":{"kind":"Name","value":"warning"}},{"kind":"Field","name":{"kind":"Name","value":"suggestions"}}]}}]}}]} as unknown as DocumentNode<PasswordStrengthQuery, PasswordStrengthQueryVariables>;