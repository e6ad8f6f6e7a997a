package org.communitygis.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.communitygis.network.Finding.Severity;
import org.communitygis.network.NetworkModel.Link;
import org.communitygis.network.NetworkModel.LinkKind;
import org.communitygis.network.NetworkModel.Node;
import org.communitygis.network.NetworkModel.NodeKind;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

/**
 * Network-wide checks of a {@link NetworkModel} in the sense of EPA SWMM 5's input validation
 * (error codes 112, 115, 131, 133, 141 and 145), used for files and for networks built from layers.
 */
final class NetworkChecks {
    private NetworkChecks() {
    }

    /**
     * Runs the SWMM checks. With {@code dynamic} (dynamic-wave routing) adverse slopes, cycles and nodes
     * with several outlets are warnings, as SWMM accepts them there; otherwise they are errors.
     */
    static List<Finding> swmmChecks(NetworkModel model, boolean dynamic) {
        List<Finding> findings = new ArrayList<>();
        Severity routingSeverity = dynamic ? Severity.WARNING : Severity.ERROR;
        for (Link link : model.links()) {
            if (link.kind != LinkKind.CONDUIT || !(link.lengthM > 0)) {
                continue;
            }
            double drop = link.upInvertM - link.downInvertM;
            if (Math.abs(drop) > link.lengthM) {
                findings.add(linkFinding(model, link, "swmm_112", Severity.ERROR, "swmm.e112", link.name,
                        Math.abs(drop), link.lengthM));
            } else if (drop < 0) {
                findings.add(linkFinding(model, link, "swmm_115", routingSeverity, "swmm.e115", link.name,
                        -drop / link.lengthM * 1000));
            }
        }
        findings.addAll(cycles(model, routingSeverity, "swmm_131", "swmm.e131"));

        Map<String, Integer> outlets = new HashMap<>();
        Map<String, Integer> inlets = new HashMap<>();
        for (Link link : model.links()) {
            outlets.merge(link.from, 1, Integer::sum);
            inlets.merge(link.to, 1, Integer::sum);
        }
        for (Node node : model.nodes()) {
            int out = outlets.getOrDefault(node.name, 0);
            int in = inlets.getOrDefault(node.name, 0);
            if (node.kind == NodeKind.OUTFALL) {
                if (out > 0 || in > 1) {
                    findings.add(nodeFinding(node, "swmm_141", Severity.ERROR, "swmm.e141", node.name, in, out));
                }
            } else if (out > 1) {
                findings.add(nodeFinding(node, "swmm_133", routingSeverity, "swmm.e133", node.name, out));
            }
        }
        if (!model.nodes().isEmpty() && model.count(NodeKind.OUTFALL) == 0) {
            findings.add(Finding.onLine("swmm_145", Severity.ERROR, "", 0, "swmm.e145"));
        }
        return findings;
    }

    /**
     * Finds directed cycles of links (strongly connected node sets of more than one node, or a link from
     * a node to itself) and returns one finding per cycle, at its first node.
     */
    static List<Finding> cycles(NetworkModel model, Severity severity, String code, String key) {
        Graph<String, DefaultEdge> graph = new DefaultDirectedGraph<>(DefaultEdge.class);
        List<Finding> findings = new ArrayList<>();
        for (Node node : model.nodes()) {
            graph.addVertex(node.name);
        }
        for (Link link : model.links()) {
            if (link.from.equals(link.to)) {
                findings.add(linkFinding(model, link, code, severity, key, link.name, link.from));
            } else {
                graph.addEdge(link.from, link.to);
            }
        }
        for (Set<String> component : new KosarajuStrongConnectivityInspector<>(graph).stronglyConnectedSets()) {
            if (component.size() < 2) {
                continue;
            }
            Set<String> sorted = new TreeSet<>(component);
            Set<String> linkNames = new TreeSet<>();
            for (Link link : model.links()) {
                if (component.contains(link.from) && component.contains(link.to)) {
                    linkNames.add(link.name);
                }
            }
            Node first = model.node(sorted.iterator().next()).orElseThrow();
            findings.add(nodeFinding(first, code, severity, key, String.join(", ", linkNames), String.join(", ", sorted)));
        }
        return findings;
    }

    static Finding linkFinding(NetworkModel model, Link link, String code, Severity severity, String key,
            Object... args) {
        Node from = model.node(link.from).orElse(null);
        String element = link.featureId > 0 ? Long.toString(link.featureId) : link.name;
        return new Finding(code, severity, element, from == null ? Double.NaN : from.x, from == null ? Double.NaN : from.y,
                link.line, new org.communitygis.core.i18n.Message(NetworkMessages.BUNDLE, key, args));
    }

    static Finding nodeFinding(Node node, String code, Severity severity, String key, Object... args) {
        return new Finding(code, severity, node.name, node.x, node.y, node.line,
                new org.communitygis.core.i18n.Message(NetworkMessages.BUNDLE, key, args));
    }
}
