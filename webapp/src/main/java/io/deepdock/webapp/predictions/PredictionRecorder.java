package io.deepdock.webapp.predictions;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import io.deepdock.core.ml.serving.EngineOverloadedException;
import io.deepdock.core.predictions.PredictionRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps every answered prediction in PostgreSQL, off the request's critical path: the id
 * is taken from a block of sequence values fetched ahead (so the answer can carry it for
 * feedback), and the record joins a bounded queue that one writer thread empties, up to
 * {@link #MAX_BATCH} rows in one statement ({@link PredictionRows}). A record is queued
 * before its answer is sent, so:
 * <ul>
 * <li>a full queue refuses the request with 503 and Retry-After (back-pressure) instead
 * of answering and dropping the row, or making request threads write one row each;</li>
 * <li>on shutdown the writer drains the queue before the data source closes, and a record
 * that arrives after that is written by its own request thread;</li>
 * <li>a write that fails (the database restarting) is retried with a growing pause, the
 * rows kept in memory meanwhile; the queue's bound then turns into 503s.</li>
 * </ul>
 */
@Component
class PredictionRecorder implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(PredictionRecorder.class);

	private static final int ID_BLOCK = 500;

	/** Rows in one insert: one round trip for what piled up during the previous one. */
	static final int MAX_BATCH = 256;

	/** Records that may wait for the writer; one more is refused with 503. */
	static final int DEFAULT_CAPACITY = 10_000;

	private static final int ATTEMPTS = 6;

	/**
	 * What to keep of one prediction; {@code at} is when it was answered, not when the
	 * background thread writes it (ids come in blocks per replica, so only this time
	 * orders the predictions of several replicas).
	 */
	record Record(long id, String task, Long ownerId, long modelVersionId, String label,
			Map<String, Double> probabilities, long latencyMicros, byte[] image, String imageExtension, String text,
			String inputName, byte[] features, Instant at) {
	}

	private final PredictionRows rows;

	private final MediaStorage media;

	private final JsonMapper json;

	private final Deque<Long> ids = new ArrayDeque<>();

	private final BlockingQueue<Record> queue;

	private final int capacity;

	private final Thread writer;

	private volatile boolean stopping;

	@Autowired
	PredictionRecorder(PredictionRows rows, MediaStorage media, JsonMapper json) {
		this(rows, media, json, DEFAULT_CAPACITY);
	}

	PredictionRecorder(PredictionRows rows, MediaStorage media, JsonMapper json, int capacity) {
		this.rows = rows;
		this.media = media;
		this.json = json;
		this.capacity = capacity;
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.writer = new Thread(this::drainLoop, "prediction-recorder");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	/** The id the next prediction will have. */
	synchronized long nextId() {
		if (this.ids.isEmpty()) {
			this.ids.addAll(this.rows.reserveIds(ID_BLOCK));
		}
		return this.ids.removeFirst();
	}

	/**
	 * Queues the record; call it before the answer is sent.
	 * @throws EngineOverloadedException (503) when the queue is full: the prediction is
	 * then not answered, so nothing answered is lost
	 */
	void record(Record record) {
		if (this.stopping) {
			// the writer has drained and is gone: this request writes its own row
			write(List.of(record));
			return;
		}
		if (!this.queue.offer(record)) {
			throw new EngineOverloadedException("prediction-recorder", this.capacity, Duration.ofSeconds(1));
		}
	}

	/** Records waiting for the writer (tests, metrics). */
	int pending() {
		return this.queue.size();
	}

	private void drainLoop() {
		List<Record> batch = new ArrayList<>(MAX_BATCH);
		while (true) {
			try {
				Record first = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					if (this.stopping) {
						return;
					}
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, MAX_BATCH - 1);
				write(batch);
			}
			catch (InterruptedException ex) {
				// only destroy() interrupts, after the queue is empty or its time is up
				return;
			}
			finally {
				batch.clear();
			}
		}
	}

	/** Stores the uploads, then inserts the rows, retrying a failed insert. */
	private void write(List<Record> batch) {
		List<PredictionRows.NewPrediction> rows = new ArrayList<>(batch.size());
		for (Record record : batch) {
			StoredFile stored = store(record);
			// a stored image counts against the owner's storage quota until retention
			// expires it
			rows.add(new PredictionRows.NewPrediction(record.id(), record.task(), record.ownerId(),
					record.modelVersionId(), null, (stored != null) ? stored.path() : null,
					(stored != null) ? stored.size() : null, record.latencyMicros(), record.text(), record.inputName(),
					record.label(), this.json.writeValueAsString(record.probabilities()), record.features(),
					record.at()));
		}
		long pause = 100;
		for (int attempt = 1;; attempt++) {
			try {
				this.rows.insert(rows);
				return;
			}
			catch (RuntimeException ex) {
				if (attempt >= ATTEMPTS) {
					log.error("Predictions {}..{} could not be recorded after {} attempts: {}", rows.get(0).id(),
							rows.get(rows.size() - 1).id(), attempt, ex.getMessage());
					return;
				}
				log.warn("Recording {} predictions failed (attempt {}), retrying in {} ms: {}", rows.size(), attempt,
						pause, ex.getMessage());
				try {
					Thread.sleep(pause);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
				}
				pause = Math.min(pause * 2, 2_000);
			}
		}
	}

	/**
	 * The upload's own file; a prediction whose file cannot be written is still recorded,
	 * without it.
	 */
	private StoredFile store(Record record) {
		if (record.image() == null) {
			return null;
		}
		try {
			return this.media.write("uploads/" + record.task(), record.imageExtension(),
					(out) -> out.write(record.image()));
		}
		catch (IOException | RuntimeException ex) {
			log.error("The upload of prediction {} could not be stored: {}", record.id(), ex.getMessage());
			return null;
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		// finish what was accepted before the data source goes away
		this.stopping = true;
		this.writer.join(TimeUnit.SECONDS.toMillis(30));
		if (this.writer.isAlive()) {
			this.writer.interrupt();
			this.writer.join(TimeUnit.SECONDS.toMillis(5));
		}
		List<Record> left = new ArrayList<>();
		this.queue.drainTo(left);
		if (!left.isEmpty()) {
			write(left);
		}
	}

}
