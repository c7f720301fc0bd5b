package io.deepdock.core.predictions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The one writer of {@code prediction} rows, for the web app's online predictions and the
 * worker's batch jobs alike (and the input's removal, by its owner or by retention) (the
 * entity {@link Prediction} reads them back). Rows go in as one multi-row statement per
 * call, with every column an array that {@code unnest} spreads into rows: one round trip
 * and one parse for a whole batch, which is what keeps recording off the critical path at
 * thousands of predictions a second. Ids come from the table's own sequence, fetched
 * ahead by the caller, so that an answer can carry its prediction's id before the row is
 * written.
 */
@Component
public class PredictionRows {

	private static final String INSERT = """
			INSERT INTO prediction (id, task, owner_id, model_version_id, job_id, input_path, input_bytes,
			                        latency_micros, input_text, input_name, label, probabilities, features, created_at)
			SELECT r.id, r.task, r.owner_id, r.model_version_id, r.job_id, r.input_path, r.input_bytes,
			       r.latency_micros, r.text, r.name, r.label, r.probabilities::jsonb, decode(r.features, 'hex'),
			       COALESCE(r.created_at, now())
			FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[],
			            ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
			     AS r(id, task, owner_id, model_version_id, job_id, input_path, input_bytes, latency_micros, text,
			          name, label, probabilities, features, created_at)
			""";

	/**
	 * One prediction to keep.
	 *
	 * @param id from {@link #reserveIds}
	 * @param ownerId the user it was made for, or null
	 * @param jobId the batch job that made it, or null for an online prediction
	 * @param inputPath the stored upload (an online image's own file, a batch's zip or
	 * CSV), or null
	 * @param inputBytes the size of an online prediction's own stored file, counted in
	 * its owner's storage quota; null when the file is not the row's own (a batch's
	 * input)
	 * @param probabilitiesJson the probability of each label, as a JSON object
	 * @param features the 28x28 features it was made from (image tasks), kept so that
	 * feedback on it can be learnt; null for text
	 * @param createdAt when it was answered (orders the rows of several replicas), or
	 * null for the time of the insert
	 */
	public record NewPrediction(long id, String task, Long ownerId, long modelVersionId, Long jobId, String inputPath,
			Long inputBytes, long latencyMicros, String inputText, String inputName, String label,
			String probabilitiesJson, byte[] features, Instant createdAt) {
	}

	private final JdbcTemplate jdbc;

	public PredictionRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** {@code count} fresh ids from the table's sequence, in one round trip. */
	public List<Long> reserveIds(int count) {
		return this.jdbc.queryForList("SELECT nextval('prediction_id_seq') FROM generate_series(1, ?)", Long.class,
				count);
	}

	/**
	 * Writes all rows in one statement (in the caller's transaction, if it has one).
	 * @return the rows written
	 */
	public int insert(List<NewPrediction> rows) {
		if (rows.isEmpty()) {
			return 0;
		}
		int n = rows.size();
		Long[] ids = new Long[n];
		String[] tasks = new String[n];
		Long[] owners = new Long[n];
		Long[] versions = new Long[n];
		Long[] jobs = new Long[n];
		String[] paths = new String[n];
		Long[] sizes = new Long[n];
		Long[] latencies = new Long[n];
		String[] texts = new String[n];
		String[] names = new String[n];
		String[] labels = new String[n];
		String[] probabilities = new String[n];
		String[] features = new String[n];
		Timestamp[] created = new Timestamp[n];
		for (int i = 0; i < n; i++) {
			NewPrediction row = rows.get(i);
			ids[i] = row.id();
			tasks[i] = row.task();
			owners[i] = row.ownerId();
			versions[i] = row.modelVersionId();
			jobs[i] = row.jobId();
			paths[i] = row.inputPath();
			sizes[i] = row.inputBytes();
			latencies[i] = row.latencyMicros();
			texts[i] = row.inputText();
			names[i] = row.inputName();
			labels[i] = row.label();
			probabilities[i] = row.probabilitiesJson();
			features[i] = (row.features() != null) ? hex(row.features()) : null;
			created[i] = (row.createdAt() != null) ? Timestamp.from(row.createdAt()) : null;
		}
		Integer written = this.jdbc.execute((ConnectionCallback<Integer>) (Connection connection) -> {
			try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
				List<Object[]> columns = new ArrayList<>(List.of(ids, tasks, owners, versions, jobs, paths, sizes,
						latencies, texts, names, labels, probabilities, features, created));
				for (int c = 0; c < columns.size(); c++) {
					Object[] column = columns.get(c);
					insert.setArray(c + 1, connection.createArrayOf(sqlType(column), column));
				}
				return insert.executeUpdate();
			}
		});
		return (written != null) ? written : 0;
	}

	private static String sqlType(Object[] column) {
		if (column instanceof Long[]) {
			return "bigint";
		}
		return (column instanceof Timestamp[]) ? "timestamptz" : "text";
	}

	/**
	 * Deletes the rows a batch job wrote, before the job starts over after a redelivery.
	 * @return how many there were
	 */
	public int deleteOfJob(long jobId) {
		return this.jdbc.update("DELETE FROM prediction WHERE job_id = ?", jobId);
	}

	/**
	 * Records that a prediction's own stored input was removed (by its owner, or expired
	 * by retention): the row, its features and its feedback stay.
	 */
	public void markInputExpired(long id) {
		this.jdbc.update("UPDATE prediction SET input_expired_at = now() WHERE id = ?", id);
	}

	/**
	 * Pixel bytes (0..255) from features, as stored for feedback: rounded and clamped.
	 */
	public static byte[] pixelBytes(float[] features) {
		byte[] bytes = new byte[features.length];
		for (int i = 0; i < features.length; i++) {
			bytes[i] = (byte) Math.round(Math.max(0, Math.min(255, features[i])));
		}
		return bytes;
	}

	/**
	 * Bytes as hex text: every column travels as a plain {@code text[]} or
	 * {@code bigint[]} (as the batch job's statement always did), and {@code decode}
	 * turns them back into {@code bytea}.
	 */
	private static String hex(byte[] bytes) {
		char[] hex = new char[bytes.length * 2];
		for (int i = 0; i < bytes.length; i++) {
			int value = bytes[i] & 0xff;
			hex[2 * i] = Character.forDigit(value >>> 4, 16);
			hex[2 * i + 1] = Character.forDigit(value & 0xf, 16);
		}
		return new String(hex);
	}

}
