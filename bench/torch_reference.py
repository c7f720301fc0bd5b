#!/usr/bin/env python3
"""PyTorch peer of io.deepdock.core.ml.bench.Benchmark: the same LeNet (conv 5x5x20, max pool, conv 5x5x50,
max pool, dense 500, softmax 10; 431k parameters), the same measurements, random pixels.
A benchmark peer, not part of the product. Run with Debian's python3-torch:

    /usr/bin/python3 bench/torch_reference.py [--seconds 10] [--threads 2]
"""
import argparse
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class LeNet(nn.Module):
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


def timed(seconds, step):
    start = time.perf_counter()
    n = 0
    while time.perf_counter() - start < seconds:
        n += step()
    return n / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)  # Debian's build defaults to 1
    torch.manual_seed(42)
    model = LeNet()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(128, 1, 28, 28)
    y = torch.arange(128) % 10

    def train_step():
        optimizer.zero_grad()
        F.cross_entropy(model(x), y).backward()
        optimizer.step()
        return 128

    for _ in range(3):
        train_step()
    print(f"{'training (batch 128)':34s} {timed(args.seconds, train_step):10.0f} img/s")

    model.eval()
    with torch.no_grad():
        one = torch.rand(1, 1, 28, 28)
        for _ in range(50):
            model(one)
        latencies = []
        start = time.perf_counter()
        while time.perf_counter() - start < args.seconds:
            t = time.perf_counter()
            torch.softmax(model(one), 1)
            latencies.append(time.perf_counter() - t)
        latencies.sort()
        print(f"{'batch-1 latency, median':34s} {latencies[len(latencies) // 2] * 1e3:10.2f} ms "
              f"(p99 {latencies[int(len(latencies) * 0.99)] * 1e3:.2f} ms)")
        for size in (32, 256):
            batch = torch.rand(size, 1, 28, 28)
            rate = timed(args.seconds, lambda: (torch.softmax(model(batch), 1), size)[1])
            print(f"{'batch-' + str(size) + ' throughput':34s} {rate:10.0f} img/s")
    print(f"{'peak RSS':34s} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024:7d} MB")


if __name__ == "__main__":
    main()
