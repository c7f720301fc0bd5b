package io.deepdock.worker.jobs;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobDeferredException;
import io.deepdock.core.jobs.JobCancelledException;
import io.deepdock.core.jobs.JobFailedException;
import io.deepdock.core.jobs.JobHandedBackException;
import io.deepdock.core.jobs.JobLifecycle;
import io.deepdock.core.jobs.JobProperties;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.rabbitmq.client.Channel;
import io.deepdock.core.contracts.JobDispatched;
import io.deepdock.core.contracts.MalformedMessageException;
import io.deepdock.core.contracts.MessageCodec;
import io.deepdock.core.contracts.Topology;
import io.deepdock.core.outbox.ConfirmedPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Runs a dispatched job on a worker with the delivery guarantees the platform promises:
 * the job id is the idempotency key (a redelivered message for a finished job is
 * acknowledged and ignored), a job that cannot succeed ends FAILED with its reason, a
 * transient error is retried with backoff (the job waits QUEUED with a {@code not_before}
 * and the scheduler's reaper dispatches it again: the consumer never sleeps), and a
 * message that still fails, or that cannot even be read, is republished to
 * {@code jobs.dead}. The message is acknowledged only after one of those ends has been
 * recorded, so a worker that dies mid-job leaves it to be redelivered.
 */
@Component
public class JobExecutor {

	private static final Logger log = LoggerFactory.getLogger(JobExecutor.class);

	private static final Duration DEAD_LETTER_CONFIRM_TIMEOUT = Duration.ofSeconds(10);

	/** Which attempt a (re)published dispatch message is; absent means the first. */
	public static final String ATTEMPT_HEADER = "deepdock-attempt";

	/** Why a message was dead-lettered. */
	public static final String REASON_HEADER = "deepdock-dead-reason";

	private final MessageCodec codec;

	private final JobLifecycle lifecycle;

	private final ConfirmedPublisher publisher;

	private final Topology topology;

	private final JobProperties properties;

	private final MeterRegistry meters;

	private final JobStopSignal stopSignal;

	/**
	 * The jobs this process runs now, with the worker name each runs under: their leases
	 * are renewed.
	 */
	private final Map<Long, String> running = new java.util.concurrent.ConcurrentHashMap<>();

	JobExecutor(MessageCodec codec, JobLifecycle lifecycle, ConfirmedPublisher publisher, Topology topology,
			JobProperties properties, MeterRegistry meters, JobStopSignal stopSignal) {
		stopSignal.whenIdle(this.running::isEmpty);
		this.stopSignal = stopSignal;
		this.codec = codec;
		this.lifecycle = lifecycle;
		this.publisher = publisher;
		this.topology = topology;
		this.properties = properties;
		this.meters = meters;
	}

	/**
	 * Handles one delivery and acknowledges it. When the job's bookkeeping itself fails
	 * (the database is unreachable: the job cannot be looked up, started or ended), the
	 * message goes back to its queue after a pause of
	 * {@code deepdock.jobs.initial-backoff} rather than staying unacknowledged on this
	 * consumer: in manual acknowledgement the listener container neither acks nor
	 * requeues a message whose listener threw, so it would be held until the channel
	 * closed, the job QUEUED for ever and the lane blocked (a Swarm run with PostgreSQL
	 * stopped for 20 s left an import so, 2026-12-06). A job that had started is still
	 * leased to this worker then: the redelivery finds it leased and is acknowledged, and
	 * the reaper dispatches it again when the lease runs out.
	 * @param worker the name of this worker replica, recorded on the job
	 */
	public void execute(Message message, Channel channel, long deliveryTag, String worker, JobHandler handler)
			throws IOException {
		try {
			handle(message, channel, deliveryTag, worker, handler);
		}
		catch (RuntimeException ex) {
			Duration pause = this.properties.backoff(1);
			log.warn("A job message could not be handled ({}); it goes back to its queue in {} ms", ex.toString(),
					pause.toMillis());
			this.meters.counter("deepdock.jobs.requeued").increment();
			if (!this.stopSignal.isStopping()) {
				try {
					Thread.sleep(pause.toMillis());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
				}
			}
			channel.basicNack(deliveryTag, false, true);
		}
	}

	private void handle(Message message, Channel channel, long deliveryTag, String worker, JobHandler handler)
			throws IOException {
		if (this.stopSignal.isStopping()) {
			// this worker is going away: leave the job to another one
			channel.basicNack(deliveryTag, false, true);
			return;
		}
		JobDispatched dispatched;
		try {
			dispatched = this.codec.decode(message, JobDispatched.class);
		}
		catch (MalformedMessageException ex) {
			deadLetter(message, ex.getMessage());
			channel.basicAck(deliveryTag, false);
			return;
		}
		Optional<Job> found = this.lifecycle.find(dispatched.jobId());
		if (found.isEmpty()) {
			deadLetter(message, "job " + dispatched.jobId() + " does not exist");
			channel.basicAck(deliveryTag, false);
			return;
		}
		if (found.get().getState().isTerminal()) {
			// a redelivery of a job that already ended: the job id makes this idempotent
			log.info("Job {} already {}, acknowledging duplicate delivery", dispatched.jobId(), found.get().getState());
			channel.basicAck(deliveryTag, false);
			return;
		}
		if (found.get().isDelayedAt(java.time.Instant.now())) {
			// a stray message for a job that waits for its retry: the reaper
			// dispatches it when its wait is over
			log.info("Job {} waits until {}, acknowledging early delivery", dispatched.jobId(),
					found.get().getNotBefore());
			channel.basicAck(deliveryTag, false);
			return;
		}
		long jobId = dispatched.jobId();
		// the failed attempts are counted on the job (a retry is dispatched again by the
		// reaper); the header is what older messages carry
		int attempt = Math.max(attempt(message), found.get().getRetries() + 1);
		Optional<Job> started = this.lifecycle.start(jobId, worker);
		if (started.isEmpty()) {
			log.info("Job {} ended before it started, acknowledging", jobId);
			channel.basicAck(deliveryTag, false);
			return;
		}
		Job job = started.get();
		if (job.getAttempts() <= 1 && job.getStartedAt() != null) {
			// submit to first start: how long users wait for a free worker
			this.meters.timer("deepdock.jobs.queue.wait", "type", job.getType().name())
				.record(java.time.Duration.between(job.getCreatedAt(), job.getStartedAt()));
		}
		long attemptStarted = System.nanoTime();
		this.running.put(jobId, worker);
		log.info("Job {} ({}) started, attempt {}", jobId, job.getType(), attempt);
		try {
			String result = handler.run(job);
			this.lifecycle.succeed(jobId, (result != null) ? result : "{}");
			count(job, "succeeded");
			log.info("Job {} succeeded", jobId);
		}
		catch (JobHandedBackException ex) {
			this.lifecycle.handBack(jobId, worker, ex.getMessage());
			count(job, "handed_back");
			log.info("Job {} handed back: {}", jobId, ex.getMessage());
		}
		catch (JobDeferredException ex) {
			this.lifecycle.defer(jobId, ex.getMessage(), ex.delay());
			count(job, "deferred");
			log.info("Job {} deferred: {}", jobId, ex.getMessage());
		}
		catch (JobCancelledException ex) {
			this.lifecycle.cancelled(jobId, ex.getMessage());
			count(job, "cancelled");
			log.info("Job {} cancelled: {}", jobId, ex.getMessage());
		}
		catch (JobFailedException ex) {
			this.lifecycle.fail(jobId, ex.getMessage());
			count(job, "failed");
			log.info("Job {} failed: {}", jobId, ex.getMessage());
		}
		catch (Exception ex) {
			String reason = ex.getClass().getSimpleName() + ": " + ex.getMessage();
			if (attempt < this.properties.maxAttempts()) {
				log.warn("Job {} attempt {} of {} failed, retrying: {}", jobId, attempt, this.properties.maxAttempts(),
						reason);
				// never sleep here: the job waits in PostgreSQL (not_before) and
				// the reaper dispatches it again; this consumer takes the next job
				this.lifecycle.retryLater(jobId, "attempt " + attempt + " failed: " + reason,
						this.properties.backoff(attempt));
				this.meters.counter("deepdock.jobs.retries", "type", job.getType().name()).increment();
			}
			else {
				log.error("Job {} failed after {} attempts, dead-lettering", jobId, attempt, ex);
				deadLetter(message, reason);
				// its upload is kept a while for an operator to look at (JobFiles)
				this.lifecycle.deadLettered(jobId, "failed after " + attempt + " attempts: " + reason);
				count(job, "failed");
			}
		}
		finally {
			this.running.remove(jobId);
			this.meters.timer("deepdock.jobs.run.time", "type", job.getType().name())
				.record(System.nanoTime() - attemptStarted, java.util.concurrent.TimeUnit.NANOSECONDS);
		}
		channel.basicAck(deliveryTag, false);
	}

	/**
	 * Renews the lease of every job this process runs, so that the reaper leaves them
	 * alone.
	 */
	@org.springframework.scheduling.annotation.Scheduled(fixedDelayString = "${deepdock.jobs.heartbeat:20s}")
	void heartbeat() {
		this.running.forEach((jobId, worker) -> {
			try {
				if (!this.lifecycle.renewLease(jobId, worker)) {
					log.warn("Job {} is no longer leased to {}", jobId, worker);
				}
			}
			catch (RuntimeException ex) {
				log.warn("Could not renew the lease of job {}: {}", jobId, ex.getMessage());
			}
		});
	}

	private void count(Job job, String outcome) {
		this.meters.counter("deepdock.jobs.completed", "type", job.getType().name(), "outcome", outcome).increment();
	}

	private static int attempt(Message message) {
		Object header = message.getMessageProperties().getHeaders().get(ATTEMPT_HEADER);
		if (header instanceof Number number) {
			return Math.max(1, number.intValue());
		}
		if (header != null) {
			try {
				return Math.max(1, Integer.parseInt(header.toString()));
			}
			catch (NumberFormatException ex) {
				return 1;
			}
		}
		return 1;
	}

	/**
	 * Republishes a message to {@code jobs.dead} with the reason, and waits for the
	 * broker's confirm.
	 */
	void deadLetter(Message original, String reason) {
		log.warn("Dead-lettering message: {}", reason);
		Map<String, Object> headers = original.getMessageProperties().getHeaders();
		Message copy = MessageBuilder.fromClonedMessage(original)
			.setHeader(REASON_HEADER, truncate(reason))
			.setHeader("deepdock-original-queue", original.getMessageProperties().getConsumerQueue())
			.build();
		copy.getMessageProperties()
			.getHeaders()
			.putIfAbsent(MessageCodec.TYPE_HEADER, headers.get(MessageCodec.TYPE_HEADER));
		this.publisher.publish(this.topology.jobsExchange(), Topology.DEAD_KEY, copy, DEAD_LETTER_CONFIRM_TIMEOUT);
		this.meters.counter("deepdock.jobs.dead_lettered").increment();
	}

	private static String truncate(String reason) {
		String text = String.valueOf(reason);
		return (text.length() > 1000) ? text.substring(0, 1000) : text;
	}

}
