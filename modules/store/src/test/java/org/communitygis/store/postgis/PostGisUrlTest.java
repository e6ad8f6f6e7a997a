package org.communitygis.store.postgis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.communitygis.core.CgisException;
import org.junit.jupiter.api.Test;

class PostGisUrlTest {
    @Test
    void fullUrlParsed() {
        PostGisUrl url = PostGisUrl.parse("postgresql://planner:p%40ss%3Aw0rd@127.0.0.1:5433/village?schema=shiyan&sslmode=disable");
        assertThat(url.host()).isEqualTo("127.0.0.1");
        assertThat(url.port()).isEqualTo(5433);
        assertThat(url.database()).isEqualTo("village");
        assertThat(url.schema()).isEqualTo("shiyan");
        assertThat(url.user()).isEqualTo("planner");
        assertThat(url.password()).isEqualTo("p@ss:w0rd");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5433/village");
        assertThat(url.properties()).containsEntry("sslmode", "disable").containsEntry("user", "planner")
                .containsEntry("password", "p@ss:w0rd");
        assertThat(url).hasToString("postgresql://planner@127.0.0.1:5433/village?schema=shiyan&sslmode=disable");
    }

    @Test
    void jdbcFormAndDefaults() {
        PostGisUrl url = PostGisUrl.parse("jdbc:postgresql://db.example/gis");
        assertThat(url.port()).isEqualTo(5432);
        assertThat(url.schema()).isEqualTo(PostGisUrl.DEFAULT_SCHEMA);
        assertThat(url.user()).isEmpty();
        assertThat(PostGisUrl.isUrl("postgres://h/d")).isTrue();
        assertThat(PostGisUrl.isUrl("village.gpkg")).isFalse();
    }

    @Test
    void malformedUrlRejectedWithoutPassword() {
        assertThatThrownBy(() -> PostGisUrl.parse("postgresql://u:secret@host")).isInstanceOf(CgisException.class)
                .hasMessage("Cannot read database URL postgresql://u:***@host. Write it as"
                        + " postgresql://user:password@host:port/database?schema=name.");
        assertThatThrownBy(() -> PostGisUrl.parse("postgresql://h/d?schema=a;drop")).isInstanceOf(CgisException.class)
                .hasMessageContaining("\"a;drop\"");
        assertThatThrownBy(() -> PostGisUrl.parse("postgresql://h/d?schema=pg_catalog")).isInstanceOf(CgisException.class);
    }

    @Test
    void passwordInQueryRedacted() {
        assertThat(PostGisUrl.redact("postgresql://h/d?user=u&password=secret&schema=s"))
                .isEqualTo("postgresql://h/d?user=u&password=***&schema=s");
    }

    @Test
    void driverReasonLosesFinalStop() {
        assertThat(PostGisStore.withoutFinalStop("Connection to 127.0.0.1:5432 refused. ")).isEqualTo(
                "Connection to 127.0.0.1:5432 refused");
        assertThat(PostGisStore.withoutFinalStop("连接被拒绝。")).isEqualTo("连接被拒绝");
        assertThat(PostGisStore.withoutFinalStop("timeout after 5 s")).isEqualTo("timeout after 5 s");
    }
}
