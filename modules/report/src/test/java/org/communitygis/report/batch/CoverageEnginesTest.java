package org.communitygis.report.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Locale;
import java.util.Map;
import org.communitygis.core.CgisException;
import org.junit.jupiter.api.Test;

/** The report module alone has only the local engine on its class path; report-spark is not a dependency. */
class CoverageEnginesTest {
    @Test
    void unknownEngineListsSpark() {
        CgisException error = catchThrowableOfType(() -> CoverageEngines.open("sparky", Map.of()), CgisException.class);

        assertThat(error.message().key()).isEqualTo("batch.unknownEngine.notLoaded");
        String english = error.message().english();
        assertThat(english).contains("\"sparky\"");
        assertThat(english).contains("local, spark");
        assertThat(english).contains("--engine spark");
        assertThat(error.message().bundle().format(Locale.SIMPLIFIED_CHINESE, error.message().key(), error.message().args()))
                .contains("local, spark").contains("--engine spark");
    }
}
