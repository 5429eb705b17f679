// graphql-codegen (client preset): types every operation of the console from the
// schema, into src/gql/ (committed; `make web` regenerates it and `make check-web`
// fails on a difference), so a schema change that breaks the console fails tsc --strict.
// It also writes the console's trusted documents (persistedDocuments: sha256 of each
// operation's text), which accountd embeds: src/gql/persisted-documents.json.
import type { CodegenConfig } from '@graphql-codegen/cli'

const config: CodegenConfig = {
  schema: ['../schema.graphqls', '../graph/schema/*.graphqls'],
  documents: ['src/**/*.ts', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' },
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { Time: 'string', JSON: 'unknown' },
        strictScalars: true,
      },
    },
  },
}

export default config
