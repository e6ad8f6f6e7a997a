#!/usr/bin/env bash
# Compares vector tiles of the real north-Bayreuth buildings on loopback with ST_AsMVT called directly.
# Three targets get the same tiles:
#  (a) ST_AsMVT called directly: the PostGIS store's prepared ST_AsMVT statement over JDBC, one
#      connection per client thread, no HTTP (TileBench direct);
#  (b) the map server on the PostGIS project, whose pooled store runs that statement for each request;
#  (c) the map server on a GeoPackage project, which encodes tiles in Java (MvtEncoder).
# Both servers run with the tile cache off (TileBench serve), so every request encodes its tile. The
# HTTP client is wrk 4.1 with a Lua script that requests the tiles in turn, without gzip, the cheapest
# client at hand. The tiles are every WebMercatorQuad tile at zoom 15 and 16 that a building's bounding box
# touches. Each target is warmed up for 5 s with zoom 14 and 17 tiles, then measured for DURATION seconds
# (default 20) with 1 and with 4 clients (CLIENTS, space-separated, changes the list). A throwaway
# PostgreSQL cluster is started on 127.0.0.1 and removed at the end.
#
# Needs: postgresql-15-postgis-3, wrk, python3, curl, Maven with the modules installed.
# Usage: bench/tiles-vs-st-asmvt.sh        DURATION=30 CLIENTS="1 2 4" to change the load
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

osm=${OSM:-../shared/data/real/north-bayreuth.osm.gz}
pg_bin=${CGIS_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
duration=${DURATION:-20}
clients_list=${CLIENTS:-1 4}
for tool in python3 java mvn curl wrk; do
  command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 2; }
done
[[ -x "$pg_bin/initdb" ]] || { echo "initdb not found: apt-get install postgresql-15-postgis-3" >&2; exit 2; }

work=$(mktemp -d /tmp/tiles-vs-st-asmvt.XXXXXX)
chmod 755 "$work"
pids=()
source bench/lib/postgis-cli.sh
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  stop_postgis
  rm -rf "$work"
}
trap cleanup EXIT

build_cli
start_postgis
psql=("$pg_bin/psql" -X -q -h 127.0.0.1 -p "$pg_port" -U cgis)

echo "== importing $osm into GeoPackage and PostGIS"
"${java_cli[@]}" import --project "$work/bayreuth.gpkg" "$osm" >/dev/null
"${java_cli[@]}" import --db "$db" "$osm" >/dev/null

echo "== building the server's bench classpath"
mvn -q -B -o test-compile -pl modules/server
mvn -q -B -o dependency:build-classpath -pl modules/server -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/server-cp.txt" >/dev/null
bench_java=(java -Xmx2g -Djava.awt.headless=true
  -cp "modules/server/target/classes:modules/server/target/test-classes:$(cat "$work/server-cp.txt")"
  org.communitygis.server.bench.TileBench)
serve_seconds=$(( 3 * (2 * 5 + $(wc -w <<<"$clients_list") * (duration + 2)) + 300 ))
"${bench_java[@]}" serve --project "$work/bayreuth.gpkg" "$work/gpkg-url" "$serve_seconds" \
  >"$work/serve-gpkg.log" 2>&1 &
pids+=($!)
"${bench_java[@]}" serve --db "$db" "$work/pg-url" "$serve_seconds" >"$work/serve-postgis.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do [[ -f "$work/gpkg-url" && -f "$work/pg-url" ]] && break; sleep 1; done
gpkg_url=$(cat "$work/gpkg-url")
pg_url=$(cat "$work/pg-url")
gpkg_port=${gpkg_url##*:}; gpkg_port=${gpkg_port%/}
pg_api_port=${pg_url##*:}; pg_api_port=${pg_api_port%/}
wait_http "${gpkg_url}collections"
wait_http "${pg_url}collections"

echo "== listing the tiles of the buildings layer"
curl -fs "${gpkg_url}collections/buildings/items?limit=10000" >"$work/buildings.json"
srid=$("${psql[@]}" -At -d bench -c "SELECT srid FROM bayreuth.cgis_layers WHERE name = 'buildings'")
# The same column list as the store's statement: field columns under their field names.
columns=$("${psql[@]}" -At -d bench -c "SELECT string_agg(format(', %I AS %I', column_name, name), '' ORDER BY position)
  FROM bayreuth.cgis_fields WHERE layer = 'buildings'")
python3 - "$work" "$srid" "$columns" <<'EOF'
import json, math, random, sys
work, srid, columns = sys.argv[1], int(sys.argv[2]), sys.argv[3]
features = json.load(open(work + "/buildings.json"))["features"]

def points(coordinates):
    if isinstance(coordinates[0], (int, float)):
        yield coordinates
    else:
        for part in coordinates:
            yield from points(part)

def tile(lon, lat, z):
    n = 2 ** z
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * n
    return int((lon + 180) / 360 * n), int(y)

def tiles(z):
    found = set()
    for feature in features:
        xy = list(points(feature["geometry"]["coordinates"]))
        x0, y1 = tile(min(p[0] for p in xy), min(p[1] for p in xy), z)
        x1, y0 = tile(max(p[0] for p in xy), max(p[1] for p in xy), z)
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                found.add((z, x, y))
    return sorted(found)

random.seed(7)
z17 = tiles(17)
sets = {"warm": tiles(14) + random.sample(z17, min(300, len(z17))), "timed": tiles(15) + tiles(16)}
side = 2 * math.pi * 6378137.0
for name, chosen in sets.items():
    with open("%s/%s-paths.txt" % (work, name), "w") as paths, open("%s/%s.sql" % (work, name), "w") as sql, \
            open("%s/%s-tiles.txt" % (work, name), "w") as zxy:
        for z, x, y in chosen:
            paths.write("/collections/buildings/tiles/WebMercatorQuad/%d/%d/%d\n" % (z, y, x))
            zxy.write("%d %d %d\n" % (z, x, y))
            # The statement PostGisStore.vectorTile prepares, with the tile's values in place of parameters.
            sql.write("SELECT ST_AsMVT(t, 'buildings', 4096, 'cgis_tile_geom', 'cgis_tile_id' ORDER BY"
                      " t.cgis_tile_id) FROM (SELECT"
                      " fid AS cgis_tile_id, ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope(%d, %d, %d),"
                      " 4096, 64, true) AS cgis_tile_geom%s FROM bayreuth.buildings WHERE geom &&"
                      " ST_Transform(ST_Segmentize(ST_TileEnvelope(%d, %d, %d, margin => %r), %r), %d)) t"
                      " WHERE t.cgis_tile_geom IS NOT NULL;\n"
                      % (z, x, y, columns, z, x, y, 64 / 4096, side / 2 ** z / 8, srid))
print("%d tiles timed (zoom 15 and 16), %d for warm-up" % (len(sets["timed"]), len(sets["warm"])))
EOF

cat >"$work/fetch.py" <<'EOF'
# Requests each path once over one keep-alive connection; prints milliseconds, 200s, 204s and bytes.
import http.client, sys, time
port, paths = int(sys.argv[1]), [line.strip() for line in open(sys.argv[2])]
connection = http.client.HTTPConnection("127.0.0.1", port)
counts, size = {}, 0
start = time.perf_counter()
for path in paths:
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    counts[response.status] = counts.get(response.status, 0) + 1
    size += len(body)
elapsed = (time.perf_counter() - start) * 1000
print("%.1f %d %d %d" % (elapsed, counts.get(200, 0), counts.get(204, 0), size))
if set(counts) - {200, 204}:
    sys.exit("unexpected statuses: %s" % counts)
EOF

cat >"$work/tiles.lua" <<'EOF'
-- Requests the paths of the file named by PATHS in turn, without Accept-Encoding.
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
local index = 0
request = function()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end
EOF

timed=$(wc -l <"$work/timed-paths.txt")
echo "== checking the timed tiles once on each server"
for target in "PostGIS $pg_api_port" "GeoPackage $gpkg_port"; do
  read -r name port <<<"$target"
  read -r ms ok empty bytes < <(python3 "$work/fetch.py" "$port" "$work/timed-paths.txt")
  echo "  $name: $ok tiles with HTTP 200, $empty with 204, $bytes bytes"
done
sed 's/^SELECT ST_AsMVT(/SELECT length(ST_AsMVT(/; s/) FROM (SELECT/)) FROM (SELECT/' "$work/timed.sql" >"$work/sizes.sql"
"${psql[@]}" -d bench -At -f "$work/sizes.sql" \
  | awk '{ if ($1 > 0) { n++; s += $1 } else { e++ } } END { printf "  ST_AsMVT: %d tiles with features, %d empty, %d bytes\n", n, e, s }'

direct() {
  "${bench_java[@]}" direct "$db" "$1" buildings "$2" "$3"
}
http() {
  PATHS="$1" wrk -t1 -c"$2" -d"$3s" --latency -s "$work/tiles.lua" "$4"
}

echo "== warm-up, 5 s per target"
direct "$work/warm-tiles.txt" 1 5 >/dev/null
http "$work/warm-paths.txt" 1 5 "$pg_url" >/dev/null
http "$work/warm-paths.txt" 1 5 "$gpkg_url" >/dev/null

for clients in $clients_list; do
  echo "== $timed tiles in turn, $clients client(s), ${duration} s per target"
  echo "-- (a) ST_AsMVT directly over JDBC"
  direct "$work/timed-tiles.txt" "$clients" "$duration" | grep -E "Requests/sec|Latency|requests"
  echo "   load average: $(cut -d ' ' -f 1-3 /proc/loadavg)"
  echo "-- (b) map server, PostGIS (ST_AsMVT), tile cache off"
  http "$work/timed-paths.txt" "$clients" "$duration" "$pg_url" \
    | grep -E "Latency|Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors|requests in"
  echo "   load average: $(cut -d ' ' -f 1-3 /proc/loadavg)"
  echo "-- (c) map server, GeoPackage (Java encoder), tile cache off"
  http "$work/timed-paths.txt" "$clients" "$duration" "$gpkg_url" \
    | grep -E "Latency|Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors|requests in"
  echo "   load average: $(cut -d ' ' -f 1-3 /proc/loadavg)"
done
