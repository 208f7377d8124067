package io.github.socketserver.threading;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ChildLimitExecutor}: a request that finds every child busy waits on a
 * thread of its own, never on the caller's (the serving thread), and is refused there
 * when the wait runs out or the executor closes. The waits are far longer than the test's
 * time out, so a call that waited on the caller's thread would fail it.
 */
@Timeout(60)
class ChildLimitExecutorTests {

	private static final Duration LONG_WAIT = Duration.ofSeconds(300);

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<String> ran = new CopyOnWriteArrayList<>();

	private final List<RejectedExecutionException> refused = new CopyOnWriteArrayList<>();

	private final List<Thread> refusedOn = new CopyOnWriteArrayList<>();

	private final Consumer<RejectedExecutionException> refusal = (ex) -> {
		this.refused.add(ex);
		this.refusedOn.add(Thread.currentThread());
	};

	@AfterEach
	void releaseTheChild() {
		this.release.countDown();
	}

	@Test
	void aRequestThatFindsEveryChildBusyWaitsOffTheCallingThreadAndRunsWhenOneEnds() {
		ChildLimitExecutor executor = executor(1, 1, LONG_WAIT);
		executor.execute(holding("first"), this.refusal);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.ran.contains("first"));
		executor.execute(() -> this.ran.add("waited"), this.refusal);
		assertThat(this.ran).containsExactly("first");
		this.release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.ran.contains("waited"));
		assertThat(this.refused).isEmpty();
	}

	@Test
	void aChildThatEndsGoesToTheRequestThatHasWaitedLongest() {
		ChildLimitExecutor executor = executor(1, 4, LONG_WAIT);
		executor.execute(holding("first"), this.refusal);
		CountDownLatch releaseSecond = new CountDownLatch(1);
		executor.execute(() -> {
			this.ran.add("second");
			awaitQuietly(releaseSecond);
		}, this.refusal);
		await().atMost(Duration.ofSeconds(10)).until(() -> executor.waiting() == 1);
		executor.execute(() -> this.ran.add("third"), this.refusal);
		await().atMost(Duration.ofSeconds(10)).until(() -> executor.waiting() == 2);
		this.release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.ran.contains("second"));
		// A newcomer finds the slot taken, or queues behind the third.
		executor.execute(() -> this.ran.add("fourth"), this.refusal);
		releaseSecond.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.ran.size() == 4);
		assertThat(this.ran).containsExactly("first", "second", "third", "fourth");
	}

	@Test
	void aRequestBeyondThoseThatMayWaitIsRefusedAtOnce() {
		ChildLimitExecutor executor = executor(1, 1, LONG_WAIT);
		executor.execute(holding("first"), this.refusal);
		executor.execute(() -> this.ran.add("waited"), this.refusal);
		assertThatExceptionOfType(LimitReachedException.class)
			.isThrownBy(() -> executor.execute(() -> this.ran.add("refused"), this.refusal))
			.withMessageContaining("too many requests wait");
		this.release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.ran.contains("waited"));
		assertThat(this.ran).doesNotContain("refused");
	}

	@Test
	void aWaitThatRunsOutRefusesTheRequestOnItsOwnThread() {
		ChildLimitExecutor executor = executor(1, 4, Duration.ofMillis(200));
		executor.execute(holding("first"), this.refusal);
		// Its slot is taken at once, but it runs on a thread of its own.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.ran.contains("first"));
		executor.execute(() -> this.ran.add("never"), this.refusal);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.refused.size() == 1);
		assertThat(this.refused).singleElement().isInstanceOf(LimitReachedException.class);
		assertThat(this.refusedOn).doesNotContain(Thread.currentThread());
		assertThat(this.ran).containsExactly("first");
	}

	@Test
	void closingRefusesTheRequestsThatWait() {
		ChildLimitExecutor executor = executor(1, 4, LONG_WAIT);
		executor.execute(holding("first"), this.refusal);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.ran.contains("first"));
		executor.execute(() -> this.ran.add("never"), this.refusal);
		executor.execute(() -> this.ran.add("never"), this.refusal);
		executor.close();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.refused.size() == 2);
		assertThatExceptionOfType(LimitReachedException.class)
			.isThrownBy(() -> executor.execute(() -> this.ran.add("never"), this.refusal));
		this.release.countDown();
		assertThat(this.ran).containsExactly("first");
	}

	private Runnable holding(String name) {
		return () -> {
			this.ran.add(name);
			awaitQuietly(this.release);
		};
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static ChildLimitExecutor executor(int maxChildren, int maxWaiting, Duration wait) {
		return new ChildLimitExecutor(maxChildren, maxWaiting, wait, new NamedThreadFactory("test-fork-", true));
	}

}
