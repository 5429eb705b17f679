// Passkeys (WebAuthn): the settings page (add, rename, remove), "Log in with a passkey"
// on the log-in page, and a passkey as the second step of a log-in. Options and
// credentials travel as the WebAuthn Level 3 JSON: parse*OptionsFromJSON in, toJSON() out.
import { mutate, present, query, type UserError } from './api'
import { graphql } from './gql'
import { route } from './router'
import { confirmDanger, field, form, h, notice, page, when } from './ui'

const BEGIN_REGISTRATION = graphql(`mutation BeginPasskeyRegistration($input: BeginPasskeyRegistrationInput) { beginPasskeyRegistration(input: $input) { options userErrors { code field message retryAfterSeconds } } }`)
const FINISH_REGISTRATION = graphql(`mutation FinishPasskeyRegistration($input: FinishPasskeyRegistrationInput!) { finishPasskeyRegistration(input: $input) { passkey { id name } userErrors { code field message retryAfterSeconds } } }`)
const PASSKEYS = graphql(`query Passkeys { viewer { id passkeys { id name createdAt lastUsedAt backedUp } } }`)
const RENAME = graphql(`mutation RenamePasskey($input: RenamePasskeyInput!) { renamePasskey(input: $input) { passkey { id name } userErrors { code field message retryAfterSeconds } } }`)
const REMOVE = graphql(`mutation RemovePasskey($input: RemovePasskeyInput!) { removePasskey(input: $input) { removedId userErrors { code field message retryAfterSeconds } } }`)
const BEGIN_LOG_IN = graphql(`mutation BeginPasskeyLogIn($input: BeginPasskeyLogInInput) { beginPasskeyLogIn(input: $input) { options userErrors { code field message retryAfterSeconds } } }`)
const FINISH_LOG_IN = graphql(`mutation FinishPasskeyLogIn($input: FinishPasskeyLogInInput!) { finishPasskeyLogIn(input: $input) { token twoFactorChallenge userErrors { code field message retryAfterSeconds } } }`)
const BEGIN_SECOND = graphql(`mutation BeginPasskeyTwoFactor($input: BeginPasskeyTwoFactorInput!) { beginPasskeyTwoFactor(input: $input) { options userErrors { code field message retryAfterSeconds } } }`)
const FINISH_SECOND = graphql(`mutation FinishPasskeyTwoFactor($input: FinishPasskeyTwoFactorInput!) { finishPasskeyTwoFactor(input: $input) { token userErrors { code field message retryAfterSeconds } } }`)

// The Level 3 static methods, which TypeScript's DOM types may not have yet.
type WithJSON = {
  parseCreationOptionsFromJSON(o: unknown): PublicKeyCredentialCreationOptions
  parseRequestOptionsFromJSON(o: unknown): PublicKeyCredentialRequestOptions
}
const PKC = () => window.PublicKeyCredential as unknown as WithJSON | undefined

/** passkeysSupported: the browser has WebAuthn with the Level 3 JSON methods. */
export function passkeysSupported(): boolean {
  const p = PKC()
  return !!p && typeof p.parseCreationOptionsFromJSON === 'function' && typeof p.parseRequestOptionsFromJSON === 'function'
}

/** create asks the authenticator for a new passkey; null when the person cancelled. */
async function create(options: unknown): Promise<unknown> {
  const cred = await navigator.credentials.create({ publicKey: present(PKC(), 'WebAuthn').parseCreationOptionsFromJSON(options) })
  return (cred as PublicKeyCredential | null)?.toJSON() ?? null
}

/** get asks the authenticator to sign in; null when the person cancelled. */
async function get(options: unknown): Promise<unknown> {
  const cred = await navigator.credentials.get({ publicKey: present(PKC(), 'WebAuthn').parseRequestOptionsFromJSON(options) })
  return (cred as PublicKeyCredential | null)?.toJSON() ?? null
}

/** ceremony runs a browser step, turning a cancel or a refusal into a message. */
async function ceremony(step: () => Promise<unknown>, status: HTMLElement): Promise<unknown> {
  try {
    const out = await step()
    if (!out) status.replaceChildren(notice('No passkey was chosen.', 'error'))
    return out
  } catch (e) {
    const name = (e as { name?: string }).name
    status.replaceChildren(notice(name === 'NotAllowedError' ? 'The passkey request was cancelled or timed out.' : 'This browser could not use a passkey here.', 'error'))
    return null
  }
}

function errorsOf(errs: UserError[]): string {
  return errs.map((e) => e.message).join(' ')
}

/**
 * passkeyLogIn is the "Log in with a passkey" button of the log-in page: email (when
 * typed) narrows the passkeys offered. done gets the session or the two-factor challenge.
 */
export function passkeyLogIn(email: () => string, done: (challenge: string | null) => Promise<void>): HTMLElement {
  const status = h('div', { role: 'status' })
  const button = h('button', { type: 'button', class: 'secondary' }, 'Log in with a passkey')
  button.addEventListener('click', async () => {
    status.replaceChildren()
    const addr = email().trim()
    const begun = await mutate(BEGIN_LOG_IN, { input: addr ? { email: addr } : null })
    if (begun.userErrors.length) return void status.replaceChildren(notice(errorsOf(begun.userErrors), 'error'))
    const cred = await ceremony(() => get(begun.options), status)
    if (!cred) return
    const res = await mutate(FINISH_LOG_IN, { input: { credential: cred } })
    if (res.userErrors.length) return void status.replaceChildren(notice(errorsOf(res.userErrors), 'error'))
    await done(res.twoFactorChallenge ?? null)
  })
  return h('div', { class: 'passkey-login' }, passkeysSupported() ? button : null, status)
}

/** passkeySecondFactor is the "Use a passkey" button of the two-factor step. */
export function passkeySecondFactor(challenge: string, done: () => Promise<void>): HTMLElement | null {
  if (!passkeysSupported()) return null
  const status = h('div', { role: 'status' })
  const button = h('button', { type: 'button', class: 'secondary' }, 'Use a passkey instead')
  button.addEventListener('click', async () => {
    status.replaceChildren()
    const begun = await mutate(BEGIN_SECOND, { input: { challenge } })
    if (begun.userErrors.length) return void status.replaceChildren(notice(errorsOf(begun.userErrors), 'error'))
    const cred = await ceremony(() => get(begun.options), status)
    if (!cred) return
    const res = await mutate(FINISH_SECOND, { input: { challenge, credential: cred } })
    if (res.userErrors.length) return void status.replaceChildren(notice(errorsOf(res.userErrors), 'error'))
    await done()
  })
  return h('div', {}, button, status)
}

route(/^\/account\/passkeys$/, async () => {
  const status = h('div', { role: 'status' })
  const name = field('name', 'Name', { required: true, hint: 'Which device or password manager keeps it, e.g. "Laptop".' })
  const password = field('password', 'Your password', { type: 'password', autocomplete: 'current-password', hidden: true, hint: 'Adding a passkey needs a recent log-in: confirm your password.' })
  const f = form({
    label: 'Add a passkey', submit: 'Add a passkey', fields: [name, password],
    onSubmit: async (f) => {
      status.replaceChildren()
      const v = f.values()
      const begun = await mutate(BEGIN_REGISTRATION, { input: { password: password.wrap.hidden ? null : v.password } })
      if (begun.userErrors.some((e: UserError) => e.code === 'FRESH_AUTH_REQUIRED') && password.wrap.hidden) password.wrap.hidden = false
      if (f.showErrors(begun.userErrors)) return
      const cred = await ceremony(() => create(begun.options), status)
      if (!cred) return
      const res = await mutate(FINISH_REGISTRATION, { input: { credential: cred, name: v.name } })
      if (f.showErrors(res.userErrors)) return
      f.el.reset()
      password.wrap.hidden = true
      await list()
      status.replaceChildren(notice(`Passkey "${present(res.passkey, 'the passkey').name}" added. Your other sessions were logged out.`, 'ok'))
    },
  })
  const listEl = h('div', {})
  async function list(): Promise<void> {
    const data = await query(PASSKEYS)
    const keys = present(data.viewer, 'the account').passkeys
    if (!keys.length) {
      listEl.replaceChildren(h('p', {}, 'No passkeys yet.'))
      return
    }
    listEl.replaceChildren(h('table', {},
      h('thead', {}, h('tr', {}, ...['Name', 'Added', 'Last used', 'Synced', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...keys.map((k) => {
        const nameCell = h('td', {}, k.name)
        const rename = h('button', { type: 'button', class: 'secondary' }, 'Rename')
        rename.setAttribute('aria-label', `Rename ${k.name}`)
        rename.addEventListener('click', () => {
          // An inline form in the name's cell: the name, Save and Cancel.
          const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel')
          const rf = form({
            label: `Rename the passkey ${k.name}`, submit: 'Save name',
            fields: [field('name', 'New name', { required: true, value: k.name })],
            onSubmit: async (f) => {
              listStatus.replaceChildren()
              status.replaceChildren()
              const res = await mutate(RENAME, { input: { id: k.id, name: f.values().name } })
              if (f.showErrors(res.userErrors)) return
              await list()
              listStatus.replaceChildren(notice(`Renamed to "${present(res.passkey, 'the passkey').name}".`, 'ok'))
            },
          })
          cancel.addEventListener('click', () => {
            nameCell.replaceChildren(k.name)
            rename.hidden = false
            rename.focus()
          })
          rf.submit.before(cancel)
          nameCell.replaceChildren(rf.el)
          rename.hidden = true
          rf.fields.name.input.focus()
        })
        const remove = h('button', { type: 'button', class: 'danger' }, 'Remove')
        remove.setAttribute('aria-label', `Remove ${k.name}`)
        remove.addEventListener('click', async () => {
          if (!await confirmDanger('Remove this passkey?', `"${k.name}" will no longer log you in.`, 'Remove passkey')) return
          listStatus.replaceChildren()
          status.replaceChildren()
          const res = await mutate(REMOVE, { input: { id: k.id } })
          if (res.userErrors.some((e: UserError) => e.code === 'FRESH_AUTH_REQUIRED')) return askPassword(k)
          if (res.userErrors.length) return void listStatus.replaceChildren(notice(errorsOf(res.userErrors), 'error'))
          await removed()
        })
        return h('tr', {}, nameCell, h('td', {}, when(k.createdAt)), h('td', {}, when(k.lastUsedAt)),
          h('td', {}, k.backedUp ? 'Yes' : 'No'), h('td', {}, h('div', { class: 'actions' }, rename, remove)))
      }))))
  }
  // askPassword shows, under the list, the form that confirms the password when the
  // removal needs a recent log-in.
  function askPassword(k: { id: string; name: string }): void {
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel')
    const password = field('password', 'Confirm your password', { type: 'password', autocomplete: 'current-password', required: true, hint: 'Removing a passkey needs a recent log-in.' })
    const pf = form({
      label: `Confirm removing the passkey ${k.name}`, submit: 'Remove passkey', fields: [password],
      onSubmit: async (f) => {
        const res = await mutate(REMOVE, { input: { id: k.id, password: f.values().password } })
        if (f.showErrors(res.userErrors)) return
        await removed()
      },
    })
    pf.submit.className = 'danger'
    pf.submit.before(cancel)
    cancel.addEventListener('click', () => confirmEl.replaceChildren())
    confirmEl.replaceChildren(h('h3', {}, `Remove "${k.name}"`), pf.el)
    password.input.focus()
  }
  async function removed(): Promise<void> {
    confirmEl.replaceChildren()
    await list()
    listStatus.replaceChildren(notice('Passkey removed.', 'ok'))
  }
  const confirmEl = h('div', {})
  const listStatus = h('div', { role: 'status' })
  await list()
  page('Passkeys', h('p', {}, 'A passkey logs you in with your fingerprint, face or device PIN instead of a password, and cannot be phished. Your phone, computer or password manager keeps it.'),
    passkeysSupported() ? null : notice('This browser does not support passkeys.', 'info'),
    h('h2', {}, 'Your passkeys'), listEl, confirmEl, listStatus, h('h2', {}, 'Add a passkey'), f.el, status)
}, true)
