// The accountd console: a small single-page app over the public GraphQL API.
import './style.css'
import './auth'
import './account'
import './passkeys'
import './fleets'
import './activate'
import './admin'
import './adminwebhooks'
import { start } from './router'

start()
