# accountd: the account service of the IoT platform.
GO ?= go

.PHONY: run test test-postgres generate check-generated migration check-migrations lint bench loadtest build web check-web contract

## run: serve on http://127.0.0.1:8080 with an embedded SQLite file under ./data (no setup)
run:
	$(GO) run ./cmd/accountd

## build: build bin/accountd
build:
	$(GO) build -o bin/accountd ./cmd/accountd

# The packages that hold benchmarks.
BENCH_PKGS = $(addprefix ./,$(sort $(dir $(shell grep -rl --include='*_test.go' '^func Benchmark' cmd graph internal loadtest))))

## test: the whole suite on SQLite; also on PostgreSQL when ACCOUNTD_TEST_DATABASE_URL is set
test:
	$(GO) test -race -count=1 -timeout 15m ./...
	@# Timing is measured without the race detector, once the suite is done.
	$(GO) test -count=1 -run '^TestNoTimingOracle$$' ./internal/account
	@# Every benchmark runs once, so none breaks unnoticed (figures: make bench).
	$(GO) test -count=1 -run '^$$' -bench . -benchtime 1x $(BENCH_PKGS)

## test-postgres: the suite on SQLite and on the local PostgreSQL
test-postgres:
	ACCOUNTD_TEST_DATABASE_URL=$${ACCOUNTD_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable} \
		$(GO) test -race -count=1 -timeout 15m ./...

## generate: regenerate ent and gqlgen code (ent first)
generate:
	$(GO) generate ./...

## check-generated: fail when generated code is not what the schemas produce
check-generated: generate
	@git diff --exit-code -- ent graph || (echo "generated code is out of date: run make generate and commit" >&2; exit 1)
	@test -z "$$(git status --porcelain -- ent graph)" || (git status --porcelain -- ent graph; echo "untracked generated files: run make generate and commit" >&2; exit 1)

## migration: write the next PostgreSQL migration from the ent schema (make migration name=add_x)
migration:
	@test -n "$(name)" || (echo "usage: make migration name=what_changed" >&2; exit 1)
	$(GO) run ./cmd/migrategen new $(name)

## check-migrations: fail when the ent schema has changes no migration in migrations/postgres holds
check-migrations:
	$(GO) run ./cmd/migrategen check

## lint: go vet and staticcheck
lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt needed" >&2; exit 1)
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

## web: rebuild the account console (web/dist, embedded in the binary) from web/src: graphql-codegen
## types its operations (web/src/gql, with the trusted documents), tsc --strict checks them, Vite
## builds; and the playground's assets (web/playground, from their npm packages); needs Node.js
web:
	cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build

## check-web: fail when the console does not build against the schema (graphql-codegen types
## its operations, then tsc --strict) or when the committed build (web/dist, web/playground,
## the generated web/src/gql with the trusted documents) is not what the sources produce
WEB_BUILD = web/dist web/playground web/src/gql
check-web: web
	@git diff --exit-code -- $(WEB_BUILD) || (echo "the console build is out of date: run make web and commit" >&2; exit 1)
	@test -z "$$(git status --porcelain -- $(WEB_BUILD))" || (git status --porcelain -- $(WEB_BUILD); echo "untracked files of the console build: run make web and commit" >&2; exit 1)

## contract: the client-contract checks (contract/: graphql-http's GraphQL-over-HTTP audit, ...)
## with the npm packages of contract/package-lock.json; needs Node.js
contract:
	cd contract && npm ci --no-audit --no-fund --loglevel=error
	$(GO) test -count=1 ./contract/

## bench: Go benchmarks of the hot paths (on PostgreSQL too when ACCOUNTD_TEST_DATABASE_URL is set)
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## loadtest: wrk against the built binary on a fresh database of the local PostgreSQL (minutes; not in test or CI);
## writes loadtest/results/latest.json and latest.md (see BENCHMARKS.md). Needs wrk: apt-get install wrk
## ARGS passes flags: ARGS='-only ^viewer' runs some scenarios, ARGS='-profile loadtest/results' records CPU profiles,
## ARGS='-database-via 127.0.0.1:6442' goes through PgBouncer. Exits 1 when a target is missed beyond the run's noise.
loadtest:
	$(GO) run ./loadtest/run $(ARGS)
