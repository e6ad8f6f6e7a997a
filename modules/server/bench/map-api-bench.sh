#!/usr/bin/env bash
# Map API load test on loopback with wrk (Debian package wrk 4.1):
#  1. items?bbox= queries of 90–110 buildings each over the real north-bayreuth buildings layer
#     (4,269 buildings, 200 different boxes around random buildings, limit=200, gzip);
#  2. vector tiles of the buildings layer at zoom 15 and 16 over the layer's extent.
# Each run: CONNECTIONS connections (default 32), 2 threads, DURATION seconds (default 20) after a 5 s
# warm-up. The server runs in its own JVM (-Xmx2g) from the module's test classpath.
#
# Usage: modules/server/bench/map-api-bench.sh        CONNECTIONS=64 DURATION=30 to change the load
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."

connections=${CONNECTIONS:-32}
duration=${DURATION:-20}
osm=${OSM:-../shared/data/real/north-bayreuth.osm.gz}
work=$(mktemp -d /tmp/map-api-bench.XXXXXX)
server_pid=
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 2; }
mvn -q -B -o test-compile -f modules/server/pom.xml
mvn -q -B -o dependency:build-classpath -f modules/server/pom.xml -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="modules/server/target/classes:modules/server/target/test-classes:$(cat "$work/cp.txt")"

serve_seconds=$(( 4 * (duration + 5) + 60 ))
java -Xmx2g -cp "$cp" org.communitygis.server.bench.MapApiBench "$osm" "$work" "$serve_seconds" \
  >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do [[ -f "$work/url" ]] && break; sleep 1; done
[[ -f "$work/url" ]] || { echo "server did not start:" >&2; tail -20 "$work/server.log" >&2; exit 1; }
url=$(cat "$work/url")
grep -v "INFO\|DEBUG" "$work/server.log" | head -3 || true

run() {
  local name=$1 paths=$2
  PATHS="$paths" wrk -t2 -c"$connections" -d5s -s modules/server/bench/paths.lua "$url" >/dev/null
  echo "== $name: $(wc -l <"$paths") paths, $connections connections, ${duration} s"
  PATHS="$paths" wrk -t2 -c"$connections" -d"${duration}s" --latency -s modules/server/bench/paths.lua "$url" \
    | grep -E "Requests/sec|Transfer/sec|50%|90%|99%|Non-2xx|Socket errors|requests in"
}
run "items?bbox= (~100 buildings)" "$work/bbox-paths.txt"
run "MVT tiles z15-16" "$work/tile-paths.txt"
