package io.github.socketserver.handler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link BufferPool}: arrays are reused, the pool keeps a bounded number, and no array is
 * ever held by two owners at once.
 */
class BufferPoolTests {

	@Test
	void givesBackTheArrayItWasGiven() {
		BufferPool pool = new BufferPool(64, 4);
		byte[] array = pool.take();
		assertThat(array).hasSize(64);
		pool.give(array);
		assertThat(pool.available()).isOne();
		assertThat(pool.take()).isSameAs(array);
		assertThat(pool.available()).isZero();
	}

	@Test
	void allocatesWhenEmptyAndKeepsNoMoreThanItsSlots() {
		BufferPool pool = new BufferPool(64, 4);
		List<byte[]> taken = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			taken.add(pool.take());
		}
		Set<byte[]> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
		distinct.addAll(taken);
		assertThat(distinct).hasSize(10);
		taken.forEach(pool::give);
		assertThat(pool.available()).isEqualTo(4);
	}

	@Test
	void ignoresAnArrayOfAnotherSize() {
		BufferPool pool = new BufferPool(64, 4);
		pool.give(new byte[65]);
		assertThat(pool.available()).isZero();
	}

	@Test
	void refusesASlotCountThatIsNotAPowerOfTwo() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BufferPool(64, 3)).withMessageContaining("3");
	}

	@Test
	void neverHandsOneArrayToTwoOwnersAtOnce() throws Exception {
		BufferPool pool = new BufferPool(16, 4);
		Set<byte[]> held = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				results.add(threads.submit(() -> {
					int clashes = 0;
					for (int i = 0; i < 20_000; i++) {
						byte[] array = pool.take();
						if (!held.add(array)) {
							clashes++;
						}
						held.remove(array);
						pool.give(array);
					}
					return clashes;
				}));
			}
			for (Future<Integer> result : results) {
				assertThat(result.get(60, TimeUnit.SECONDS)).isZero();
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(pool.available()).isBetween(1, 4);
	}

}
