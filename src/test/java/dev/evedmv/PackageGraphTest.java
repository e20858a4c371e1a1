package dev.evedmv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages of the main code depend only downward (docs/architecture.md, "Packages"): no two
 * packages reach each other through their imports, nothing but {@code cli} uses {@code cli}, and
 * {@code db} and the root package {@code dev.evedmv} use no feature package. The graph is read
 * from the sources: every reference to a class of another package, imported or written out in full
 * (comments and string literals do not count).
 */
class PackageGraphTest {
    private static final String ROOT = "dev.evedmv";
    private static final Path MAIN = Path.of("src/main/java");

    /**
     * A class's name in full (lower-case package segments, then the class; nested names after it are
     * dropped), or a whole package imported with {@code .*}.
     */
    private static final Pattern REFERENCE =
            Pattern.compile("\\bdev\\.evedmv((?:\\.[a-z_][a-z0-9_]*)*)\\.([A-Z]\\w*|\\*)");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    /** package → package it uses → the "Class -> UsedClass" references that make it use it. */
    private static Map<String, Map<String, Set<String>>> graph;

    @BeforeAll
    static void readSources() {
        graph = packageGraph(MAIN);
    }

    @Test
    void theGraphIsReadFromEveryPackage() {
        // a walk that found nothing would pass every other test
        assertThat(graph.keySet()).contains(ROOT, ROOT + ".cli", ROOT + ".api", ROOT + ".db", ROOT + ".intel",
                ROOT + ".ops");
        assertThat(graph.get(ROOT + ".cli")).containsKeys(ROOT + ".api", ROOT + ".db");
    }

    @Test
    void noCycleBetweenPackages() {
        assertThat(cycles(graph)).as("cycles between packages (each with the references that close it)").isEmpty();
    }

    @Test
    void onlyTheCommandLineUsesTheCommandLine() {
        String cli = ROOT + ".cli";
        List<String> users = new ArrayList<>();
        graph.forEach((from, uses) -> {
            if (!from.equals(cli) && uses.containsKey(cli)) {
                users.add(from + " -> cli " + uses.get(cli));
            }
        });
        assertThat(users).isEmpty();
    }

    @Test
    void dbAndTheRootPackageUseNoFeaturePackage() {
        assertThat(uses(ROOT + ".db")).as("packages db uses").allSatisfy(p -> assertThat(p).isEqualTo(ROOT));
        assertThat(uses(ROOT)).as("packages dev.evedmv uses").isEmpty();
    }

    @Test
    void theCycleReportNamesTheClassesOnEachStep() {
        Map<String, Map<String, Set<String>>> g = new TreeMap<>();
        g.computeIfAbsent("a", k -> new TreeMap<>()).put("b", Set.of("A1 -> B1"));
        g.computeIfAbsent("b", k -> new TreeMap<>()).put("c", Set.of("B2 -> C1"));
        g.computeIfAbsent("c", k -> new TreeMap<>()).put("a", Set.of("C2 -> A2"));
        g.computeIfAbsent("c", k -> new TreeMap<>()).put("d", Set.of("C3 -> D1"));
        g.computeIfAbsent("d", k -> new TreeMap<>()).put("b", Set.of("D2 -> B3"));
        assertThat(cycles(g)).containsExactly(
                "a -> b -> c -> a: a -> b [A1 -> B1]; b -> c [B2 -> C1]; c -> a [C2 -> A2]",
                "b -> c -> d -> b: b -> c [B2 -> C1]; c -> d [C3 -> D1]; d -> b [D2 -> B3]");
        assertThat(cycles(Map.of("a", Map.of("b", Set.of("A -> B"))))).isEmpty();
    }

    @Test
    void referencesInCommentsAndStringsAreNotUses() {
        String source = """
                package dev.evedmv.db;
                import dev.evedmv.EveDmvException;
                /** See {@link dev.evedmv.api.HttpServer}. */
                class X { // dev.evedmv.ops.Health
                    String s = "dev.evedmv.intel.EntityKind \\" dev.evedmv.ingest.Importer";
                    Object o = dev.evedmv.cache.CacheKey.Nested.of(); /* dev.evedmv.web.WebPages */
                    char q = '"'; String t = \"""
                        dev.evedmv.names.Name \\\""" dev.evedmv.sde.StaticData\""";
                }
                import dev.evedmv.bench.*;
                """;
        assertThat(references(stripCommentsAndStrings(source))).containsExactly(
                Map.entry("dev.evedmv", "EveDmvException"), Map.entry("dev.evedmv.cache", "CacheKey"),
                Map.entry("dev.evedmv.bench", "*"));
    }

    private static Set<String> uses(String pkg) {
        return graph.getOrDefault(pkg, Map.of()).keySet();
    }

    static Map<String, Map<String, Set<String>>> packageGraph(Path sourceRoot) {
        Map<String, Map<String, Set<String>>> g = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                Matcher pkg = PACKAGE.matcher(source);
                if (!pkg.find()) {
                    throw new IllegalStateException(file + " has no package declaration");
                }
                String from = pkg.group(1);
                Map<String, Set<String>> uses = g.computeIfAbsent(from, k -> new TreeMap<>());
                String className = file.getFileName().toString().replace(".java", "");
                for (Map.Entry<String, String> ref : references(stripCommentsAndStrings(source))) {
                    if (!ref.getKey().equals(from)) {
                        uses.computeIfAbsent(ref.getKey(), k -> new TreeSet<>()).add(className + " -> " + ref.getValue());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return g;
    }

    /** (package, class) of every class of this project named in full in the code. */
    private static List<Map.Entry<String, String>> references(String code) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
            out.add(Map.entry(ROOT + m.group(1), m.group(2)));
        }
        return out;
    }

    /** The code with comments, string literals, text blocks and char literals blanked out. */
    static String stripCommentsAndStrings(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                int end = s.indexOf('\n', i);
                i = end < 0 ? s.length() : end;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
                out.append(' ');
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                while (end > 0 && s.charAt(end - 1) == '\\') {
                    end = s.indexOf("\"\"\"", end + 1);
                }
                i = end < 0 ? s.length() : end + 3;
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c && s.charAt(j) != '\n') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /**
     * Every cycle that some dependency closes: for each edge a -> b between packages of one strongly
     * connected component, a -> b followed by a shortest way back from b to a; each cycle listed
     * once, starting from its smallest package, with the references behind each step.
     */
    static List<String> cycles(Map<String, Map<String, Set<String>>> g) {
        Set<String> found = new LinkedHashSet<>();
        for (Set<String> component : components(g)) {
            for (String a : component) {
                for (String b : g.getOrDefault(a, Map.of()).keySet()) {
                    if (!component.contains(b)) {
                        continue;
                    }
                    List<String> cycle = new ArrayList<>();
                    cycle.add(a);
                    cycle.addAll(shortestPath(g, component, b, a));
                    found.add(describe(g, rotate(cycle)));
                }
            }
        }
        return found.stream().sorted().toList();
    }

    /** The strongly connected components of more than one package (Tarjan's algorithm). */
    private static List<Set<String>> components(Map<String, Map<String, Set<String>>> g) {
        Set<String> nodes = new TreeSet<>(g.keySet());
        g.values().forEach(uses -> nodes.addAll(uses.keySet()));
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        for (String n : nodes) {
            if (!index.containsKey(n)) {
                strongConnect(n, g, index, low, stack, onStack, out);
            }
        }
        return out;
    }

    private static void strongConnect(String v, Map<String, Map<String, Set<String>>> g, Map<String, Integer> index,
                                      Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                      List<Set<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : g.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                strongConnect(w, g, index, low, stack, onStack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }

    /** Breadth-first within the component: the packages from {@code from} to {@code to}, both included. */
    private static List<String> shortestPath(Map<String, Map<String, Set<String>>> g, Set<String> component,
                                             String from, String to) {
        Map<String, String> previous = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(from));
        previous.put(from, from);
        while (!queue.isEmpty() && !previous.containsKey(to)) {
            String n = queue.poll();
            for (String next : g.getOrDefault(n, Map.of()).keySet()) {
                if (component.contains(next) && !previous.containsKey(next)) {
                    previous.put(next, n);
                    queue.add(next);
                }
            }
        }
        List<String> path = new ArrayList<>();
        for (String n = to; !n.equals(from); n = previous.get(n)) {
            path.add(0, n);
        }
        path.add(0, from);
        return path;
    }

    /** The closed walk a -> … -> a started at its smallest package. */
    private static List<String> rotate(List<String> closed) {
        List<String> ring = closed.subList(0, closed.size() - 1);
        int start = ring.indexOf(ring.stream().min(String::compareTo).orElseThrow());
        List<String> out = new ArrayList<>(ring.subList(start, ring.size()));
        out.addAll(ring.subList(0, start));
        out.add(out.get(0));
        return out;
    }

    private static String describe(Map<String, Map<String, Set<String>>> g, List<String> cycle) {
        StringBuilder steps = new StringBuilder();
        for (int i = 0; i + 1 < cycle.size(); i++) {
            String a = cycle.get(i);
            String b = cycle.get(i + 1);
            steps.append(i == 0 ? "" : "; ").append(shortName(a)).append(" -> ").append(shortName(b))
                    .append(' ').append(new ArrayList<>(g.get(a).get(b)));
        }
        return String.join(" -> ", cycle.stream().map(PackageGraphTest::shortName).toList()) + ": " + steps;
    }

    /** {@code dev.evedmv.api} as {@code api}; the root package keeps its name. */
    private static String shortName(String pkg) {
        return pkg.startsWith(ROOT + ".") ? pkg.substring(ROOT.length() + 1) : pkg;
    }
}
