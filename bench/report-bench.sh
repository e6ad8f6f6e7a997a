#!/usr/bin/env bash
# Batch coverage report benchmark: generates N communities (default 1000, about 150 households each, see
# GeneratedCommunities in modules/sample) as GeoPackages, then runs `cgis report --projects` on them and
# prints the wall time, the time per community and the peak resident memory (GNU time -v).
# Run under the shared lock on a shared machine:  flock /tmp/cgis-bench.lock bench/report-bench.sh 1000
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-1000}"
work="${CGIS_BENCH_DIR:-$root/target/report-bench}"
formats="${CGIS_BENCH_FORMATS:-html,pdf,csv,xlsx,gpkg}"
mkdir -p "$work"

if [[ ! -f "$work/in/c$(printf %04d "$n").gpkg" ]]; then
  rm -rf "$work/in"
  "$root/cgis" sample-data --communities "$n" --out "$work/in" >/dev/null
fi

# Build now if the sources changed, so that no Maven build falls into the timed runs.
"$root/cgis" --version >/dev/null

run() {  # run LABEL ARGS…: one timed batch into a fresh folder
  local label="$1"; shift
  rm -rf "$work/out-$label"
  /usr/bin/time -v -o "$work/time-$label.txt" "$root/cgis" report --projects "$work/in" --out "$work/out-$label" \
    --format "$formats" --force "$@" >/dev/null 2>"$work/log-$label.txt" || true
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time-$label.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time-$label.txt")
  user=$(awk -F': ' '/User time \(seconds\)/ {print $2}' "$work/time-$label.txt")
  sys=$(awk -F': ' '/System time \(seconds\)/ {print $2}' "$work/time-$label.txt")
  secs=$(python3 -c "p='$wall'.split(':'); print(sum(float(x)*60**i for i,x in enumerate(reversed(p))))")
  # CPU time (user + system, all threads) depends less on the other load of a shared machine than wall time.
  printf '%-8s communities=%d wall=%.1f s per_community=%.1f ms cpu_per_community=%.1f ms peak_rss=%d MiB formats=%s\n' \
    "$label" "$n" "$secs" "$(python3 -c "print($secs*1000/$n)")" "$(python3 -c "print(($user+$sys)*1000/$n)")" \
    "$((rss / 1024))" "$formats"
  if grep -q 'Building community-gis' "$work/log-$label.txt"; then
    echo "WARNING: cgis rebuilt the project during the run; the figures include the build." >&2
  fi
}

echo "load: $(uptime)"
run local --engine local
# Spark/Sedona engine (modules/report-spark) in local mode on the same input. It needs the engine's jars:
# mvn -q -B -o package -pl modules/report-spark -DskipTests. CGIS_BENCH_SPARK_MASTER sets the master.
run spark --engine spark --master "${CGIS_BENCH_SPARK_MASTER:-local[2]}"
if [[ ",$formats," == *",csv,"* ]]; then
  differing=$(cd "$work/out-local" && find . -name '*.csv' -exec cmp -s {} "$work/out-spark/{}" \; -o -name '*.csv' -print | wc -l)
  echo "spark CSV tables differing from local: $differing"
fi
echo "load: $(uptime)"
