# Sourced by the benchmark scripts: helpers for servers they start on 127.0.0.1.

free_port() { # -> a port free on 127.0.0.1 right now
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_http() { # url log seconds: wait until url answers 2xx, or print the log's tail and fail
  for _ in $(seq 1 $(( $3 * 4 ))); do
    curl -fs -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.25
  done
  echo "$(basename "$0"): $1 did not answer; log $2:" >&2; tail -20 "$2" >&2; return 1
}
