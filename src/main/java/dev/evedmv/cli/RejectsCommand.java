package dev.evedmv.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

import dev.evedmv.EveDmvException;
import dev.evedmv.Json;
import dev.evedmv.db.Database;
import dev.evedmv.ingest.RejectedInput;
import dev.evedmv.ingest.RejectedInputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rejects list|show}: the input that imports and feeds could not store, with its source and reason. */
@Command(name = "rejects", description = "Input that could not be stored (import, feeds): list it, show one.",
        mixinStandardHelpOptions = true, subcommands = {RejectsCommand.ListRejects.class, RejectsCommand.Show.class})
final class RejectsCommand implements Runnable {
    /** Text payloads longer than this are cut in the terminal; {@code --output} writes them whole. */
    static final int SHOWN_CHARS = 64 * 1024;
    /** Binary payloads are dumped up to this many bytes. */
    static final int SHOWN_BYTES = 4 * 1024;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", description = "The newest rejected inputs: id, time, source, payload size and reason.")
    static final class ListRejects implements Runnable {
        private final CliContext context;

        @Option(names = "--since", paramLabel = "YYYY-MM-DD", description = "Only those received on or after this UTC day.")
        LocalDate since;

        @Option(names = "--source", paramLabel = "S", description = "Only those whose source starts with S "
                + "(a file name such as killmails-2026-11-20.tar.bz2, or r2z2, sse).")
        String source;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "" + RejectedInputs.DEFAULT_LIMIT, description = "At most N (1-"
                + RejectedInputs.MAX_LIMIT + "), newest first (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print the JSON of GET /api/v1/ops/rejects: {\"total\", \"rejects\": "
                + "[{\"id\", \"source\", \"reason\", \"received_at\", \"payload_bytes\"}]}.")
        boolean json;

        ListRejects(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            if (limit < 1 || limit > RejectedInputs.MAX_LIMIT) {
                throw new EveDmvException("--limit must be between 1 and " + RejectedInputs.MAX_LIMIT);
            }
            RejectedInputs.Filter filter = RejectedInputs.Filter.of(since, source);
            RejectedInputs.Page page;
            try (Database db = context.openDatabase()) {
                page = new RejectedInputs(db).list(filter, limit);
            }
            PrintStream out = context.out();
            if (json) {
                out.println(Json.pretty(page.toJson()));
                return;
            }
            if (page.total() == 0) {
                out.println("no rejected input" + (since != null || filter.source() != null ? " matches" : ""));
                return;
            }
            for (RejectedInput r : page.rejects()) {
                out.printf("%8d  %s  %s  %s  %s%n", r.id(), r.receivedAt(), r.source(), size(r.payloadBytes()),
                        oneLine(r.reason()));
            }
            out.printf(Locale.ROOT, "%,d rejected input%s%s; 'rejects show ID' shows one with its payload%n",
                    page.total(), page.total() == 1 ? "" : "s",
                    page.total() > page.rejects().size() ? " (newest " + page.rejects().size() + " listed)" : "");
        }
    }

    @Command(name = "show", description = "One rejected input: its source, time, reason and payload "
            + "(text as is, anything else as a hex dump).")
    static final class Show implements Runnable {
        private final CliContext context;

        @Parameters(paramLabel = "ID", description = "The id 'rejects list' gives.")
        long id;

        @Option(names = "--output", paramLabel = "FILE", description = "Also write the payload, byte for byte, to FILE.")
        Path output;

        Show(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            RejectedInputs.WithPayload found;
            try (Database db = context.openDatabase()) {
                found = new RejectedInputs(db).get(id).orElseThrow(
                        () -> new EveDmvException("no rejected input " + id + "; 'rejects list' shows the ids"));
            }
            RejectedInput r = found.reject();
            PrintStream out = context.out();
            out.println("id:          " + r.id());
            out.println("source:      " + r.source());
            out.println("received at: " + r.receivedAt());
            out.println("reason:      " + r.reason());
            byte[] payload = found.payload();
            if (payload == null) {
                out.println("payload:     none kept");
                return;
            }
            if (output != null) {
                try {
                    Files.write(output, payload);
                } catch (IOException e) {
                    throw new EveDmvException("cannot write " + output + ": " + e.getMessage(), e);
                }
            }
            String text = text(payload);
            out.println("payload:     " + size(payload.length) + (text != null ? ", text" : ", binary (hex dump)")
                    + (output != null ? ", written to " + output : ""));
            int limit = text != null ? SHOWN_CHARS : SHOWN_BYTES;
            int whole = text != null ? text.length() : payload.length;
            out.println(text != null ? text.substring(0, Math.min(whole, limit)) : hexDump(payload, Math.min(whole, limit)));
            if (whole > limit) {
                out.printf(Locale.ROOT, "… %,d more %s; --output FILE writes the whole payload%n", whole - limit,
                        text != null ? "characters" : "bytes");
            }
        }
    }

    /** The payload as text when it is UTF-8 without control characters other than tab and line ends; null otherwise. */
    static String text(byte[] payload) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                return null;
            }
        }
        return s;
    }

    /** Offset, 16 bytes in hex, and the printable ones as ASCII. */
    static String hexDump(byte[] payload, int length) {
        StringBuilder b = new StringBuilder();
        for (int line = 0; line < length; line += 16) {
            b.append(String.format(Locale.ROOT, "%08x  ", line));
            StringBuilder ascii = new StringBuilder();
            for (int i = line; i < line + 16; i++) {
                if (i < length) {
                    int v = payload[i] & 0xff;
                    b.append(String.format(Locale.ROOT, "%02x ", v));
                    ascii.append(v >= 0x20 && v < 0x7f ? (char) v : '.');
                } else {
                    b.append("   ");
                }
            }
            b.append(' ').append(ascii);
            if (line + 16 < length) {
                b.append('\n');
            }
        }
        return b.toString();
    }

    private static String size(Integer bytes) {
        return bytes == null ? "no payload" : String.format(Locale.ROOT, "%,d bytes", bytes);
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ");
    }
}
