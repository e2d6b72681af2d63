package io.taskcast.kafka.launcher;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module edges as rules, over the main classes of every module of the server: each role sees
 * only {@code schemas} and {@code platform}, never another role or the launcher; the shared modules
 * see no role; no two packages depend on each other in a cycle; a role's class is public only when
 * something outside its package uses it. ({@code bench} and {@code system-tests} depend on the
 * launcher and nothing depends on them, which Maven itself enforces.)
 */
class ModuleBoundariesTest {

    private static final String BASE = "io.taskcast.kafka";
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);

    /** Public only for the replay ITs, which run them in another package of their module (not imported here). */
    private static final Set<String> USED_BY_TESTS_OF_OTHER_PACKAGES = Set.of(
            "io.taskcast.kafka.processor.archive.Archiver", "io.taskcast.kafka.processor.RedisViewWriter");

    private static final String SCHEMAS = BASE + ".schemas..";
    private static final String PLATFORM = BASE + ".platform..";
    private static final String PROCESSOR = BASE + ".processor..";
    private static final String INGEST = BASE + ".ingest..";
    private static final String GATEWAY = BASE + ".gateway..";
    private static final String WEBHOOK = BASE + ".webhook..";
    private static final String LAUNCHER = BASE + ".launcher..";
    private static final String EMBEDDED = BASE + ".embedded..";
    private static final String TESTKIT = BASE + ".testkit..";

    @Test
    void shouldLetEachRoleSeeOnlySchemasAndPlatform() {
        role(PROCESSOR, INGEST, GATEWAY, WEBHOOK);
        role(INGEST, PROCESSOR, GATEWAY, WEBHOOK);
        role(GATEWAY, PROCESSOR, INGEST, WEBHOOK);
        role(WEBHOOK, PROCESSOR, INGEST, GATEWAY);
    }

    @Test
    void shouldKeepTheSharedModulesFreeOfRoles() {
        noClasses().that().resideInAPackage(SCHEMAS)
                .should().dependOnClassesThat().resideInAnyPackage(PLATFORM, PROCESSOR, INGEST, GATEWAY, WEBHOOK,
                        LAUNCHER, EMBEDDED, TESTKIT)
                .check(CLASSES);
        noClasses().that().resideInAPackage(PLATFORM)
                .should().dependOnClassesThat().resideInAnyPackage(PROCESSOR, INGEST, GATEWAY, WEBHOOK, LAUNCHER,
                        EMBEDDED, TESTKIT)
                .check(CLASSES);
    }

    @Test
    void shouldHaveNoPackageCycles() {
        slices().matching(BASE + ".(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void shouldKeepEachRolesInternalsOutOfItsPublicSurface() {
        classes().that().resideInAnyPackage(PROCESSOR, INGEST, GATEWAY, WEBHOOK).and().arePublic()
                .and().areTopLevelClasses()
                .should(new ArchCondition<>("be used outside their package, or be an auto-configuration or its properties") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        boolean usedOutside = type.getDirectDependenciesToSelf().stream()
                                .anyMatch(d -> !d.getOriginClass().getPackageName().equals(type.getPackageName()));
                        boolean wiring = type.getSimpleName().endsWith("AutoConfiguration")
                                || type.getSimpleName().endsWith("Properties");
                        if (!usedOutside && !wiring && !USED_BY_TESTS_OF_OTHER_PACKAGES.contains(type.getName())) {
                            events.add(SimpleConditionEvent.violated(type, type.getName()
                                    + " is public but nothing outside its package uses it"));
                        }
                    }
                })
                .check(CLASSES);
    }

    private static void role(String role, String... others) {
        noClasses().that().resideInAPackage(role)
                .should().dependOnClassesThat().resideInAnyPackage(concat(others, LAUNCHER, EMBEDDED, TESTKIT))
                .because("a role is a library the launcher composes; it sees only schemas and platform")
                .check(CLASSES);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
