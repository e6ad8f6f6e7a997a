package org.communitygis.network;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.communitygis.core.CgisException;
import org.communitygis.network.Finding.Severity;
import org.communitygis.network.NetworkModel.Link;
import org.communitygis.network.NetworkModel.LinkKind;
import org.communitygis.network.NetworkModel.Node;
import org.communitygis.network.NetworkModel.NodeKind;

/**
 * Reads the pressure-main part of an EPANET 2 input file: [JUNCTIONS], [RESERVOIRS], [TANKS], [PIPES],
 * [PUMPS], [VALVES] (as links of kind {@link LinkKind#PIPE} without a length) and [COORDINATES], with
 * [OPTIONS] UNITS and HEADLOSS.
 *
 * <p>Units follow EPANET 2: flow units CFS, GPM, MGD, IMGD and AFD mean US units (elevations and lengths
 * in feet, diameters in inches), the others (LPS, LPM, MLD, CMH, CMD) SI units (metres, diameters in mm).
 * The model is in metres. Pipe roughness stays in the file's terms: Hazen-Williams C, Darcy-Weisbach ε
 * (mm in SI, 10⁻³ ft in US files) or Chezy-Manning n, as {@link Result#headloss()} names it. A reservoir's
 * invert is its total head. Problems are findings with line numbers and EPANET's error numbers:
 * 202 invalid number, 203 undefined node, 215 duplicate id, 201 too few items.
 */
public final class EpanetInp {
    /**
     * A file read into a model.
     *
     * @param model nodes and links in metres
     * @param flowUnits UNITS of the file (GPM if none, as in EPANET)
     * @param headloss HEADLOSS formula of the file: H-W, D-W or C-M (H-W if none)
     * @param findings the problems found, in file order
     * @param valves number of [VALVES] lines read
     */
    public record Result(NetworkModel model, String flowUnits, String headloss, List<Finding> findings, int valves) {
    }

    private EpanetInp() {
    }

    /**
     * Reads an EPANET input file.
     *
     * @throws CgisException only when the file cannot be read
     */
    public static Result read(Path file) {
        List<InpLines.Line> lines = InpLines.read(file);
        String units = "GPM";
        String headloss = "H-W";
        for (InpLines.Line line : lines) {
            if (line.section().equals("OPTIONS")) {
                String key = line.token(0).toUpperCase(Locale.ROOT);
                if (key.equals("UNITS")) {
                    units = line.token(1).toUpperCase(Locale.ROOT);
                } else if (key.equals("HEADLOSS")) {
                    headloss = line.token(1).toUpperCase(Locale.ROOT);
                }
            }
        }
        boolean us = switch (units) {
            case "CFS", "GPM", "MGD", "IMGD", "AFD" -> true;
            default -> false;
        };
        double length = us ? SwmmInp.FOOT_M : 1.0;
        double diameter = us ? 0.0254 : 0.001;

        NetworkModel model = new NetworkModel();
        List<Finding> findings = new ArrayList<>();
        Map<String, String> nodeNames = new HashMap<>();
        int valves = 0;
        for (InpLines.Line line : lines) {
            NodeKind kind = switch (line.section()) {
                case "JUNCTIONS" -> NodeKind.JUNCTION;
                case "RESERVOIRS" -> NodeKind.RESERVOIR;
                case "TANKS" -> NodeKind.TANK;
                default -> null;
            };
            if (kind == null) {
                continue;
            }
            if (line.tokens().size() < 2) {
                findings.add(Finding.onLine("epanet_201", Severity.ERROR, line.token(0), line.number(), "epanet.e201",
                        line.number(), line.section(), 2));
                continue;
            }
            String key = line.token(0).toUpperCase(Locale.ROOT);
            if (nodeNames.containsKey(key)) {
                findings.add(Finding.onLine("epanet_215", Severity.ERROR, line.token(0), line.number(), "epanet.e215",
                        line.number(), line.token(0)));
                continue;
            }
            Node node = new Node(line.token(0), kind, Double.NaN, Double.NaN);
            node.line = line.number();
            node.invertM = number(line, 1, findings) * length;
            if (kind == NodeKind.TANK && line.tokens().size() >= 5) {
                // Tank bottom elevation plus its maximum level is the top of the tank.
                node.groundM = node.invertM + number(line, 4, findings) * length;
            }
            nodeNames.put(key, node.name);
            model.add(node);
        }

        Map<String, String> linkNames = new HashMap<>();
        for (InpLines.Line line : lines) {
            boolean pipe = line.section().equals("PIPES");
            boolean pump = line.section().equals("PUMPS");
            boolean valve = line.section().equals("VALVES");
            if (!pipe && !pump && !valve) {
                continue;
            }
            int needed = 5;
            if (pipe) {
                needed = 6;
            } else if (pump) {
                needed = 4;
            }
            if (line.tokens().size() < needed) {
                findings.add(Finding.onLine("epanet_201", Severity.ERROR, line.token(0), line.number(), "epanet.e201",
                        line.number(), line.section(), needed));
                continue;
            }
            String key = line.token(0).toUpperCase(Locale.ROOT);
            if (linkNames.containsKey(key)) {
                findings.add(Finding.onLine("epanet_215", Severity.ERROR, line.token(0), line.number(), "epanet.e215",
                        line.number(), line.token(0)));
                continue;
            }
            String from = nodeNames.get(line.token(1).toUpperCase(Locale.ROOT));
            String to = nodeNames.get(line.token(2).toUpperCase(Locale.ROOT));
            if (from == null || to == null) {
                findings.add(Finding.onLine("epanet_203", Severity.ERROR, line.token(0), line.number(), "epanet.e203",
                        line.number(), from == null ? line.token(1) : line.token(2)));
                continue;
            }
            Link link = new Link(line.token(0), pump ? LinkKind.PUMP : LinkKind.PIPE, from, to);
            link.line = line.number();
            if (pipe) {
                link.lengthM = number(line, 3, findings) * length;
                link.geom1M = number(line, 4, findings) * diameter;
                link.roughness = number(line, 5, findings);
                for (String[] field : new String[][] {{"length", line.token(3)}, {"diameter", line.token(4)},
                        {"roughness", line.token(5)}}) {
                    double value = number(field[1]);
                    if (!(value > 0)) {
                        findings.add(Finding.onLine("invalid_" + field[0], Severity.ERROR, link.name, line.number(),
                                "epanet.notPositive", line.number(), link.name, field[0], field[1]));
                    }
                }
            } else if (valve) {
                valves++;
                link.geom1M = number(line, 3, findings) * diameter;
                link.extra.addAll(line.tokens().subList(4, line.tokens().size()));
            } else {
                link.extra.addAll(line.tokens().subList(3, line.tokens().size()));
            }
            linkNames.put(key, link.name);
            model.add(link);
        }

        for (InpLines.Line line : lines) {
            if (line.section().equals("COORDINATES") && line.tokens().size() >= 3) {
                String name = nodeNames.get(line.token(0).toUpperCase(Locale.ROOT));
                if (name == null) {
                    findings.add(Finding.onLine("epanet_203", Severity.ERROR, line.token(0), line.number(),
                            "epanet.e203", line.number(), line.token(0)));
                } else {
                    Node node = model.node(name).orElseThrow();
                    node.x = number(line, 1, findings);
                    node.y = number(line, 2, findings);
                }
            }
        }
        return new Result(model, units, headloss, List.copyOf(findings), valves);
    }

    private static double number(InpLines.Line line, int i, List<Finding> findings) {
        double value = number(line.token(i));
        if (Double.isNaN(value)) {
            findings.add(Finding.onLine("epanet_202", Severity.ERROR, line.token(0), line.number(), "epanet.e202",
                    line.number(), line.token(i)));
        }
        return value;
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
