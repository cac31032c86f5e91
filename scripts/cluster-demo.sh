#!/usr/bin/env bash
# Three jetty-example processes on loopback form one Hazelcast cluster; concurrent requests for one
# cold key hit all three at once; prints the origin calls summed over /demo/origin-count, then stops
# the processes. With Strata's cluster-wide coalescing the sum is 1; three independent per-node
# caches would make 3.
#
# Usage: scripts/cluster-demo.sh [requests-per-node (default 50)] [origin-delay-ms (default 500)]
# Ports: the first free runs of three from 18181 (HTTP) and 15801 (cluster) on 127.0.0.1
# (override the starting points with BASE_HTTP, BASE_CLUSTER).
set -euo pipefail
cd "$(dirname "$0")/.."

per_node=${1:-50}
delay=${2:-500}
# The first of three consecutive ports from $1 on which nothing listens.
free_run() {
  local p=$1
  while :; do
    if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null && ! (exec 3<>/dev/tcp/127.0.0.1/$((p + 1))) 2>/dev/null \
        && ! (exec 3<>/dev/tcp/127.0.0.1/$((p + 2))) 2>/dev/null; then
      echo "$p"
      return
    fi
    p=$((p + 3))
  done
}
base_http=$(free_run "${BASE_HTTP:-18181}")
base_cluster=$(free_run "${BASE_CLUSTER:-15801}")
jar=jetty-example/target/jetty-example.jar
[ -f "$jar" ] || mvn -q -B package -DskipTests

members="127.0.0.1:$base_cluster,127.0.0.1:$((base_cluster + 1)),127.0.0.1:$((base_cluster + 2))"
logs=$(mktemp -d)
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT
echo "logs: $logs"

for i in 0 1 2; do
  java -jar "$jar" --port $((base_http + i)) --cluster-port $((base_cluster + i)) --members "$members" \
    --origin-delay-ms "$delay" >"$logs/node$i.log" 2>&1 &
  pids+=($!)
done

# Wait (bounded) until every node serves HTTP and sees a three-member cluster.
for i in 0 1 2; do
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$((base_http + i))/demo/origin-count" >/dev/null 2>&1 \
        && grep -q "Members {size:3" "$logs/node$i.log"; then
      break
    fi
    sleep 0.5
  done
  curl -fs "http://127.0.0.1:$((base_http + i))/demo/origin-count" >/dev/null \
    || { echo "node $i did not start; log:"; tail -20 "$logs/node$i.log"; exit 1; }
done

# Warm each JVM up (JIT, Hazelcast partitions) so the figures are about coordination, not start-up.
for i in 0 1 2; do
  for n in $(seq 1 20); do
    curl -s -o /dev/null -H 'Host: shop.example' "http://127.0.0.1:$((base_http + i))/api/catalog/warm-$i-$n?delay=0"
  done
done
warm=0
for i in 0 1 2; do
  count=$(curl -fs "http://127.0.0.1:$((base_http + i))/demo/origin-count" | sed -E 's/.*"total":([0-9]+).*/\1/')
  warm=$((warm + count))
done

# Nodes behind one load balancer see one Host: the key includes it.
key="/api/catalog/$RANDOM$RANDOM"
urls=()
for n in $(seq 1 "$per_node"); do
  for i in 0 1 2; do urls+=("http://127.0.0.1:$((base_http + i))$key"); done
done
start=$(date +%s%N)
printf '%s\n' "${urls[@]}" | xargs -P "${#urls[@]}" -n 1 \
  curl -s -o /dev/null -H 'Host: shop.example' -w '%{http_code} %{time_total}\n' >"$logs/results.txt"
end=$(date +%s%N)

total=$((0 - warm))
for i in 0 1 2; do
  count=$(curl -fs "http://127.0.0.1:$((base_http + i))/demo/origin-count" | sed -E 's/.*"total":([0-9]+).*/\1/')
  total=$((total + count))
done
ok=$(grep -c '^200 ' "$logs/results.txt" || true)
slowest=$(sort -k2 -n "$logs/results.txt" | tail -1 | cut -d' ' -f2)
echo "requests: ${#urls[@]} (${per_node} per node, 3 nodes), 200s: $ok, origin delay: ${delay} ms"
echo "origin calls summed over /demo/origin-count: $total (3 independent per-node caches: 3)"
echo "slowest client: ${slowest} s; burst wall time: $(( (end - start) / 1000000 )) ms"
