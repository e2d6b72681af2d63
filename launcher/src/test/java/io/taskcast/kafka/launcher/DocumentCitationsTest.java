package io.taskcast.kafka.launcher;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The design documents the code cites live in {@code docs/}, and every citation names something
 * that is there: {@code api.md §N} a section of {@code docs/api.md}, "invariant N" one of
 * {@code docs/architecture.md}'s invariants, {@code architecture.md} followed by a quoted name one of its
 * sections, and {@code taskcast-extras.md §N} a section of {@code docs/taskcast-extras.md}.
 */
class DocumentCitationsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern API = Pattern.compile("api\\.md ((?:§\\d+(?:\\.\\d+)?(?:, )?)+)");
    private static final Pattern EXTRAS = Pattern.compile("taskcast-extras\\.md ((?:§\\d+(?:\\.\\d+)?(?:, )?)+)");
    private static final Pattern SECTION_NUMBER = Pattern.compile("§(\\d+(?:\\.\\d+)?)");
    private static final Pattern INVARIANT = Pattern.compile("(?i)architecture(?:\\.md)? invariant (\\d+)");
    private static final Pattern NAMED = Pattern.compile("architecture\\.md, \"([^\"]+)\"");

    @Test
    void shouldFindEveryCitedSectionAndInvariantInTheProjectsDocs() {
        // given: the documents and everything that cites them
        String api = read(ROOT.resolve("docs/api.md"));
        String architecture = read(ROOT.resolve("docs/architecture.md"));
        Set<String> extrasSections = matches(Pattern.compile("(?m)^## (\\d+)\\. "),
                read(ROOT.resolve("docs/taskcast-extras.md")));
        Set<String> apiSections = matches(Pattern.compile("(?m)^#{2,3} (\\d+(?:\\.\\d+)?)\\. "), api);
        Set<String> invariants = matches(Pattern.compile("(?m)^(\\d+)\\. \\*\\*"), architecture);
        Set<String> sections = matches(Pattern.compile("(?m)^## (.+)$"), architecture);
        List<Path> sources = sources();

        // when
        List<String> missing = new ArrayList<>();
        int citations = 0;
        for (Path source : sources) {
            String text = read(source);
            citations += checkSections(API, text, apiSections, ROOT.relativize(source) + ": api.md §", missing);
            citations += checkSections(EXTRAS, text, extrasSections, ROOT.relativize(source) + ": taskcast-extras.md §",
                    missing);
            for (String number : matches(INVARIANT, text)) {
                citations++;
                if (!invariants.contains(number)) {
                    missing.add(ROOT.relativize(source) + ": invariant " + number);
                }
            }
            for (String name : matches(NAMED, text)) {
                citations++;
                if (!sections.contains(name)) {
                    missing.add(ROOT.relativize(source) + ": architecture.md, \"" + name + "\"");
                }
            }
        }

        // then
        assertThat(apiSections).as("sections of docs/api.md").contains("1", "5", "10");
        assertThat(invariants).as("invariants of docs/architecture.md").contains("1", "7");
        assertThat(extrasSections).as("sections of docs/taskcast-extras.md").contains("1", "5", "9");
        assertThat(citations).as("citations found (the patterns still match the code's way of citing)").isGreaterThan(50);
        assertThat(missing).as("citations of sections or invariants that docs/ does not have").isEmpty();
    }

    /** Counts the sections {@code citation} cites in {@code text}; each one not in {@code sections} goes to {@code missing}. */
    private static int checkSections(Pattern citation, String text, Set<String> sections, String where,
                                     List<String> missing) {
        int count = 0;
        Matcher m = citation.matcher(text);
        while (m.find()) {
            for (String number : matches(SECTION_NUMBER, m.group(1))) {
                count++;
                if (!sections.contains(number)) {
                    missing.add(where + number);
                }
            }
        }
        return count;
    }

    @Test
    void shouldCiteNoDocumentOutsideTheProject() {
        List<String> outside = new ArrayList<>();
        for (Path source : sources()) {
            if (source.endsWith("DocumentCitationsTest.java")) {
                continue;
            }
            String text = read(source);
            for (String outsider : List.of("shared/spec", "infra-facts.md", "style.md")) {
                if (text.contains(outsider)) {
                    outside.add(ROOT.relativize(source) + " cites " + outsider);
                }
            }
        }
        assertThat(outside).isEmpty();
    }

    private static List<Path> sources() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/")
                            && !p.toString().contains("/.taskcast/") && !p.toString().contains("/node_modules/"))
                    .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".md")
                            && !p.startsWith(ROOT.resolve("docs/api.md")))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
