#!/usr/bin/env bash
# A foreground training's memory across its epochs (issue 17: "no growth across epochs"): runs
# ./deepdock train TASK on a fresh state directory and samples the worker JVM's VmRSS every INTERVAL
# seconds, with the last epoch the training printed. /usr/bin/time -v adds the peak (VmHWM).
#   bench/scripts/training_rss.sh digits /tmp/drss [INTERVAL] [more ./deepdock train options]
# Writes HOME.log (the training's output) and HOME.samples ("time rss_kB epoch N/M" per line).
set -euo pipefail
task="$1" home="$2" interval="${3:-5}"
shift $(( $# < 3 ? $# : 3 ))
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rm -rf "$home"
: > "$home.samples"
(cd "$root" && DEEPDOCK_NO_BUILD=1 /usr/bin/time -v ./deepdock train "$task" --home "$home" "$@" > "$home.log" 2>&1;
  echo "rc=$?" >> "$home.log") &
trainer=$!
# this training's worker JVM: a descendant of the background job (not another platform's worker)
worker() {
  local queue=("$1") p
  while ((${#queue[@]})); do
    p="${queue[0]}"; queue=("${queue[@]:1}")
    grep -q 'deepdock-worker.jar' "/proc/$p/cmdline" 2>/dev/null && { echo "$p"; return; }
    queue+=($(pgrep -P "$p" || true))
  done
}
while kill -0 "$trainer" 2>/dev/null; do
  pid="$(worker "$trainer")"
  if [[ -n "$pid" ]]; then
    rss="$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)"
    epoch="$(grep -oE '^epoch [0-9]+/[0-9]+' "$home.log" | tail -1 || true)"
    echo "$(date +%T) ${rss:-?} ${epoch:-starting}" >> "$home.samples"
  fi
  sleep "$interval"
done
grep -E '^test|Elapsed|Maximum resident|^rc=' "$home.log" || true
# an epoch shorter than INTERVAL may have no sample: it is skipped, not the end of the list
awk '$3 == "epoch" { split($4, e, "/"); n = e[1] + 0; if (!(n in lo) || $2 < lo[n]) lo[n] = $2; if ($2 > hi[n]) hi[n] = $2; if (n > last) last = n }
  END { for (i = 1; i <= last; i++) if (i in lo) printf "epoch %d: %d-%d kB\n", i, lo[i], hi[i] }' "$home.samples"
