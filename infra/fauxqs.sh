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
readonly standin_name=fauxqs standin_marker=fauxqs
readonly standin_runtime=node standin_wait=30
source "$root/lib/standin.sh"

install() {
	[[ -f $cli ]] && return 0
	command -v npm >/dev/null || die "npm is needed to install fauxqs"
	mkdir -p "$prefix"
	npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error \
		"fauxqs@$version" >/dev/null || die "npm install fauxqs@$version failed"
	[[ -f $cli ]] || die "no dist/cli.js in fauxqs@$version"
}

launch() { cd "$prefix" && FAUXQS_PORT="$1" FAUXQS_LOGGER=false exec node "$cli"; }

# ready PORT succeeds when fauxqs answers its health check on the port.
ready() {
	local reply
	reply=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" &&
		printf 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 && head -c 12 <&3) 2>/dev/null) ||
		return 1
	[[ $reply == "HTTP/1."?" 200" ]]
}

standin_main "$@"
