#!/usr/bin/env python3
"""Where a training step's time goes, from a JFR recording of a training process.

  DEEPDOCK_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/train.jfr,settings=profile,dumponexit=true" \
      ./deepdock train fashion --epochs 1 --limit 12000
  jfr print --stack-depth 80 --events jdk.NativeMethodSample,jdk.ExecutionSample /tmp/train.jfr > /tmp/train.txt
  bench/scripts/training_split.py /tmp/train.txt FROM TO      # the epoch's start and end (HH:MM:SS), from the log

Counts the training thread's ("main") samples between FROM and TO: each one in the first category whose pattern
matches a frame, from the innermost frame out (data, forward, backward, updater, loss, listeners), then by the
DL4J layer or helper that the sample is in. ND4J's own OpenMP threads are not Java threads and are not sampled:
this is the split of the training thread's time, which is the step's wall time.
"""
import collections
import re
import sys

RULES = [
    ("updater (Adam, L2)", r"\.updater\.|Updater\.|Regularization|applyUpdater"),
    ("backward", r"backpropGradient|calcBackpropGradients"),
    ("forward", r"ffToLayerActivations|feedForward|\.activate\(|preOutput|outputOfLayer"),
    ("score/loss", r"computeScore|LossMCXENT|computeGradientAndScore"),
    ("data (batches, augmentation)", r"Batcher|Augmentation|ImageExamples|Examples\.|DataSet|TrainingData"),
    ("listeners/progress", r"TrainingListener|ProgressListener|iterationDone|onEpoch"),
    ("fit loop (other DL4J)", r"org\.deeplearning4j"),
]


def main(path, start, end, thread="main"):
    text = open(path, encoding="utf-8").read()
    events = re.split(r"\n(?=jdk\.(?:NativeMethodSample|ExecutionSample) \{)", text)
    parts, layers, total = collections.Counter(), collections.Counter(), 0
    for event in events:
        when = re.search(r"startTime = (\S+)", event)
        if not when or not (start <= when.group(1)[:8] <= end) or f'sampledThread = "{thread}"' not in event:
            continue
        # the method of each frame, without its parameters (a parameter type may look like a layer)
        frames = [re.sub(r"\(.*", "", f) for f in re.findall(r"\n\s{4}(\S[^\n]*)", event.split("stackTrace = [", 1)[1])]
        part = next((name for frame in frames for name, rule in RULES if re.search(rule, frame)), "other")
        layer = next((f for f in frames if re.search(r"org\.deeplearning4j\.nn\.(layers|updater)\.|Helper", f)), "none")
        parts[part] += 1
        layers[layer] += 1
        total += 1
    print(f"{total} samples of thread '{thread}' between {start} and {end}")
    for name, count in parts.most_common():
        print(f"{100 * count / total:5.1f} %  {name}")
    print("by DL4J layer or helper (innermost):")
    for name, count in layers.most_common(15):
        print(f"{100 * count / total:5.1f} %  {name}")


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(*sys.argv[1:4])
