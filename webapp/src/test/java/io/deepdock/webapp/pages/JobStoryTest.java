package io.deepdock.webapp.pages;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobStoryTest {

	@Test
	void decimalsReadAsPeopleWriteThem() {
		assertThat(JobStory.decimal(1154.3)).isEqualTo("1,154");
		assertThat(JobStory.decimal(0.0010)).isEqualTo("0.001");
		assertThat(JobStory.decimal(0.98765)).isEqualTo("0.9877");
	}

	@Test
	void aDecisionReasonReadsAsASentence() {
		assertThat(JobStory.sentence("not promoted (policy never)")).isEqualTo("Not promoted (policy never).");
		assertThat(JobStory.sentence(null)).isNull();
	}

	@Test
	void camelCaseKeysReadAsWords() {
		assertThat(JobStory.words("examplesPerSecond")).isEqualTo("examples per second");
	}

}
