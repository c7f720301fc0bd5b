package io.deepdock.scheduler.retention;

import io.deepdock.core.retention.Retention;
import io.deepdock.scheduler.leadership.Leadership;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class RetentionScheduleTest {

	private final Leadership leadership = mock(Leadership.class);

	private final Retention retention = mock(Retention.class);

	private final RetentionSchedule schedule = new RetentionSchedule(this.leadership, this.retention);

	@Test
	void onlyTheLeaderSweeps() {
		when(this.leadership.isLeader()).thenReturn(false);
		this.schedule.sweep();
		verifyNoInteractions(this.retention);
	}

	@Test
	void theLeaderExpiresResultsAndRemovesStaleUploads() {
		when(this.leadership.isLeader()).thenReturn(true);
		this.schedule.sweep();
		verify(this.retention).expireResults();
		verify(this.retention).removeStaleUploads();
		verify(this.retention).expirePredictionImages();
	}

	@Test
	void aFailedSweepIsRetriedAtTheNextTickInsteadOfStoppingTheSchedule() {
		when(this.leadership.isLeader()).thenReturn(true);
		when(this.retention.expireResults()).thenThrow(new IllegalStateException("database down"));
		assertThatCode(this.schedule::sweep).doesNotThrowAnyException();
	}

}
