package org.communitygis.report.batch;

import java.util.Map;

/**
 * Creates a {@link CoverageEngine}; registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/org.communitygis.report.batch.CoverageEngineProvider}.
 */
public interface CoverageEngineProvider {

    /** Returns the engine name that {@code --engine} selects, e.g. {@code local} or {@code spark}. */
    String name();

    /**
     * Creates the engine.
     *
     * @param settings engine settings from the command line, e.g. {@code master=local[2]} from
     *     {@code --master}; an engine ignores keys it does not use
     * @throws org.communitygis.core.CgisException when a setting is invalid or the engine cannot start
     */
    CoverageEngine create(Map<String, String> settings);
}
