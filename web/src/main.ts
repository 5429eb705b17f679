// The accountd console: a small single-page app over the public GraphQL API.
import './style.css'
import './auth'
import './account'
import './fleets'
import './activate'
import { start } from './router'

start()
