package io.deepdock.core.ml.serving;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.deepdock.core.ml.inference.BatchPredictor;
import io.deepdock.core.ml.inference.Classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchingEngineTest {

	@Test
	void groupsTheRequestsThatArriveDuringAForwardPassIntoTheNextOne() throws Exception {
		FakeModel model = new FakeModel("v1", 0);
		try (BatchingEngine engine = new BatchingEngine("digits",
				new EngineSettings(8, Duration.ofMillis(500), 64, 1))) {
			engine.swap(model);
			model.batchSizes.clear();
			Held held = holdInAForwardPass(engine, model);
			CompletableFuture<Classification> busy = held.busy();
			List<CompletableFuture<Classification>> results = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				results.add(engine.submit(new float[] { i }));
			}
			held.release().countDown();
			assertThat(busy.get(5, TimeUnit.SECONDS).label()).isEqualTo("v1:99");
			for (int i = 0; i < 8; i++) {
				Classification prediction = results.get(i).get(5, TimeUnit.SECONDS);
				assertThat(prediction.label()).isEqualTo("v1:" + i);
			}
			assertThat(model.batchSizes).containsExactly(1, 8);
		}
	}

	@Test
	void countsTheForwardPassesItRanForRequestsAndTheRequestsInThem() throws Exception {
		FakeModel model = new FakeModel("v1", 0);
		try (BatchingEngine engine = new BatchingEngine("digits",
				new EngineSettings(32, Duration.ofMillis(5), 64, 1))) {
			engine.swap(model);
			// the swap's warm-up passes are the engine's own, not requests'
			assertThat(engine.batches()).isZero();
			Held held = holdInAForwardPass(engine, model);
			CompletableFuture<Classification> busy = held.busy();
			List<CompletableFuture<Classification>> waiting = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				waiting.add(engine.submit(new float[] { i }));
			}
			assertThat(engine.queued()).isEqualTo(5);
			held.release().countDown();
			busy.get(5, TimeUnit.SECONDS);
			for (CompletableFuture<Classification> result : waiting) {
				result.get(5, TimeUnit.SECONDS);
			}
			assertThat(engine.batches()).isEqualTo(2);
			assertThat(engine.rows()).isEqualTo(6);
			assertThat(engine.queued()).isZero();
		}
	}

	@Test
	void answersALoneRequestWithoutWaitingForTheMaxDelay() throws Exception {
		FakeModel model = new FakeModel("v1", 0);
		// the longest delay allowed: a lone request used to wait all of it
		try (BatchingEngine engine = new BatchingEngine("digits",
				new EngineSettings(32, Duration.ofSeconds(1), 64, 1))) {
			engine.swap(model);
			model.batchSizes.clear();
			for (int i = 0; i < 3; i++) {
				assertThat(engine.submit(new float[] { i }).get(10, TimeUnit.SECONDS).label()).isEqualTo("v1:" + i);
			}
			assertThat(model.batchSizes).containsExactly(1, 1, 1);
			assertThat(engine.companyWaits()).isZero();
		}
	}

	@Test
	void waitsUpToTheMaxDelayToFillTheBatchAfterAFullOne() throws Exception {
		FakeModel model = new FakeModel("v1", 0);
		try (BatchingEngine engine = new BatchingEngine("digits",
				new EngineSettings(4, Duration.ofSeconds(1), 64, 1))) {
			engine.swap(model);
			model.batchSizes.clear();
			Held held = holdInAForwardPass(engine, model);
			CompletableFuture<Classification> busy = held.busy();
			List<CompletableFuture<Classification>> full = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				full.add(engine.submit(new float[] { i }));
			}
			held.release().countDown();
			busy.get(5, TimeUnit.SECONDS);
			for (CompletableFuture<Classification> result : full) {
				result.get(5, TimeUnit.SECONDS);
			}
			// after the full batch of 4 the worker waits for company: two requests sent
			// one after the other go in one batch
			CompletableFuture<Classification> a = engine.submit(new float[] { 10 });
			CompletableFuture<Classification> b = engine.submit(new float[] { 11 });
			assertThat(a.get(5, TimeUnit.SECONDS).label()).isEqualTo("v1:10");
			assertThat(b.get(5, TimeUnit.SECONDS).label()).isEqualTo("v1:11");
			assertThat(model.batchSizes).containsExactly(1, 4, 2);
			assertThat(engine.companyWaits()).isEqualTo(1);
		}
	}

	@Test
	void hotSwapsUnderConcurrentCallsWithZeroFailures() throws Exception {
		List<FakeModel> models = new CopyOnWriteArrayList<>();
		FakeModel first = new FakeModel("v0", 1);
		models.add(first);
		AtomicInteger failures = new AtomicInteger();
		AtomicInteger answered = new AtomicInteger();
		Set<String> versionsSeen = ConcurrentHashMap.newKeySet();
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService callers = Executors.newFixedThreadPool(16);
		try (BatchingEngine engine = new BatchingEngine("digits",
				new EngineSettings(8, Duration.ofMillis(2), 4096, 2))) {
			engine.swap(first);
			List<Future<?>> loops = new ArrayList<>();
			for (int t = 0; t < 16; t++) {
				loops.add(callers.submit(() -> {
					while (running.get()) {
						try {
							Classification p = engine.submit(new float[] { 1 }).get(10, TimeUnit.SECONDS);
							versionsSeen.add(p.label().substring(0, p.label().indexOf(':')));
							answered.incrementAndGet();
						}
						catch (Exception ex) {
							failures.incrementAndGet();
						}
					}
				}));
			}
			for (int v = 1; v <= 20; v++) {
				FakeModel next = new FakeModel("v" + v, 1);
				models.add(next);
				engine.swap(next);
				Thread.sleep(15);
			}
			running.set(false);
			for (Future<?> loop : loops) {
				loop.get(30, TimeUnit.SECONDS);
			}
			assertThat(failures).hasValue(0);
			assertThat(answered.get()).isGreaterThan(100);
			assertThat(versionsSeen.size()).isGreaterThan(5);
			// every replaced model was freed once nothing used it; the serving one is
			// still open
			for (FakeModel model : models.subList(0, models.size() - 1)) {
				assertThat(model.closed).as(model.id + " closed").isTrue();
				assertThat(model.usedAfterClose).as(model.id + " used after close").isFalse();
			}
			assertThat(models.get(models.size() - 1).closed).isFalse();
		}
		finally {
			callers.shutdownNow();
		}
	}

	@Test
	void rejectsWithRetryAfterWhenTheQueueIsFull() throws Exception {
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		FakeModel model = new FakeModel("v1", 0);
		try (BatchingEngine engine = new BatchingEngine("digits", new EngineSettings(1, Duration.ZERO, 2, 1))) {
			engine.swap(model);
			model.gate(inside, release);
			CompletableFuture<Classification> busy = engine.submit(new float[] { 0 });
			assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
			CompletableFuture<Classification> queued1 = engine.submit(new float[] { 1 });
			CompletableFuture<Classification> queued2 = engine.submit(new float[] { 2 });

			assertThatThrownBy(() -> engine.submit(new float[] { 3 })).isInstanceOf(EngineOverloadedException.class)
				.hasMessageContaining("2 requests are already waiting")
				.satisfies(ex -> assertThat(((EngineOverloadedException) ex).retryAfter()).isPositive());

			release.countDown();
			assertThat(busy.get(5, TimeUnit.SECONDS).label()).isEqualTo("v1:0");
			assertThat(queued1.get(5, TimeUnit.SECONDS).label()).isEqualTo("v1:1");
			assertThat(queued2.get(5, TimeUnit.SECONDS).label()).isEqualTo("v1:2");
		}
	}

	@Test
	void refusesRequestsUntilAModelIsLoaded() {
		try (BatchingEngine engine = new BatchingEngine("fashion", EngineSettings.DEFAULTS)) {
			assertThat(engine.ready()).isFalse();
			assertThatThrownBy(() -> engine.submit(new float[] { 1 })).isInstanceOf(NoModelException.class)
				.hasMessageContaining("fashion: no model is loaded yet");
		}
	}

	@Test
	void namesEveryInvalidSetting() {
		assertThatThrownBy(() -> new EngineSettings(0, Duration.ofSeconds(5), 0, 99))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("maxBatchSize must be between 1 and 1024, was 0")
			.hasMessageContaining("maxDelay must be between 0 and 1s")
			.hasMessageContaining("queueCapacity must be between 1 and 100000")
			.hasMessageContaining("workers must be between 1 and 16");
	}

	/**
	 * Labels each row "id:firstFeature"; fails (like a freed native model) when used
	 * after close.
	 */
	/** A request inside a forward pass that waits for {@code release}. */
	private record Held(CompletableFuture<Classification> busy, CountDownLatch release) {
	}

	/**
	 * Sends one request (99) and holds it inside the model's forward pass, so that the
	 * next requests queue up behind it until {@code release} is counted down.
	 */
	private static Held holdInAForwardPass(BatchingEngine engine, FakeModel model) throws InterruptedException {
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		model.gate(inside, release);
		CompletableFuture<Classification> busy = engine.submit(new float[] { 99 });
		assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
		model.gate(null, null);
		return new Held(busy, release);
	}

	static final class FakeModel implements BatchPredictor {

		final String id;

		final long millis;

		final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

		volatile boolean closed;

		volatile boolean usedAfterClose;

		private volatile CountDownLatch inside;

		private volatile CountDownLatch release;

		FakeModel(String id, long millis) {
			this.id = id;
			this.millis = millis;
		}

		void gate(CountDownLatch inside, CountDownLatch release) {
			this.inside = inside;
			this.release = release;
		}

		@Override
		public int featureSize() {
			return 1;
		}

		@Override
		public String sha256() {
			return this.id;
		}

		@Override
		public List<Classification> predictRows(List<float[]> rows) {
			if (this.closed) {
				this.usedAfterClose = true;
				throw new IllegalStateException(this.id + " is closed");
			}
			this.batchSizes.add(rows.size());
			try {
				// both read before the count-down: a test may open the gate (set both to
				// null) as soon as it sees this pass inside
				CountDownLatch entered = this.inside;
				CountDownLatch leave = this.release;
				if (entered != null) {
					entered.countDown();
					leave.await(10, TimeUnit.SECONDS);
				}
				if (this.millis > 0) {
					Thread.sleep(this.millis);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (this.closed) {
				this.usedAfterClose = true;
				throw new IllegalStateException(this.id + " was closed mid-batch");
			}
			List<Classification> out = new ArrayList<>();
			for (float[] row : rows) {
				String label = this.id + ":" + (int) row[0];
				out.add(new Classification(label, List.of(label), Map.of(label, 1.0)));
			}
			return out;
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

}
