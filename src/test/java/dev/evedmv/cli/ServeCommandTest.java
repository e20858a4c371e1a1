package dev.evedmv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.evedmv.EveDmvConfig;

/** Where serve listens: EVEDMV_HTTP_HOST, else loopback for a demo and every interface otherwise. */
class ServeCommandTest {
    @Test
    void listensWhereTheSettingSaysOrLoopbackForADemo(@TempDir Path home) {
        EveDmvConfig unset = EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString()));
        assertThat(ServeCommand.listenHost(unset, true)).isEqualTo("127.0.0.1");
        assertThat(ServeCommand.listenHost(unset, false)).isEqualTo("0.0.0.0");
        EveDmvConfig loopback = EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString(), "EVEDMV_HTTP_HOST", "127.0.0.1"));
        assertThat(ServeCommand.listenHost(loopback, false)).isEqualTo("127.0.0.1");
        EveDmvConfig everywhere = EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString(), "EVEDMV_HTTP_HOST", "0.0.0.0"));
        assertThat(ServeCommand.listenHost(everywhere, true)).as("the setting wins over --demo").isEqualTo("0.0.0.0");
    }
}
