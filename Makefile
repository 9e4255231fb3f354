# Herald's build. `make run` and `make test` are all a newcomer needs.

GO        ?= go
ARCH      ?= arm64
FUNCTIONS := $(patsubst functions/%/main.go,%,$(wildcard functions/*/main.go))
BUILD     := .build
DYNAMO_PORT ?= 8765
SQS_PORT  ?= 8767
SES_PORT  ?= 8766
RIE       := infra/.cache/bin/aws-lambda-rie
RIE_VERSION := v0.0.0-20261030222936-bef5c4ba774d
GOFLAGS_LAMBDA := -tags lambda.norpc -trimpath -ldflags='-s -w' -buildvcs=false

export GOTOOLCHAIN := local

.PHONY: run run-dynamodb test test-unit bench build deploy clean fmt vet

## run: start all of Herald on http://127.0.0.1:8080 with the embedded store
run:
	$(GO) run ./internal/cmd/herald

## run-dynamodb: the same, on DynamoDB Local and its stream
run-dynamodb:
	infra/dynamodb-local.sh start $(DYNAMO_PORT) $(BUILD)/dynamodb-run.pid
	trap 'infra/dynamodb-local.sh stop $(BUILD)/dynamodb-run.pid' EXIT INT TERM; \
	HERALD_STORE=dynamodb HERALD_TABLE=$${HERALD_TABLE:-herald} \
	AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:$(DYNAMO_PORT) \
	AWS_ENDPOINT_URL_DYNAMODB_STREAMS=http://127.0.0.1:$(DYNAMO_PORT) \
	AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1 \
	HERALD_DATA_DIR=$${HERALD_DATA_DIR:-.herald-dynamodb} \
	$(GO) run ./internal/cmd/herald

## test: every test, with the stand-ins they need started and stopped here
test: $(RIE)
	@mkdir -p $(BUILD)
	infra/dynamodb-local.sh start $(DYNAMO_PORT) $(BUILD)/dynamodb-test.pid
	infra/ses-local.sh start $(SES_PORT) $(BUILD)/ses-test.pid || \
		{ infra/dynamodb-local.sh stop $(BUILD)/dynamodb-test.pid; exit 1; }
	infra/fauxqs.sh start $(SQS_PORT) $(BUILD)/fauxqs-test.pid || \
		{ infra/dynamodb-local.sh stop $(BUILD)/dynamodb-test.pid; \
		  infra/ses-local.sh stop $(BUILD)/ses-test.pid; exit 1; }
	status=0; \
	HERALD_TEST_DYNAMODB_ENDPOINT=http://127.0.0.1:$(DYNAMO_PORT) \
	HERALD_TEST_SES_ENDPOINT=http://127.0.0.1:$(SES_PORT) \
	HERALD_TEST_SQS_ENDPOINT=http://127.0.0.1:$(SQS_PORT) \
	HERALD_TEST_RIE=$(CURDIR)/$(RIE) \
	$(GO) test -count=1 -timeout 15m $(TESTFLAGS) ./... || status=$$?; \
	infra/dynamodb-local.sh stop $(BUILD)/dynamodb-test.pid; \
	infra/ses-local.sh stop $(BUILD)/ses-test.pid; \
	infra/fauxqs.sh stop $(BUILD)/fauxqs-test.pid; \
	exit $$status

# The Lambda Runtime Interface Emulator, for the tests that run the built
# functions as Lambda runs them.
$(RIE):
	GOBIN=$(CURDIR)/infra/.cache/bin $(GO) install \
		github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@$(RIE_VERSION)

## test-unit: the tests that need no stand-in (the others skip)
test-unit:
	$(GO) test ./...

## bench: the benchmarks whose figures go into issue notes
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 3x ./internal/fanout ./internal/site ./internal/bolt

## build: each Lambda as bootstrap for linux/$(ARCH) in $(BUILD)/$(ARCH)/<name>/
build:
	@for f in $(FUNCTIONS); do \
		echo "build $$f ($(ARCH))"; \
		GOOS=linux GOARCH=$(ARCH) CGO_ENABLED=0 $(GO) build $(GOFLAGS_LAMBDA) \
			-o $(BUILD)/$(ARCH)/$$f/bootstrap ./functions/$$f || exit 1; \
	done

# The targets sam build calls, one per function of template.yaml, each
# building its function into $(ARTIFACTS_DIR)/bootstrap for arm64.
SAM_TARGETS := build-IncidentsFunction build-SubscriptionsFunction build-StatusFunction \
	build-FanoutFunction build-WebhookRetryFunction build-RendererFunction \
	build-AlarmsFunction
.PHONY: $(SAM_TARGETS)
build-IncidentsFunction:     SAM_DIR := incidents
build-SubscriptionsFunction: SAM_DIR := subscriptions
build-StatusFunction:        SAM_DIR := status
build-FanoutFunction:        SAM_DIR := fanout
build-WebhookRetryFunction:  SAM_DIR := webhookretry
build-RendererFunction:      SAM_DIR := renderer
build-AlarmsFunction:        SAM_DIR := alarms
$(SAM_TARGETS):
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $(GO) build $(GOFLAGS_LAMBDA) \
		-o $(ARTIFACTS_DIR)/bootstrap ./functions/$(SAM_DIR)

## deploy: build with SAM and deploy with samconfig.toml's settings
deploy:
	sam build
	sam deploy

vet:
	$(GO) vet ./...

fmt:
	gofmt -w functions internal

clean:
	rm -rf $(BUILD) .aws-sam
