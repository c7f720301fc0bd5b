package io.deepdock.webapp.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobProgress;
import io.deepdock.core.jobs.Jobs;
import io.deepdock.core.contracts.JobProgressed;
import io.deepdock.core.contracts.JobStateChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Streams a job's progress to browsers as Server-Sent Events: first what is stored (every
 * progress point so far, so a page opened late draws the whole curve, then the current
 * state), then what this replica hears live on its events queue. The stream ends when the
 * job does.
 *
 * <p>
 * Only the streams of running jobs are held, and each is let go of as soon as it ends:
 * completed, timed out, failed, or found closed by a send (a browser that went away). A
 * stream that fails a send is dropped on its own; the others carry on. One user holds at
 * most {@link JobEventsProperties#maxStreamsPerUser()} at once on all replicas together
 * ({@link StreamLeases}).
 *
 * <p>
 * A job may end between the controller reading it and its stream being held here: the
 * end's event then finds no stream to end. So once the stream is held, the job's state is
 * read again, and a job found ended ends its stream at once (else it would stay open
 * until its timeout).
 */
@Component
public class JobEventRelay implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(JobEventRelay.class);

	/** The open streams of running jobs, by job id. */
	private final Map<Long, List<Stream>> streams = new ConcurrentHashMap<>();

	private final JsonMapper json;

	private final JobEventsProperties properties;

	private final StreamLeases leases;

	private final Jobs jobs;

	JobEventRelay(JsonMapper json, JobEventsProperties properties, StreamLeases leases, Jobs jobs) {
		this.json = json;
		this.properties = properties;
		this.leases = leases;
		this.jobs = jobs;
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
		// the replay holds the stream: a live event heard meanwhile (the job's end) waits
		// for it, so it never lands before the history nor ends the stream half-way
		synchronized (emitter) {
			replay(job, history, emitter, stream);
		}
		return emitter;
	}

	private void replay(Job job, List<JobProgress> history, SseEmitter emitter, Stream stream) {
		long id = job.getId();
		try {
			// the stored history first, the state last: a client closes its stream on an
			// end state, so a finished job's curves and log must have arrived by then
			for (JobProgress point : history) {
				send(emitter, "progress", Map.of("jobId", id, "kind", point.getKind(), "epoch",
						(point.getEpoch() != null) ? point.getEpoch() : 0, "metrics",
						this.json.readTree(point.getMetrics()), "message",
						(point.getMessage() != null) ? point.getMessage() : "", "at", point.getCreatedAt().toString()));
			}
			send(emitter, "state", Map.of("jobId", id, "state", job.getState().name(), "error",
					(job.getError() != null) ? job.getError() : ""));
			if (stream == null) {
				emitter.complete();
			}
			else {
				endIfEnded(stream);
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
	}

	/**
	 * The job as it is now, read after its stream was held: if it has ended in between,
	 * its end's event found no stream here, so the stream ends now with the final state.
	 */
	private void endIfEnded(Stream stream) throws IOException {
		Job now = this.jobs.find(stream.jobId()).orElse(null);
		if (now == null || !now.getState().isTerminal() || !unregister(stream)) {
			return;
		}
		send(stream.emitter(), "state", Map.of("jobId", stream.jobId(), "state", now.getState().name(), "error",
				(now.getError() != null) ? now.getError() : ""));
		stream.emitter().complete();
	}

	private Stream register(long jobId, long userId, SseEmitter emitter) {
		UUID lease = this.leases.claim(userId, jobId, this.properties.maxStreamsPerUser());
		Stream stream = new Stream(jobId, userId, emitter, lease);
		this.streams.computeIfAbsent(jobId, (k) -> new CopyOnWriteArrayList<>()).add(stream);
		return stream;
	}

	/**
	 * Lets go of a stream and frees its slot.
	 * @return whether it was still held (only then is it this caller's to end)
	 */
	private boolean unregister(Stream stream) {
		boolean[] removed = { false };
		this.streams.computeIfPresent(stream.jobId(), (id, list) -> {
			removed[0] = list.remove(stream);
			return list.isEmpty() ? null : list;
		});
		if (removed[0]) {
			try {
				this.leases.release(stream.lease());
			}
			catch (RuntimeException ex) {
				// the lease runs out on its own
				log.warn("could not free the slot of a stream of job {}: {}", stream.jobId(), ex.getMessage());
			}
		}
		return removed[0];
	}

	/** A state change heard on this replica's events queue. */
	public void stateChanged(JobStateChanged event) {
		List<Stream> list = this.streams.get(event.jobId());
		if (list == null) {
			return;
		}
		boolean terminal = event.state().isTerminal();
		for (Stream stream : list) {
			synchronized (stream.emitter()) {
				try {
					send(stream.emitter(), "state", Map.of("jobId", event.jobId(), "state", event.state().name(),
							"error", (event.error() != null) ? event.error() : ""));
					if (terminal && unregister(stream)) {
						stream.emitter().complete();
					}
				}
				catch (IOException | IllegalStateException ex) {
					drop(stream, ex);
				}
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
			synchronized (stream.emitter()) {
				relay(stream, event);
			}
		}
	}

	private void relay(Stream stream, JobProgressed event) {
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

	/**
	 * A comment now and then keeps proxies from closing an idle stream, and finds the
	 * streams whose browser went away. Each stream on its own: one that fails is dropped,
	 * the others still get theirs.
	 */
	@Scheduled(fixedDelay = 15_000)
	void keepAlive() {
		List<UUID> live = new ArrayList<>();
		this.streams.values().forEach((list) -> list.forEach((stream) -> {
			try {
				stream.emitter().send(SseEmitter.event().comment("keep-alive"));
				live.add(stream.lease());
			}
			catch (IOException | RuntimeException ex) {
				drop(stream, ex);
			}
		}));
		try {
			this.leases.renew(live);
		}
		catch (RuntimeException ex) {
			log.warn("could not renew the leases of {} live streams: {}", live.size(), ex.getMessage());
		}
	}

	/** This replica stops: its streams no longer count against anyone's cap. */
	@Override
	public void destroy() {
		this.leases.releaseAll();
	}

	/** The streams held, for tests. */
	int openStreams() {
		return this.streams.values().stream().mapToInt(List::size).sum();
	}

	/** The streams one user holds on this replica. */
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
	private record Stream(long jobId, long userId, SseEmitter emitter, UUID lease) {
	}

}
