// A history-API router: the server answers every console path with index.html, and
// this picks the page. Links inside the console navigate without a page load.
import { fetchViewer, SessionEnded, setSessionEnded, type Viewer } from './api'
import { failure, h, page, setUsername } from './ui'

/** Context is what a page gets: the query string, path parameters and the viewer. */
export interface Context {
  params: URLSearchParams
  match: string[]
  viewer: Viewer | null
}

type Render = (ctx: Context) => void | Promise<void>
interface Route { pattern: RegExp; render: Render; auth: boolean }

const routes: Route[] = []
let viewer: Viewer | null = null
let viewerLoaded = false

/** route registers a page; auth pages send anonymous visitors to log in first. */
export function route(pattern: RegExp, render: Render, auth = false): void {
  routes.push({ pattern, render, auth })
}

/** refreshViewer asks the API who is logged in (after log-in, log-out, changes). */
export async function refreshViewer(): Promise<Viewer | null> {
  viewer = await fetchViewer()
  viewerLoaded = true
  setUsername(viewer?.email)
  renderNav()
  return viewer
}

/** loginAgain forgets the viewer and sends the person to log in, then back here. */
function loginAgain(): void {
  if (window.location.pathname === '/login') return
  viewer = null
  viewerLoaded = true
  setUsername(null)
  renderNav()
  const { pathname, search } = window.location
  void go(`/login?expired=1&next=${encodeURIComponent(pathname + search)}`, true)
}

setSessionEnded(loginAgain)

/** go navigates to path inside the console. */
export function go(path: string, replace = false): Promise<void> {
  if (replace) history.replaceState(null, '', path)
  else history.pushState(null, '', path)
  return render()
}

/** LOADING_AFTER_MS is how long a navigation may take before the page says it is loading. */
const LOADING_AFTER_MS = 300
let rendering = 0

/**
 * loading shows (or hides) the loading indicator: a bar at the top and main marked
 * aria-busy, so a slow page does not leave the old one up with no sign of life.
 */
function loading(on: boolean): void {
  document.getElementById('main')?.setAttribute('aria-busy', String(on))
  const bar = document.getElementById('loading')
  if (bar) bar.hidden = !on
}

/** render draws the page of the current location. */
export async function render(): Promise<void> {
  const mine = ++rendering
  const timer = window.setTimeout(() => { if (mine === rendering) loading(true) }, LOADING_AFTER_MS)
  try {
    await draw()
  } finally {
    clearTimeout(timer)
    if (mine === rendering) loading(false)
  }
}

async function draw(): Promise<void> {
  const { pathname, search } = window.location
  const params = new URLSearchParams(search)
  try {
    if (!viewerLoaded) await refreshViewer()
  } catch (err) {
    page('accountd is not reachable', failure(err, () => void render()))
    return
  }
  for (const r of routes) {
    const m = r.pattern.exec(pathname)
    if (!m) continue
    if (r.auth && !viewer) {
      await go(`/login?next=${encodeURIComponent(pathname + search)}`, true)
      return
    }
    try {
      await r.render({ params, match: m.slice(1), viewer })
    } catch (err) {
      if (err instanceof SessionEnded) return // loginAgain has already moved on
      page('This page could not be loaded', failure(err, () => void render()))
    }
    markCurrent()
    return
  }
  page('Page not found', h('p', {}, 'There is no such page. ', h('a', { href: '/' }, 'Go to the start page'), '.'))
}

const NAV: [string, string][] = [
  ['/account', 'Profile'],
  ['/account/password', 'Password'],
  ['/account/sessions', 'Sessions'],
  ['/account/api-keys', 'API keys'],
  ['/account/two-factor', 'Two-factor'],
  ['/account/passkeys', 'Passkeys'],
  ['/account/fleets', 'Fleets'],
  ['/account/security-log', 'Security log'],
  ['/account/export', 'Export data'],
  ['/account/delete', 'Delete account'],
]

let onLogOut: () => Promise<void> = async () => {}

/** logOutAndReturn logs out, then asks to log in again and come back to next. */
export async function logOutAndReturn(next: string): Promise<void> {
  await onLogOut()
  await go(`/login?next=${encodeURIComponent(next)}`, true)
}

/** setLogOut sets what the Log out button does. */
export function setLogOut(f: () => Promise<void>): void {
  onLogOut = f
}

function renderNav(): void {
  const nav = document.getElementById('nav')!
  if (!viewer) {
    nav.replaceChildren(h('ul', {}, h('li', {}, h('a', { href: '/login' }, 'Log in')), h('li', {}, h('a', { href: '/signup' }, 'Sign up'))))
    return
  }
  // On a phone the links fold behind a Menu button (style.css shows it there only).
  const menu = h('button', { type: 'button', class: 'menu', 'aria-expanded': 'false', 'aria-controls': 'nav-links' }, 'Menu')
  const list = h('ul', { id: 'nav-links' },
    ...NAV.map(([href, text]) => h('li', {}, h('a', { href }, text))),
    // The admin area, for the platform's admins only (the API refuses anyone else).
    viewer.isAdmin ? h('li', {}, h('a', { href: '/admin' }, 'Admin')) : '',
    h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => void onLogOut() }, 'Log out')),
  )
  menu.addEventListener('click', () => menu.setAttribute('aria-expanded', String(menu.getAttribute('aria-expanded') !== 'true')))
  list.addEventListener('click', (ev) => {
    if ((ev.target as Element).closest('a')) menu.setAttribute('aria-expanded', 'false')
  })
  nav.replaceChildren(menu, list, h('p', { class: 'who' }, viewer.email),
    viewer.passwordBreached
      ? h('p', { class: 'notice error', role: 'alert', id: 'breached' },
        'Your password appears in a known data breach. ', h('a', { href: '/account/password' }, 'Change it now'), '.')
      : '')
  markCurrent()
}

function markCurrent(): void {
  for (const a of document.querySelectorAll<HTMLAnchorElement>('#nav a')) {
    if (a.pathname === window.location.pathname) a.setAttribute('aria-current', 'page')
    else a.removeAttribute('aria-current')
  }
}

/** start wires link clicks and the back button, and draws the first page. */
export function start(): void {
  document.addEventListener('click', (ev) => {
    const a = (ev.target as Element).closest?.('a')
    if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return
    if (a.target || a.hasAttribute('download') || a.origin !== window.location.origin) return
    if (a.pathname.startsWith('/dev/') || a.pathname.startsWith('/auth/') || a.pathname === '/playground') return
    ev.preventDefault()
    void go(a.pathname + a.search)
  })
  window.addEventListener('popstate', () => void render())
  void render()
}
