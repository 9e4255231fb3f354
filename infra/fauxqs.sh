#!/usr/bin/env bash
# fauxqs.sh starts and stops fauxqs, the SQS (and SNS) stand-in that the
# webhook retry tests talk to.
#
#   infra/fauxqs.sh start PORT PIDFILE   start it (if it is not up) and wait until it is healthy
#   infra/fauxqs.sh stop PIDFILE         stop the server recorded in PIDFILE
#   infra/fauxqs.sh install              only install it
#
# The npm package fauxqs is installed once into infra/.cache/fauxqs
# (git-ignored); after that the script works offline. The server keeps
# everything in memory, and logs no requests. It has no option to choose
# its listening address, so it listens on every interface of the machine;
# clients must still use http://127.0.0.1:PORT, which its queue URLs name.
# Its output goes to PIDFILE.log.
set -euo pipefail

readonly version=1.9.2
readonly root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly prefix="$root/.cache/fauxqs"
readonly cli="$prefix/node_modules/fauxqs/dist/cli.js"

die() { echo "fauxqs: $*" >&2; exit 1; }

install() {
	[[ -f $cli ]] && return 0
	command -v npm >/dev/null || die "npm is needed to install fauxqs"
	mkdir -p "$prefix"
	npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error \
		"fauxqs@$version" >/dev/null || die "npm install fauxqs@$version failed"
	[[ -f $cli ]] || die "no dist/cli.js in fauxqs@$version"
}

# running PIDFILE succeeds when PIDFILE names a live fauxqs.
running() {
	local pid
	[[ -f $1 ]] || return 1
	pid=$(<"$1")
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	grep -qa fauxqs "/proc/$pid/cmdline" 2>/dev/null
}

# healthy PORT succeeds when fauxqs answers its health check on the port.
healthy() {
	local reply
	reply=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" &&
		printf 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 && head -c 12 <&3) 2>/dev/null) ||
		return 1
	[[ $reply == "HTTP/1."?" 200" ]]
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
	command -v node >/dev/null || die "node is needed to run fauxqs"
	mkdir -p "$(dirname "$pidfile")"
	pidfile=$(cd "$(dirname "$pidfile")" && pwd)/$(basename "$pidfile")

	# exec, so that $! is the node server itself and stop can kill it by PID.
	(cd "$prefix" && FAUXQS_PORT="$port" FAUXQS_LOGGER=false exec node "$cli") \
		>"$pidfile.log" 2>&1 &
	pid=$!
	echo "$pid" >"$pidfile"

	for _ in $(seq 1 300); do
		healthy "$port" && return 0
		kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; die "it exited; see $pidfile.log"; }
		sleep 0.1
	done
	stop "$pidfile"
	die "it was not healthy on port $port within 30 s; see $pidfile.log"
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
