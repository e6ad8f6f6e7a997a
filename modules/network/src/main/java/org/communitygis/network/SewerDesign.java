package org.communitygis.network;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communitygis.core.CgisException;
import org.communitygis.network.Finding.Severity;
import org.communitygis.network.GradientRules.PipeClass;
import org.communitygis.network.NetworkModel.Link;
import org.communitygis.network.NetworkModel.LinkKind;
import org.communitygis.network.NetworkModel.Node;

/**
 * Design flows, hydraulic checks and diameter sizing of a gravity sewage network after GB 50014-2021.
 *
 * <p>Design flow of a link: the mean dry-weather flow of every node upstream of it (residents ×
 * L/person/day, see {@link #meanFlowLps} and {@link NetworkReport#buildingInflows}) accumulated
 * downstream, times the total variation coefficient Kz of that accumulated mean flow
 * ({@link PeakingFactor}). A node with several outgoing links splits its flow equally among them.
 *
 * <p>Checks per circular gravity pipe at the design flow, each a {@link Finding} with the feature id:
 * {@code surcharged} (the flow exceeds the pipe's largest part-full flow), {@code over_fullness} (h/D above
 * {@link GradientRules#maxFullness}: 0.55 DN200–300, 0.65 DN350–450, 0.70 DN500–900 secondary, 0.75 from
 * DN1000 unconfirmed), {@code low_velocity} (below 0.6 m/s at design fullness, §5.2, confirmed),
 * {@code too_fast} (above 5 m/s non-metal or 10 m/s metal, §5.2, confirmed), {@code reverse} and
 * {@code too_flat} (gradient against {@link GradientRules#minGradient}), {@code shallow_cover} (cover over
 * the crown below {@link GradientRules#minCoverM()}, secondary). Per node: {@code drop_manhole_advised}
 * for an invert drop from an incoming to the outgoing pipe above 1 m and {@code drop_manhole_required}
 * above 2 m (§5.5, confirmed). Open channels are checked with their rectangular section against the
 * open-channel velocities. Pressure links and pumps are not checked here (see {@link PumpStation}).
 *
 * <p>Sizing ({@link #size}) walks the links from the heads downstream and gives each circular gravity
 * pipe the smallest standard diameter, not below the minimum, whose design h/D and velocity pass. A
 * pipe is never smaller than the largest pipe flowing into it, except where its gradient is steeper than
 * that of every incoming pipe: there it may be up to two sizes smaller (§5.2.11, confirmed).
 */
public final class SewerDesign {
    /** Standard diameters used by default, mm. */
    public static final double[] STANDARD_DIAMETERS_MM =
            {200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200, 1350, 1500};

    /**
     * Design parameters.
     *
     * @param peakingFactor Kz by mean flow
     * @param diametersMm the standard diameters to choose from, mm, increasing
     * @param minDiameterMm the smallest diameter sizing may choose, mm (default DN300, the minimum sewer
     *     diameter of the minimum gradient table, secondary)
     */
    public record Options(PeakingFactor peakingFactor, double[] diametersMm, double minDiameterMm) {
        /** Default options: the GB 50014 Kz table, {@link #STANDARD_DIAMETERS_MM}, DN300. */
        public static final Options DEFAULTS = new Options(PeakingFactor.GB50014, STANDARD_DIAMETERS_MM, 300);

        public Options {
            if (diametersMm.length == 0) {
                throw new CgisException(NetworkMessages.BUNDLE, "design.notPositive", "diametersMm.length", 0);
            }
            if (!(minDiameterMm > 0)) {
                throw new CgisException(NetworkMessages.BUNDLE, "design.notPositive", "minDiameterMm", minDiameterMm);
            }
            diametersMm = diametersMm.clone();
            Arrays.sort(diametersMm);
        }
    }

    /**
     * Hydraulic state of one link at its design flow.
     *
     * @param link link name
     * @param featureId feature id in the {@code pipes} layer, or 0
     * @param meanFlowLps accumulated mean flow, L/s
     * @param kz total variation coefficient applied
     * @param designFlowLps mean × Kz, L/s
     * @param diameterMm diameter (circular) or section height (channels), mm
     * @param gradient invert gradient, m/m
     * @param fullness design depth ÷ section height (infinite when surcharged)
     * @param fullnessLimit maximum h/D for the diameter (NaN for channels)
     * @param velocityMs velocity at the design depth, m/s
     * @param fullCapacityLps flow running full, L/s
     */
    public record LinkState(String link, long featureId, double meanFlowLps, double kz, double designFlowLps,
            double diameterMm, double gradient, double fullness, double fullnessLimit, double velocityMs,
            double fullCapacityLps) {
    }

    /** States in downstream order and the findings. */
    public record Result(Map<String, LinkState> links, List<Finding> findings) {
        public long count(String code) {
            return findings.stream().filter(f -> f.code().equals(code)).count();
        }
    }

    private SewerDesign() {
    }

    /** Returns the mean sewage flow of {@code residents} at {@code litresPerPersonDay}, L/s. */
    public static double meanFlowLps(double residents, double litresPerPersonDay) {
        return residents * litresPerPersonDay / 86_400.0;
    }

    /**
     * Returns the links of gravity and pressure kinds in an order where every link comes after all links
     * flowing into its upstream node (Kahn's algorithm). Links on a directed cycle are left out.
     */
    static List<Link> downstreamOrder(NetworkModel model) {
        Map<String, List<Link>> outgoing = new HashMap<>();
        Map<String, Integer> pendingInflows = new HashMap<>();
        for (Link link : model.links()) {
            outgoing.computeIfAbsent(link.from, k -> new ArrayList<>()).add(link);
            pendingInflows.merge(link.to, 1, Integer::sum);
        }
        Deque<String> ready = new ArrayDeque<>();
        for (Node node : model.nodes()) {
            if (!pendingInflows.containsKey(node.name)) {
                ready.add(node.name);
            }
        }
        List<Link> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String node = ready.poll();
            for (Link link : outgoing.getOrDefault(node, List.of())) {
                order.add(link);
                if (pendingInflows.merge(link.to, -1, Integer::sum) == 0) {
                    ready.add(link.to);
                }
            }
        }
        return order;
    }

    /**
     * Accumulates mean flows downstream.
     *
     * @param nodeMeanFlowLps mean flow entering at each node, L/s (nodes not listed contribute 0)
     * @return the mean flow of each link, L/s, in downstream order
     */
    public static Map<String, Double> accumulate(NetworkModel model, Map<String, Double> nodeMeanFlowLps) {
        Map<String, Double> atNode = new HashMap<>(nodeMeanFlowLps);
        Map<String, Integer> outlets = new HashMap<>();
        for (Link link : model.links()) {
            outlets.merge(link.from, 1, Integer::sum);
        }
        Map<String, Double> flows = new LinkedHashMap<>();
        for (Link link : downstreamOrder(model)) {
            double flow = atNode.getOrDefault(link.from, 0.0) / outlets.get(link.from);
            flows.put(link.name, flow);
            atNode.merge(link.to, flow, Double::sum);
        }
        return flows;
    }

    /** Checks the network as it is; see the class documentation. */
    public static Result check(NetworkModel model, Map<String, Double> nodeMeanFlowLps, GradientRules rules,
            Options options) {
        Map<String, Double> flows = accumulate(model, nodeMeanFlowLps);
        Map<String, LinkState> states = new LinkedHashMap<>();
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, Double> entry : flows.entrySet()) {
            Link link = model.link(entry.getKey()).orElseThrow();
            if (link.kind != LinkKind.CONDUIT || !hasSize(link)) {
                continue;
            }
            LinkState state = state(link, entry.getValue(), rules, options);
            states.put(link.name, state);
            checkLink(model, link, state, rules, findings);
        }
        checkDrops(model, rules, findings);
        return new Result(states, List.copyOf(findings));
    }

    /**
     * Sizes the circular gravity pipes of {@code model} in place (sets {@link Link#geom1M}; inverts are kept)
     * and returns the check of the sized network. A pipe for which no standard diameter passes gets the
     * largest one and a {@code no_size_fits} finding.
     */
    public static Result size(NetworkModel model, Map<String, Double> nodeMeanFlowLps, GradientRules rules,
            Options options) {
        Map<String, Double> flows = accumulate(model, nodeMeanFlowLps);
        double[] sizes = options.diametersMm();
        Map<String, List<Link>> incoming = new HashMap<>();
        for (Link link : model.links()) {
            incoming.computeIfAbsent(link.to, k -> new ArrayList<>()).add(link);
        }
        List<Finding> sizingFindings = new ArrayList<>();
        for (Map.Entry<String, Double> entry : flows.entrySet()) {
            Link link = model.link(entry.getKey()).orElseThrow();
            if (link.kind != LinkKind.CONDUIT || !link.shape.equals("CIRCULAR") || !hasSize(link)) {
                continue;
            }
            int lowest = 0;
            while (lowest < sizes.length - 1 && sizes[lowest] < options.minDiameterMm()) {
                lowest++;
            }
            int largestUpstream = -1;
            boolean steeperThanAll = true;
            for (Link in : incoming.getOrDefault(link.from, List.of())) {
                if (in.kind != LinkKind.CONDUIT) {
                    continue;
                }
                largestUpstream = Math.max(largestUpstream, indexOf(sizes, in.geom1M * 1000));
                steeperThanAll &= link.gradient() > in.gradient();
            }
            if (largestUpstream >= 0) {
                lowest = Math.max(lowest, largestUpstream - (steeperThanAll ? 2 : 0));
            }
            int chosen = -1;
            for (int i = lowest; i < sizes.length && chosen < 0; i++) {
                link.geom1M = sizes[i] / 1000;
                LinkState state = state(link, entry.getValue(), rules, options);
                boolean fits = state.fullness() <= state.fullnessLimit()
                        && state.velocityMs() <= rules.maxVelocity(PipeClass.GRAVITY_PIPE, link.material);
                if (fits) {
                    chosen = i;
                }
            }
            if (chosen < 0) {
                link.geom1M = sizes[sizes.length - 1] / 1000;
                sizingFindings.add(NetworkChecks.linkFinding(model, link, "no_size_fits", Severity.ERROR,
                        "design.noSizeFits", id(link), entry.getValue(), sizes[sizes.length - 1]));
            }
        }
        Result checked = check(model, nodeMeanFlowLps, rules, options);
        sizingFindings.addAll(checked.findings());
        return new Result(checked.links(), List.copyOf(sizingFindings));
    }

    /** Returns whether the link has the sizes its section needs: a diameter, or a channel's height and width. */
    private static boolean hasSize(Link link) {
        boolean circular = link.shape.equals("CIRCULAR");
        return link.geom1M > 0 && (circular || link.geom2M > 0) && link.roughness > 0 && link.lengthM > 0;
    }

    private static int indexOf(double[] sizes, double diameterMm) {
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] >= diameterMm - 1e-6) {
                return i;
            }
        }
        return sizes.length - 1;
    }

    private static LinkState state(Link link, double meanFlowLps, GradientRules rules, Options options) {
        double kz = meanFlowLps > 0 ? options.peakingFactor().kz(meanFlowLps) : 1;
        double design = meanFlowLps * kz;
        boolean channel = !link.shape.equals("CIRCULAR");
        Section section;
        if (!channel) {
            section = Section.circular(link.geom1M);
        } else if (link.shape.equals("RECT_ROUND") && Math.abs(link.geom3 - link.geom2M / 2) < 1e-9
                && link.geom1M >= link.geom2M / 2) {
            section = Section.uChannel(link.geom2M, link.geom1M);
        } else {
            // TODO: other SWMM shapes (trapezoidal, round-bottomed with another radius …) are checked as
            // rectangles of their width and height.
            section = Section.rectangular(link.geom2M, link.geom1M);
        }
        double gradient = link.gradient();
        double n = link.roughness;
        double depth = section.normalDepth(n, gradient, design / 1000);
        double fullness = depth / section.heightM();
        double velocity = Double.isInfinite(depth) ? section.velocity(n, gradient, section.heightM())
                : design > 0 ? section.velocity(n, gradient, depth) : 0;
        return new LinkState(link.name, link.featureId, meanFlowLps, kz, design, link.geom1M * 1000, gradient, fullness,
                channel ? Double.NaN : rules.maxFullness(link.geom1M * 1000), velocity,
                section.fullFlow(n, gradient) * 1000);
    }

    private static void checkLink(NetworkModel model, Link link, LinkState s, GradientRules rules, List<Finding> findings) {
        boolean channel = !link.shape.equals("CIRCULAR");
        PipeClass pipeClass = channel ? PipeClass.CHANNEL : PipeClass.GRAVITY_PIPE;
        String id = id(link);
        if (Double.isNaN(s.gradient())) {
            // No invert at one end: NetworkTopology already reported no_inverts, and nothing here can be judged.
            return;
        }
        if (!(s.gradient() > 0)) {
            findings.add(NetworkChecks.linkFinding(model, link, "reverse", Severity.ERROR, "design.reverse", id,
                    s.gradient() * 1000));
            return;
        }

        String kind = link.pipeKind;
        if (kind.isEmpty()) {
            kind = channel ? "u_channel" : "sewer";
        }
        double min = rules.minGradient(kind, s.diameterMm(), link.geom2M, link.material);
        if (s.gradient() < min) {
            findings.add(NetworkChecks.linkFinding(model, link, "too_flat", Severity.WARNING, "design.tooFlat", id,
                    s.gradient() * 1000, min * 1000));
        }
        if (Double.isInfinite(s.fullness())) {
            findings.add(NetworkChecks.linkFinding(model, link, "surcharged", Severity.ERROR, "design.surcharged", id,
                    s.designFlowLps(), s.fullCapacityLps()));
        } else if (!channel && s.fullness() > s.fullnessLimit()) {
            findings.add(NetworkChecks.linkFinding(model, link, "over_fullness", Severity.WARNING, "design.overFullness",
                    id, s.fullness(), s.fullnessLimit(), s.diameterMm()));
        }

        double minVelocity = channel ? rules.minChannelVelocity() : rules.minSewageVelocity();
        if (s.designFlowLps() > 0 && s.velocityMs() < minVelocity) {
            findings.add(NetworkChecks.linkFinding(model, link, "low_velocity", Severity.WARNING, "design.lowVelocity",
                    id, s.velocityMs(), minVelocity));
        }
        double max = rules.maxVelocity(pipeClass, channel ? rules.channelMaterial(link.pipeKind, link.material) : link.material);
        if (s.velocityMs() > max) {
            findings.add(NetworkChecks.linkFinding(model, link, "too_fast", Severity.WARNING, "design.tooFast", id,
                    s.velocityMs(), max));
        }

        Node from = model.node(link.from).orElseThrow();
        Node to = model.node(link.to).orElseThrow();
        double cover = Math.min(from.groundM - link.upInvertM, to.groundM - link.downInvertM) - link.geom1M;
        // 1 mm slack: inverts derived from the DEM sit exactly at the minimum cover.
        if (!channel && cover < rules.minCoverM() - 0.001) {
            findings.add(NetworkChecks.linkFinding(model, link, "shallow_cover", Severity.WARNING, "design.shallowCover",
                    id, cover, rules.minCoverM()));
        }
    }

    private static void checkDrops(NetworkModel model, GradientRules rules, List<Finding> findings) {
        Map<String, Double> lowestOutlet = new HashMap<>();
        for (Link link : model.links()) {
            if (link.kind == LinkKind.CONDUIT && !Double.isNaN(link.upInvertM)) {
                lowestOutlet.merge(link.from, link.upInvertM, Math::min);
            }
        }
        for (Link link : model.links()) {
            Double outlet = lowestOutlet.get(link.to);
            if (link.kind != LinkKind.CONDUIT || outlet == null) {
                continue;
            }
            double drop = link.downInvertM - outlet;
            Node node = model.node(link.to).orElseThrow();
            if (drop > rules.dropMustM()) {
                findings.add(NetworkChecks.nodeFinding(node, "drop_manhole_required", Severity.WARNING,
                        "design.dropRequired", node.name, id(link), drop, rules.dropMustM()));
            } else if (drop > rules.dropShouldM()) {
                findings.add(NetworkChecks.nodeFinding(node, "drop_manhole_advised", Severity.INFO,
                        "design.dropAdvised", node.name, id(link), drop, rules.dropShouldM()));
            }
        }
    }

    private static String id(Link link) {
        return link.featureId > 0 ? Long.toString(link.featureId) : link.name;
    }
}
