#!/usr/bin/env bash
# Times vector tiles of the real north-Bayreuth buildings, one request at a time on loopback.
# It compares three targets:
#  (a) ST_AsMVT called directly, which is the SQL the PostGIS store runs for a tile, sent by psql in one session;
#  (b) `cgis serve --db` on a PostGIS project, whose store encodes tiles with that ST_AsMVT statement;
#  (c) `cgis serve --project` on a GeoPackage project, which encodes tiles in Java (MvtEncoder).
# The tiles are every WebMercatorQuad tile at zoom 15 and 16 that a building's bounding box touches. Each
# tile is requested once, so the servers' tile cache never answers. Before timing, every target serves
# the zoom 14 tiles and up to 300 zoom 17 tiles of the same buildings, to warm the JIT and PostgreSQL's
# buffers. A throwaway PostgreSQL cluster is started on 127.0.0.1 and removed at the end.
#
# Needs: postgresql-15-postgis-3, python3, curl, Maven with the modules installed.
# Usage: bench/tiles-vs-st-asmvt.sh
# A server builds each tile only once (later requests hit its tile cache), so (b) and (c) are timed once;
# (a) is timed before and after them, and the ratio uses the mean of the two. A second pass of (b) and
# (c) over the same tiles, answered from the cache, gives the per-request cost of HTTP and the client.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

osm=${OSM:-../shared/data/real/north-bayreuth.osm.gz}
pg_bin=${CGIS_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
for tool in python3 java mvn curl; do
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

gpkg_port=$(free_port)
pg_api_port=$(free_port)
"${java_cli[@]}" serve --project "$work/bayreuth.gpkg" --port "$gpkg_port" >"$work/serve-gpkg.log" 2>&1 &
pids+=($!)
"${java_cli[@]}" serve --db "$db" --port "$pg_api_port" >"$work/serve-postgis.log" 2>&1 &
pids+=($!)
gpkg_url="http://127.0.0.1:$gpkg_port"
pg_url="http://127.0.0.1:$pg_api_port"
wait_http "$gpkg_url/collections"
wait_http "$pg_url/collections"

echo "== listing the tiles of the buildings layer"
curl -fs "$gpkg_url/collections/buildings/items?limit=10000" >"$work/buildings.json"
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
    with open("%s/%s-paths.txt" % (work, name), "w") as paths, open("%s/%s.sql" % (work, name), "w") as sql:
        for z, x, y in chosen:
            paths.write("/collections/buildings/tiles/WebMercatorQuad/%d/%d/%d\n" % (z, y, x))
            # The statement PostGisStore.vectorTile prepares, with the tile's values in place of parameters.
            sql.write("SELECT ST_AsMVT(t, 'buildings', 4096, 'cgis_tile_geom', 'cgis_tile_id') FROM (SELECT"
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

sql_ms() {
  local start end
  start=$(date +%s%N)
  "${psql[@]}" -d bench -At -o /dev/null -f "$1"
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

timed=$(wc -l <"$work/timed-paths.txt")
echo "== warm-up"
sql_ms "$work/warm.sql" >/dev/null
python3 "$work/fetch.py" "$pg_api_port" "$work/warm-paths.txt" >/dev/null
python3 "$work/fetch.py" "$gpkg_port" "$work/warm-paths.txt" >/dev/null
sed 's/^SELECT ST_AsMVT(/SELECT length(ST_AsMVT(/; s/) FROM (SELECT/)) FROM (SELECT/' "$work/timed.sql" >"$work/sizes.sql"
"${psql[@]}" -d bench -At -f "$work/sizes.sql" \
  | awk '{ if ($1 > 0) { n++; s += $1 } else { e++ } } END { printf "ST_AsMVT: %d tiles with features, %d empty, %d bytes\n", n, e, s }'

echo "== timing $timed tiles, one request at a time"
printf '%-38s %9s %11s %5s %5s %9s\n' target "total ms" "ms/tile" 200s 204s bytes
before=$(sql_ms "$work/timed.sql")
printf '%-38s %9s %11.2f\n' "(a) ST_AsMVT over psql" "$before" "$(echo "$before / $timed" | bc -l)"
read -r pg_ms pg_ok pg_empty pg_bytes < <(python3 "$work/fetch.py" "$pg_api_port" "$work/timed-paths.txt")
read -r gp_ms gp_ok gp_empty gp_bytes < <(python3 "$work/fetch.py" "$gpkg_port" "$work/timed-paths.txt")
after=$(sql_ms "$work/timed.sql")
# The same tiles again come from the tile cache: the cost of HTTP, routing and the client alone.
read -r pg_cached _ < <(python3 "$work/fetch.py" "$pg_api_port" "$work/timed-paths.txt")
read -r gp_cached _ < <(python3 "$work/fetch.py" "$gpkg_port" "$work/timed-paths.txt")
printf '%-38s %9s %11.2f\n' "(a) ST_AsMVT over psql, again" "$after" "$(echo "$after / $timed" | bc -l)"
direct=$(echo "($before + $after) / 2" | bc -l)
printf '%-38s %9.0f %11.2f %5d %5d %9d  %.2f × (a)\n' "(b) cgis serve, PostGIS (ST_AsMVT)" "$pg_ms" \
  "$(echo "$pg_ms / $timed" | bc -l)" "$pg_ok" "$pg_empty" "$pg_bytes" "$(echo "$pg_ms / $direct" | bc -l)"
printf '%-38s %9.0f %11.2f %5d %5d %9d  %.2f × (a)\n' "(c) cgis serve, GeoPackage (Java)" "$gp_ms" \
  "$(echo "$gp_ms / $timed" | bc -l)" "$gp_ok" "$gp_empty" "$gp_bytes" "$(echo "$gp_ms / $direct" | bc -l)"
printf '%-38s %9.0f %11.2f\n' "(b) again, from the tile cache" "$pg_cached" "$(echo "$pg_cached / $timed" | bc -l)"
printf '%-38s %9.0f %11.2f\n' "(c) again, from the tile cache" "$gp_cached" "$(echo "$gp_cached / $timed" | bc -l)"
