package org.communitygis.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.communitygis.core.feature.LayerNames;
import org.junit.jupiter.api.Test;

class SourceLayerNamesTest {
    @Test
    void chineseNamesEncodedDistinctly() {
        assertThat(SourceLayerNames.of("房屋")).isEqualTo("u623f_u5c4b");
        assertThat(SourceLayerNames.of("道路")).isEqualTo("u9053_u8def");
        assertThat(SourceLayerNames.of("房屋2023")).isEqualTo("u623f_u5c4b_2023");
        assertThat(SourceLayerNames.of("My Pipes-2")).isEqualTo("my_pipes_2");
    }

    @Test
    void longChineseNamesCutWithHash() {
        String first = "某某县某某镇某某村二零二三年房屋普查结果";
        String second = "某某县某某镇某某村二零二三年房屋普查结论";

        String firstName = SourceLayerNames.of(first);
        String secondName = SourceLayerNames.of(second);

        assertThat(firstName.length()).isLessThanOrEqualTo(50);
        assertThat(LayerNames.isValid(firstName)).isTrue();
        assertThat(LayerNames.isValid(secondName)).isTrue();
        assertThat(firstName).isNotEqualTo(secondName);
    }
}
