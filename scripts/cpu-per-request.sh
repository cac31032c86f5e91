#!/usr/bin/env bash
# Server CPU per request: starts one BenchServer on 127.0.0.1, runs wrk against each path in turn
# (interleaved rounds), and reports the CPU time the server JVM used per request served (user +
# system, from /proc/<pid>/stat) next to the throughput of the same run.
#
# Throughput on a machine whose two cores wrk shares scatters by +-10 % or more from one run to the
# next; CPU per request is what decides it, and it says in microseconds what a target costs beyond
# another (the tier-1 hit beyond the plain servlet, say). Linux only (/proc).
#
# Usage: scripts/cpu-per-request.sh [--rounds 4] [--duration 6s] [--connections 32] PATH...
#        e.g. scripts/cpu-per-request.sh /plain/1024 /noop/1024 /t1/1024 /core/1024
# Environment: JAR (default jetty-example/target/jetty-example.jar), JAVA_OPTS (as bench.sh's).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=4
duration=6s
connections=32
paths=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    /*) paths+=("$1"); shift ;;
    *) echo "cpu-per-request.sh: unknown argument $1 (paths start with /)" >&2; exit 2 ;;
  esac
done
[ ${#paths[@]} -gt 0 ] || { echo "cpu-per-request.sh: give at least one path, e.g. /t1/1024" >&2; exit 2; }
command -v wrk >/dev/null 2>&1 || { echo "cpu-per-request.sh: wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }

jar=${JAR:-jetty-example/target/jetty-example.jar}
[ -f "$jar" ] || mvn -q -B -pl filter-core,jetty-example -am package -DskipTests
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx1g -XX:+AlwaysPreTouch"}
# shellcheck source=scripts/lib/loopback.sh
. scripts/lib/loopback.sh
port=$(free_port)
log=$(mktemp /tmp/strata-cpu.XXXXXX.log)
# shellcheck disable=SC2086
java $JAVA_OPTS -cp "$jar" dev.strata.example.jetty.BenchServer --port "$port" --cluster-port 0 >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
wait_http "http://127.0.0.1:$port/plain/1" "$log" 90 || exit 1

ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
for p in "${paths[@]}"; do   # prime (hits are stored by the first request) and warm up
  if ! curl -fs -o /dev/null "http://127.0.0.1:$port$p" || ! curl -fs -o /dev/null "http://127.0.0.1:$port$p"; then
    echo "cpu-per-request.sh: $p does not answer 2xx (BenchServer paths: /plain/N /noop/N /t1/N /t2/N /core/N)" >&2
    exit 1
  fi
  wrk -t1 -c"$connections" -d5s "http://127.0.0.1:$port$p" >/dev/null
done
results=$(mktemp /tmp/strata-cpu.XXXXXX.tsv)
echo "BenchServer pid $pid on 127.0.0.1:$port; wrk -t1 -c$connections -d$duration; $rounds rounds; load $(cut -d' ' -f1 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  for i in $(seq 0 $((${#paths[@]} - 1))); do
    p=${paths[$(( (i + round - 1) % ${#paths[@]} ))]}
    before=$(ticks)
    text=$(wrk -t1 -c"$connections" -d"$duration" "http://127.0.0.1:$port$p")
    after=$(ticks)
    requests=$(awk '/requests in/{print $1}' <<<"$text")
    rps=$(awk '/Requests\/sec/{print $2}' <<<"$text")
    printf '%s\t%s\t%s\t%s\n' "$p" "$(( after - before ))" "$requests" "$rps" >>"$results"
  done
done
python3 - "$results" "$hz" <<'EOF'
import statistics, sys
from collections import defaultdict
hz = int(sys.argv[2])
cpu, rps, order = defaultdict(list), defaultdict(list), []
for line in open(sys.argv[1]):
    path, ticks, requests, r = line.split("\t")
    if path not in order:
        order.append(path)
    cpu[path].append(int(ticks) * 1e6 / hz / int(requests))
    rps[path].append(float(r))
print()
print("| path | server CPU µs per request, median (min–max) | req/s median (min–max) |")
print("|---|---|---|")
for p in order:
    c, r = cpu[p], rps[p]
    print(f"| {p} | {statistics.median(c):.1f} ({min(c):.1f}–{max(c):.1f}) | "
          f"{statistics.median(r):,.0f} ({min(r):,.0f}–{max(r):,.0f}) |")
EOF
