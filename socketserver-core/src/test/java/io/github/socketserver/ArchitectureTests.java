package io.github.socketserver;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of the core: plain Java without Spring or Micrometer, handlers that know
 * nothing of how they are run, a threading package that knows nothing of servers, and an
 * access and a fork package that the servers do not depend on.
 */
@AnalyzeClasses(packages = "io.github.socketserver", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	/**
	 * One slice per package, the root package included.
	 */
	static final SliceAssignment EVERY_PACKAGE = new SliceAssignment() {

		@Override
		public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
			return SliceIdentifier.of(javaClass.getPackageName());
		}

		@Override
		public String getDescription() {
			return "one slice per package";
		}

	};

	@ArchTest
	static final ArchRule packagesAreFreeOfCycles = slices().assignedFrom(EVERY_PACKAGE)
		.should()
		.beFreeOfCycles()
		.because("each package is one room, and no arrow between rooms runs both ways");

	@ArchTest
	static final ArchRule handlersDoNotReachTheServer = noClasses().that()
		.resideInAPackage("io.github.socketserver.handler..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.github.socketserver", "io.github.socketserver.options..")
		.because("a handler sees its request and the narrow RequestServer, not the server's internals");

	@ArchTest
	static final ArchRule coreImportsNothingFromSpringOrMicrometer = noClasses().that()
		.resideInAPackage("io.github.socketserver..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..", "io.micrometer..")
		.because("the core is plain Java, usable without Spring");

	@ArchTest
	static final ArchRule handlersDoNotDependOnThreading = noClasses().that()
		.resideInAPackage("io.github.socketserver.handler..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.github.socketserver.threading..", "io.github.socketserver.fork..",
				"io.github.socketserver.access..")
		.because("a handler runs the same whatever the threading mode");

	@ArchTest
	static final ArchRule threadingKnowsNothingOfServers = noClasses().that()
		.resideInAPackage("io.github.socketserver.threading..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.github.socketserver", "io.github.socketserver.handler..",
				"io.github.socketserver.access..", "io.github.socketserver.fork..")
		.because("a threading mode only runs Runnables; servers track their requests themselves");

	@ArchTest
	static final ArchRule serversDoNotDependOnAccessOrFork = noClasses().that()
		.resideInAnyPackage("io.github.socketserver", "io.github.socketserver.handler..",
				"io.github.socketserver.threading..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.github.socketserver.access..", "io.github.socketserver.fork..")
		.because("access control and fork handlers plug into the servers from outside");

	@ArchTest
	static final ArchRule accessDoesNotDependOnHowRequestsRun = noClasses().that()
		.resideInAPackage("io.github.socketserver.access..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.github.socketserver.threading..", "io.github.socketserver.fork..");

	@ArchTest
	static final ArchRule codecsKnowNothingOfConnections = noClasses().that()
		.resideInAPackage("io.github.socketserver.codec..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.github.socketserver", "io.github.socketserver.handler..",
				"io.github.socketserver.connection..", "io.github.socketserver.message..",
				"io.github.socketserver.options..")
		.because("a codec is stateless byte work, shared by stream and datagram servers and the message engine");

}
