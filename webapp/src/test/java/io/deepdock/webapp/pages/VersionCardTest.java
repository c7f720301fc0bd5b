package io.deepdock.webapp.pages;

import java.time.Instant;
import java.util.List;

import io.deepdock.core.models.ModelStatus;
import io.deepdock.core.models.ModelVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VersionCardTest {

	static ModelVersion version(int number, ModelStatus status, Instant promotedAt) {
		ModelVersion version = new ModelVersion("digits", number, null, null, "{}");
		version.setStatus(status);
		version.setPromotedAt(promotedAt);
		return version;
	}

	@Test
	void rollBackNamesTheRetiredVersionPromotedLastBeforeTheActiveOne() {
		Instant t = Instant.parse("2026-12-01T00:00:00Z");
		List<ModelVersion> versions = List.of(version(4, ModelStatus.READY, null),
				version(3, ModelStatus.ACTIVE, t.plusSeconds(300)), version(2, ModelStatus.RETIRED, t.plusSeconds(100)),
				version(1, ModelStatus.RETIRED, t.plusSeconds(200)));
		assertThat(VersionCard.rollbackTarget(versions)).get().extracting(ModelVersion::getVersion).isEqualTo(1);
	}

	@Test
	void thereIsNoRollBackWithoutAnEarlierChampion() {
		assertThat(VersionCard.rollbackTarget(List.of(version(1, ModelStatus.ACTIVE, Instant.now())))).isEmpty();
	}

	@Test
	void onlyReadyAndRetiredVersionsArePromotable() {
		for (ModelStatus status : ModelStatus.values()) {
			VersionCard card = new VersionCard(version(1, status, null), null, null, List.of(), null, null, null, null,
					"[]");
			assertThat(card.promotable()).as(status.name())
				.isEqualTo(status == ModelStatus.READY || status == ModelStatus.RETIRED);
		}
	}

	@Test
	void aUserMayDeleteOnlyAVersionTheyTrainedThatNoAdminPromotedAndNeverOneServingOrTraining() {
		io.deepdock.core.jobs.Job training = new io.deepdock.core.jobs.Job(io.deepdock.core.contracts.JobType.TRAIN,
				io.deepdock.core.contracts.JobTrigger.USER, 7L, "{}");
		for (ModelStatus status : ModelStatus.values()) {
			boolean gone = status == ModelStatus.ACTIVE || status == ModelStatus.TRAINING
					|| status == ModelStatus.DELETED;
			VersionCard own = new VersionCard(version(1, status, null), null, null, List.of(), null, training, null,
					null, "[]");
			assertThat(own.deletableBy(7, false)).as("the owner, " + status).isEqualTo(!gone);
			assertThat(own.deletableBy(8, false)).as("another user, " + status).isFalse();
			assertThat(own.deletableBy(8, true)).as("an admin, " + status).isEqualTo(!gone);
		}
		VersionCard promoted = new VersionCard(version(1, ModelStatus.RETIRED, Instant.now()), null, null, List.of(),
				null, training, null, null, "[]");
		assertThat(promoted.deletableBy(7, false)).isFalse();
		assertThat(promoted.deletableBy(8, true)).isTrue();
		VersionCard platform = new VersionCard(version(1, ModelStatus.READY, null), null, null, List.of(), null, null,
				null, null, "[]");
		assertThat(platform.deletableBy(7, false)).isFalse();
	}

}
