# dvc — make targets. `make test` is what CI runs (through .ci/run).
GO ?= go
export GOTOOLCHAIN ?= local

.PHONY: run build test lint fmt bench-short generate check-generated lint-openapi

run: ## run the whole product on embedded defaults
	$(GO) run ./cmd/dvc dev

build:
	$(GO) build -o bin/dvc ./cmd/dvc

test: ## every test, on real PostgreSQL and Temporal
	$(GO) test -count=1 -timeout 30m ./...

WORKFLOWCHECK = go.temporal.io/sdk/contrib/tools/workflowcheck@v0.6.0

# golangci-lint, pinned: installed once from the module proxy into bin/tools/<version>/
# (a new version installs beside the old), then reused.
GOLANGCI_LINT_VERSION = v2.15.0
GOLANGCI_LINT = bin/tools/golangci-lint-$(GOLANGCI_LINT_VERSION)/golangci-lint

lint: $(GOLANGCI_LINT) check-generated lint-openapi ## gofmt, go vet, workflowcheck (deterministic workflows), golangci-lint (.golangci.yml), the OpenAPI linter, a fresh generated client
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(WORKFLOWCHECK) ./workflows/...
	$(GOLANGCI_LINT) run ./...

$(GOLANGCI_LINT):
	GOBIN=$(CURDIR)/$(dir $@) $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)

# The typed client of /api/v1 (internal/client) is generated from the document the API
# serves (api/openapi.json completed at start-up), written to internal/client/openapi.json.
CLIENT_GEN = $(GO) run ./internal/client/gen
OAPI_CODEGEN = $(GO) tool oapi-codegen -config internal/client/oapi-codegen.yaml

generate: ## the served OpenAPI document and the client generated from it
	$(CLIENT_GEN) internal/client/openapi.json
	$(OAPI_CODEGEN) internal/client/openapi.json > internal/client/client.gen.go.tmp
	mv internal/client/client.gen.go.tmp internal/client/client.gen.go

check-generated: ## fails when internal/client is not what make generate writes
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(CLIENT_GEN) "$$tmp/openapi.json" && $(OAPI_CODEGEN) "$$tmp/openapi.json" > "$$tmp/client.gen.go" && \
	for f in openapi.json client.gen.go; do \
	  cmp -s "$$tmp/$$f" "internal/client/$$f" || { echo "internal/client/$$f is stale: run make generate"; exit 1; }; \
	done

# Redocly CLI, pinned in tools/redocly/package-lock.json, lints the served document with
# its recommended rules (redocly.yaml).
REDOCLY = tools/redocly/node_modules/.bin/redocly

$(REDOCLY): tools/redocly/package.json tools/redocly/package-lock.json
	npm ci --prefix tools/redocly --no-audit --no-fund
	@touch $@

lint-openapi: $(REDOCLY)
	$(REDOCLY) lint internal/client/openapi.json

fmt:
	gofmt -w .

# Fault runs (RELIABILITY.md): PostgreSQL, dvc temporal, dvc worker and dvc api as separate
# processes, one killed at random moments under load; faults-short is the CI version.
.PHONY: faults faults-short
faults:
	DVC_FAULTS=full $(GO) test -count=1 -timeout 90m -v -run 'TestFaults' ./internal/testing/faults/

faults-short:
	DVC_FAULTS=short $(GO) test -count=1 -timeout 20m -v -run 'TestFaults' ./internal/testing/faults/

bench-short: ## every Go benchmark once (-benchtime=1x), so that none rots; CI runs it
	$(GO) test -count=1 -timeout 20m -run '^$$' -bench . -benchtime=1x ./...

# The cluster (docs/cluster.md): dvc's PostgreSQL with a streaming read replica, two
# `dvc temporal` nodes on PostgreSQL persistence, two workers and two APIs as separate
# processes on loopback; load on both APIs while a Temporal node, a worker, an API and
# the replica are killed, then dvc verify; stops leaving no process. cluster-short is the
# CI version (one kill of each kind); DVC_CLUSTER=serve keeps the shape up for loadgen.
.PHONY: cluster cluster-short cluster-serve
cluster:
	DVC_CLUSTER=full $(GO) test -count=1 -timeout 60m -v -run 'TestCluster' ./internal/testing/cluster/

cluster-short:
	DVC_CLUSTER=short $(GO) test -count=1 -timeout 20m -v -run 'TestCluster' ./internal/testing/cluster/

cluster-serve:
	DVC_CLUSTER=serve $(GO) test -count=1 -timeout 0 -v -run 'TestCluster' ./internal/testing/cluster/

# The deployment files (deploy/k8s, Temporal's Helm values, docker-compose.yml): Kubernetes
# manifests decoded strictly into the k8s.io/api types, versions checked against go.mod.
.PHONY: deploy-check
deploy-check:
	cd deploy/validate && $(GO) run . ../..
