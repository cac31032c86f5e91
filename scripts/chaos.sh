#!/usr/bin/env bash
# Fault and load suite: separate processes on loopback, bounded in time, one line of figures per
# scenario. Every response body is checked against the origin's (dev.strata.example.load.LoadClient).
#
#   scripts/chaos.sh            the scenarios at full length (about 8 minutes)
#   scripts/chaos.sh --short    the same scenarios, shorter (under 4 minutes; .ci/run runs this)
#   scripts/chaos.sh --soak     10 minutes of mixed load with purges and a member restart, heap
#                               after full GC sampled every 10 s (about 12 minutes)
#
# Topology: 3 Hazelcast members (StrataMember) and 2 app nodes (jetty-example --client --chaos),
# every process on 127.0.0.1 with free ports, all killed on exit (trap). Needs the shaded jar
# (built when missing), java, jcmd and curl. Exits 1 when a correctness goal is missed (a non-2xx
# or wrong body where the goal is 0, a stored error, a 5xx from bad input, a stored 100 MB body);
# latency and memory figures are reported, not judged: they depend on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
case "${1:-}" in
  "") ;;
  --short) mode=short ;;
  --soak) mode=soak ;;
  *) echo "usage: scripts/chaos.sh [--short|--soak]" >&2; exit 2 ;;
esac

jar=jetty-example/target/jetty-example.jar
[ -f "$jar" ] || mvn -q -B -pl jetty-example -am package -DskipTests
JAVA_OPENS=(--add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED)

# The knobs every figure depends on (RELIABILITY.md quotes them).
TIER2_TIMEOUT_MS=500      # the examples' own value for several JVMs on a few shared cores (100ms is the default)
ORIGIN_DELAY_MS=20
RATE=200            # requests per second from the load client, both app nodes together
KEYS=1000
APP_HEAP=128m       # small on purpose: a 100 MB body that was buffered would not fit
MEMBER_HEAP=256m
if [ "$mode" = short ]; then
  KILL_LOAD_S=21; KILL_AT_S=10; PHASE_S=5; STALL_LOAD_S=12; STALL_AT_S=3; STALL_S=7; VARIANTS=2000; LEASE_VARY_MS=5000
  WARM_ROUNDS=1; FAULT_STALE_KEYS=10
else
  KILL_LOAD_S=60; KILL_AT_S=30; PHASE_S=20; STALL_LOAD_S=40; STALL_AT_S=10; STALL_S=20; VARIANTS=10000; LEASE_VARY_MS=10000
  WARM_ROUNDS=2; FAULT_STALE_KEYS=20
fi

work=$(mktemp -d /tmp/strata-chaos.XXXXXX)
results="$work/results.txt"
: >"$results"
declare -A pid=()
failed=0

cleanup() {
  for name in "${!pid[@]}"; do
    kill -CONT "${pid[$name]}" 2>/dev/null || true
    kill -9 "${pid[$name]}" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "chaos: $*" >&2; }
now_ms() { date +%s%3N; }
# the load client sends Host: shop.example, as a load balancer would: the app nodes share keys
client() { java -Xmx256m -Djdk.httpclient.allowRestrictedHeaders=host -cp "$jar" dev.strata.example.load.LoadClient "$@"; }
SITE=(-H 'Host: shop.example')
result() { echo "$1" | tee -a "$results"; }
fail() { log "GOAL MISSED: $*"; failed=1; }
field() { # field NAME "k=v k=v ..." -> v
  local name=$1 line=$2
  sed -nE "s/.*(^| )$name=([^ ]*).*/\2/p" <<<"$line"
}

read -r -a ports <<<"$(client ports --count 6)"
M_PORT=("${ports[0]}" "${ports[1]}" "${ports[2]}")
A_PORT=("${ports[3]}" "${ports[4]}" "${ports[5]}")
MEMBERS="127.0.0.1:${M_PORT[0]},127.0.0.1:${M_PORT[1]},127.0.0.1:${M_PORT[2]}"
A=("http://127.0.0.1:${A_PORT[0]}" "http://127.0.0.1:${A_PORT[1]}" "http://127.0.0.1:${A_PORT[2]}")
TARGETS="${A[0]},${A[1]}"
log "work dir $work; members $MEMBERS; apps ${A[*]}; mode $mode"

start_member() { # start_member INDEX
  local i=$1
  java -Xmx$MEMBER_HEAP "${JAVA_OPENS[@]}" -Dhazelcast.phone.home.enabled=false -cp "$jar" \
    dev.strata.example.member.StrataMember --cluster-port "${M_PORT[$i]}" --members "$MEMBERS" \
    >>"$work/member$i.log" 2>&1 &
  pid[m$i]=$!
}

start_app() { # start_app INDEX [--init-param k=v]...
  local i=$1; shift
  java -Xmx$APP_HEAP "${JAVA_OPENS[@]}" -jar "$jar" --port "${A_PORT[$i]}" --client --members "$MEMBERS" --chaos \
    --origin-delay-ms $ORIGIN_DELAY_MS --init-param tier2Timeout=${TIER2_TIMEOUT_MS}ms --init-param tier1MaxTtl=2s "$@" \
    >>"$work/app$i.log" 2>&1 &
  pid[a$i]=$!
}

wait_members() { # wait_members COUNT: until every live member log shows a cluster of COUNT (bounded)
  local count=$1 deadline=$(( $(date +%s) + 90 ))
  for i in 0 1 2; do
    [ -n "${pid[m$i]:-}" ] || continue
    until grep -q "Members {size:$count" "$work/member$i.log" 2>/dev/null; do
      [ "$(date +%s)" -lt "$deadline" ] || { log "member $i did not see $count members"; tail -20 "$work/member$i.log" >&2; exit 1; }
      sleep 0.5
    done
  done
}

wait_http() { # wait_http URL
  local deadline=$(( $(date +%s) + 90 ))
  until curl -fs -o /dev/null "$1"; do
    [ "$(date +%s)" -lt "$deadline" ] || { log "$1 did not answer"; exit 1; }
    sleep 0.5
  done
}

stats() { curl -fs "$1/demo/stats"; }
circuit() { stats "$1" | sed -E 's/.*"tier2Circuit":"([A-Z_]+)".*/\1/'; }
threads() { stats "$1" | sed -E 's/.*"threads":([0-9]+).*/\1/'; }
origin_total() {
  local t=0 c
  for a in "${A[0]}" "${A[1]}"; do
    c=$(curl -fs "$a/demo/origin-count" | sed -E 's/.*"total":([0-9]+).*/\1/')
    t=$((t + c))
  done
  echo $t
}
heap_after_gc_kb() { # heap_after_gc_kb PID: a full GC, then the heap in use (KiB)
  jcmd "$1" GC.run >/dev/null 2>&1 || true
  jcmd "$1" GC.heap_info 2>/dev/null | sed -nE 's/.* used ([0-9]+)K.*/\1/p' | head -1
}

# Is a cluster-wide tier 2 in use by both apps? A key stored through app 0 is a tier-2 hit on app 1.
picked_up() {
  local key="pick-$RANDOM$RANDOM"
  curl -fs -o /dev/null "${SITE[@]}" "${A[0]}/api/item/$key" || return 1
  sleep 0.5
  [ "$(curl -fs -o /dev/null -D - "${SITE[@]}" "${A[1]}/api/item/$key" | tr -d '\r' | sed -nE 's/^X-Cache: (.*)/\1/p')" = KV ]
}

wait_picked_up() { # wait_picked_up SECONDS -> prints seconds taken, or "never"
  local start end
  start=$(now_ms); end=$(( $(date +%s) + $1 ))
  while [ "$(date +%s)" -lt "$end" ]; do
    if picked_up; then echo "$(( ($(now_ms) - start) / 100 ))" | sed -E 's/(.)$/.\1/'; return; fi
    sleep 0.5
  done
  echo never
}

start_cluster() {
  for i in 0 1 2; do start_member "$i"; done
  wait_members 3
  for i in 0 1; do start_app "$i"; done
  for i in 0 1; do wait_http "${A[$i]}/demo/origin-count"; done
  local t
  t=$(wait_picked_up 60)
  [ "$t" != never ] || { log "the apps never used the cluster"; tail -30 "$work/app0.log" >&2; exit 1; }
}

warm() { # warm KEYS [QUERY]: every key once through both apps (JIT, tier 1, tier 2), WARM_ROUNDS times
  for _ in $(seq 1 $WARM_ROUNDS); do
    client load --targets "$TARGETS" --keys "$1" --each-key-once --concurrency 8 --rate 0 ${2:+--query "$2"} >/dev/null
  done
}

check_zero() { # check_zero SCENARIO LINE FIELD...
  local scenario=$1 line=$2; shift 2
  for f in "$@"; do
    local v; v=$(field "$f" "$line")
    [ "${v:-x}" = 0 ] || fail "$scenario: $f=$v (goal 0)"
  done
}

scenario_member_kill() {
  log "member kill: ${KILL_LOAD_S}s of load at $RATE req/s on $KEYS keys, kill -9 of member 2 at ${KILL_AT_S}s"
  warm $KEYS maxAge=300
  local mark="$work/kill.mark" out="$work/kill.out"
  rm -f "$mark"
  client load --targets "$TARGETS" --keys $KEYS --query maxAge=300 --rate $RATE --concurrency 8 \
    --duration-ms $((KILL_LOAD_S * 1000)) --mark-file "$mark" --window-ms 10000 >"$out" 2>"$work/kill.err" &
  local load=$!
  sleep $((KILL_AT_S - 10))
  local o_pre; o_pre=$(origin_total)
  sleep 10
  local o0; o0=$(origin_total)   # (in --short, the 10 s before the kill include the load client's start)
  now_ms >"$mark"
  kill -9 "${pid[m2]}"; unset 'pid[m2]'
  sleep 10
  local o1; o1=$(origin_total)
  wait $load
  local line; line=$(cat "$out")
  result "[member-kill] $(field requests "$line") requests, non2xx=$(field non2xx "$line") wrong=$(field wrong "$line") errors=$(field errors "$line"), origin fetches 10 s before/after the kill: $((o0 - o_pre))/$((o1 - o0)), p99 before/after: $(field before_p99_ms "$line")/$(field after_p99_ms "$line") ms, max after: $(field after_max_ms "$line") ms (X-Cache $(field x_cache "$line"))"
  check_zero member-kill "$line" non2xx wrong errors
}

# Load on the cache (/api/item) and, at the same time and the same rate, on the same origin without
# the cache (/plain/item, outside the filter): both see the same machine, whatever else runs on it.
paired_load() { # paired_load NAME -> sets $cache_line and $plain_line
  local half=$((RATE / 2))
  client load --targets "$TARGETS" --path /plain/item/ --keys $KEYS --rate $half --concurrency 4 \
    --duration-ms $((PHASE_S * 1000)) >"$work/$1-plain.out" 2>"$work/$1-plain.err" &
  local plain=$!
  client load --targets "$TARGETS" --keys $KEYS --rate $half --concurrency 4 --duration-ms $((PHASE_S * 1000)) \
    >"$work/$1-cache.out" 2>"$work/$1-cache.err"
  wait $plain
  cache_line=$(cat "$work/$1-cache.out"); plain_line=$(cat "$work/$1-plain.out")
}

scenario_all_members_killed() {
  log "all members killed: cache vs no cache with the cluster up, then with it dead, then the cluster back"
  warm $KEYS
  local cache_line plain_line
  paired_load up
  local up_cache=$cache_line up_plain=$plain_line
  for i in 0 1 2; do [ -n "${pid[m$i]:-}" ] && kill -9 "${pid[m$i]}" && unset "pid[m$i]"; done
  # let the breaker see the dead cluster (a few requests) before measuring
  client load --targets "$TARGETS" --keys $KEYS --rate $RATE --concurrency 8 --duration-ms 2000 >/dev/null
  local c0 c1; c0=$(circuit "${A[0]}"); c1=$(circuit "${A[1]}")
  paired_load dead
  local dead=$cache_line p_plain p_dead
  p_plain=$(field p99_ms "$plain_line"); p_dead=$(field p99_ms "$dead")
  local restart; restart=$(now_ms)
  for i in 0 1 2; do : >"$work/member$i.log"; start_member "$i"; done
  wait_members 3
  local ready=$(( ($(now_ms) - restart) / 1000 ))
  local pick; pick=$(wait_picked_up 60)
  result "[all-members-killed] cluster up: p99 cache/no-cache $(field p99_ms "$up_cache")/$(field p99_ms "$up_plain") ms (p50 $(field p50_ms "$up_cache")/$(field p50_ms "$up_plain")); cluster dead, breaker open: p99 cache/no-cache ${p_dead}/${p_plain} ms (difference $(awk "BEGIN{printf \"%+.1f\", $p_dead - $p_plain}") ms, goal <= +20; p50 $(field p50_ms "$dead")/$(field p50_ms "$plain_line")), $(field requests "$dead") requests non2xx=$(field non2xx "$dead") wrong=$(field wrong "$dead") errors=$(field errors "$dead") (X-Cache $(field x_cache "$dead")), circuits $c0/$c1; cluster back: members formed in ${ready} s, picked up by the running apps $pick s later"
  check_zero all-members-killed "$dead" non2xx wrong errors
  [ "$pick" != never ] || fail "all-members-killed: the restarted cluster was not picked up"
}

scenario_stall() {
  log "stall: SIGSTOP of member 1 for ${STALL_S}s during ${STALL_LOAD_S}s of load"
  warm $KEYS
  local mark="$work/stall.mark" out="$work/stall.out"
  rm -f "$mark"
  local bound=$((TIER2_TIMEOUT_MS + ORIGIN_DELAY_MS))
  # a lease claim or release whose synchronous backup sits on the stalled member waits for its
  # acknowledgement (500 ms, StrataMemberConfig) on top: the second bound counts that in
  local bound2=$((TIER2_TIMEOUT_MS + 500 + ORIGIN_DELAY_MS))
  client load --targets "$TARGETS" --keys $KEYS --rate $RATE --concurrency 8 --duration-ms $((STALL_LOAD_S * 1000)) \
    --mark-file "$mark" --window-ms $((STALL_S * 1000)) --bound-ms $bound,$bound2 >"$out" 2>"$work/stall.err" &
  local load=$!
  sleep $STALL_AT_S
  now_ms >"$mark"
  kill -STOP "${pid[m1]}"
  sleep $STALL_S
  kill -CONT "${pid[m1]}"
  wait $load
  local line; line=$(cat "$out")
  result "[member-stall] $(field requests "$line") requests, non2xx=$(field non2xx "$line") wrong=$(field wrong "$line") errors=$(field errors "$line"), during the stall: $(field after_requests "$line") requests, p99 $(field after_p99_ms "$line") ms, max $(field after_max_ms "$line") ms; over tier2Timeout+origin = $bound ms: $(field after_over_bound "$line") requests, over tier2Timeout+backup ack wait+origin = $bound2 ms: $(field after_over_bound2 "$line") (p99 before the stall, the machine's own noise: $(field before_p99_ms "$line") ms; slowest in $work/stall.err)"
  check_zero member-stall "$line" non2xx wrong errors
}

# App 2: a client of the same cluster with coordinator=local and tier1MaxTtl=10m, for the checks that
# need every response kept (see scenario_bad_input and RELIABILITY.md).
ensure_app2() {
  [ -n "${pid[a2]:-}" ] && return
  start_app 2 --init-param coordinator=local --init-param tier1MaxTtl=10m
  wait_http "${A[2]}/demo/origin-count"
}

scenario_origin_failures() {
  log "origin failures: 500, reset, truncate, hang"
  # On app 2: with the lease coordinator and tier1MaxTtl=2s, a stale key whose write was not claimed
  # (the coordinator failed open) lives 2 s in one node's tier 1 only and has no stale copy to give.
  ensure_app2
  client load --targets "${A[2]}" --keys 200 --prefix warm --each-key-once --concurrency 4 --rate 0 >/dev/null
  local t0; t0=$(threads "${A[2]}")
  local line; line=$(client origin-faults --target "${A[2]}" --stale-keys $FAULT_STALE_KEYS)
  sleep 3
  local t1; t1=$(threads "${A[2]}")
  # a second round: a leak grows with every round, a pool that grew to its working size does not
  client origin-faults --target "${A[2]}" --stale-keys $FAULT_STALE_KEYS >/dev/null
  sleep 3
  local t2; t2=$(threads "${A[2]}")
  result "[origin-failures] $line, app threads before/after round 1/after round 2: $t0/$t1/$t2"
  check_zero origin-failures "$line" stored_errors wrong
  # reported, not judged: see RELIABILITY.md (a stale key whose warm-up response was not kept has
  # no stale copy to give, and the check cannot tell that case from a refusal)
  [ "$(field stale_served "$line" | cut -d/ -f1)" = "$(field stale_served "$line" | cut -d/ -f2)" ] \
    || log "origin-failures: stale served $(field stale_served "$line") (see the app log for the keys)"
  # Jetty's pool and the on-demand writer threads move by a few; a leak of one thread per failing
  # request would add 40 a round
  [ "$t2" -le $((t1 + 10)) ] || fail "origin-failures: threads grew from $t1 to $t2 in the second round"
}

scenario_bad_input() {
  log "bad input: 100 MB body, $VARIANTS variants, malformed and 64 KB header fields"
  local h0 h1 h2 m0 m1
  h0=$(heap_after_gc_kb "${pid[a0]}")
  local big; big=$(client big --target "${A[0]}" --bytes $((100 * 1024 * 1024)))
  h1=$(heap_after_gc_kb "${pid[a0]}")
  result "[bad-input:100MB] $big, app heap after full GC before/after: $((h0 / 1024))/$((h1 / 1024)) MiB (-Xmx$APP_HEAP)"
  [ "$(field round1_received "$big")" = $((100 * 1024 * 1024)) ] && [ "$(field round2_received "$big")" = $((100 * 1024 * 1024)) ] \
    || fail "bad-input: the 100 MB body did not arrive whole"
  check_zero bad-input "$big" round1_mismatches round2_mismatches
  [ "$(field round2_x_cache "$big")" = MISS ] || fail "bad-input: the 100 MB body was served from cache"
  # The rate of new variants through app 0 (lease coordinator) for 10 s, then 10,000 variants
  # through app 2, a client of the same cluster with coordinator=local, for the memory bounds.
  # (Variants are claimed under their own keys once the URL's variant index names them; a miss
  # while the index itself is being written still waits for it, see RELIABILITY.md.)
  local slow; slow=$(client vary --target "${A[0]}" --variants 10000 --concurrency 4 --max-ms $LEASE_VARY_MS)
  result "[bad-input:vary-lease] $slow"
  check_zero bad-input "$slow" 5xx wrong errors
  ensure_app2
  h1=$(heap_after_gc_kb "${pid[a2]}"); m0=$(heap_after_gc_kb "${pid[m0]}")
  # one at a time: concurrent misses of a URL whose variant index is not written yet share one
  # flight, and a follower whose variant differs from its leader's goes to the origin unstored
  local vary; vary=$(client vary --target "${A[2]}" --variants $VARIANTS --concurrency 1)
  h2=$(heap_after_gc_kb "${pid[a2]}"); m1=$(heap_after_gc_kb "${pid[m0]}")
  local st; st=$(stats "${A[2]}")
  result "[bad-input:vary] $vary, app 2 stores/dropped writes so far: $(sed -E 's/.*"stores":([0-9]+).*/\1/' <<<"$st")/$(sed -E 's/.*"droppedWrites":([0-9]+).*/\1/' <<<"$st") (writeQueueCapacity 1000), app 2 heap after full GC: $((h1 / 1024)) -> $((h2 / 1024)) MiB (tier 1 off-heap, 64 MiB), member 0 heap after full GC: $((m0 / 1024)) -> $((m1 / 1024)) MiB (tier2MaxSizeMb 256 per member); variants kept per URL bounded by maxVariantsPerUrl (default 32): again_x_cache re-requests 200 variants spread over all of them, so nearly all miss"
  check_zero bad-input "$vary" 5xx wrong errors
  local bad; bad=$(client badinput --target "${A[0]}")
  result "[bad-input:headers] $bad"
  check_zero bad-input "$bad" 5xx wrong
}

scenario_soak() {
  local duration=600 key_count=5000
  log "soak: ${duration}s at $RATE req/s on $key_count keys (max-age 20 s), a purge every 60 s, member 2 restarted at 300 s"
  warm $key_count maxAge=20
  local out="$work/soak.out" heap="$work/soak-heap.txt"
  : >"$heap"
  client load --targets "$TARGETS" --keys $key_count --query maxAge=20 --rate $RATE --concurrency 8 \
    --duration-ms $((duration * 1000)) >"$out" &
  local load=$! start; start=$(date +%s)
  local purges=0 restarted=0
  for tick in $(seq 1 $((duration / 10))); do
    sleep 10
    local elapsed=$(( $(date +%s) - start ))
    echo "$elapsed $(heap_after_gc_kb "${pid[a0]}") $(heap_after_gc_kb "${pid[a1]}")" >>"$heap"
    if [ $((tick % 6)) = 0 ] && curl -fs -X POST -o /dev/null "${A[$((tick % 2))]}/demo/invalidate"; then
      purges=$((purges + 1))
    fi
    if [ "$tick" = 30 ]; then kill -9 "${pid[m2]}"; unset 'pid[m2]'; fi
    if [ "$tick" = 32 ]; then start_member 2; restarted=1; fi
    kill -0 $load 2>/dev/null || break
  done
  wait $load
  local line; line=$(cat "$out")
  # heap after full GC: mean of the first minute after warm-up (60-120 s) vs the last minute
  local flat; flat=$(awk '$1>=60 && $1<120 {a+=$2+$3; na+=2} $1>='$((duration - 60))' {b+=$2+$3; nb+=2}
    END {if (na && nb) printf "%.0f %.0f %+.1f", a/na/1024, b/nb/1024, (b/nb - a/na) * 100 / (a/na); else print "- - -"}' "$heap")
  read -r early late change <<<"$flat"
  result "[soak] $(field requests "$line") requests in ${duration}s, non2xx=$(field non2xx "$line") wrong=$(field wrong "$line") errors=$(field errors "$line"), p99 $(field p99_ms "$line") ms, max $(field max_ms "$line") ms, purges $purges, member restart $restarted, app heap after full GC (mean of both apps) minute 2: ${early} MiB, last minute: ${late} MiB, change ${change}% (goal within 10%), series in $heap"
  check_zero soak "$line" non2xx wrong errors
}

result "[machine] $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
suite_start=$(date +%s)
start_cluster
if [ "$mode" = soak ]; then
  scenario_soak
else
  # CHAOS_SCENARIOS picks some, for debugging: e.g. CHAOS_SCENARIOS="stall bad_input"
  for s in ${CHAOS_SCENARIOS:-member_kill all_members_killed stall origin_failures bad_input}; do
    "scenario_$s"
  done
fi

result "[machine] load average at end: $(cut -d' ' -f1-3 /proc/loadavg), suite took $(( $(date +%s) - suite_start )) s"
log "figures also in $results (logs beside it)"
exit $failed
