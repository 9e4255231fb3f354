# standin.sh holds what the scripts that run a local stand-in share: telling
# whether a PID file names a live server, starting the server in the
# background and waiting until it is ready, and stopping it by its PID. It
# is sourced by those scripts, not run.
#
# A script sets these before sourcing it:
#   standin_name     the script's name, which starts every message it prints
#   standin_marker   a word of the server's command line; a PID whose command
#                    line lacks it is never taken for the server, nor killed
#   standin_runtime  the program the server runs on (java, node)
#   standin_wait     how many seconds start waits for the server to be ready
# defines these after sourcing it:
#   install          install the server into the cache, unless it is there
#   launch PORT      exec the server on PORT; start runs it in a subshell in
#                    the background, so that $! is the server itself
#   ready PORT       (optional) succeed when the server is ready; the default
#                    is that it accepts connections on PORT
# and ends with: standin_main "$@"

die() { echo "$standin_name: $*" >&2; exit 1; }

# running PIDFILE succeeds when PIDFILE names a live server of this kind.
running() {
	local pid
	[[ -f $1 ]] || return 1
	pid=$(<"$1")
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	grep -qa "$standin_marker" "/proc/$pid/cmdline" 2>/dev/null
}

# answers PORT succeeds when something accepts connections on the port.
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ready() { answers "$1"; }

start() {
	local port=$1 pidfile=$2 pid
	[[ $port =~ ^[0-9]+$ ]] || die "bad port: $port"
	if running "$pidfile"; then
		return 0
	fi
	answers "$port" && die "port $port is taken by another program"
	install
	command -v "$standin_runtime" >/dev/null ||
		die "$standin_runtime is needed to run $standin_name"
	mkdir -p "$(dirname "$pidfile")"
	pidfile=$(cd "$(dirname "$pidfile")" && pwd)/$(basename "$pidfile")

	# launch ends in exec, so that $! is the server itself and stop can kill
	# it by PID.
	(launch "$port") >"$pidfile.log" 2>&1 &
	pid=$!
	echo "$pid" >"$pidfile"

	for _ in $(seq 1 $((standin_wait * 10))); do
		ready "$port" && return 0
		kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; die "it exited; see $pidfile.log"; }
		sleep 0.1
	done
	stop "$pidfile"
	die "it was not ready on port $port within $standin_wait s; see $pidfile.log"
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

standin_main() {
	case "${1:-}" in
	start) [[ $# -eq 3 ]] || die "usage: $0 start PORT PIDFILE"; start "$2" "$3" ;;
	stop) [[ $# -eq 2 ]] || die "usage: $0 stop PIDFILE"; stop "$2" ;;
	install) install ;;
	*) die "usage: $0 start PORT PIDFILE | stop PIDFILE | install" ;;
	esac
}
