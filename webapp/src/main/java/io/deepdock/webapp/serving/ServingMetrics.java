package io.deepdock.webapp.serving;

import java.util.function.ToDoubleFunction;

import io.deepdock.core.ml.Task;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * Each task's micro-batching on this replica, in {@code /actuator/prometheus}:
 * {@code deepdock_serving_batches_total{task}} (forward passes for requests),
 * {@code deepdock_serving_rows_total{task}} (the requests in them; rows ÷ batches is the
 * mean batch, which says whether concurrent predictions share their passes) and
 * {@code deepdock_serving_queue{task}} (requests waiting for a pass now).
 */
@Component
class ServingMetrics implements MeterBinder {

	private final ModelServing serving;

	ServingMetrics(ModelServing serving) {
		this.serving = serving;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (Task task : Task.values()) {
			counter(registry, "deepdock.serving.batches", "Forward passes run for prediction requests", task,
					(s) -> s.counts(task).batches());
			counter(registry, "deepdock.serving.rows", "Prediction requests answered by a forward pass", task,
					(s) -> s.counts(task).rows());
			Gauge.builder("deepdock.serving.queue", this.serving, (s) -> s.counts(task).queued())
				.description("Prediction requests waiting for a forward pass")
				.tag("task", task.id())
				.register(registry);
		}
	}

	private void counter(MeterRegistry registry, String name, String description, Task task,
			ToDoubleFunction<ModelServing> count) {
		FunctionCounter.builder(name, this.serving, count)
			.description(description)
			.tag("task", task.id())
			.register(registry);
	}

}
