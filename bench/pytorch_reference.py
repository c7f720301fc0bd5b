#!/usr/bin/env python3
"""PyTorch peer of deepdock's DL4J benchmark (bench/src/main/java/io/deepdock/bench): the SAME networks as
io.deepdock.core.ml.networks.Networks, the same measurements, random pixels. A benchmark peer, not part of the
product. Run with Debian's python3-torch (apt-get install -y python3-torch):

    /usr/bin/python3 bench/pytorch_reference.py --network standard|lenet [--threads 2] [--batch 64]
        [--batches 200] [--seconds 5]

Prints human-readable lines and `RESULT key value` lines, which `java -jar bench/target/deepdock-bench.jar` reads.
--batches 0 skips training (inference only).
"""
import argparse
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class LeNet(nn.Module):
    """Networks LENET: conv 5x5x20 ReLU, max pool 2, conv 5x5x50 ReLU, max pool 2, dense 500 ReLU, softmax 10."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 20, 5)
        self.conv2 = nn.Conv2d(20, 50, 5)
        self.fc1 = nn.Linear(50 * 4 * 4, 500)
        self.fc2 = nn.Linear(500, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(x.flatten(1)))
        return self.fc2(x)


class Standard(nn.Module):
    """Networks STANDARD: conv 5x5x32 ReLU, max pool 2, batch norm, conv 3x3x64 ReLU, max pool 2, batch norm,
    dense 256 ReLU with dropout (DL4J keeps 0.6, so p = 0.4), softmax 10. As in DL4J, the conv's ReLU comes first,
    then the pooling, then the batch norm."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 5)
        self.bn1 = nn.BatchNorm2d(32)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.bn2 = nn.BatchNorm2d(64)
        self.fc1 = nn.Linear(64 * 5 * 5, 256)
        self.drop = nn.Dropout(0.4)
        self.fc2 = nn.Linear(256, 10)

    def forward(self, x):
        x = self.bn1(F.max_pool2d(F.relu(self.conv1(x)), 2))
        x = self.bn2(F.max_pool2d(F.relu(self.conv2(x)), 2))
        x = self.drop(F.relu(self.fc1(x.flatten(1))))
        return self.fc2(x)


def result(key, value):
    print(f"RESULT {key} {value:.4f}", flush=True)


def throughput(seconds, per_call, call):
    for _ in range(5):
        call()
    start = time.perf_counter()
    done = 0
    while time.perf_counter() - start < seconds:
        call()
        done += per_call
    return done / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--network", choices=["standard", "lenet"], default="standard")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--batches", type=int, default=200)
    parser.add_argument("--warmup-seconds", type=float, default=15,
                        help="training before the timed batches, at least 5 batches (as the DL4J side)")
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)  # Debian's build defaults to 1
    torch.manual_seed(42)
    model = Standard() if args.network == "standard" else LeNet()
    params = sum(p.numel() for p in model.parameters())
    print(f"# torch {torch.__version__}, {torch.get_num_threads()} threads, {args.network}: {params} parameters")
    result("threads", torch.get_num_threads())

    if args.batches > 0:
        # as the DL4J side: Adam 1e-3, L2 5e-5, 16 distinct batches of random pixels cycled, the same warm-up
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=5e-5)
        sets = 16
        x = torch.rand(sets * args.batch, 1, 28, 28)
        y = torch.randint(0, 10, (sets * args.batch,))
        model.train()
        start = 0.0
        warmup_end = time.perf_counter() + args.warmup_seconds
        warm = None
        step = 0
        while warm is None or step < warm + args.batches:
            if warm is None and step >= 5 and time.perf_counter() >= warmup_end:
                warm = step
                start = time.perf_counter()
            i = (step % sets) * args.batch
            optimizer.zero_grad()
            F.cross_entropy(model(x[i:i + args.batch]), y[i:i + args.batch]).backward()
            optimizer.step()
            step += 1
        rate = args.batches * args.batch / (time.perf_counter() - start)
        print(f"{'training (batch ' + str(args.batch) + ')':34s} {rate:10.0f} img/s")
        result("train_img_s", rate)
        result("train_warmup_batches", warm)

    model.eval()
    with torch.no_grad():
        # as DL4J's Predictor: pixels 0..255 scaled to 0..1, softmax, probabilities copied out
        images = torch.randint(0, 256, (256, 1, 28, 28)).float()

        def predict(batch):
            return torch.softmax(model(batch / 255.0), 1).numpy().copy()

        one = images[:1]
        for _ in range(200):
            predict(one)
        latencies = []
        start = time.perf_counter()
        while time.perf_counter() - start < args.seconds:
            t = time.perf_counter()
            predict(one)
            latencies.append(time.perf_counter() - t)
        latencies.sort()
        p50 = latencies[len(latencies) // 2] * 1e3
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1e3
        print(f"{'batch-1 latency':34s} {p50:10.2f} ms median, p99 {p99:.2f} ms")
        result("b1_p50_ms", p50)
        result("b1_p99_ms", p99)
        for size in (32, 256):
            batch = images[:size]
            rate = throughput(args.seconds, size, lambda: predict(batch))
            print(f"{'batch-' + str(size) + ' throughput':34s} {rate:10.0f} img/s")
            result(f"b{size}_img_s", rate)
        raw = torch.rand(32, 1, 28, 28)
        rate = throughput(args.seconds, 32, lambda: model(raw))
        result("b32_raw_img_s", rate)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak RSS':34s} {peak:10.0f} MB")
    result("peak_rss_mb", peak)


if __name__ == "__main__":
    main()
