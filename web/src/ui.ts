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

/** errorText is a userError's message with its wait, if any, in words. */
export function errorText(e: UserError): string {
  return e.retryAfterSeconds ? `${e.message} Try again ${inWords(e.retryAfterSeconds)}.` : e.message
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
export function form(opts: { label: string; submit: string; fields: Field[]; extra?: Child[]; onSubmit: (f: Form) => Promise<void> }): Form {
  const formError = h('p', { class: 'form-error', role: 'alert', tabindex: '-1' })
  const submit = h('button', { type: 'submit' }, opts.submit)
  const el = h('form', { 'aria-label': opts.label, novalidate: true }, formError, ...opts.fields.map((f) => f.wrap), ...(opts.extra ?? []), h('div', { class: 'actions' }, submit))
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
      formError.textContent = err instanceof ApiError || err instanceof Error ? err.message : 'Something went wrong.'
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
export function announce(text: string): void {
  const el = document.getElementById('announce')
  if (!el) return
  el.textContent = ''
  el.append(h('p', { class: 'notice ok' }, text))
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
