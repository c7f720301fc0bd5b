package io.deepdock.worker.training;

import org.springframework.context.annotation.Import;
import io.deepdock.core.jobs.JobReaper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.deepdock.core.datasets.Dataset;
import io.deepdock.core.datasets.DatasetFile;
import io.deepdock.core.datasets.DatasetOrigin;
import io.deepdock.core.datasets.DatasetRepository;
import io.deepdock.core.ml.data.ImageSet;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import io.deepdock.core.ml.text.ToxicityFixtures;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.models.ModelStatus;
import io.deepdock.core.models.ModelVersion;
import io.deepdock.core.models.ModelVersionRepository;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.worker.BarDigits;
import io.deepdock.worker.DigitsSourceIT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What everyone is served is never chosen by a user: a training with no owner takes only
 * trusted data, champion and challenger are judged on the task's fixed trusted evaluation
 * set, a user's training is never promoted by itself, and a retraining that may promote
 * learns only trusted corrections.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "deepdock.replica=trust-it", "deepdock.sources.mnist.expected-count=300" })
// the beans of core that the web or the scheduler runs, which these tests use to submit
// and reap jobs
@Import({ JobSubmission.class, JobReaper.class })
@WithInfrastructure
@DirtiesContext
@BarDigits(perDigit = 30, seed = 23)
class TrustedTrainingIT extends DigitsSourceIT {

	static final String SMALL = TrainingFixtures.small(3);

	@Autowired
	JobSubmission submission;

	@Autowired
	JobRepository jobs;

	@Autowired
	DatasetRepository datasets;

	@Autowired
	ModelVersionRepository versions;

	@Autowired
	ModelRegistry registry;

	@Autowired
	MediaStorage storage;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JsonMapper json;

	Job runToEnd(JobType type, Long owner, String payload) {
		return TrainingFixtures.runToEnd(this.submission, this.jobs, type,
				(owner == null) ? JobTrigger.SCHEDULE : JobTrigger.USER, owner, payload, Duration.ofMinutes(4));
	}

	Job succeeded(JobType type, Long owner, String payload) {
		Job done = runToEnd(type, owner, payload);
		assertThat(done.getState()).as(done.getError()).isEqualTo(JobState.SUCCEEDED);
		return done;
	}

	long user(String role) {
		return this.jdbc.queryForObject(
				"INSERT INTO app_user (username, password_hash, role) VALUES (?, 'x', ?) RETURNING id", Long.class,
				role.toLowerCase() + "-" + System.nanoTime(), role);
	}

	/**
	 * The built-in digits dataset (imported by an ownerless training when there is none)
	 * and a champion trained on it and promoted, that this class controls.
	 */
	ModelVersion trustedChampion() {
		Job trained = succeeded(JobType.TRAIN, null, "{\"task\":\"digits\",\"promote\":\"never\"," + SMALL + "}");
		return this.registry.promote(trained.getModelVersionId());
	}

	Dataset builtinDigits() {
		return this.datasets.findFirstByTaskAndOriginOrderByIdDesc("digits", DatasetOrigin.BUILTIN).orElseThrow();
	}

	/**
	 * A user's upload that copies the built-in digits with every label moved by one (a 3
	 * is called a 4): consistent, so a model learns it well, and wrong.
	 */
	Dataset mislabelledUpload(long owner) throws Exception {
		Dataset builtin = builtinDigits();
		Dataset upload = new Dataset("mislabelled-" + System.nanoTime(), "digits", DatasetOrigin.UPLOAD, owner, 1,
				"copied", 10, "{\"train\":[],\"test\":[]}");
		for (String split : new String[] { "test", "train" }) {
			DatasetFile file = builtin.file(split);
			ImageSet set = ImageSet
				.read(new ByteArrayInputStream(this.storage.readVerified(file.getPath(), file.getSha256())));
			byte[] wrong = new byte[set.count()];
			for (int i = 0; i < set.count(); i++) {
				wrong[i] = (byte) ((set.label(i) + 1) % 10);
			}
			ImageSet mislabelled = new ImageSet(set.count(), set.rows(), set.cols(), set.classes(), wrong,
					set.pixels());
			StoredFile stored = this.storage.write("datasets/mislabelled", "ddi", mislabelled::write);
			upload.addFile(new DatasetFile(split, stored.path(), stored.size(), stored.sha256(), set.count()));
		}
		return this.datasets.save(upload);
	}

	JsonNode decision(Job job) {
		return this.json.readTree(this.versions.findById(job.getModelVersionId()).orElseThrow().getDecision());
	}

	@Test
	void aScheduledRetrainingTakesTheNewestTrustedDatasetNotANewerUserUpload() throws Exception {
		ModelVersion champion = trustedChampion();
		Dataset upload = mislabelledUpload(user("USER"));
		assertThat(upload.getId()).isGreaterThan(builtinDigits().getId());
		assertThat(upload.isTrusted()).isFalse();

		Job retrain = succeeded(JobType.RETRAIN, null,
				"{\"task\":\"digits\",\"promote\":\"challenger\",\"feedback\":false," + SMALL + "}");
		assertThat(retrain.getDatasetId()).isNotEqualTo(upload.getId());
		Dataset used = this.datasets.findById(retrain.getDatasetId()).orElseThrow();
		assertThat(used.isTrusted()).isTrue();
		assertThat(decision(retrain).path("evaluationDatasetId").asLong()).isEqualTo(builtinDigits().getId());
		assertThat(champion.getId()).isNotEqualTo(retrain.getModelVersionId());
	}

	@Test
	void aChallengerTrainedOnMislabelledDataIsKeptOutBecauseItIsJudgedOnTheTrustedEvaluationSet() throws Exception {
		ModelVersion champion = trustedChampion();
		Dataset upload = mislabelledUpload(user("USER"));
		// the worst case: an admin vouched for the upload, so a retraining may train on
		// it
		// and its model may be promoted; only the comparison on the trusted set stops it
		upload.markTrusted(user("ADMIN"));
		upload = this.datasets.save(upload);
		try {
			Job retrain = succeeded(JobType.RETRAIN, null,
					"{\"task\":\"digits\",\"datasetId\":%d,\"feedback\":false,%s}".formatted(upload.getId(), SMALL));
			ModelVersion challenger = this.versions.findById(retrain.getModelVersionId()).orElseThrow();
			assertThat(challenger.getDatasetId()).isEqualTo(upload.getId());
			assertThat(challenger.getStatus()).isEqualTo(ModelStatus.READY);
			assertThat(this.registry.active("digits").orElseThrow().getId()).isEqualTo(champion.getId());
			JsonNode decision = decision(retrain);
			assertThat(decision.path("promoted").asBoolean()).isFalse();
			assertThat(decision.path("evaluationDatasetId").asLong()).isEqualTo(builtinDigits().getId());
			assertThat(decision.path("challengerScore").asDouble())
				.isLessThan(decision.path("championScore").asDouble());
			assertThat(decision.path("reason").asString()).startsWith("kept the champion: accuracy")
				.contains("trusted evaluation set");
			// on its own (mislabelled) test split it looks good: the old comparison, on
			// that split, would have promoted it
			double ownSplit = this.json.readTree(challenger.getMetrics()).path("score").asDouble();
			assertThat(ownSplit).isGreaterThan(decision.path("challengerScore").asDouble());
		}
		finally {
			Dataset again = this.datasets.findById(upload.getId()).orElseThrow();
			again.markUntrusted();
			this.datasets.save(again);
		}
	}

	String toxicityUpload() throws Exception {
		StoredFile stored = this.storage.write("uploads/datasets", "csv",
				(out) -> out.write(ToxicityFixtures.csv(300, 0.02, 9).getBytes(StandardCharsets.UTF_8)));
		return """
				{"upload":"%s","sha256":"%s","task":"toxicity","name":"trust-it"}""".formatted(stored.path(),
				stored.sha256());
	}

	@Test
	void aUsersTrainingOfTheirOwnUploadIsNeverPromotedByItselfEvenWhenItAsksTo() throws Exception {
		long owner = user("USER");
		Long dataset = succeeded(JobType.IMPORT_DATASET, owner, toxicityUpload()).getDatasetId();
		// the web app turns a user's policy into "never"; the worker holds even if a
		// message says otherwise
		Job trained = succeeded(JobType.TRAIN, owner,
				"{\"task\":\"toxicity\",\"promote\":\"if-none\",\"parameters\":{\"epochs\":1}}");
		assertThat(trained.getDatasetId()).isEqualTo(dataset);
		ModelVersion version = this.versions.findById(trained.getModelVersionId()).orElseThrow();
		assertThat(version.getStatus()).isEqualTo(ModelStatus.READY);
		JsonNode decision = decision(trained);
		assertThat(decision.path("promoted").asBoolean()).isFalse();
		assertThat(decision.path("trustedData").asBoolean()).isFalse();
		assertThat(decision.path("reason").asString()).contains("a user's training is never promoted");
		assertThat(this.json.readTree(trained.getResult()).path("promoted").asBoolean()).isFalse();
	}

	@Test
	void anAdminsTrainingOnAnUntrustedUploadIsNotPromotedByItself() throws Exception {
		long admin = user("ADMIN");
		Long dataset = succeeded(JobType.IMPORT_DATASET, user("USER"), toxicityUpload()).getDatasetId();
		Job trained = succeeded(JobType.TRAIN, admin,
				"{\"task\":\"toxicity\",\"datasetId\":%d,\"parameters\":{\"epochs\":1}}".formatted(dataset));
		assertThat(this.versions.findById(trained.getModelVersionId()).orElseThrow().getStatus())
			.isEqualTo(ModelStatus.READY);
		assertThat(decision(trained).path("reason").asString()).contains("dataset " + dataset).contains("not trusted");
	}

	@Test
	void anOwnerlessTrainingOfATaskWithoutTrustedDataFailsInsteadOfTakingAnUpload() throws Exception {
		succeeded(JobType.IMPORT_DATASET, user("USER"), toxicityUpload());
		Job trained = runToEnd(JobType.RETRAIN, null, "{\"task\":\"toxicity\",\"parameters\":{\"epochs\":1}}");
		assertThat(trained.getState()).isEqualTo(JobState.FAILED);
		assertThat(trained.getError()).contains("There is no trusted toxicity dataset");
	}

	/** A prediction of {@code owner}'s that was corrected to {@code label}. */
	long correction(ModelVersion model, Long owner, String label) {
		return TrainingFixtures.correction(this.jdbc, model.getId(), owner, label);
	}

	Long usedIn(long prediction) {
		return this.jdbc.queryForObject("SELECT used_in_job_id FROM prediction WHERE id = ?", Long.class, prediction);
	}

	@Test
	void aRetrainingThatMayPromoteLearnsOnlyTrustedCorrectionsAndAnAdminsReviewTrainingTheRest() {
		ModelVersion champion = trustedChampion();
		long admin = user("ADMIN");
		long byAdmin = correction(champion, admin, "5");
		long byUser = correction(champion, user("USER"), "6");
		Job retrain = succeeded(JobType.RETRAIN, null,
				"{\"task\":\"digits\",\"promote\":\"challenger\",\"feedback\":true," + SMALL + "}");
		assertThat(usedIn(byAdmin)).isEqualTo(retrain.getId());
		assertThat(usedIn(byUser)).isNull();
		// an admin's training that is never promoted by itself may learn users'
		// corrections: its model reaches everyone only if the admin promotes it
		Job review = succeeded(JobType.TRAIN, admin,
				"{\"task\":\"digits\",\"promote\":\"never\",\"feedback\":true," + SMALL + "}");
		assertThat(usedIn(byUser)).isEqualTo(review.getId());
		assertThat(this.versions.findById(review.getModelVersionId()).orElseThrow().getStatus())
			.isEqualTo(ModelStatus.READY);
		assertThat(this.json.readTree(review.getResult()).path("corrections").asInt()).isPositive();
	}

}
