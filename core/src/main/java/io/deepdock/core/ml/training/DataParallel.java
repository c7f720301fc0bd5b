package io.deepdock.core.ml.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import io.deepdock.core.ml.networks.Networks;

/**
 * Synchronous data-parallel training steps inside one process: a batch is split into
 * parts, each part's gradient is computed by its own replica of the network on its own
 * thread with one native thread, and the summed gradient takes one updater step on the
 * master network, exactly as {@code fit} on the whole batch would (the same Adam step,
 * the same L2, the same learning-rate schedule). The replicas share the master's
 * parameter array, so they read every update without a copy.
 * <p>
 * Why: on 2 cores, libnd4j's and oneDNN's ops on batches of 32-128 small images split
 * poorly over two threads (a second thread bought 1.3× on an Intel Xeon, where two
 * one-thread trainings side by side made 1.4× a lone two-thread one). On an AMD EPYC this
 * made 1.11-1.21× the lone training in the benchmark and 5-11 % in real Fashion
 * trainings, whose accuracy it may lower, so the trainer uses it only when asked
 * (docs/models.md, session 24). DL4J's {@code ParallelWrapper} averages parameters
 * instead of gradients, which changes what Adam does, and wants an iterator; this keeps
 * the trainer's own loop, seeds and checkpoints.
 * <p>
 * What differs from {@code fit} on the whole batch: batch normalisation normalises each
 * part by its own statistics (its running averages take the parts' mean), and dropout
 * draws from each replica thread's own generator ({@link #onEachThread}). Without either,
 * a step gives the same parameters as {@code fit} up to float rounding
 * ({@code DataParallelTest}).
 * <p>
 * Not thread-safe: one caller at a time, as a network's {@code fit}.
 */
public final class DataParallel implements AutoCloseable {

	private final MultiLayerNetwork master;

	/** Replica 0 is the master itself. */
	private final MultiLayerNetwork[] replicas;

	private final ExecutorService[] threads;

	/**
	 * Open instances in this process; the first saves ND4J's master-thread count, the
	 * last restores it.
	 */
	private static int open;

	private static int savedMaxMasterThreads;

	private boolean closed;

	/**
	 * The gradient keys ("layer_param") that DL4J's updater does not divide by the batch:
	 * batch normalisation's running averages, whose "gradient" is the step itself.
	 */
	private final List<String> averagedKeys = new ArrayList<>();

	/**
	 * @param replicas how many parts a batch is split into (at least 2), each computed on
	 * a thread of its own
	 */
	public DataParallel(MultiLayerNetwork master, int replicas) {
		if (replicas < 2) {
			throw new IllegalArgumentException("data-parallel training needs at least 2 replicas, was " + replicas);
		}
		this.master = master;
		this.replicas = new MultiLayerNetwork[replicas];
		this.replicas[0] = master;
		for (int i = 1; i < replicas; i++) {
			MultiLayerNetwork replica = new MultiLayerNetwork(master.getLayerWiseConfigurations().clone());
			// the master's own parameter array, not a copy: every update is seen at once
			replica.init(master.params(), false);
			this.replicas[i] = Networks.prepare(replica);
		}
		this.threads = new ExecutorService[replicas];
		for (int i = 0; i < replicas; i++) {
			int index = i;
			this.threads[i] = Executors.newSingleThreadExecutor(task -> {
				Thread thread = new Thread(task, "deepdock-replica-" + index);
				thread.setDaemon(true);
				return thread;
			});
		}
		// OpenMP's thread count is a property of the calling thread: one each, so that
		// the replicas together use as many cores as there are replicas
		onEachThread(i -> NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1));
		// and libnd4j's own loops, which read a process-wide count
		oneNativeThread();
		for (int l = 0; l < master.getnLayers(); l++) {
			Layer layer = master.getLayer(l);
			for (String param : layer.paramTable(false).keySet()) {
				if (!layer.updaterDivideByMinibatch(param)) {
					this.averagedKeys.add(l + "_" + param);
				}
			}
		}
	}

	/** How many parts a batch is split into. */
	public int replicas() {
		return this.replicas.length;
	}

	/**
	 * Runs {@code action} on every replica's thread (with the replica's index) and waits:
	 * for per-thread state such as ND4J's random generator, which dropout draws from.
	 */
	public void onEachThread(IntConsumer action) {
		List<Future<?>> done = new ArrayList<>();
		for (int i = 0; i < this.threads.length; i++) {
			int index = i;
			done.add(this.threads[i].submit(() -> action.accept(index)));
		}
		await(done);
	}

	/**
	 * One training step on a batch given as its parts, part {@code i} to replica
	 * {@code i}; trailing parts may be null or empty when the batch has fewer rows than
	 * replicas. The first part must not be empty.
	 * @return the batch's mean loss, as {@code score()} after {@code fit}
	 */
	public double fit(DataSet[] parts) {
		if (parts.length != this.replicas.length) {
			throw new IllegalArgumentException(parts.length + " parts for " + this.replicas.length + " replicas");
		}
		return fit(i -> parts[i]);
	}

	/**
	 * One training step on a batch whose part {@code i} is made by {@code parts} on
	 * replica {@code i}'s own thread, so that filling the parts (decoding, augmenting)
	 * runs in parallel too. A part may be null or empty, except the first.
	 * @return the batch's mean loss, as {@code score()} after {@code fit}
	 */
	public double fit(IntFunction<DataSet> parts) {
		double[] scores = new double[this.replicas.length];
		int[] rows = new int[this.replicas.length];
		List<Future<?>> done = new ArrayList<>();
		for (int i = 0; i < this.replicas.length; i++) {
			int index = i;
			done.add(this.threads[i].submit(() -> {
				DataSet part = parts.apply(index);
				if (part == null || part.numExamples() == 0) {
					if (index == 0) {
						throw new IllegalArgumentException("the master's part is empty");
					}
					return;
				}
				MultiLayerNetwork replica = this.replicas[index];
				replica.setInput(part.getFeatures());
				replica.setLabels(part.getLabels());
				replica.computeGradientAndScore();
				scores[index] = replica.score();
				rows[index] = part.numExamples();
			}));
		}
		await(done);
		int total = 0;
		double loss = 0;
		for (int i = 0; i < rows.length; i++) {
			total += rows[i];
			loss += scores[i] * rows[i];
		}
		Gradient gradient = this.master.gradient();
		INDArray sum = gradient.gradient();
		if (rows[0] != total) {
			// gradients are sums over a part's rows (the updater divides by the batch);
			// batch normalisation's running averages are not: weigh those by rows
			for (int i = 0; i < rows.length; i++) {
				if (rows[i] > 0) {
					Map<String, INDArray> views = this.replicas[i].gradient().gradientForVariable();
					for (String key : this.averagedKeys) {
						views.get(key).muli((double) rows[i] / total);
					}
				}
			}
			for (int i = 1; i < rows.length; i++) {
				if (rows[i] > 0) {
					sum.addi(this.replicas[i].gradient().gradient());
				}
			}
		}
		int iteration = this.master.getIterationCount();
		this.master.getUpdater()
			.update(this.master, gradient, iteration, this.master.getEpochCount(), total,
					LayerWorkspaceMgr.noWorkspaces());
		// DL4J's step: the updater turned the gradient into the update
		this.master.params().subi(sum);
		this.master.setIterationCount(iteration + 1);
		return loss / total;
	}

	@Override
	public void close() {
		for (ExecutorService thread : this.threads) {
			thread.shutdownNow();
		}
		if (!this.closed) {
			this.closed = true;
			restoreNativeThreads();
		}
		for (int i = 1; i < this.replicas.length; i++) {
			this.replicas[i].clearLayersStates();
		}
	}

	/**
	 * (M2.1 keeps {@code maxThreads} at its start-up value: the master count is the one.)
	 */
	private static synchronized void oneNativeThread() {
		if (open++ == 0) {
			savedMaxMasterThreads = Nd4j.getEnvironment().maxMasterThreads();
			Nd4j.getEnvironment().setMaxMasterThreads(1);
		}
	}

	private static synchronized void restoreNativeThreads() {
		if (--open == 0) {
			Nd4j.getEnvironment().setMaxMasterThreads(savedMaxMasterThreads);
		}
	}

	/**
	 * Waits for every task (none is left running on a replica), then rethrows the first
	 * failure.
	 */
	private static void await(List<Future<?>> futures) {
		Throwable failure = null;
		for (Future<?> future : futures) {
			try {
				future.get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted during a data-parallel step", ex);
			}
			catch (ExecutionException ex) {
				failure = (failure == null) ? ex.getCause() : failure;
			}
		}
		if (failure instanceof RuntimeException runtime) {
			throw runtime;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		if (failure != null) {
			throw new IllegalStateException(failure);
		}
	}

}
