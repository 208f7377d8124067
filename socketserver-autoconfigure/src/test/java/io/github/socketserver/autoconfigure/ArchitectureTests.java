package io.github.socketserver.autoconfigure;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lines between the packages: the core knows nothing of Spring, and nothing outside
 * {@code autoconfigure} reaches into it.
 */
class ArchitectureTests {

	private static final String[] CORE = { "io.github.socketserver", "io.github.socketserver.handler",
			"io.github.socketserver.threading", "io.github.socketserver.access", "io.github.socketserver.fork",
			"io.github.socketserver.connection", "io.github.socketserver.listener", "io.github.socketserver.options" };

	private static final String[] OUTSIDE_AUTOCONFIGURE = { "io.github.socketserver", "io.github.socketserver.handler",
			"io.github.socketserver.threading", "io.github.socketserver.access", "io.github.socketserver.fork",
			"io.github.socketserver.connection", "io.github.socketserver.listener", "io.github.socketserver.options",
			"io.github.socketserver.context", "io.github.socketserver.metrics", "io.github.socketserver.health",
			"io.github.socketserver.endpoint" };

	private static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.github.socketserver");
		// Both modules are imported, or the rules below would hold for want of classes.
		assertThat(classes.contain("io.github.socketserver.BaseServer")).isTrue();
		assertThat(classes.contain("io.github.socketserver.context.ManagedSocketServer")).isTrue();
		assertThat(classes.contain("io.github.socketserver.autoconfigure.SocketServerAutoConfiguration")).isTrue();
	}

	@Test
	void nothingOutsideAutoconfigureDependsOnIt() {
		noClasses().that()
			.resideInAnyPackage(OUTSIDE_AUTOCONFIGURE)
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.socketserver.autoconfigure..")
			.check(classes);
	}

	@Test
	void packagesOfBothModulesAreFreeOfCycles() {
		slices().assignedFrom(new SliceAssignment() {

			@Override
			public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
				return SliceIdentifier.of(javaClass.getPackageName());
			}

			@Override
			public String getDescription() {
				return "one slice per package";
			}

		}).should().beFreeOfCycles().check(classes);
	}

	@Test
	void coreDependsOnNothingFromSpring() {
		noClasses().that()
			.resideInAnyPackage(CORE)
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework..")
			.check(classes);
	}

}
