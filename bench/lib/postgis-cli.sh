# Shared by the map API bench scripts; source it after setting `work` (a temporary folder) and `pg_bin`
# (the PostgreSQL server binaries). It defines:
#   as_pg CMD...          runs CMD as the OS user postgres when root (PostgreSQL refuses to run as root)
#   free_port             prints a free TCP port on 127.0.0.1
#   wait_http URL         waits up to 120 s for URL to answer 2xx
#   build_cli             compiles the CLI and sets java_cli=(java ... org.communitygis.cli.Main --lang en)
#   start_postgis [ARGS]  starts a throwaway cluster in $work/pg on 127.0.0.1 (extra server ARGS passed to
#                         postgres), creates database `bench` with PostGIS, and sets pg_port and
#                         db=postgresql://cgis@127.0.0.1:PORT/bench?schema=bayreuth
#   stop_postgis          stops that cluster if it was started (for the caller's EXIT trap)

pg_started=

as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_http() {
  for _ in $(seq 1 120); do
    curl -fs -o /dev/null "$1" && return 0
    sleep 1
  done
  echo "no response from $1 within 120 s" >&2
  return 1
}

build_cli() {
  echo "== building the CLI classpath"
  mvn -q -B -o compile -pl modules/cli
  mvn -q -B -o dependency:build-classpath -pl modules/cli -Dmdep.outputFile="$work/cp.txt" >/dev/null
  local classpath="modules/cli/target/classes:$(cat "$work/cp.txt")"
  java_cli=(java -Xmx2g -Djava.awt.headless=true -cp "$classpath" org.communitygis.cli.Main --lang en)
}

start_postgis() {
  echo "== starting PostgreSQL with PostGIS on 127.0.0.1"
  pg_port=$(free_port)
  mkdir -p "$work/pg"
  [[ "$(id -u)" == 0 ]] && chown postgres "$work/pg"
  as_pg "$pg_bin/initdb" -D "$work/pg/data" -U cgis --auth=trust -E UTF8 >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $work/pg $*" start >/dev/null
  pg_started=1
  "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U cgis bench
  "$pg_bin/psql" -X -q -h 127.0.0.1 -p "$pg_port" -U cgis -d bench -c "CREATE EXTENSION postgis"
  db="postgresql://cgis@127.0.0.1:$pg_port/bench?schema=bayreuth"
}

stop_postgis() {
  if [[ -n "$pg_started" ]]; then
    as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true
  fi
}
