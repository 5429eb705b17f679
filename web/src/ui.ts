// Small DOM helpers: the console is plain DOM, no framework. Every input has a label,
// every error is shown next to the field it belongs to (userErrors.field) and announced.
import { ApiError, query, type UserError } from './api'
import { graphql } from './gql'

type Child = Node | string | null | undefined | false
type Attrs = Record<string, string | boolean | number | null | undefined | ((ev: Event) => void)>

/** h creates an element: h('p', {class: 'x'}, 'text', child). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value)
    else if (value === true) el.setAttribute(name, '')
    else el.setAttribute(name, String(value))
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c)
  return el
}

/** link is an anchor the router handles without a page load. */
export function link(href: string, text: string, attrs: Attrs = {}): HTMLAnchorElement {
  return h('a', { href, ...attrs }, text)
}

let fieldCounter = 0

/** inWords says a wait in words people read: "in 15 minutes", "in 40 seconds". */
export function inWords(seconds: number): string {
  if (seconds < 60) return `in ${seconds} second${seconds === 1 ? '' : 's'}`
  const minutes = Math.ceil(seconds / 60)
  if (minutes < 60) return `in ${minutes} minute${minutes === 1 ? '' : 's'}`
  const hours = Math.ceil(minutes / 60)
  return `in ${hours} hour${hours === 1 ? '' : 's'}`
}

/**
 * countdown shows in el the time left ("in 42 seconds", "in 3 minutes"), updated each
 * second, and calls done when it is over.
 */
export function countdown(el: HTMLElement, seconds: number, done: () => void): void {
  const end = Date.now() + seconds * 1000
  const tick = () => {
    const left = Math.ceil((end - Date.now()) / 1000)
    if (!el.isConnected) return
    if (left <= 0) return done()
    el.textContent = inWords(left)
    window.setTimeout(tick, 1000)
  }
  tick()
}

/** errorText is a userError's message with its wait, if any, in words ("Try again in 15 minutes."). */
export function errorText(e: UserError): string {
  if (!e.retryAfterSeconds) return e.message
  return `${e.message.replace(/\s*Try again later\.?$/, '')} Try again ${inWords(e.retryAfterSeconds)}.`
}

/** failureText says what went wrong with a request in words people read (never "Failed to fetch"). */
export function failureText(err: unknown): string {
  if (err instanceof ApiError) return err.message
  if (err instanceof TypeError) return 'The server could not be reached. Check your connection and try again.'
  return 'Something went wrong. Try again.'
}

/** failure is an error notice for a request that failed, with a Retry button that runs retry. */
export function failure(err: unknown, retry?: () => void): HTMLElement {
  const el = h('div', { class: 'notice error', role: 'alert', tabindex: '-1' }, h('span', {}, failureText(err)))
  if (retry) el.append(' ', h('button', { type: 'button', class: 'secondary retry', onclick: retry }, 'Retry'))
  return el
}

/** result shows the outcome of a save or an action in box and moves focus to it. */
export function result(box: HTMLElement, text: string | Node, kind: 'ok' | 'error' = 'ok'): void {
  const n = notice(text, kind)
  n.tabIndex = -1
  box.replaceChildren(n)
  n.focus()
}

/** Field is one labelled input with its place for an error. */
export interface Field {
  name: string
  wrap: HTMLElement
  input: HTMLInputElement | HTMLSelectElement
  error: HTMLElement
}

export interface FieldOptions {
  type?: string
  required?: boolean
  autocomplete?: string
  hint?: string
  value?: string
  options?: [string, string][] // for a select: [value, label]
  inputmode?: string
  hidden?: boolean
}

/** field makes a labelled input named like the GraphQL input field it fills. */
export function field(name: string, label: string, o: FieldOptions = {}): Field {
  const id = `f${++fieldCounter}-${name}`
  const errId = `${id}-error`
  const hintId = `${id}-hint`
  const describedBy = [o.hint ? hintId : '', errId].filter(Boolean).join(' ')
  let input: HTMLInputElement | HTMLSelectElement
  if (o.options) {
    input = h('select', { id, name, 'aria-describedby': describedBy })
    for (const [v, l] of o.options) input.append(h('option', { value: v }, l))
    if (o.value) input.value = o.value
  } else {
    input = h('input', {
      id, name, type: o.type ?? 'text', required: o.required, autocomplete: o.autocomplete ?? 'off',
      inputmode: o.inputmode, 'aria-describedby': describedBy,
    })
    if (o.value) input.value = o.value
  }
  const error = h('p', { class: 'field-error', id: errId, role: 'alert' })
  const isCheckbox = o.type === 'checkbox'
  const wrap = isCheckbox
    ? h('div', { class: 'field checkbox' }, input, h('label', { for: id }, label), error)
    : h('div', { class: 'field' }, h('label', { for: id }, label), o.hint ? h('p', { class: 'hint', id: hintId }, o.hint) : null, input, error)
  if (o.type === 'password') {
    const toggle = h('button', { type: 'button', class: 'link show-password', 'aria-controls': id, 'aria-pressed': 'false' }, 'Show password')
    toggle.addEventListener('click', () => {
      const shown = (input as HTMLInputElement).type === 'text'
      ;(input as HTMLInputElement).type = shown ? 'password' : 'text'
      toggle.setAttribute('aria-pressed', String(!shown))
      toggle.textContent = shown ? 'Show password' : 'Hide password'
    })
    input.after(toggle)
  }
  if (o.hidden) wrap.hidden = true
  return { name, wrap, input, error }
}

let knownUsername = ''

/** setUsername is the logged-in account's email, for the hidden username of password forms. */
export function setUsername(email: string | null | undefined): void {
  knownUsername = email ?? ''
}

/**
 * usernameFor is the hidden username field a password manager needs to file a password
 * form under the right account (autocomplete="username"), for a form that has a password
 * field and no visible username field of its own; null for the others.
 */
function usernameFor(fields: Field[], username?: string): HTMLElement | null {
  const hasPassword = fields.some((f) => f.input instanceof HTMLInputElement && f.input.type === 'password')
  const hasUsername = fields.some((f) => f.input.getAttribute('autocomplete') === 'username')
  if (!hasPassword || hasUsername) return null
  const value = username ?? knownUsername
  return h('input', { type: 'email', name: 'username', autocomplete: 'username', value, hidden: true, tabindex: '-1', 'aria-hidden': 'true', readonly: true })
}

/** Form is a form whose errors land next to its fields. */
export interface Form {
  el: HTMLFormElement
  fields: Record<string, Field>
  formError: HTMLElement
  submit: HTMLButtonElement
  values(): Record<string, string>
  checked(name: string): boolean
  clearErrors(): void
  /** showErrors places each userError on its field (by the last part of its path) or on the form; true when there were any. */
  showErrors(errors: UserError[]): boolean
  showFailure(err: unknown): void
}

/** form builds a form: fields, a submit button, and onSubmit called with errors cleared. */
export function form(opts: { label: string; submit: string; fields: Field[]; extra?: Child[]; username?: string; onSubmit: (f: Form) => Promise<void> }): Form {
  const formError = h('p', { class: 'form-error', role: 'alert', tabindex: '-1' })
  const submit = h('button', { type: 'submit' }, opts.submit)
  const el = h('form', { 'aria-label': opts.label, novalidate: true }, usernameFor(opts.fields, opts.username), formError, ...opts.fields.map((f) => f.wrap), ...(opts.extra ?? []), h('div', { class: 'actions' }, submit))
  const fields: Record<string, Field> = {}
  for (const f of opts.fields) fields[f.name] = f
  const f: Form = {
    el, fields, formError, submit,
    values() {
      const out: Record<string, string> = {}
      for (const [name, fl] of Object.entries(fields)) out[name] = fl.input.value
      return out
    },
    checked(name) {
      return (fields[name].input as HTMLInputElement).checked
    },
    clearErrors() {
      formError.textContent = ''
      for (const fl of Object.values(fields)) {
        fl.error.textContent = ''
        fl.input.removeAttribute('aria-invalid')
      }
    },
    showErrors(errors) {
      let first: HTMLElement | null = null
      for (const e of errors) {
        const name = e.field?.[e.field.length - 1]
        const fl = name ? fields[name] : undefined
        const text = errorText(e)
        if (fl && !fl.wrap.hidden) {
          fl.error.textContent = text
          fl.input.setAttribute('aria-invalid', 'true')
          first ??= fl.input
        } else {
          formError.textContent = formError.textContent ? `${formError.textContent} ${text}` : text
        }
      }
      // Focus goes where the person must look: the first field at fault, or the message.
      if (first) first.focus()
      else if (errors.length) formError.focus()
      return errors.length > 0
    },
    showFailure(err) {
      // A request that did not get through says so in words and offers to send it again.
      formError.replaceChildren(failureText(err), ' ',
        h('button', { type: 'button', class: 'secondary retry', onclick: () => el.requestSubmit() }, 'Retry'))
      formError.focus()
    },
  }
  el.addEventListener('submit', async (ev) => {
    ev.preventDefault()
    f.clearErrors()
    submit.disabled = true
    try {
      await opts.onSubmit(f)
    } catch (err) {
      f.showFailure(err)
    } finally {
      submit.disabled = false
    }
  })
  return f
}

/** page replaces the main content and moves focus to its heading (screen readers hear the new page). */
export function page(title: string, ...children: Child[]): void {
  const main = document.getElementById('main')!
  const heading = h('h1', { tabindex: '-1' }, title)
  main.replaceChildren(heading, ...children.filter((c): c is Node | string => !!c))
  document.title = `${title} · accountd`
  for (const table of main.querySelectorAll('table')) cards(table)
  heading.focus()
}

/** cards lets a table become one card per row on a phone (style.css): each cell is labelled by its column. */
function cards(table: HTMLTableElement): void {
  table.classList.add('cards')
  const names = [...table.querySelectorAll('thead th')].map((th) => th.textContent ?? '')
  for (const row of table.querySelectorAll('tbody tr')) {
    ;[...row.children].forEach((cell, i) => {
      if (names[i] && !cell.hasAttribute('data-label')) cell.setAttribute('data-label', names[i])
    })
  }
}

/** notice is a status message. */
export function notice(text: string | Node, kind: 'ok' | 'info' | 'error' = 'info'): HTMLElement {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text)
}

/** devMailboxHint is the dev-mode pointer to the mailbox page, or null outside dev. */
export function devMailboxHint(): HTMLElement | null {
  const path = document.querySelector<HTMLMetaElement>('meta[name="accountd-dev-mailbox"]')?.content
  if (!path) return null
  return h('p', { class: 'notice dev' }, 'In dev mode, your email is at ', h('a', { href: path, target: '_blank', rel: 'noopener' }, path), '.')
}

/** when formats an RFC 3339 time for people. */
export function when(t: string | null | undefined): string {
  if (!t) return '—'
  return new Date(t).toLocaleString()
}

/** download saves text as a file. */
export function download(filename: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = h('a', { href: url, download: filename })
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** copyButton copies text to the clipboard and says so. */
export function copyButton(text: string, label = 'Copy'): HTMLElement {
  const status = h('span', { class: 'copy-status', role: 'status' })
  const button = h('button', {
    type: 'button',
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(text)
        status.textContent = 'Copied.'
      } catch {
        status.textContent = 'Could not copy: select the text and copy it.'
      }
    },
  }, label)
  return h('span', {}, button, ' ', status)
}

const STRENGTH = graphql(`
  query PasswordStrength($password: String!, $email: String) {
    passwordStrength(password: $password, email: $email) { score acceptable warning suggestions }
  }
`)
const LEVELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong']

/** strengthMeter shows passwordStrength for a password input as it is typed. */
export function strengthMeter(input: HTMLInputElement, email: () => string | undefined): HTMLElement {
  const meter = h('meter', { min: 0, max: 4, low: 2, high: 3, optimum: 4, value: 0, 'aria-label': 'Password strength' })
  const text = h('span', { class: 'strength-text', 'aria-live': 'polite' })
  const wrap = h('div', { class: 'strength' }, meter, ' ', text)
  let timer: number | undefined
  let seq = 0
  input.addEventListener('input', () => {
    clearTimeout(timer)
    const pw = input.value
    if (!pw) {
      meter.value = 0
      text.textContent = ''
      return
    }
    timer = window.setTimeout(async () => {
      const mine = ++seq
      try {
        const data = await query(STRENGTH, { password: pw, email: email() || null })
        if (mine !== seq) return
        const s = data.passwordStrength
        meter.value = s.score
        const advice = [s.warning, ...(s.suggestions ?? [])].filter(Boolean).join(' ')
        text.textContent = `${LEVELS[s.score] ?? ''}${s.acceptable ? '' : ' — not accepted'}${advice ? `. ${advice}` : ''}`
      } catch {
        text.textContent = ''
      }
    }, 250)
  })
  return wrap
}

/** announce tells what happened, in a live region outside the page (it survives a redraw). */
export function announce(text: string | Node, kind: 'ok' | 'error' = 'ok'): void {
  const el = document.getElementById('announce')
  if (!el) return
  el.textContent = ''
  const close = h('button', { type: 'button', class: 'link dismiss', 'aria-label': 'Dismiss', onclick: () => { el.textContent = '' } }, '×')
  el.append(h('div', { class: `notice ${kind}` }, text, ' ', close))
}

/** ago says how long ago a time was, in words: "active now", "5 minutes ago", or the date. */
export function ago(t: string, now = Date.now()): string {
  const seconds = Math.round((now - new Date(t).getTime()) / 1000)
  if (seconds < 5 * 60) return 'active now'
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} minutes ago`
  const hours = Math.round(minutes / 60)
  if (hours < 24) return `${hours} hour${hours === 1 ? '' : 's'} ago`
  const days = Math.round(hours / 24)
  if (days < 30) return `${days} day${days === 1 ? '' : 's'} ago`
  return new Date(t).toLocaleDateString()
}

/**
 * confirmDanger asks before a destructive action: a modal dialog naming what goes, the
 * action in the danger style, Cancel focused first. Resolves true when confirmed.
 */
export function confirmDanger(title: string, what: string, action: string): Promise<boolean> {
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', class: 'secondary', value: 'cancel' }, 'Cancel')
    const ok = h('button', { type: 'button', class: 'danger', value: 'ok' }, action)
    const headingId = `dlg${++fieldCounter}`
    const dialog = h('dialog', { 'aria-labelledby': headingId, class: 'confirm' },
      h('h2', { id: headingId }, title), h('p', {}, what), h('div', { class: 'actions' }, cancel, ok))
    const done = (yes: boolean) => {
      dialog.close()
      dialog.remove()
      resolve(yes)
    }
    cancel.addEventListener('click', () => done(false))
    ok.addEventListener('click', () => done(true))
    dialog.addEventListener('cancel', (ev) => {
      ev.preventDefault()
      done(false)
    })
    document.body.append(dialog)
    dialog.showModal()
    cancel.focus()
  })
}
