#!/usr/bin/env bash
# Load benchmark on loopback with wrk: starts the servers, measures, stops them, prints a report.
#
# Targets (each for every body size), measured in interleaved rounds (the order rotates each round)
# so that load from anything else on the machine spreads over all of them alike:
#   servlet    the same Jetty serving the same bytes from a plain servlet, no filter (the ceiling)
#   servlet-q  the same, each request with a new query string (the no-filter twin of "miss")
#   filter-noop the servlet behind a filter that only calls the chain: a filter's floor, for t1
#   jetty-core the same bytes and headers from a Jetty core Handler in front of the servlet context
#              (no servlet layer): the fastest this Jetty answers at all, for the proxy comparison
#   t1         Strata tier-1 hit
#   t2         Strata tier-2 hit (tier 1 off: tier1MaxBytes=0; one-member Hazelcast cluster on 127.0.0.1)
#   miss       Strata miss with a 0 ms origin: each request has a new query string, so each one is
#              captured and written through to both tiers
#   nginx, varnish, strata-proxy
#              caching reverse proxies in front of the servlet (hits): nginx proxy_cache, Varnish, and
#              Strata's reverse-proxy mode (jetty-example.jar --upstream). Each is skipped, saying why,
#              when it is not installed or (Strata) when the jar has no --upstream yet.
# All servers listen on 127.0.0.1 only, on free ports; every run is bounded by --duration.
#
# Usage: scripts/bench.sh [--rounds 5] [--duration 8s] [--threads 1] [--connections 32]
#                         [--sizes 1024,32768] [--warmup 5s] [--targets servlet,servlet-q,filter-noop,jetty-core,t1,t2,miss,nginx,varnish,strata-proxy]
#                         [--out DIR] [--baseline-jar JAR]
# Environment: JAVA_OPTS  flags of the Jetty JVMs (default: the examples' recommended flags below)
#              JAR        the jetty-example jar to measure (default jetty-example/target/jetty-example.jar)
#              BASELINE_JAVA_OPTS  flags of the baseline server (default: JAVA_OPTS)
# --baseline-jar JAR starts a second bench server from JAR (an older build, say) and measures its
# servlet/t1/t2/miss targets too, as base-<target>, in the same interleaved rounds: before/after
# figures for a change, or for JVM flags (the same jar twice, BASELINE_JAVA_OPTS differing).
#
# Needs wrk (Debian: apt-get install -y wrk), java 17 and python3; nginx and varnish are optional
# (apt-get install -y nginx varnish). Builds jetty-example/target/jetty-example.jar when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=5
duration=8s
threads=1
connections=32
sizes=1024,32768
warmup=5s
targets=servlet,servlet-q,filter-noop,jetty-core,t1,t2,miss,nginx,varnish,strata-proxy
out=""
baseline_jar=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --targets) targets=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --baseline-jar) baseline_jar=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

if ! command -v wrk >/dev/null 2>&1; then
  echo "bench.sh: wrk is not installed. On Debian/Ubuntu: apt-get install -y wrk" >&2
  exit 3
fi
command -v python3 >/dev/null 2>&1 || { echo "bench.sh: needs python3 for the report" >&2; exit 3; }

# The flags the examples are meant to run with (see BENCHMARKS.md); JAVA_OPTS replaces them.
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx1g -XX:+AlwaysPreTouch"}
BASELINE_JAVA_OPTS=${BASELINE_JAVA_OPTS:-$JAVA_OPTS}
jar=${JAR:-jetty-example/target/jetty-example.jar}
if [ ! -f "$jar" ]; then
  echo "building $jar"
  mvn -q -B -pl filter-core,jetty-example -am package -DskipTests
fi

tmp=$(mktemp -d /tmp/strata-bench.XXXXXX)
chmod 755 "$tmp"   # varnish's worker user must reach its work dir inside
[ -n "$out" ] || out=$tmp
mkdir -p "$out"
results=$out/results.tsv
: >"$results"
pids=()
nginx_pid=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; fi
  if [ -f "$tmp/varnish.pid" ]; then kill "$(cat "$tmp/varnish.pid")" 2>/dev/null || true; fi
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=scripts/lib/loopback.sh
. scripts/lib/loopback.sh   # after the cd above: paths are from the repository root
wanted() { [[ ",$targets," == *",$1,"* ]]; }

echo "machine: $(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -t$threads -c$connections -d$duration --latency; $rounds rounds; sizes $sizes; JAVA_OPTS=$JAVA_OPTS"
echo "logs and raw results: $out"

# The servlet and the in-process Strata cases: one JVM, one Jetty.
bench_port=$(free_port)
# shellcheck disable=SC2086
java $JAVA_OPTS -cp "$jar" dev.strata.example.jetty.BenchServer --port "$bench_port" --cluster-port 0 \
  >"$out/bench-server.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$bench_port/plain/1" "$out/bench-server.log" 90
base=http://127.0.0.1:$bench_port
base_b=""
if [ -n "$baseline_jar" ]; then
  baseline_port=$(free_port)
  # shellcheck disable=SC2086
  java $BASELINE_JAVA_OPTS -cp "$baseline_jar" dev.strata.example.jetty.BenchServer --port "$baseline_port" \
    --cluster-port 0 >"$out/baseline-server.log" 2>&1 &
  pids+=($!)
  wait_http "http://127.0.0.1:$baseline_port/plain/1" "$out/baseline-server.log" 90
  base_b=http://127.0.0.1:$baseline_port
  echo "baseline: $baseline_jar with BASELINE_JAVA_OPTS=$BASELINE_JAVA_OPTS, targets base-*"
fi

# Caching proxies in front of the plain servlet.
declare -A proxy_base=()
if wanted strata-proxy; then
  if java -jar "$jar" --help 2>&1 | grep -q -- '--upstream'; then
    sp=$(free_port)
    # shellcheck disable=SC2086
    java $JAVA_OPTS -jar "$jar" --port "$sp" --cluster-port 0 --upstream "$base" >"$out/strata-proxy.log" 2>&1 &
    pids+=($!)
    wait_http "http://127.0.0.1:$sp/plain/1" "$out/strata-proxy.log" 90 && proxy_base[strata-proxy]=http://127.0.0.1:$sp
  else
    echo "skip strata-proxy: $jar has no --upstream option yet (reverse-proxy mode, issue 4)"
  fi
fi
if wanted nginx; then
  if command -v nginx >/dev/null 2>&1; then
    np=$(free_port)
    mkdir -p "$tmp/nginx/cache"
    user_line=""
    [ "$(id -u)" = 0 ] && user_line="user root;"
    cat >"$tmp/nginx/nginx.conf" <<EOF
$user_line
worker_processes auto;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  proxy_cache_path $tmp/nginx/cache levels=1:2 keys_zone=bench:16m max_size=256m inactive=10m use_temp_path=off;
  upstream origin { server 127.0.0.1:$bench_port; keepalive 32; }
  server {
    listen 127.0.0.1:$np;
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache bench;
      add_header X-Cache \$upstream_cache_status;
    }
  }
}
EOF
    nginx -e "$tmp/nginx/error.log" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" >"$out/nginx.log" 2>&1 &
    nginx_pid=$!
    wait_http "http://127.0.0.1:$np/plain/1" "$tmp/nginx/error.log" 20 && proxy_base[nginx]=http://127.0.0.1:$np
    echo "nginx: $(nginx -v 2>&1)"
  else
    echo "skip nginx: not installed (apt-get install -y nginx)"
  fi
fi
if wanted varnish; then
  if command -v varnishd >/dev/null 2>&1; then
    vp=$(free_port)
    cat >"$tmp/bench.vcl" <<EOF
vcl 4.1;
backend origin { .host = "127.0.0.1"; .port = "$bench_port"; }
sub vcl_deliver {
  if (obj.hits > 0) { set resp.http.X-Cache = "HIT"; } else { set resp.http.X-Cache = "MISS"; }
}
EOF
    varnishd -F -a "127.0.0.1:$vp" -T none -f "$tmp/bench.vcl" -n "$tmp/varnish" -s malloc,256m \
      -P "$tmp/varnish.pid" >"$out/varnish.log" 2>&1 &
    pids+=($!)
    wait_http "http://127.0.0.1:$vp/plain/1" "$out/varnish.log" 30 && proxy_base[varnish]=http://127.0.0.1:$vp
    echo "varnish: $(varnishd -V 2>&1 | head -1)"
  else
    echo "skip varnish: not installed (apt-get install -y varnish)"
  fi
fi

cat >"$tmp/unique.lua" <<'EOF'
-- every request a new query string: a new cache key, so every request is a miss
local n = 0
local prefix = "x"
function init(args) prefix = args[1] or tostring(os.time()) end
function request()
  n = n + 1
  return wrk.format(nil, wrk.path .. "?u=" .. prefix .. "-" .. n)
end
EOF

# name|url|lua-script-or-empty|expected X-Cache after priming (empty: none checked)
target_lines=()
IFS=',' read -ra size_list <<<"$sizes"
for size in "${size_list[@]}"; do
  label=$size
  [ "$size" -ge 1024 ] && [ $((size % 1024)) -eq 0 ] && label="$((size / 1024))k"
  wanted servlet && target_lines+=("servlet-$label|$base/plain/$size||")
  wanted servlet-q && target_lines+=("servlet-q-$label|$base/plain/$size|$tmp/unique.lua|")
  wanted jetty-core && target_lines+=("jetty-core-$label|$base/core/$size||")
  wanted filter-noop && target_lines+=("filter-noop-$label|$base/noop/$size||")
  wanted t1 && target_lines+=("t1-$label|$base/t1/$size||HIT")
  wanted t2 && target_lines+=("t2-$label|$base/t2/$size||KV")
  wanted miss && target_lines+=("miss-$label|$base/miss/$size|$tmp/unique.lua|")
  if [ -n "$base_b" ]; then
    wanted servlet && target_lines+=("base-servlet-$label|$base_b/plain/$size||")
    wanted servlet-q && target_lines+=("base-servlet-q-$label|$base_b/plain/$size|$tmp/unique.lua|")
    wanted t1 && target_lines+=("base-t1-$label|$base_b/t1/$size||HIT")
    wanted t2 && target_lines+=("base-t2-$label|$base_b/t2/$size||KV")
    wanted miss && target_lines+=("base-miss-$label|$base_b/miss/$size|$tmp/unique.lua|")
  fi
  for p in nginx varnish strata-proxy; do
    if [ -n "${proxy_base[$p]:-}" ]; then
      target_lines+=("$p-$label|${proxy_base[$p]}/plain/$size||HIT")
    fi
  done
done

# Prime every hit target and check it is the hit it claims to be.
for line in "${target_lines[@]}"; do
  IFS='|' read -r name url lua expect <<<"$line"
  [ -n "$expect" ] || continue
  for _ in 1 2 3; do curl -fs -o /dev/null "$url"; sleep 0.2; done
  got=$(curl -fs -o /dev/null -D - "$url" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-cache"{print $2}')
  if [ "$got" != "$expect" ]; then
    echo "bench.sh: $name answers X-Cache '$got', expected '$expect'" >&2
    exit 1
  fi
done

run_wrk() { # name url lua seconds round -> one results line
  local name=$1 url=$2 lua=$3 d=$4 round=$5 log
  log=$out/wrk-$name-r$round.txt
  if [ -n "$lua" ]; then
    wrk -t"$threads" -c"$connections" -d"$d" --latency -s "$lua" "$url" -- "r$round-$RANDOM$RANDOM" >"$log" 2>&1
  else
    wrk -t"$threads" -c"$connections" -d"$d" --latency "$url" >"$log" 2>&1
  fi
  python3 - "$log" "$name" "$round" >>"$results" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
def ms(v, unit):
    return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
lat = {p: ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)}
errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors += int(m.group(1)) if m else 0
print(f"{sys.argv[3]}\t{sys.argv[2]}\t{rps:.1f}\t{lat['50']:.3f}\t{lat['99']:.3f}\t{errors}")
EOF
}

echo "warm-up: $warmup per target"
for line in "${target_lines[@]}"; do
  IFS='|' read -r name url lua expect <<<"$line"
  run_wrk "$name" "$url" "$lua" "$warmup" 0 >/dev/null
done
: >"$results"

n=${#target_lines[@]}
for round in $(seq 1 "$rounds"); do
  echo "round $round/$rounds (load average $(cut -d' ' -f1 /proc/loadavg))"
  for i in $(seq 0 $((n - 1))); do
    line=${target_lines[$(( (i + round - 1) % n ))]}
    IFS='|' read -r name url lua expect <<<"$line"
    run_wrk "$name" "$url" "$lua" "$duration" "$round"
  done
done
curl -fs "$base/stats" >"$out/stats.json" || true

python3 - "$results" <<'EOF'
import statistics, sys
from collections import defaultdict
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
data = defaultdict(dict)  # name -> round -> (rps, p50, p99, errors)
order = []
for rnd, name, rps, p50, p99, err in rows:
    if name not in order:
        order.append(name)
    data[name][int(rnd)] = (float(rps), float(p50), float(p99), int(err))
def med(xs): return statistics.median(xs)
def span(xs, fmt): return f"{fmt.format(med(xs))} ({fmt.format(min(xs))}–{fmt.format(max(xs))})"
print()
print("| target | req/s median (min–max) | p50 ms median | p99 ms median (min–max) | errors |")
print("|---|---|---|---|---|")
for name in order:
    v = list(data[name].values())
    print(f"| {name} | {span([x[0] for x in v], '{:,.0f}')} | {med([x[1] for x in v]):.2f} | "
          f"{span([x[2] for x in v], '{:.2f}')} | {sum(x[3] for x in v)} |")
def ratio(a, b, idx, what, kind="ratio"):
    if a not in data or b not in data:
        return
    rounds = sorted(set(data[a]) & set(data[b]))
    if kind == "ratio":
        xs = [data[a][r][idx] / data[b][r][idx] for r in rounds]
        print(f"| {a} / {b} {what} | {span(xs, '{:.3f}')} |")
    else:
        xs = [data[a][r][idx] - data[b][r][idx] for r in rounds]
        print(f"| {a} − {b} {what} | {span(xs, '{:+.3f}')} ms |")
print()
print("Per-round comparisons (each from the two runs of the same round), median (min–max):")
print()
print("| comparison | value |")
print("|---|---|")
labels = sorted({n.rsplit("-", 1)[1] for n in order}, key=lambda s: (len(s), s))
for l in labels:
  for pre in ("", "base-"):
    ratio(f"{pre}t1-{l}", f"{pre}servlet-{l}", 0, "throughput")
    ratio(f"{pre}servlet-{l}", f"{pre}jetty-core-{l}", 0, "throughput")
    ratio(f"{pre}filter-noop-{l}", f"{pre}servlet-{l}", 0, "throughput")
    ratio(f"{pre}t1-{l}", f"{pre}filter-noop-{l}", 0, "throughput")
    ratio(f"{pre}t1-{l}", f"{pre}servlet-{l}", 2, "p99")
    ratio(f"{pre}t2-{l}", f"{pre}t1-{l}", 1, "p50", "diff")
    ratio(f"{pre}miss-{l}", f"{pre}servlet-q-{l}", 1, "p50", "diff")
    ratio(f"{pre}miss-{l}", f"{pre}servlet-q-{l}", 0, "throughput")
  for p in ("nginx", "varnish"):
    ratio(f"strata-proxy-{l}", f"{p}-{l}", 0, "throughput")
    ratio(f"jetty-core-{l}", f"{p}-{l}", 0, "throughput")
    ratio(f"strata-proxy-{l}", f"{p}-{l}", 2, "p99")
  for t in ("servlet", "servlet-q", "t1", "t2", "miss"):
    ratio(f"{t}-{l}", f"base-{t}-{l}", 0, "throughput (vs baseline)")
    ratio(f"{t}-{l}", f"base-{t}-{l}", 2, "p99 (vs baseline)")
EOF
echo
echo "filter counters after the run: $(cat "$out/stats.json" 2>/dev/null)"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
