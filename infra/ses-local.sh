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
readonly standin_name=ses-local standin_marker=aws-ses-v2-local
readonly standin_runtime=node standin_wait=20
source "$root/lib/standin.sh"

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

launch() { exec node "$cli" --host 127.0.0.1 --port "$1"; }

standin_main "$@"
