#!/usr/bin/env bash
# Compares the map API with MapServer 8 on the same data, on loopback, with wrk (Debian wrk 4.1):
#  - our server (`cgis serve`) on a GeoPackage project, once with the layers held in memory (the default)
#    and once with `--max-held-features 0`, which reads the file through its R-tree on every request;
#  - our server on a PostGIS project (a throwaway PostgreSQL cluster started here on 127.0.0.1), once with
#    the layers held in memory and once with `--max-held-features 0`, which queries PostGIS on every
#    request as MapServer does;
#  - MapServer 8 (Debian mapserver-bin, OGC API - Features) on the same PostGIS table, as FastCGI
#    behind lighttpd (Debian lighttpd) with FASTCGI_PROCS mapserv processes (default 2, one per core).
# All five get the same 200 items?bbox= queries of about 100 buildings each over the real north-Bayreuth
# buildings layer (limit=200, GeoJSON, no gzip), CONNECTIONS connections (default 32), 2 threads,
# DURATION seconds (default 20) after a 5 s warm-up. Our four targets then run again with
# `Accept-Encoding: gzip`, as browsers and QGIS send it (MapServer is measured without gzip only).
#
# Needs: wrk, mapserver-bin, lighttpd, postgresql-15-postgis-3, python3, Maven with the modules installed.
# Usage: bench/map-api-vs-mapserver.sh        CONNECTIONS=8 DURATION=30 to change the load,
#        SKIP_MAPSERVER=1 to measure only our four targets
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

connections=${CONNECTIONS:-32}
duration=${DURATION:-20}
fastcgi_procs=${FASTCGI_PROCS:-2}
osm=${OSM:-../shared/data/real/north-bayreuth.osm.gz}
pg_bin=${CGIS_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}

for tool in wrk mapserv lighttpd python3 java mvn; do
  command -v "$tool" >/dev/null || PATH="$PATH:/usr/sbin" command -v "$tool" >/dev/null \
    || { echo "$tool not found: apt-get install wrk mapserver-bin lighttpd" >&2; exit 2; }
done
[[ -x "$pg_bin/initdb" ]] || { echo "initdb not found: apt-get install postgresql-15-postgis-3" >&2; exit 2; }
lighttpd_bin=$(PATH="$PATH:/usr/sbin" command -v lighttpd)

work=$(mktemp -d /tmp/map-api-vs-mapserver.XXXXXX)
chmod 755 "$work"
pids=()
source bench/lib/postgis-cli.sh
cleanup() {
  # lighttpd respawns a FastCGI process that exits, and a mapserv process once outlived SIGTERM (holding
  # the bench lock it inherited). So every process is paused first, then lighttpd's mapserv children are
  # killed, then the processes are stopped.
  for pid in "${pids[@]}"; do kill -STOP "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for child in $(pgrep -P "$pid" || true); do kill -KILL "$child" 2>/dev/null || true; done
  done
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    kill -CONT "$pid" 2>/dev/null || true
  done
  stop_postgis
  rm -rf "$work"
}
trap cleanup EXIT

build_cli
start_postgis -c max_connections=100

echo "== importing $osm into GeoPackage and PostGIS"
"${java_cli[@]}" import --project "$work/bayreuth.gpkg" "$osm" >/dev/null
"${java_cli[@]}" import --db "$db" "$osm" >/dev/null

gpkg_port=$(free_port)
gpkg_query_port=$(free_port)
pg_api_port=$(free_port)
pg_query_port=$(free_port)
ms_port=$(free_port)
"${java_cli[@]}" serve --project "$work/bayreuth.gpkg" --port "$gpkg_port" >"$work/serve-gpkg.log" 2>&1 &
pids+=($!)
"${java_cli[@]}" serve --project "$work/bayreuth.gpkg" --port "$gpkg_query_port" --max-held-features 0 \
  >"$work/serve-gpkg-query.log" 2>&1 &
pids+=($!)
"${java_cli[@]}" serve --db "$db" --port "$pg_api_port" >"$work/serve-postgis.log" 2>&1 &
pids+=($!)
"${java_cli[@]}" serve --db "$db" --port "$pg_query_port" --max-held-features 0 >"$work/serve-query.log" 2>&1 &
pids+=($!)

echo "== configuring MapServer on the PostGIS table bayreuth.buildings"
srid=$("$pg_bin/psql" -At -h 127.0.0.1 -p "$pg_port" -U cgis -d bench \
  -c "SELECT Find_SRID('bayreuth', 'buildings', 'geom')")
cat >"$work/bench.map" <<EOF
MAP
  NAME "bench"
  EXTENT -180 -90 180 90
  PROJECTION "init=epsg:4326" END
  WEB
    METADATA
      "ows_title" "bench"
      "ows_enable_request" "*"
      "oga_enable_request" "*"
      "oga_onlineresource" "http://127.0.0.1:$ms_port/mapserv/bench/ogcapi"
      "oga_html_template_directory" "/usr/share/mapserver/ogcapi/templates/html-plain/"
      "oga_max_limit" "10000"
    END
  END
  LAYER
    NAME "buildings"
    TYPE POLYGON
    STATUS ON
    # A template makes the layer queryable, which MapServer requires of an OGC API collection.
    TEMPLATE "void"
    # Keeps the PostgreSQL connection open between requests of a FastCGI process (MapServer's pooling).
    PROCESSING "CLOSE_CONNECTION=DEFER"
    CONNECTIONTYPE POSTGIS
    CONNECTION "host=127.0.0.1 port=$pg_port dbname=bench user=cgis"
    DATA "geom FROM bayreuth.buildings USING UNIQUE fid USING SRID=$srid"
    PROJECTION "init=epsg:$srid" END
    METADATA
      "ows_title" "buildings"
      "ows_extent" "11.4 49.9 11.7 50.1"
      "gml_include_items" "all"
      "gml_featureid" "fid"
      "gml_types" "auto"
    END
  END
END
EOF
cat >"$work/mapserver.conf" <<EOF
CONFIG
  ENV
    MS_MAP_NO_PATH "1"
  END
  MAPS
    BENCH "$work/bench.map"
  END
END
EOF
mkdir -p "$work/www"
cat >"$work/lighttpd.conf" <<EOF
server.document-root = "$work/www"
server.bind = "127.0.0.1"
server.port = $ms_port
server.errorlog = "$work/lighttpd.log"
server.max-connections = 1024
server.modules = ("mod_fastcgi")
fastcgi.server = ("/mapserv" => ((
  "socket" => "$work/mapserv.sock",
  "bin-path" => "/usr/bin/mapserv",
  "bin-environment" => ("MAPSERVER_CONFIG_FILE" => "$work/mapserver.conf"),
  "max-procs" => $fastcgi_procs,
  "check-local" => "disable"
)))
EOF
"$lighttpd_bin" -D -f "$work/lighttpd.conf" &
pids+=($!)

gpkg_url="http://127.0.0.1:$gpkg_port"
gpkg_query_url="http://127.0.0.1:$gpkg_query_port"
pg_url="http://127.0.0.1:$pg_api_port"
pg_query_url="http://127.0.0.1:$pg_query_port"
ms_url="http://127.0.0.1:$ms_port"
wait_http "$gpkg_url/collections"
wait_http "$gpkg_query_url/collections"
wait_http "$pg_url/collections"
wait_http "$pg_query_url/collections"
wait_http "$ms_url/mapserv/bench/ogcapi/collections?f=json"

echo "== choosing 200 boxes of about 100 buildings (seed 7)"
curl -fs "$gpkg_url/collections/buildings/items?limit=10000" >"$work/buildings.json"
python3 - "$work" <<'EOF'
import json, math, random, sys
work = sys.argv[1]
features = json.load(open(work + "/buildings.json"))["features"]

def points(coordinates):
    if isinstance(coordinates[0], (int, float)):
        yield coordinates
    else:
        for part in coordinates:
            yield from points(part)

centres = []
for feature in features:
    xy = list(points(feature["geometry"]["coordinates"]))
    centres.append((sum(p[0] for p in xy) / len(xy), sum(p[1] for p in xy) / len(xy)))
random.seed(7)
boxes = []
for x, y in random.sample(centres, 200):
    # The box of the 100 building centres nearest to a random building (distance in degrees, scaled
    # for latitude) contains about 100 buildings.
    near = sorted(centres, key=lambda c: ((c[0] - x) * math.cos(math.radians(y))) ** 2 + (c[1] - y) ** 2)[:100]
    boxes.append("%.6f,%.6f,%.6f,%.6f" % (min(c[0] for c in near), min(c[1] for c in near),
                                          max(c[0] for c in near), max(c[1] for c in near)))
with open(work + "/ours.txt", "w") as ours, open(work + "/mapserver.txt", "w") as mapserver:
    for box in boxes:
        ours.write("/collections/buildings/items?bbox=%s&limit=200\n" % box)
        mapserver.write("/mapserv/bench/ogcapi/collections/buildings/items?f=json&bbox=%s&limit=200\n" % box)
EOF

first_ours=$(head -n 1 "$work/ours.txt")
first_ms=$(head -n 1 "$work/mapserver.txt")
count() { python3 -c 'import json, sys; page = json.load(sys.stdin); print(page.get("numberMatched"), len(page["features"]))'; }
echo "first box, numberMatched and features returned:"
echo "  GeoPackage: $(curl -fs "$gpkg_url$first_ours" | count)"
echo "  GeoPackage, read per request: $(curl -fs "$gpkg_query_url$first_ours" | count)"
echo "  PostGIS:    $(curl -fs "$pg_url$first_ours" | count)"
echo "  PostGIS, queried per request: $(curl -fs "$pg_query_url$first_ours" | count)"
if ! curl -fs "$ms_url$first_ms" | count >"$work/ms-count.txt" 2>/dev/null; then
  echo "MapServer did not return GeoJSON for $ms_url$first_ms:" >&2
  curl -s -i "$ms_url$first_ms" | head -c 1500 >&2
  tail -n 20 "$work/lighttpd.log" >&2
  exit 1
fi
echo "  MapServer:  $(cat "$work/ms-count.txt")"

cat >"$work/paths.lua" <<'EOF'
-- Requests the paths of the file named by PATHS in turn, each thread from its own start.
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
local index = math.random(#paths)
request = function()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end
EOF

# run NAME URL PATHS [WRK_OPTIONS...]: a 5 s warm-up, then the measured run; prints the load average too.
run() {
  local name=$1 url=$2 paths=$3
  shift 3
  PATHS="$paths" wrk -t2 -c"$connections" -d5s -s "$work/paths.lua" "$@" "$url" >/dev/null
  echo "== $name: $(wc -l <"$paths") paths, $connections connections, ${duration} s"
  PATHS="$paths" wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$work/paths.lua" "$@" "$url" \
    | grep -E "Requests/sec|Transfer/sec|^ +(50|90|99)%|Non-2xx|Socket errors|requests in"
  echo "   load average after the run: $(cut -d ' ' -f 1-3 /proc/loadavg)"
}
gzip_header=(-H "Accept-Encoding: gzip")
echo "gzip check, Content-Encoding of the first box on each of our targets:"
for url in "$gpkg_url" "$gpkg_query_url" "$pg_url" "$pg_query_url"; do
  echo "  $(curl -fs -o /dev/null -D - -H 'Accept-Encoding: gzip' "$url$first_ours" | grep -i '^content-encoding' | tr -d '\r')"
done
run "cgis serve, GeoPackage" "$gpkg_url" "$work/ours.txt"
run "cgis serve, GeoPackage, read per request" "$gpkg_query_url" "$work/ours.txt"
run "cgis serve, PostGIS" "$pg_url" "$work/ours.txt"
run "cgis serve, PostGIS, queried per request" "$pg_query_url" "$work/ours.txt"
run "cgis serve, GeoPackage, gzip" "$gpkg_url" "$work/ours.txt" "${gzip_header[@]}"
run "cgis serve, GeoPackage, read per request, gzip" "$gpkg_query_url" "$work/ours.txt" "${gzip_header[@]}"
run "cgis serve, PostGIS, gzip" "$pg_url" "$work/ours.txt" "${gzip_header[@]}"
run "cgis serve, PostGIS, queried per request, gzip" "$pg_query_url" "$work/ours.txt" "${gzip_header[@]}"
if [[ -z "${SKIP_MAPSERVER:-}" ]]; then
  run "MapServer 8 OGC API, PostGIS ($fastcgi_procs FastCGI processes)" "$ms_url" "$work/mapserver.txt"
fi
