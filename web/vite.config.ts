import { defineConfig } from 'vite'

// The build is committed (web/dist) and embedded in the Go binary, so it must be the
// same bytes on every machine: fixed file names (no content hashes to churn the diff),
// no source maps, no module-preload polyfill (no inline script: the console's CSP is
// script-src 'self').
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: {
        entryFileNames: 'assets/console.js',
        chunkFileNames: 'assets/[name].js',
        assetFileNames: 'assets/[name][extname]',
      },
    },
  },
  server: {
    // `npx vite` during development: the API of a `make run` on port 8080.
    proxy: {
      '/graphql': 'http://127.0.0.1:8080',
      '/dev/mailbox': 'http://127.0.0.1:8080',
    },
  },
})
