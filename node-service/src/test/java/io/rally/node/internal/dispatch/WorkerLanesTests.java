package io.rally.node.internal.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class WorkerLanesTests {

	private WorkerLanes lanes;

	@AfterEach
	void shutdown() {
		if (this.lanes != null) {
			this.lanes.shutdown(Duration.ofSeconds(5));
		}
	}

	@Test
	void rejectsBadSizes() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WorkerLanes(0, 10)).withMessageContaining("workerThreads: 0");
		assertThatIllegalArgumentException().isThrownBy(() -> new WorkerLanes(1, 0))
			.withMessageContaining("maxQueuedMessages: 0");
		assertThatIllegalArgumentException().isThrownBy(() -> new WorkerLanes(1, 10, -1))
			.withMessageContaining("workerIdleYields: -1");
	}

	@ParameterizedTest(name = "idle yields {0}")
	@ValueSource(ints = { 0, 20 })
	void keepsOrderPerKeyUnderConcurrentProducers(int idleYields) throws Exception {
		this.lanes = new WorkerLanes(3, Integer.MAX_VALUE, idleYields);
		int producers = 4;
		int keysPerProducer = 8;
		int perKey = 5_000;
		Map<Long, List<Integer>> seen = new ConcurrentHashMap<>();
		Map<Long, String> threadOfKey = new ConcurrentHashMap<>();
		AtomicBoolean twoThreadsForOneKey = new AtomicBoolean();
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (int p = 0; p < producers; p++) {
			int producer = p;
			Thread thread = new Thread(() -> {
				awaitQuietly(start);
				for (int i = 0; i < perKey; i++) {
					for (int k = 0; k < keysPerProducer; k++) {
						long key = producer * 1000L + k;
						int value = i;
						boolean accepted = this.lanes.submit("gate", key, () -> {
							// Only the lane thread of the key touches its list: a plain ArrayList
							// would show a data race as lost or reordered entries.
							seen.computeIfAbsent(key, (x) -> new ArrayList<>()).add(value);
							String name = Thread.currentThread().getName();
							if (!name.equals(threadOfKey.computeIfAbsent(key, (x) -> name))) {
								twoThreadsForOneKey.set(true);
							}
						}, true);
						assertThat(accepted).isTrue();
					}
				}
			});
			thread.start();
			threads.add(thread);
		}
		start.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		// Every task ran: no wake-up was lost, even for lanes that parked in between.
		await().atMost(Duration.ofSeconds(30)).until(() -> this.lanes.queued() == 0);
		assertThat(seen).hasSize(producers * keysPerProducer);
		for (List<Integer> values : seen.values()) {
			assertThat(values).hasSize(perKey).isSorted();
		}
		assertThat(twoThreadsForOneKey).isFalse();
	}

	@Test
	void wakesAnIdleLaneForEveryTask() throws InterruptedException {
		this.lanes = new WorkerLanes(1, 10);
		Semaphore ran = new Semaphore(0);
		// One task at a time, each after the lane ran out of work and may have parked: a lost
		// wake-up leaves the task unrun and the acquire fails.
		for (int i = 1; i <= 2_000; i++) {
			assertThat(this.lanes.submit("gate", 1, ran::release, true)).isTrue();
			assertThat(ran.tryAcquire(10, TimeUnit.SECONDS)).as("task %d ran", i).isTrue();
		}
	}

	@Test
	void refusesBoundedTasksPastTheBoundButNotUnboundedOnes() throws Exception {
		this.lanes = new WorkerLanes(1, 2);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch running = new CountDownLatch(1);
		assertThat(this.lanes.submit("gate", 1, () -> {
			running.countDown();
			awaitQuietly(release);
		}, true)).isTrue();
		running.await(10, TimeUnit.SECONDS);
		assertThat(this.lanes.submit("gate", 1, () -> {
		}, true)).isTrue();
		assertThat(this.lanes.submit("gate", 1, () -> {
		}, true)).isFalse();
		assertThat(this.lanes.submit("gate", 1, () -> {
		}, false)).isTrue();
		assertThat(this.lanes.queued()).isEqualTo(3);
		release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.lanes.queued() == 0);
	}

	@Test
	void shutdownRunsQueuedTasksThenRefuses() {
		this.lanes = new WorkerLanes(2, 1000);
		List<Integer> ran = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 100; i++) {
			int value = i;
			this.lanes.submit("gate", 7, () -> ran.add(value), true);
		}
		assertThat(this.lanes.shutdown(Duration.ofSeconds(10))).isTrue();
		assertThat(ran).hasSize(100).isSorted();
		assertThat(this.lanes.submit("gate", 7, () -> ran.add(-1), true)).isFalse();
		assertThat(this.lanes.queued()).isZero();
		this.lanes = null;
	}

	@Test
	void shutdownPastTimeoutInterruptsAndDropsTheRest() throws Exception {
		this.lanes = new WorkerLanes(1, 1000);
		CountDownLatch running = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		AtomicInteger ranAfter = new AtomicInteger();
		this.lanes.submit("gate", 1, () -> {
			running.countDown();
			try {
				new CountDownLatch(1).await();
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
			}
		}, true);
		for (int i = 0; i < 10; i++) {
			this.lanes.submit("gate", 1, ranAfter::incrementAndGet, true);
		}
		running.await(10, TimeUnit.SECONDS);
		assertThat(this.lanes.shutdown(Duration.ofMillis(50))).isFalse();
		await().atMost(Duration.ofSeconds(10)).untilTrue(interrupted);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.lanes.queued() == 0);
		assertThat(ranAfter).hasValue(0);
		this.lanes = null;
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
