package io.deepdock.webapp.predictions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.deepdock.core.media.MediaProperties;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.ml.serving.EngineOverloadedException;
import io.deepdock.core.predictions.PredictionRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The recorder against a fake {@link PredictionRows} (the statement itself is covered by
 * PredictApiIT and BatchPredictJobIT on PostgreSQL): batching, shutdown, back-pressure
 * and retries.
 */
class PredictionRecorderTest {

	@TempDir
	Path media;

	@Test
	void writesEveryQueuedRecordBeforeShutdownCompletes() throws Exception {
		FakeRows rows = new FakeRows();
		rows.slow = new CountDownLatch(1);
		PredictionRecorder recorder = recorder(rows, 10_000);
		for (int i = 0; i < 2_000; i++) {
			recorder.record(record(recorder.nextId(), i % 10 == 0));
		}
		// the writer is held in its first insert while shutdown begins
		rows.slow.countDown();
		recorder.destroy();

		assertThat(rows.written).hasSize(2_000);
		assertThat(rows.written.stream().map(PredictionRows.NewPrediction::id).distinct().count()).isEqualTo(2_000);
		assertThat(rows.written.stream().filter((row) -> row.inputPath() != null).count()).isEqualTo(200);
	}

	@Test
	void writesManyRowsPerStatement() throws Exception {
		FakeRows rows = new FakeRows();
		rows.slow = new CountDownLatch(1);
		PredictionRecorder recorder = recorder(rows, 10_000);
		for (int i = 0; i < 1_000; i++) {
			recorder.record(record(recorder.nextId(), false));
		}
		rows.slow.countDown();
		await().atMost(30, TimeUnit.SECONDS).until(() -> rows.written.size() == 1_000);
		recorder.destroy();

		// far fewer statements than rows, none above the batch limit
		assertThat(rows.statements.get()).isLessThan(1_000 / 10);
		assertThat(rows.largest.get()).isLessThanOrEqualTo(PredictionRecorder.MAX_BATCH);
	}

	@Test
	void refusesWith503WhenTheQueueIsFullInsteadOfDroppingTheRow() throws Exception {
		FakeRows rows = new FakeRows();
		rows.slow = new CountDownLatch(1);
		PredictionRecorder recorder = recorder(rows, 4);
		recorder.record(record(recorder.nextId(), false));
		// the writer takes the first and blocks in its insert; 4 more fill the queue
		await().atMost(30, TimeUnit.SECONDS).until(() -> recorder.pending() == 0 && rows.entered.get() == 1);
		for (int i = 0; i < 4; i++) {
			recorder.record(record(recorder.nextId(), false));
		}

		assertThatThrownBy(() -> recorder.record(record(999_999, false))).isInstanceOf(EngineOverloadedException.class)
			.satisfies((ex) -> assertThat(((EngineOverloadedException) ex).retryAfter()).isPositive());

		rows.slow.countDown();
		recorder.destroy();
		assertThat(rows.written).hasSize(5).noneMatch((row) -> row.id() == 999_999);
	}

	@Test
	void retriesAFailedInsertWithoutLosingItsRows() throws Exception {
		FakeRows rows = new FakeRows();
		rows.failures.set(2);
		PredictionRecorder recorder = recorder(rows, 100);
		for (int i = 0; i < 10; i++) {
			recorder.record(record(recorder.nextId(), false));
		}
		await().atMost(30, TimeUnit.SECONDS).until(() -> rows.written.size() == 10);
		recorder.destroy();

		assertThat(rows.written).hasSize(10);
	}

	@Test
	void writesARecordThatArrivesAfterShutdownOnTheCallersThread() throws Exception {
		FakeRows rows = new FakeRows();
		PredictionRecorder recorder = recorder(rows, 100);
		recorder.destroy();

		recorder.record(record(recorder.nextId(), true));

		assertThat(rows.written).hasSize(1);
		assertThat(rows.written.get(0).inputPath()).startsWith("uploads/digits/");
		assertThat(rows.written.get(0).probabilitiesJson()).isEqualTo("{\"7\":0.9,\"1\":0.1}");
	}

	private PredictionRecorder recorder(FakeRows rows, int capacity) throws Exception {
		Files.createDirectories(this.media);
		return new PredictionRecorder(rows, new MediaStorage(new MediaProperties(this.media)),
				JsonMapper.builder().build(), capacity);
	}

	private static PredictionRecorder.Record record(long id, boolean image) {
		Map<String, Double> probabilities = new java.util.LinkedHashMap<>();
		probabilities.put("7", 0.9);
		probabilities.put("1", 0.1);
		return new PredictionRecorder.Record(id, "digits", 1L, 1L, "7", probabilities, 1_000,
				image ? new byte[] { (byte) 0x89, 'P', 'N', 'G' } : null, image ? "png" : null, null, "canvas",
				new byte[784], java.time.Instant.now());
	}

	/** Keeps what would be inserted; can hold the writer, or fail a few times. */
	static final class FakeRows extends PredictionRows {

		final List<PredictionRows.NewPrediction> written = new CopyOnWriteArrayList<>();

		final AtomicInteger statements = new AtomicInteger();

		final AtomicInteger largest = new AtomicInteger();

		final AtomicInteger entered = new AtomicInteger();

		final AtomicInteger failures = new AtomicInteger();

		final AtomicLong sequence = new AtomicLong();

		volatile CountDownLatch slow;

		FakeRows() {
			super(null);
		}

		@Override
		public List<Long> reserveIds(int count) {
			List<Long> ids = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				ids.add(this.sequence.incrementAndGet());
			}
			return ids;
		}

		@Override
		public int insert(List<PredictionRows.NewPrediction> rows) {
			this.entered.incrementAndGet();
			CountDownLatch gate = this.slow;
			if (gate != null) {
				try {
					gate.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			if (this.failures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				throw new IllegalStateException("database restarting");
			}
			this.statements.incrementAndGet();
			this.largest.accumulateAndGet(rows.size(), Math::max);
			this.written.addAll(rows);
			return rows.size();
		}

	}

}
