package io.github.socketserver.handler;

import java.nio.ByteBuffer;
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
 * {@link BufferPool}: buffers are reused, the pool keeps a bounded number, and no buffer
 * is ever held by two owners at once.
 */
class BufferPoolTests {

	@Test
	void givesBackTheBufferItWasGiven() {
		BufferPool pool = new BufferPool(64, 4);
		ByteBuffer buffer = pool.take();
		assertThat(buffer.capacity()).isEqualTo(64);
		assertThat(buffer.hasArray()).isTrue();
		pool.give(buffer);
		assertThat(pool.available()).isOne();
		assertThat(pool.take()).isSameAs(buffer);
		assertThat(pool.available()).isZero();
	}

	@Test
	void allocatesWhenEmptyAndKeepsNoMoreThanItsSlots() {
		BufferPool pool = new BufferPool(64, 4);
		List<ByteBuffer> taken = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			taken.add(pool.take());
		}
		Set<ByteBuffer> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
		distinct.addAll(taken);
		assertThat(distinct).hasSize(10);
		taken.forEach(pool::give);
		assertThat(pool.available()).isEqualTo(4);
	}

	@Test
	void ignoresABufferOfAnotherSize() {
		BufferPool pool = new BufferPool(64, 4);
		pool.give(ByteBuffer.allocate(65));
		assertThat(pool.available()).isZero();
	}

	@Test
	void refusesASlotCountThatIsNotAPowerOfTwo() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BufferPool(64, 3)).withMessageContaining("3");
	}

	@Test
	void neverHandsOneBufferToTwoOwnersAtOnce() throws Exception {
		BufferPool pool = new BufferPool(16, 4);
		Set<ByteBuffer> held = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				results.add(threads.submit(() -> {
					int clashes = 0;
					for (int i = 0; i < 20_000; i++) {
						ByteBuffer buffer = pool.take();
						if (!held.add(buffer)) {
							clashes++;
						}
						held.remove(buffer);
						pool.give(buffer);
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
