#!/usr/bin/env bash
# Network benchmark:
#  1. building coverage at town scale: LOTS×LOTS buildings (default 1000×1000 = 1,000,000) on 25 m lots,
#     roads every BLOCK m (default 125 m: 201,000 road pieces of 50 m) with a sewer piece beside every
#     east-west road piece (100,500 pipes), timed for the buffer variant and the along-road variant;
#  2. Hazen-Williams cross-check: EPANET 2.2 (npm epanet-js 0.9.0) solves Net1 and our
#     PumpStation.hazenWilliamsLossM recomputes every pipe's head loss from EPANET's flow.
#
# Usage: bench/network-bench.sh [LOTS] [BLOCK]        HEAP=-Xmx12g to change the heap (default -Xmx10g)
# The bench class is NetworkBench (modules/network/src/test/java/.../bench/NetworkBench.java); times are
# the best of two runs after one warm-up run in one JVM, without JVM start and layer building.
# Step 2 needs node and npm, and downloads epanet-js into a temporary folder.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

lots=${1:-1000}
block=${2:-125}
heap=${HEAP:--Xmx10g}
work=$(mktemp -d /tmp/network-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "Building modules/network and its classpath"
mvn -q -B -o test-compile -pl modules/network
mvn -q -B -o dependency:build-classpath -pl modules/network -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="modules/network/target/classes:modules/network/target/test-classes:$(cat "$work/cp.txt")"
bench() { java "$heap" -cp "$cp" org.communitygis.network.bench.NetworkBench "$@" 2>/dev/null; }

echo "== Coverage: ${lots}×${lots} buildings, roads every ${block} m"
bench coverage "$lots" "$block"

echo "== Hazen-Williams against EPANET 2.2 (epanet-js) on Net1"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "node/npm not found; skipped"
  exit 0
fi
(cd "$work" && npm install --silent --no-audit --no-fund epanet-js@0.9.0 >/dev/null)
cat >"$work/net-flows.mjs" <<'JS'
// Solves an EPANET network at time 0 and prints "id,flow_gpm,headloss_ft" per pipe; the head loss is
// the head difference of the pipe's end nodes (Net1 has no minor losses).
import { Project, Workspace, CountType, LinkProperty, NodeProperty, LinkType, InitHydOption } from "epanet-js";
import fs from "fs";
const ws = new Workspace();
await ws.loadModule();
const model = new Project(ws);
ws.writeFile("net.inp", fs.readFileSync(process.argv[2]));
model.open("net.inp", "report.rpt", "out.bin");
model.openH();
model.initH(InitHydOption.NoSave);
model.runH();
console.log("id,flow_gpm,headloss_ft");
const links = model.getCount(CountType.LinkCount);
for (let i = 1; i <= links; i++) {
  if (model.getLinkType(i) !== LinkType.Pipe) continue;
  const { node1, node2 } = model.getLinkNodes(i);
  const loss = model.getNodeValue(node1, NodeProperty.Head) - model.getNodeValue(node2, NodeProperty.Head);
  console.log(`${model.getLinkId(i)},${model.getLinkValue(i, LinkProperty.Flow)},${loss}`);
}
model.closeH();
model.close();
JS
net1="$(cd ../shared/data/real/inp 2>/dev/null && pwd)/epanet_Net1.inp"
(cd "$work" && node net-flows.mjs "$net1") >"$work/net1.csv"
bench hazen "$net1" "$work/net1.csv"
