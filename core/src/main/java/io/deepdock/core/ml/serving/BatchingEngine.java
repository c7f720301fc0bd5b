package io.deepdock.core.ml.serving;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.deepdock.core.ml.inference.Classification;
import io.deepdock.core.ml.inference.BatchPredictor;
import io.deepdock.core.ml.inference.Predictor;

/**
 * Dynamic micro-batching for one task: concurrent requests wait in a bounded queue and
 * are grouped, up to {@link EngineSettings#maxBatchSize()}, into one forward pass (as
 * Triton, TorchServe and DJL do): whatever waits when the worker is free goes in at once,
 * and {@link EngineSettings#maxDelay()} is waited only to fill the batch after a full
 * one. A full queue refuses at once ({@link EngineOverloadedException}).
 *
 * <p>
 * {@link #swap(BatchPredictor)} hot-swaps the model: the new one is warmed first, then
 * switched in atomically; the old one is closed only after the batches that already hold
 * it have finished, so no request fails across a swap.
 */
public final class BatchingEngine implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(BatchingEngine.class);

	private final String name;

	private final EngineSettings settings;

	private final BlockingQueue<Request> queue;

	private final AtomicReference<Handle> current = new AtomicReference<>();

	private final List<Thread> workers = new ArrayList<>();

	private volatile boolean closed;

	private final AtomicInteger companyWaits = new AtomicInteger();

	private final LongAdder batches = new LongAdder();

	private final LongAdder rows = new LongAdder();

	/**
	 * Starts the worker threads; no model yet (requests get {@link NoModelException}
	 * until {@link #swap}).
	 */
	public BatchingEngine(String name, EngineSettings settings) {
		this.name = name;
		this.settings = settings;
		this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
		for (int i = 0; i < settings.workers(); i++) {
			Thread worker = new Thread(this::work, "batching-" + name + "-" + i);
			worker.setDaemon(true);
			worker.start();
			this.workers.add(worker);
		}
	}

	/** True once a model is loaded and warmed (readiness). */
	public boolean ready() {
		return this.current.get() != null && !this.closed;
	}

	/**
	 * How many times a worker has waited for requests to fill a batch (only ever after a
	 * full one): a lone request is never held back.
	 */
	public int companyWaits() {
		return this.companyWaits.get();
	}

	/**
	 * Forward passes run for requests (a swap's warm-up passes are not counted): with
	 * {@link #rows()}, the mean batch an operator reads from the metrics.
	 */
	public long batches() {
		return this.batches.sum();
	}

	/** Requests that reached a forward pass. */
	public long rows() {
		return this.rows.sum();
	}

	/** Requests waiting for a forward pass now. */
	public int queued() {
		return this.queue.size();
	}

	/** The model answering now, or null. Do not close it: the engine owns it. */
	public BatchPredictor predictor() {
		Handle handle = this.current.get();
		return handle == null ? null : handle.predictor;
	}

	/**
	 * Queues one input (a feature row from {@link Predictor#features}).
	 * @throws NoModelException when no model is loaded
	 * @throws EngineOverloadedException when the queue is full
	 */
	public CompletableFuture<Classification> submit(float[] features) {
		if (this.closed) {
			throw new IllegalStateException(this.name + ": engine is closed");
		}
		if (this.current.get() == null) {
			throw new NoModelException(this.name);
		}
		Request request = new Request(features, System.nanoTime(), new CompletableFuture<>());
		if (!this.queue.offer(request)) {
			// a full queue drains in about capacity/maxBatch forward passes; a second is
			// a fair hint
			throw new EngineOverloadedException(this.name, this.settings.queueCapacity(), Duration.ofSeconds(1));
		}
		return request.result;
	}

	/**
	 * Loads {@code next} beside the current model: warms it with a forward pass of a full
	 * batch and of one row, switches atomically, then closes the previous model once its
	 * in-flight batches are done.
	 */
	public void swap(BatchPredictor next) {
		float[] zeros = new float[next.featureSize()];
		List<float[]> batch = new ArrayList<>();
		for (int i = 0; i < this.settings.maxBatchSize(); i++) {
			batch.add(zeros);
		}
		next.predictRows(batch);
		next.predictRows(List.of(zeros));
		Handle previous = this.current.getAndSet(new Handle(next));
		if (previous != null) {
			previous.retire();
		}
		log.info("{}: now serving model {}", this.name, next.sha256());
	}

	/**
	 * Takes what is waiting, up to a full batch, and runs it at once: the requests that
	 * arrive during a forward pass form the next batch, so under load batches fill by
	 * themselves, and a lone request never waits {@link EngineSettings#maxDelay()} for
	 * company that is not coming (that wait was most of the batch-1 latency). Only after
	 * a full batch, when more are surely on their way, does the worker wait up to
	 * {@code maxDelay} to fill the next one.
	 */
	private void work() {
		int max = this.settings.maxBatchSize();
		List<Request> batch = new ArrayList<>(max);
		long maxDelay = this.settings.maxDelay().toNanos();
		boolean lastFull = false;
		while (!this.closed) {
			try {
				Request first = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					lastFull = false;
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, max - 1);
				if (lastFull && maxDelay > 0) {
					this.companyWaits.incrementAndGet();
					long deadline = first.enqueued + maxDelay;
					while (batch.size() < max) {
						long wait = deadline - System.nanoTime();
						Request next = (wait > 0) ? this.queue.poll(wait, TimeUnit.NANOSECONDS) : null;
						if (next == null) {
							break;
						}
						batch.add(next);
						this.queue.drainTo(batch, max - batch.size());
					}
				}
				lastFull = batch.size() >= max;
				run(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			finally {
				batch.clear();
			}
		}
	}

	private void run(List<Request> batch) {
		Handle handle = acquire();
		if (handle == null) {
			batch.forEach(r -> r.result.completeExceptionally(new NoModelException(this.name)));
			return;
		}
		this.batches.increment();
		this.rows.add(batch.size());
		try {
			List<float[]> rows = new ArrayList<>(batch.size());
			batch.forEach(r -> rows.add(r.features));
			List<Classification> predictions = handle.predictor.predictRows(rows);
			for (int i = 0; i < batch.size(); i++) {
				batch.get(i).result.complete(predictions.get(i));
			}
		}
		catch (RuntimeException ex) {
			batch.forEach(r -> r.result.completeExceptionally(ex));
		}
		finally {
			handle.release();
		}
	}

	/**
	 * The current model with its in-flight count raised, so a concurrent swap cannot
	 * close it under us.
	 */
	private Handle acquire() {
		while (true) {
			Handle handle = this.current.get();
			if (handle == null) {
				return null;
			}
			handle.inFlight.incrementAndGet();
			if (this.current.get() == handle) {
				return handle;
			}
			handle.release();
		}
	}

	/** Stops the workers, fails what is still queued, closes the model. */
	@Override
	public void close() {
		this.closed = true;
		for (Thread worker : this.workers) {
			try {
				worker.join(5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		Request left;
		while ((left = this.queue.poll()) != null) {
			left.result.completeExceptionally(new IllegalStateException(this.name + ": engine closed"));
		}
		Handle handle = this.current.getAndSet(null);
		if (handle != null) {
			handle.retire();
		}
	}

	private record Request(float[] features, long enqueued, CompletableFuture<Classification> result) {
	}

	/**
	 * A model plus the number of batches using it; closed when retired and no longer
	 * used.
	 */
	private static final class Handle {

		final BatchPredictor predictor;

		final AtomicInteger inFlight = new AtomicInteger();

		final AtomicBoolean retired = new AtomicBoolean();

		final AtomicBoolean closed = new AtomicBoolean();

		Handle(BatchPredictor predictor) {
			this.predictor = predictor;
		}

		void release() {
			if (this.inFlight.decrementAndGet() == 0 && this.retired.get()) {
				closeOnce();
			}
		}

		void retire() {
			this.retired.set(true);
			if (this.inFlight.get() == 0) {
				closeOnce();
			}
		}

		private void closeOnce() {
			if (this.closed.compareAndSet(false, true)) {
				this.predictor.close();
			}
		}

	}

}
