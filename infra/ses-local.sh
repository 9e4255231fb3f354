#!/usr/bin/env bash
# ses-local.sh starts and stops aws-ses-v2-local, the SES v2 stand-in that
# the ses package's tests send e-mail to.
#
#   infra/ses-local.sh start PORT PIDFILE   start it (if it is not up) and wait until it answers
#   infra/ses-local.sh stop PIDFILE         stop the server recorded in PIDFILE
#   infra/ses-local.sh install              only install it
#
# The server comes from the npm package aws-ses-v2-local, installed once
# into infra/.cache/ses (git-ignored); after that the script works offline.
# It listens on 127.0.0.1 only, keeps every message in memory, lists them
# at GET /store and forgets them at POST /clear-store. Its output goes to
# PIDFILE.log.
set -euo pipefail

readonly version=2.10.2
readonly root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly prefix="$root/.cache/ses"
readonly cli="$prefix/node_modules/aws-ses-v2-local/dist/cli.js"

die() { echo "ses-local: $*" >&2; exit 1; }

# installed succeeds when the pinned version is in the cache.
installed() {
	[[ -f $cli ]] && grep -q "\"version\": \"$version\"" \
		"$prefix/node_modules/aws-ses-v2-local/package.json" 2>/dev/null
}

install() {
	installed && return 0
	command -v npm >/dev/null || die "npm is needed to install aws-ses-v2-local"
	mkdir -p "$prefix"
	npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error \
		"aws-ses-v2-local@$version" >/dev/null || die "npm install aws-ses-v2-local@$version failed"
	installed || die "no dist/cli.js in aws-ses-v2-local@$version"
}

# running PIDFILE succeeds when PIDFILE names a live aws-ses-v2-local.
running() {
	local pid
	[[ -f $1 ]] || return 1
	pid=$(<"$1")
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	grep -qa aws-ses-v2-local "/proc/$pid/cmdline" 2>/dev/null
}

# answers PORT succeeds when something accepts connections on the port.
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
	local port=$1 pidfile=$2 pid
	[[ $port =~ ^[0-9]+$ ]] || die "bad port: $port"
	if running "$pidfile"; then
		return 0
	fi
	answers "$port" && die "port $port is taken by another program"
	install
	command -v node >/dev/null || die "node is needed to run aws-ses-v2-local"
	mkdir -p "$(dirname "$pidfile")"
	pidfile=$(cd "$(dirname "$pidfile")" && pwd)/$(basename "$pidfile")

	# exec, so that $! is the node server itself and stop can kill it by PID.
	(exec node "$cli" --host 127.0.0.1 --port "$port") >"$pidfile.log" 2>&1 &
	pid=$!
	echo "$pid" >"$pidfile"

	for _ in $(seq 1 200); do
		answers "$port" && return 0
		kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; die "it exited; see $pidfile.log"; }
		sleep 0.1
	done
	stop "$pidfile"
	die "it did not answer on port $port within 20 s; see $pidfile.log"
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
