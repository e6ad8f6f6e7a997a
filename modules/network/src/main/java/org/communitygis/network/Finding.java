package org.communitygis.network;

import org.communitygis.core.i18n.Message;

/**
 * One problem found in a network: a topology fault, an invalid attribute, an input-file error or a design
 * check that fails. Findings are collected and reported instead of raised, so one bad pipe does not stop
 * the check of the others.
 *
 * @param code short stable code, e.g. {@code dangling_end}; SWMM input errors use {@code swmm_111} …
 * @param severity how serious the finding is
 * @param element the feature id ({@code pipes} layer) or element name (SWMM/EPANET id) it concerns, or ""
 * @param x easting of its location in the layer's CRS (or the file's map units), NaN when unknown
 * @param y northing of its location, NaN when unknown
 * @param line 1-based line of the input file, or 0 for layer input
 * @param message the user-facing explanation
 */
public record Finding(String code, Severity severity, String element, double x, double y, int line,
        Message message) {

    /** Severity of a finding. */
    public enum Severity {
        /** The element cannot be used: the network is not built or exported with it. */
        ERROR,
        /** The element is used but probably wrong; a design would fail a check or a model misbehave. */
        WARNING,
        /** A change the builder made on its own (snapped ends, split links), listed for review. */
        INFO
    }

    /** Creates a finding at a location of a layer. */
    static Finding at(String code, Severity severity, String element, double x, double y, String key,
            Object... args) {
        return new Finding(code, severity, element, x, y, 0, new Message(NetworkMessages.BUNDLE, key, args));
    }

    /** Creates a finding on a line of an input file. */
    static Finding onLine(String code, Severity severity, String element, int line, String key, Object... args) {
        return new Finding(code, severity, element, Double.NaN, Double.NaN, line,
                new Message(NetworkMessages.BUNDLE, key, args));
    }

    /** Returns the English text, prefixed with the file line when there is one. */
    @Override
    public String toString() {
        String where = line > 0 ? "line " + line + ": " : "";
        return severity + " " + code + " " + where + message.english();
    }
}
