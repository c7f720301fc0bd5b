package io.deepdock.webapp.jobs;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobProgress;
import io.deepdock.core.contracts.JobProgressed;
import io.deepdock.core.contracts.JobStateChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 *
 * <p>
 * Only the streams of running jobs are held, and each is let go of as soon as it ends:
 * completed, timed out, failed, or found closed by a send (a browser that went away). A
 * stream that fails a send is dropped on its own; the others carry on. One user holds at
 * most {@link JobEventsProperties#maxStreamsPerUser()} at once.
 */
@Component
public class JobEventRelay {

	private static final Logger log = LoggerFactory.getLogger(JobEventRelay.class);

	/** The open streams of running jobs, by job id. */
	private final Map<Long, List<Stream>> streams = new ConcurrentHashMap<>();

	private final JsonMapper json;

	private final JobEventsProperties properties;

	JobEventRelay(JsonMapper json, JobEventsProperties properties) {
		this.json = json;
		this.properties = properties;
	}

	/**
	 * @param userId the caller, whose open streams count against the cap
	 * @throws TooManyStreamsException when the caller already holds the most streams
	 * allowed
	 */
	SseEmitter open(Job job, List<JobProgress> history, long userId) {
		long id = job.getId();
		SseEmitter emitter = new SseEmitter(this.properties.timeout().toMillis());
		// an ended job's stream is the replay alone: never held, nothing to keep alive
		Stream stream = job.getState().isTerminal() ? null : register(id, userId, emitter);
		if (stream != null) {
			Runnable remove = () -> unregister(stream);
			emitter.onCompletion(remove);
			emitter.onTimeout(remove);
			emitter.onError((ex) -> remove.run());
		}
		try {
			send(emitter, "state", Map.of("jobId", id, "state", job.getState().name(), "error",
					(job.getError() != null) ? job.getError() : ""));
			for (JobProgress point : history) {
				send(emitter, "progress", Map.of("jobId", id, "kind", point.getKind(), "epoch",
						(point.getEpoch() != null) ? point.getEpoch() : 0, "metrics",
						this.json.readTree(point.getMetrics()), "message",
						(point.getMessage() != null) ? point.getMessage() : "", "at", point.getCreatedAt().toString()));
			}
			if (stream == null) {
				emitter.complete();
			}
		}
		catch (IOException | IllegalStateException ex) {
			if (stream != null) {
				drop(stream, ex);
			}
			else {
				emitter.completeWithError(ex);
			}
		}
		return emitter;
	}

	private synchronized Stream register(long jobId, long userId, SseEmitter emitter) {
		int open = openStreams(userId);
		if (open >= this.properties.maxStreamsPerUser()) {
			throw new TooManyStreamsException(open);
		}
		Stream stream = new Stream(jobId, userId, emitter);
		this.streams.computeIfAbsent(jobId, (k) -> new CopyOnWriteArrayList<>()).add(stream);
		return stream;
	}

	private synchronized void unregister(Stream stream) {
		this.streams.computeIfPresent(stream.jobId(), (id, list) -> {
			list.remove(stream);
			return list.isEmpty() ? null : list;
		});
	}

	/** A state change heard on this replica's events queue. */
	public void stateChanged(JobStateChanged event) {
		List<Stream> list = this.streams.get(event.jobId());
		if (list == null) {
			return;
		}
		boolean terminal = event.state().isTerminal();
		for (Stream stream : list) {
			try {
				send(stream.emitter(), "state", Map.of("jobId", event.jobId(), "state", event.state().name(), "error",
						(event.error() != null) ? event.error() : ""));
				if (terminal) {
					unregister(stream);
					stream.emitter().complete();
				}
			}
			catch (IOException | IllegalStateException ex) {
				drop(stream, ex);
			}
		}
	}

	/** A progress event heard on this replica's events queue. */
	public void progressed(JobProgressed event) {
		List<Stream> list = this.streams.get(event.jobId());
		if (list == null) {
			return;
		}
		for (Stream stream : list) {
			try {
				send(stream.emitter(), "progress",
						Map.of("jobId", event.jobId(), "kind", event.kind(), "epoch",
								(event.epoch() != null) ? event.epoch() : 0, "metrics", event.metrics(), "message",
								(event.message() != null) ? event.message() : "", "at", event.at().toString()));
			}
			catch (IOException | IllegalStateException ex) {
				drop(stream, ex);
			}
		}
	}

	/**
	 * A comment now and then keeps proxies from closing an idle stream, and finds the
	 * streams whose browser went away. Each stream on its own: one that fails is dropped,
	 * the others still get theirs.
	 */
	@Scheduled(fixedDelay = 15_000)
	void keepAlive() {
		this.streams.values().forEach((list) -> list.forEach((stream) -> {
			try {
				stream.emitter().send(SseEmitter.event().comment("keep-alive"));
			}
			catch (IOException | RuntimeException ex) {
				drop(stream, ex);
			}
		}));
	}

	/** The streams held, for tests. */
	int openStreams() {
		return this.streams.values().stream().mapToInt(List::size).sum();
	}

	/** The streams one user holds. */
	int openStreams(long userId) {
		return (int) this.streams.values()
			.stream()
			.flatMap(List::stream)
			.filter((stream) -> stream.userId() == userId)
			.count();
	}

	/** A stream that cannot be written to any more: let go of it and end it. */
	private void drop(Stream stream, Exception why) {
		unregister(stream);
		log.debug("dropped the event stream of job {}: {}", stream.jobId(), why.toString());
		try {
			stream.emitter().completeWithError(why);
		}
		catch (RuntimeException ex) {
			// already completed: nothing more to end
		}
	}

	private void send(SseEmitter emitter, String name, Object data) throws IOException {
		emitter
			.send(SseEmitter.event().name(name).data(this.json.writeValueAsString(data), MediaType.APPLICATION_JSON));
	}

	/** An open stream of a running job, and whose it is. */
	private record Stream(long jobId, long userId, SseEmitter emitter) {
	}

}
