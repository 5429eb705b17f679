// The console talks to accountd only through its public GraphQL API, like any
// single-page app: same origin, the HttpOnly session cookie, JSON POSTs (README's
// CSRF rules). No query is cached: every page asks for what it shows. Every operation
// is typed by graphql-codegen from the schema (src/gql/, `make web`), and is one of
// accountd's trusted documents: the console sends its registered id, not its text.
import { ApolloClient, CombinedGraphQLErrors, HttpLink, InMemoryCache } from '@apollo/client'
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries'
import type { TypedDocumentNode } from '@graphql-typed-document-node/core'
import type { DocumentNode, OperationDefinitionNode } from 'graphql'
import { graphql } from './gql'

/**
 * documentId is the sha256 (hex, as Apollo's persistedQuery extension carries it) under
 * which accountd registered the console's operation.
 */
function documentId(doc: DocumentNode): string {
  const meta = (doc as { __meta__?: { hash?: string } }).__meta__
  if (meta?.hash) return meta.hash.replace(/^sha256:/, '')
  // Apollo Client hands links a transformed copy of the document: find the original
  // by its operation's name.
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')
  const id = op?.name ? ids.get(op.name.value) : undefined
  if (!id) throw new Error(`operation ${op?.name?.value ?? '(anonymous)'} is not one of the console's documents`)
  return id
}

const ids = new Map<string, string>()

/** register records the ids of the console's documents by operation name. */
function register<R, V>(doc: TypedDocumentNode<R, V>): TypedDocumentNode<R, V> {
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')
  const hash = (doc as { __meta__?: { hash?: string } }).__meta__?.hash
  if (op?.name && hash) ids.set(op.name.value, hash.replace(/^sha256:/, ''))
  return doc
}

export const client = new ApolloClient({
  link: new PersistedQueryLink({ generateHash: documentId, disable: () => false }).concat(
    new HttpLink({ uri: '/graphql', credentials: 'same-origin' })),
  cache: new InMemoryCache(),
  defaultOptions: {
    query: { fetchPolicy: 'no-cache' },
    mutate: { fetchPolicy: 'no-cache' },
  },
})

/** UserError is an expected problem with a mutation's input (schema.graphqls). */
export interface UserError {
  code: string
  field?: string[] | null
  message: string
  retryAfterSeconds?: number | null
}

/** ApiError is what no form can fix: a top-level GraphQL error or a network failure. */
export class ApiError extends Error {
  /** code is the top-level error's extensions.code (FORBIDDEN, RATE_LIMITED, ...), when the API gave one. */
  code?: string
  /** retryAfterSeconds is how long to wait, on a RATE_LIMITED answer. */
  retryAfterSeconds?: number
}

/**
 * SessionEnded is an UNAUTHENTICATED answer on a page that needs a session: it was
 * revoked or expired elsewhere. The router sends the person to log in and back.
 */
export class SessionEnded extends ApiError {
  constructor() {
    super('Your session has ended. Log in again to continue.')
  }
}

let onSessionEnded: () => void = () => {}

/** setSessionEnded sets what happens when the API says the session is gone. */
export function setSessionEnded(f: () => void): void {
  onSessionEnded = f
}

function sessionEnded(): SessionEnded {
  onSessionEnded()
  return new SessionEnded()
}

function failure(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  if (CombinedGraphQLErrors.is(err) && err.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) return sessionEnded()
  if (err instanceof TypeError) return new ApiError('The server could not be reached. Check your connection and try again.')
  const message = err instanceof Error ? err.message : String(err)
  const out = new ApiError(message || 'The server could not be reached.')
  if (CombinedGraphQLErrors.is(err) && err.errors.length) {
    const ext = err.errors[0].extensions ?? {}
    if (typeof ext.code === 'string') out.code = ext.code
    if (typeof ext.retryAfterSeconds === 'number') out.retryAfterSeconds = ext.retryAfterSeconds
  }
  return out
}

type Variables = Record<string, unknown>

/** query runs a query and returns its data. */
export async function query<R, V extends Variables>(doc: TypedDocumentNode<R, V>, variables?: V): Promise<R> {
  register(doc)
  try {
    const res = await client.query({ query: doc, variables: variables ?? ({} as V) })
    if (res.data === undefined) throw new ApiError('The server gave no answer.')
    // A page's query asking for the viewer gets null once the session is gone.
    if ((doc as unknown) !== VIEWER && res.data !== null && typeof res.data === 'object' && 'viewer' in res.data && res.data.viewer === null) throw sessionEnded()
    return res.data as R
  } catch (err) {
    throw failure(err)
  }
}

/** Payload is the type of a mutation's one root field. */
type Payload<R> = NonNullable<R[Exclude<keyof R, '__typename'>]>

/** mutate runs a mutation and returns the payload of its one root field. */
export async function mutate<R, V extends Variables>(doc: TypedDocumentNode<R, V>, variables?: V): Promise<Payload<R>> {
  register(doc)
  let data: R | null | undefined
  try {
    const res = await client.mutate({ mutation: doc, variables: variables ?? ({} as V) })
    data = res.data
  } catch (err) {
    throw failure(err)
  }
  const key = Object.keys(data ?? {}).find((k) => k !== '__typename') as Exclude<keyof R, '__typename'> | undefined
  if (!data || !key || data[key] == null) throw new ApiError('The server gave no answer.')
  return data[key] as Payload<R>
}

export const VIEWER = graphql(`
  query Viewer {
    viewer { id email emailVerified name company createdAt hasPassword twoFactorEnabled recoveryCodesRemaining passwordBreached isAdmin }
  }
`)

/** Viewer is the logged-in account, as the console shows it. */
export type Viewer = NonNullable<Awaited<ReturnType<typeof fetchViewer>>>

export async function fetchViewer() {
  const data = await query(VIEWER)
  return data.viewer ?? null
}

/**
 * present returns a value the schema declares nullable but the console's flow needs:
 * a payload's object once it has no userErrors, the viewer on a logged-in page.
 */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value == null) throw new ApiError(`The server answered without ${what}. Reload the page to try again.`)
  return value
}
