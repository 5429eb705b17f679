// The console talks to accountd only through its public GraphQL API, like any
// single-page app: same origin, the HttpOnly session cookie, JSON POSTs (DESIGN.md's
// CSRF rules). No query is cached: every page asks for what it shows.
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client'
import type { DocumentNode } from 'graphql'

export { gql }

export const client = new ApolloClient({
  link: new HttpLink({ uri: '/graphql', credentials: 'same-origin' }),
  cache: new InMemoryCache(),
  defaultOptions: {
    query: { fetchPolicy: 'no-cache' },
    mutate: { fetchPolicy: 'no-cache' },
  },
})

/** UserError is an expected problem with a mutation's input (schema.graphqls). */
export interface UserError {
  code: string
  field: string[] | null
  message: string
  retryAfterSeconds?: number | null
}

/** ApiError is what no form can fix: a top-level GraphQL error or a network failure. */
export class ApiError extends Error {}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Data = any

function failure(err: unknown): ApiError {
  const message = err instanceof Error ? err.message : String(err)
  return new ApiError(message || 'The server could not be reached.')
}

/** query runs a query and returns its data. */
export async function query(doc: DocumentNode, variables: Record<string, unknown> = {}): Promise<Data> {
  try {
    const res = await client.query({ query: doc, variables })
    return res.data
  } catch (err) {
    throw failure(err)
  }
}

/** mutate runs a mutation and returns the payload of its one root field. */
export async function mutate(doc: DocumentNode, variables: Record<string, unknown> = {}): Promise<Data> {
  let data: Data
  try {
    const res = await client.mutate({ mutation: doc, variables })
    data = res.data
  } catch (err) {
    throw failure(err)
  }
  const key = Object.keys(data ?? {}).find((k) => k !== '__typename')
  if (!key) throw new ApiError('The server gave no answer.')
  return data[key]
}

export const USER_ERRORS = 'userErrors { code field message retryAfterSeconds }'

export const VIEWER = gql`
  query Viewer {
    viewer { id email emailVerified name company createdAt hasPassword twoFactorEnabled recoveryCodesRemaining passwordBreached }
  }
`

/** Viewer is the logged-in account, as the console shows it. */
export interface Viewer {
  id: string
  email: string
  emailVerified: boolean
  name: string
  company: string
  createdAt: string
  hasPassword: boolean
  twoFactorEnabled: boolean
  recoveryCodesRemaining: number
  /** A log-in found the password in a known data breach; a new password clears it. */
  passwordBreached: boolean
}

export async function fetchViewer(): Promise<Viewer | null> {
  const data = await query(VIEWER)
  return data.viewer ?? null
}
