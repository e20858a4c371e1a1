package dev.evedmv.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;

/** The log file of the shipped logback.xml: values with line breaks and NUL bytes cannot forge a line. */
class LogForgingTest {
    private static final String FORGED = "2026-12-02 01:00:00,000 [main] ERROR FORGED LINE";
    private static final String QUERY = "ab\u0000\n" + FORGED;

    @Test
    void controlCharactersInMessagesAndExceptionsAreEscaped(@TempDir Path dir) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        context.putProperty("evedmv.log.dir", dir.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogForgingTest.class.getResource("/logback.xml"));
        Logger log = context.getLogger("dev.evedmv.api.HttpServer");
        log.info("Search {}", QUERY);
        log.error("Request failed", new IllegalStateException("bad q " + QUERY,
                new IllegalArgumentException("cause\r\n" + FORGED)));
        context.stop();

        byte[] bytes = Files.readAllBytes(dir.resolve("eve-dmv.log"));
        assertThat(bytes).as("no raw NUL byte").doesNotContain((byte) 0);
        List<String> lines = Files.readAllLines(dir.resolve("eve-dmv.log"), StandardCharsets.UTF_8);
        assertThat(lines).noneMatch(l -> l.startsWith("2026-12-02 01:00:00"));
        assertThat(lines).anyMatch(l -> l.endsWith("Search ab\\u0000\\n" + FORGED));
        assertThat(lines).contains("java.lang.IllegalStateException: bad q ab\\u0000\\n" + FORGED,
                "Caused by: java.lang.IllegalArgumentException: cause\\r\\n" + FORGED);
        assertThat(lines).as("the stack trace keeps its lines").anyMatch(l -> l.startsWith("\tat dev.evedmv.logging."));
    }

    @Test
    void escapesEveryControlCharacterAndKeepsTheRest() {
        assertThat(LogEscape.escape("plain text, C:\\dir")).isEqualTo("plain text, C:\\dir");
        assertThat(LogEscape.escape("a\tb\u001b[31m\u007f\u0085\u2028z")).isEqualTo("a\\tb\\u001b[31m\\u007f\\u0085\\u2028z");
        assertThat(LogEscape.escape(null)).isNull();
    }
}
