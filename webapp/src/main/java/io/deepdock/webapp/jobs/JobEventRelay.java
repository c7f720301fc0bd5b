package io.deepdock.webapp.jobs;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobProgress;
import io.deepdock.core.messaging.JobProgressed;
import io.deepdock.core.messaging.JobStateChanged;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Streams a job's progress to browsers as Server-Sent Events: first what is stored (the
 * state and every progress point so far, so a page opened late draws the whole curve),
 * then what this replica hears live on its events queue. The stream ends when the job
 * does.
 */
@Component
public class JobEventRelay {

	private final Map<Long, List<SseEmitter>> emitters = new ConcurrentHashMap<>();

	private final JsonMapper json;

	JobEventRelay(JsonMapper json) {
		this.json = json;
	}

	SseEmitter open(Job job, List<JobProgress> history) {
		SseEmitter emitter = new SseEmitter(Duration.ofHours(24).toMillis());
		long id = job.getId();
		List<SseEmitter> list = this.emitters.computeIfAbsent(id, (k) -> new CopyOnWriteArrayList<>());
		list.add(emitter);
		Runnable remove = () -> list.remove(emitter);
		emitter.onCompletion(remove);
		emitter.onTimeout(remove);
		emitter.onError((ex) -> remove.run());
		try {
			send(emitter, "state", Map.of("jobId", id, "state", job.getState().name(), "error",
					(job.getError() != null) ? job.getError() : ""));
			for (JobProgress point : history) {
				send(emitter, "progress", Map.of("jobId", id, "kind", point.getKind(), "epoch",
						(point.getEpoch() != null) ? point.getEpoch() : 0, "metrics",
						this.json.readTree(point.getMetrics()), "message",
						(point.getMessage() != null) ? point.getMessage() : "", "at", point.getCreatedAt().toString()));
			}
			if (job.getState().isTerminal()) {
				emitter.complete();
			}
		}
		catch (IOException ex) {
			emitter.completeWithError(ex);
		}
		return emitter;
	}

	/** A state change heard on this replica's events queue. */
	public void stateChanged(JobStateChanged event) {
		List<SseEmitter> list = this.emitters.get(event.jobId());
		if (list == null) {
			return;
		}
		boolean terminal = List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(event.state());
		for (SseEmitter emitter : list) {
			try {
				send(emitter, "state", Map.of("jobId", event.jobId(), "state", event.state(), "error",
						(event.error() != null) ? event.error() : ""));
				if (terminal) {
					emitter.complete();
				}
			}
			catch (IOException ex) {
				emitter.completeWithError(ex);
			}
		}
		if (terminal) {
			this.emitters.remove(event.jobId());
		}
	}

	/** A progress event heard on this replica's events queue. */
	public void progressed(JobProgressed event) {
		List<SseEmitter> list = this.emitters.get(event.jobId());
		if (list == null) {
			return;
		}
		for (SseEmitter emitter : list) {
			try {
				send(emitter, "progress",
						Map.of("jobId", event.jobId(), "kind", event.kind(), "epoch",
								(event.epoch() != null) ? event.epoch() : 0, "metrics", event.metrics(), "message",
								(event.message() != null) ? event.message() : "", "at", event.at().toString()));
			}
			catch (IOException ex) {
				emitter.completeWithError(ex);
			}
		}
	}

	/** A comment now and then keeps proxies from closing an idle stream. */
	@Scheduled(fixedDelay = 15_000)
	void keepAlive() {
		this.emitters.values().forEach((list) -> list.forEach((emitter) -> {
			try {
				emitter.send(SseEmitter.event().comment("keep-alive"));
			}
			catch (IOException ex) {
				emitter.completeWithError(ex);
			}
		}));
	}

	int openStreams() {
		return this.emitters.values().stream().mapToInt(List::size).sum();
	}

	private void send(SseEmitter emitter, String name, Object data) throws IOException {
		emitter
			.send(SseEmitter.event().name(name).data(this.json.writeValueAsString(data), MediaType.APPLICATION_JSON));
	}

}
