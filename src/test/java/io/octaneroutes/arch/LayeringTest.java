package io.octaneroutes.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The structure design.md asks for, checked on the compiled classes (ArchUnit): the gateway is the
 * ground floor, the simulator shares nothing with the client, and a ProducerTemplate (a hop that
 * no route shows) is used only where it must be.
 */
class LayeringTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.octaneroutes");
    }

    /** The gateway imports nothing from the layers above it; what it needs of them (journaling a call) it gets as StepListener. */
    static final ArchRule GATEWAY_IS_THE_GROUND_FLOOR = noClasses().that().resideInAPackage("io.octaneroutes.gateway..")
            .should().dependOnClassesThat().resideInAnyPackage("io.octaneroutes.flow..", "io.octaneroutes.app..", "io.octaneroutes.poller..",
                    "io.octaneroutes.intake..", "io.octaneroutes.journal..", "io.octaneroutes.events..", "io.octaneroutes.ops..",
                    "io.octaneroutes.probe..", "io.octaneroutes.sim..")
            .because("design.md: gateway/ is the ground floor");

    /** The simulator is an independent stand-in: it must not agree with the client by sharing its classes. */
    static final ArchRule SIMULATOR_SHARES_NOTHING = noClasses().that().resideInAPackage("io.octaneroutes.sim..")
            .should().dependOnClassesThat().resideInAnyPackage("io.octaneroutes.gateway..", "io.octaneroutes.flow..", "io.octaneroutes.journal..",
                    "io.octaneroutes.poller..", "io.octaneroutes.intake..", "io.octaneroutes.ops..", "io.octaneroutes.probe..", "io.octaneroutes.events..")
            .because("design.md: the simulator shares nothing with the gateway");

    static final ArchRule CLIENT_DOES_NOT_USE_THE_SIMULATOR = noClasses().that().resideInAnyPackage("io.octaneroutes.gateway..",
                    "io.octaneroutes.flow..", "io.octaneroutes.journal..", "io.octaneroutes.poller..", "io.octaneroutes.intake..", "io.octaneroutes.ops..")
            .should().dependOnClassesThat().resideInAPackage("io.octaneroutes.sim..")
            .because("only app/ starts the embedded simulator");

    /**
     * Going from one route to another is a to: in the routes; a bean computes. ProducerTemplate only
     * where no route can be the caller: the configuration that creates it, Events (called from every
     * layer), the poller's read of an order from a Quartz tick, the reconciler's lookup inside a
     * failed create, and the probe (no routes of its own).
     */
    static final ArchRule PRODUCER_TEMPLATE_ONLY_WHERE_IT_MUST = noClasses()
            .that().doNotHaveFullyQualifiedName("io.octaneroutes.app.OctaneConfiguration")
            .and().doNotHaveFullyQualifiedName("io.octaneroutes.events.Events")
            .and().doNotHaveFullyQualifiedName("io.octaneroutes.poller.OrderPoller")
            .and().doNotHaveFullyQualifiedName("io.octaneroutes.flow.Reconciler")
            .and().resideOutsideOfPackage("io.octaneroutes.probe..")
            .should().dependOnClassesThat().haveFullyQualifiedName("org.apache.camel.ProducerTemplate");

    @Test
    void theGatewayDependsOnNothingAboveIt() {
        GATEWAY_IS_THE_GROUND_FLOOR.check(classes);
    }

    @Test
    void theSimulatorSharesNoClassWithTheClient() {
        SIMULATOR_SHARES_NOTHING.check(classes);
        CLIENT_DOES_NOT_USE_THE_SIMULATOR.check(classes);
    }

    @Test
    void producerTemplatesOnlyWhereTheyMust() {
        PRODUCER_TEMPLATE_ONLY_WHERE_IT_MUST.check(classes);
    }
}
