package io.deepdock.webapp.predictions;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps every prediction in PostgreSQL off the request's critical path: the id is taken
 * from a block of sequence values fetched ahead (so the response can carry it for
 * feedback), and the row and the uploaded input are written by a background thread. The
 * queue is bounded; when it is full the caller's thread writes, which slows requests down
 * rather than dropping records.
 */
@Component
class PredictionRecorder implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(PredictionRecorder.class);

	private static final int ID_BLOCK = 100;

	/**
	 * What to keep of one prediction; {@code at} is when it was answered, not when the
	 * background thread writes it (ids come in blocks per replica, so only this time
	 * orders the predictions of several replicas).
	 */
	record Record(long id, String task, Long ownerId, long modelVersionId, String label, String probabilitiesJson,
			long latencyMicros, byte[] image, String imageExtension, String text, String inputName, byte[] features,
			Instant at) {
	}

	private final JdbcTemplate jdbc;

	private final MediaStorage media;

	private final Deque<Long> ids = new ArrayDeque<>();

	private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
			new ArrayBlockingQueue<>(10_000), (runnable) -> {
				Thread thread = new Thread(runnable, "prediction-recorder");
				thread.setDaemon(true);
				return thread;
			}, new ThreadPoolExecutor.CallerRunsPolicy());

	PredictionRecorder(JdbcTemplate jdbc, MediaStorage media) {
		this.jdbc = jdbc;
		this.media = media;
	}

	/** The id the next prediction will have. */
	synchronized long nextId() {
		if (this.ids.isEmpty()) {
			List<Long> block = this.jdbc.queryForList("SELECT nextval('prediction_id_seq') FROM generate_series(1, ?)",
					Long.class, ID_BLOCK);
			this.ids.addAll(block);
		}
		return this.ids.removeFirst();
	}

	void record(Record record) {
		this.writer.execute(() -> write(record));
	}

	private void write(Record record) {
		try {
			String path = null;
			if (record.image() != null) {
				StoredFile stored = this.media.write("uploads/" + record.task(), record.imageExtension(),
						(out) -> out.write(record.image()));
				path = stored.path();
			}
			this.jdbc.update("""
					INSERT INTO prediction (id, task, owner_id, model_version_id, input_path, input_text, input_name,
					                        label, probabilities, latency_micros, features, created_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
					""", record.id(), record.task(), record.ownerId(), record.modelVersionId(), path, record.text(),
					record.inputName(), record.label(), record.probabilitiesJson(), record.latencyMicros(),
					record.features(), Timestamp.from(record.at()));
		}
		catch (IOException | RuntimeException ex) {
			log.error("Prediction {} could not be recorded: {}", record.id(), ex.getMessage());
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		// finish what was accepted before the data source goes away
		this.writer.shutdown();
		this.writer.awaitTermination(10, TimeUnit.SECONDS);
	}

}
