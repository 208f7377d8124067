package io.github.socketserver.logging;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link LogThrottle} and {@link LogThrottles}, on a clock the test moves: the
 * first lines go through, then one a second with the count of those held back.
 */
class LogThrottleTests {

	private static final long SECOND = 1_000_000_000L;

	private final AtomicLong now = new AtomicLong(42 * SECOND);

	@Test
	void letsTheFirstLineThroughThenOneASecondWithTheCount() {
		LogThrottle throttle = new LogThrottle(1, this.now::get);
		assertThat(throttle.tryLog()).isEqualTo(1);
		for (int i = 0; i < 9_999; i++) {
			assertThat(throttle.tryLog()).isZero();
		}
		this.now.addAndGet(SECOND - 1);
		assertThat(throttle.tryLog()).isZero();
		this.now.addAndGet(1);
		assertThat(throttle.tryLog()).isEqualTo(10_001);
		assertThat(throttle.tryLog()).isZero();
	}

	@Test
	void letsABurstThroughThenRefillsOneLineASecondUpToTheBurst() {
		LogThrottle throttle = new LogThrottle(3, this.now::get);
		assertThat(throttle.tryLog()).isEqualTo(1);
		assertThat(throttle.tryLog()).isEqualTo(1);
		assertThat(throttle.tryLog()).isEqualTo(1);
		assertThat(throttle.tryLog()).isZero();
		assertThat(throttle.tryLog()).isZero();
		this.now.addAndGet(SECOND);
		assertThat(throttle.tryLog()).isEqualTo(3);
		assertThat(throttle.tryLog()).isZero();
		// A long quiet spell fills the bucket to the burst, not beyond.
		this.now.addAndGet(60 * SECOND);
		assertThat(throttle.tryLog()).isEqualTo(2);
		assertThat(throttle.tryLog()).isEqualTo(1);
		assertThat(throttle.tryLog()).isEqualTo(1);
		assertThat(throttle.tryLog()).isZero();
	}

	@Test
	void refusesAnEmptyBurst() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LogThrottle(0));
	}

	@Test
	void aFloodOfOneKindDoesNotHoldBackTheFirstLineOfAnother() {
		LogThrottles throttles = new LogThrottles();
		assertThat(throttles.tryLog("timeout")).isEqualTo(1);
		assertThat(throttles.tryLog("timeout")).isZero();
		assertThat(throttles.tryLog("line too long")).isEqualTo(1);
		assertThat(throttles.tryLog("line too long")).isZero();
	}

}
