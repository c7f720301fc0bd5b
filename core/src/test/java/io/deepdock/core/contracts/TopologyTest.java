package io.deepdock.core.contracts;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopologyTest {

	/** AMQP topic matching: {@code *} one word, {@code #} zero or more. */
	static boolean matches(String pattern, String key) {
		String regex = Pattern.quote(pattern).replace("*", "\\E[^.]+\\Q").replace("#", "\\E.*\\Q");
		return key.matches(regex);
	}

	@Test
	void jobEventKeysReachTheWebReplicasBinding() {
		// a key built elsewhere by hand could drift from the pattern and the SSE stream
		// would fall silent
		assertThat(matches(Topology.JOB_EVENTS_PATTERN, Topology.jobStateKey(42))).isTrue();
		assertThat(matches(Topology.JOB_EVENTS_PATTERN, Topology.jobProgressKey(42))).isTrue();
		assertThat(matches(Topology.MODEL_PROMOTED_PATTERN, Topology.jobStateKey(42))).isFalse();
	}

	@Test
	void promotionKeysReachEveryTasksBinding() {
		assertThat(matches(Topology.MODEL_PROMOTED_PATTERN, Topology.modelPromotedKey("digits"))).isTrue();
		assertThat(matches(Topology.MODEL_PROMOTED_PATTERN, Topology.modelPromotedKey("toxicity"))).isTrue();
		assertThat(matches(Topology.JOB_EVENTS_PATTERN, Topology.modelPromotedKey("digits"))).isFalse();
	}

	@Test
	void keysKeepTheirDocumentedShape() {
		// the README documents these keys for operators reading the broker
		assertThat(Topology.jobStateKey(7)).isEqualTo("job.7.state");
		assertThat(Topology.jobProgressKey(7)).isEqualTo("job.7.progress");
		assertThat(Topology.modelPromotedKey("fashion")).isEqualTo("model.fashion.promoted");
	}

}
