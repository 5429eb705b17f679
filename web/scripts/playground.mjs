// Copies the playground's assets (GraphiQL and React, the UMD builds of the npm
// packages pinned in package-lock.json, byte for byte) into playground/, which is
// committed and embedded in the binary: /playground loads nothing from another site.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs'

const assets = {
  'graphiql.min.js': 'node_modules/graphiql/graphiql.min.js',
  'graphiql.min.css': 'node_modules/graphiql/graphiql.min.css',
  'react.production.min.js': 'node_modules/react/umd/react.production.min.js',
  'react-dom.production.min.js': 'node_modules/react-dom/umd/react-dom.production.min.js',
}
rmSync('playground', { recursive: true, force: true })
mkdirSync('playground')
for (const [name, from] of Object.entries(assets)) {
  copyFileSync(from, `playground/${name}`)
}
