#!/usr/bin/env bash
# The Swarm tests: run against the stack that ./deepdock swarm up deployed, through lb on
# the host port, the way a user and an operator reach it.
#
#   swarm/test.sh                 the functional checks and the scale-out (CI runs these)
#   swarm/test.sh --chaos         and then the rolling update, rollback and fault drills
#   swarm/test.sh --only NAME...  only the named checks (after the functional ones' set-up)
#
# Every figure goes into docs/reliability.md, section "Swarm", written by the run itself
# (with --no-report it is only printed). Exits 1 at the first failed expectation.
set -euo pipefail

SWARM_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$SWARM_DIR")"
STACK="${DEEPDOCK_STACK:-deepdock}"
STATE="${DEEPDOCK_HOME:-$ROOT/.deepdock}/swarm"
[[ -f "$STATE/stack.env" ]] || { echo "no stack: run ./deepdock swarm up first" >&2; exit 1; }
set -a
# shellcheck source=/dev/null
source "$STATE/stack.env"
set +a
URL="http://127.0.0.1:$DEEPDOCK_PORT"
ADMIN="admin:$(cat "$STATE/secrets/admin_password")"
DIGITS="$ROOT/core/src/test/resources/ml/digits"
WORK="$(mktemp -d)"
RESULTS="$STATE/results.md"
CHAOS=no
REPORT=yes
ARGS="$*"
ONLY=()
while (($# > 0)); do
  case "$1" in
    --chaos) CHAOS=yes ;;
    --no-report) REPORT=no ;;
    --only) shift; ONLY=("$@"); break ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

cleanup() {
  load_stop 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

: >"$RESULTS"
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
say() { echo "swarm test: $*" >&2; }
fail() {
  echo "swarm test FAILED: $*" >&2
  echo "| ${CURRENT:-?} | **FAILED**: $* | |" >>"$RESULTS"
  write_report
  exit 1
}
# a row of the report: what, figure, expected
record() {
  say "$1: $2"
  echo "| $1 | $2 | $3 |" >>"$RESULTS"
}

# HTTP as the admin through lb: prints the status; the body is $WORK/body, the headers $WORK/headers.
http() {
  local method="$1" path="$2"
  shift 2
  curl -sS -u "$ADMIN" -X "$method" -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' --max-time 60 \
    "$URL$path" "$@" || echo 000
}
header() { awk -v h="$1" 'BEGIN { IGNORECASE = 1 } { sub(/\r$/, "") } tolower($1) == tolower(h) ":" { $1 = ""; sub(/^ /, ""); print; exit }' "$WORK/headers"; }
body() { cat "$WORK/body"; }

# Waits until job $1 has SUCCEEDED (fails on FAILED/CANCELLED or after $2 s); prints its view.
await_job() {
  local id="$1" timeout="$2" started=$SECONDS state
  while :; do
    [[ "$(http GET "/api/v1/jobs/$id")" == 200 ]] && state="$(jq -r .state "$WORK/body")" || state=unknown
    case "$state" in
      SUCCEEDED) body; return ;;
      FAILED | CANCELLED) fail "job $id ended $state: $(jq -r .error "$WORK/body")" ;;
    esac
    ((SECONDS - started < timeout)) || fail "job $id is $state after $timeout s"
    sleep 1
  done
}

accepted_id() {
  [[ "$1" == 202 ]] || fail "expected 202, got $1: $(body)"
  jq -r .id "$WORK/body"
}

service_tasks_healthy() { # service -> number of running, healthy containers
  local id n=0
  for id in $(docker ps -q --filter "label=com.docker.swarm.service.name=${STACK}_$1"); do
    [[ "$(docker inspect -f '{{.State.Health.Status}}' "$id" 2>/dev/null)" == healthy ]] && n=$((n + 1))
  done
  echo "$n"
}

await_healthy() { # service count timeout
  local started=$SECONDS
  until (($(service_tasks_healthy "$1") >= $2)); do
    ((SECONDS - started < $3)) || fail "$1 has not $2 healthy tasks after $3 s"
    sleep 1
  done
}

# distinct X-Deepdock-Replica values among N requests
replicas_seen() {
  local i
  for i in $(seq "$1"); do
    curl -s -o /dev/null -D - --max-time 5 "$URL/actuator/health/readiness" | awk 'BEGIN { IGNORECASE = 1 } /^x-deepdock-replica:/ { sub(/\r$/, ""); print $2 }'
  done | sort -u
}

# A load through lb: 4 clients in a loop on a page the webapp renders; one status per line.
load_start() {
  LOAD_FILE="$WORK/load-$1"
  : >"$LOAD_FILE"
  rm -f "$WORK/stop-load"
  LOAD_PIDS=()
  local i
  for i in 1 2 3 4; do
    (while [[ ! -f "$WORK/stop-load" ]]; do
      curl -s -o /dev/null -w '%{http_code}\n' --max-time 30 "$URL/actuator/health/readiness" >>"$LOAD_FILE.$i" || echo 000 >>"$LOAD_FILE.$i"
    done) &
    LOAD_PIDS+=($!)
  done
}
load_stop() { # prints "total failed"
  touch "$WORK/stop-load"
  local pid
  for pid in "${LOAD_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  cat "$LOAD_FILE".* | awk '{ total++ } $1 != 200 { failed++ } END { printf "%d %d\n", total, failed }'
  LOAD_PIDS=()
}

webapp_image() { docker service inspect -f '{{.Spec.TaskTemplate.ContainerSpec.Image}}' "${STACK}_webapp" | sed 's/@.*//'; }

# A fresh stack queues the bootstrap trainings of the tasks without a model
# (DEEPDOCK_BOOTSTRAP_TRAINMISSING): an hour of training on 2 cores that the test's own
# jobs would wait behind.
cancel_bootstrap() {
  local id
  if [[ "$(http GET '/api/v1/jobs?trigger=SYSTEM&type=TRAIN&size=50')" == 200 ]]; then
    for id in $(jq -r '.content[] | select(.state == "QUEUED" or .state == "RUNNING") | .id' "$WORK/body"); do
      say "cancelling the bootstrap training $id"
      http POST "/api/v1/jobs/$id/cancel" >/dev/null
    done
  fi
}

# ---------------------------------------------------------------------------------------
# the functional checks

t_health() {
  local code
  code="$(http GET /actuator/health)"
  [[ "$code" == 200 && "$(jq -r .status "$WORK/body")" == UP ]] || fail "health through lb: $code $(body)"
  [[ "$(header Server)" == nginx* ]] || fail "health did not come through nginx"
  record "health through lb" "200 UP" "200 UP"
}

t_login() {
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/jobs")" == 401 ]] || fail "the API answered without credentials"
  local code
  code="$(http GET /api/v1/auth/me)"
  [[ "$code" == 200 && "$(jq -r .role "$WORK/body")" == ADMIN ]] || fail "admin login: $code $(body)"
  record "log in as the admin (generated secret)" "ADMIN" "ADMIN"
}

t_import() {
  local id started view worker
  started="$(now)"
  id="$(accepted_id "$(http POST /api/v1/datasets/import -H 'Content-Type: application/json' -d '{"dataset":"digits"}')")"
  view="$(await_job "$id" 300)"
  worker="$(jq -r .worker <<<"$view")"
  [[ "$worker" == worker-* ]] || fail "the import ran on '$worker', not a worker task"
  record "import digits" "SUCCEEDED on $worker in $(since "$started") s" "SUCCEEDED on a worker"
}

t_train_predict() {
  local id started view label code
  started="$(now)"
  id="$(accepted_id "$(http POST /api/v1/jobs -H 'Content-Type: application/json' \
    -d '{"type":"TRAIN","task":"digits","parameters":{"architecture":"small","epochs":1,"batchSize":32}}')")"
  TRAIN_JOB="$id"
  view="$(await_job "$id" 900)"
  record "train digits small, 1 epoch" "SUCCEEDED on $(jq -r .worker <<<"$view") in $(since "$started") s" "SUCCEEDED"
  local deadline=$((SECONDS + 120))
  while :; do
    code="$(http POST /api/v1/predict/digits -F "image=@$DIGITS/3-ink-on-paper.png")"
    [[ "$code" == 200 ]] && break
    ((SECONDS < deadline)) || fail "predict: $code $(body)"
    sleep 1
  done
  label="$(jq -r .label "$WORK/body")"
  [[ "$label" == 3 ]] || fail "predicted '$label' for 3-ink-on-paper.png"
  record "predict 3-ink-on-paper.png" "label $label" "3"
}

t_batch() {
  local id started code lines since_log
  (cd "$DIGITS" && zip -q "$WORK/three.zip" 3-ink-on-paper.png 7-ink-on-paper.png 1-chalk-on-board.jpg) 2>/dev/null \
    || python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],'w'); [z.write(sys.argv[2]+'/'+n, n) for n in sys.argv[3:]]" \
      "$WORK/three.zip" "$DIGITS" 3-ink-on-paper.png 7-ink-on-paper.png 1-chalk-on-board.jpg
  started="$(now)"
  since_log="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  id="$(accepted_id "$(http POST /api/v1/jobs/batch -F task=digits -F "file=@$WORK/three.zip;type=application/zip")")"
  await_job "$id" 300 >/dev/null
  BATCH_JOB="$id"
  code="$(http GET "/api/v1/jobs/$id/result")"
  [[ "$code" == 200 ]] || fail "batch result: $code $(body)"
  lines="$(wc -l <"$WORK/body")"
  [[ "$(head -1 "$WORK/body")" == input,prediction_id,label,* && "$lines" -ge 4 ]] || fail "batch result: $(body)"
  [[ "$(header Content-Type)" == text/csv* ]] || fail "batch result type $(header Content-Type)"
  # the file came from the media role, through lb's internal /_media/ location
  sleep 2
  local c
  for c in $(docker ps -q --filter "label=com.docker.swarm.service.name=${STACK}_media"); do
    docker logs --since "$since_log" "$c" 2>&1
  done | grep -q 'GET /_media/results/digits/' \
    || fail "the media role's log shows no /_media/results/ request"
  record "batch result download" "200 text/csv, $((lines - 1)) rows, served by media (X-Accel-Redirect) in $(since "$started") s" "served by media"
}

t_assets() {
  local file code
  file="$(cd "$ROOT/webapp/src/main/resources/static" && find . -type f \( -name '*.css' -o -name '*.js' \) -size +1k | head -1)"
  file="${file#./}"
  code="$(http GET "/assets/$file" -H 'Accept-Encoding: gzip')"
  [[ "$code" == 200 ]] || fail "/assets/$file: $code"
  [[ "$(header Cache-Control)" == *immutable* ]] || fail "/assets/$file Cache-Control: $(header Cache-Control)"
  [[ "$(header Content-Encoding)" == gzip ]] || fail "/assets/$file is not gzipped"
  [[ -z "$(header X-Deepdock-Replica)" ]] || fail "/assets/ came from a webapp replica"
  record "/assets/$file" "200, $(header Cache-Control), gzip" "assets role, immutable"
}

t_scale() {
  local started healthy_at seen_at n
  started="$(now)"
  docker service scale --detach "${STACK}_webapp=3" >/dev/null
  await_healthy webapp 3 600
  healthy_at="$(now)"
  local scale_time
  scale_time="$(awk -v a="$started" -v b="$healthy_at" 'BEGIN { printf "%.1f", b - a }')"
  while :; do
    n="$(replicas_seen 30 | wc -l)"
    ((n >= 3)) && break
    [[ "$(since "$healthy_at" | cut -d. -f1)" -lt 15 ]] || fail "only $n distinct replicas answer 15 s after 3 were healthy"
  done
  record "scale webapp 1 -> 3" "3 healthy tasks after $scale_time s; all 3 answer (X-Deepdock-Replica: $(replicas_seen 30 | tr '\n' ' ')) $(since "$healthy_at") s later, no lb restart" "3 replicas within 15 s"
}

# ---------------------------------------------------------------------------------------
# the drills (--chaos)

t_rolling_update() {
  local image new started result total failed
  image="$(webapp_image)"
  new="${image%:*}:rolling-$(date +%s)"
  docker tag "$image" "$new"
  load_start rolling
  started="$(now)"
  docker service update --quiet --no-resolve-image --image "$new" "${STACK}_webapp" >/dev/null 2>&1 \
    || fail "docker service update to $new failed"
  sleep 5
  read -r total failed <<<"$(load_stop)"
  ((total > 0)) || fail "the load sent nothing"
  # start-first: each new task started before the task it replaces was shut down
  local order
  order="$(docker service ps --no-trunc --format '{{.Image}} {{.DesiredState}} {{.CurrentState}}' "${STACK}_webapp" | head -20)"
  ((failed == 0)) || fail "rolling update: $failed of $total requests failed"
  record "rolling update of webapp ($(docker service inspect -f '{{.Spec.Mode.Replicated.Replicas}}' "${STACK}_webapp") replicas, start-first) under load" "$failed failed of $total requests; took $(since "$started") s" "0 failed"
  echo "$order" >"$WORK/rolling-order"
}

t_rollback() {
  local image bad started total failed state
  image="$(webapp_image)"
  bad="${image%:*}:broken-$(date +%s)"
  # the same image, but its process exits at once: its tasks fail, and the update with them
  # (stack.yml's health check replaces any HEALTHCHECK an image brings, so a failing health
  # check alone would only show after the long start period)
  printf 'FROM %s\nENTRYPOINT ["sh", "-c", "echo broken image; exit 1"]\n' "$image" | docker build -q -t "$bad" - >/dev/null 2>&1
  load_start rollback
  started="$(now)"
  docker service update --detach --no-resolve-image --image "$bad" "${STACK}_webapp" >/dev/null 2>&1 || true
  local deadline=$((SECONDS + 600))
  while :; do
    state="$(docker service inspect -f '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}' "${STACK}_webapp")"
    [[ "$state" == rollback_completed ]] && break
    [[ "$state" == rollback_paused || "$state" == paused ]] && { load_stop >/dev/null; fail "the update ended $state, not rolled back"; }
    ((SECONDS < deadline)) || { load_stop >/dev/null; fail "no rollback after 600 s (state $state)"; }
    sleep 2
  done
  read -r total failed <<<"$(load_stop)"
  [[ "$(webapp_image)" == "$image" ]] || fail "after the rollback webapp runs $(webapp_image)"
  ((failed == 0)) || fail "automatic rollback: $failed of $total requests failed"
  record "update webapp to an image that cannot start" "rolled back by itself ($state) after $(since "$started") s; $failed failed of $total requests" "rollback, 0 failed"
}

t_kill_webapp() {
  local victim started total failed
  docker service scale --detach "${STACK}_webapp=2" >/dev/null
  local deadline=$((SECONDS + 120))
  until [[ "$(docker ps -q --filter "label=com.docker.swarm.service.name=${STACK}_webapp" | wc -l)" -le 2 ]]; do
    ((SECONDS < deadline)) || fail "webapp did not scale to 2"
    sleep 1
  done
  await_healthy webapp 2 300
  sleep 12 # lb forgets the removed replica (resolver valid=10s)
  victim="$(docker ps -q --filter "label=com.docker.swarm.service.name=${STACK}_webapp" | head -1)"
  load_start kill
  sleep 3
  started="$(now)"
  docker kill "$victim" >/dev/null
  await_healthy webapp 2 600
  local recovered
  recovered="$(since "$started")"
  sleep 12
  read -r total failed <<<"$(load_stop)"
  ((total > 0)) || fail "the load sent nothing"
  local permille=$((failed * 1000 / total))
  ((permille <= 1)) || fail "killing a webapp container: $failed of $total requests failed"
  record "docker kill 1 of 2 webapp containers under load" "$failed failed of $total requests; a replacement task healthy after $recovered s" "<= 0.1 % failed"
}

versions_count() {
  http GET "/api/v1/models?task=digits&size=1" >/dev/null
  jq -r '.page.totalElements' "$WORK/body"
}

t_kill_worker() {
  local id container started view before after epochs
  before="$(versions_count)"
  id="$(accepted_id "$(http POST /api/v1/jobs -H 'Content-Type: application/json' \
    -d '{"type":"TRAIN","task":"digits","parameters":{"architecture":"small","epochs":3,"batchSize":32},"promote":"never"}')")"
  local deadline=$((SECONDS + 900))
  # after the first epoch's checkpoint, in the second epoch: the job's progress history
  # (the first events of its SSE stream) has an epoch point
  while :; do
    epochs="$(curl -s -N --max-time 3 -u "$ADMIN" "$URL/api/v1/jobs/$id/events" | grep -c '"kind":"epoch"' || true)"
    ((epochs >= 1)) && break
    ((SECONDS < deadline)) || fail "training $id never finished its first epoch"
    sleep 2
  done
  container="$(docker ps -q --filter "label=com.docker.swarm.service.name=${STACK}_worker" | head -1)"
  started="$(now)"
  docker kill "$container" >/dev/null
  view="$(await_job "$id" 1500)"
  after="$(versions_count)"
  (( after - before == 1 )) || fail "the killed training made $((after - before)) model versions"
  local resumed c
  resumed="$(for c in $(docker ps -q --filter "label=com.docker.swarm.service.name=${STACK}_worker"); do docker logs "$c" 2>&1; done \
    | grep -o "resuming [a-z]* from checkpoint 'job-$id' after epoch [0-9]*" | tail -1)"
  [[ -n "$resumed" ]] || fail "the new worker task did not resume job $id from its checkpoint"
  record "docker kill the worker container mid-training (epoch 2 of 3)" "job $id SUCCEEDED on $(jq -r .worker <<<"$view") after $(jq -r .attempts <<<"$view") attempts ($resumed), $(since "$started") s after the kill; $((after - before)) model version" "SUCCEEDED, exactly 1 version"
}

t_restart_rabbitmq() {
  local started ids=() id i ok=0
  started="$(now)"
  docker service update --detach --force "${STACK}_rabbitmq" >/dev/null
  sleep 5
  for i in $(seq 5); do
    ids+=("$(accepted_id "$(http POST /api/v1/datasets/import -H 'Content-Type: application/json' -d '{"dataset":"digits"}')")") || true
  done
  for id in "${ids[@]}"; do
    await_job "$id" 600 >/dev/null && ok=$((ok + 1))
  done
  record "restart rabbitmq, 5 imports submitted during the restart" "$ok of ${#ids[@]} SUCCEEDED, $(since "$started") s; no service restarted" "all SUCCEEDED"
}

t_stop_postgres() {
  local started code down=no up_at codes="" hung=0
  started="$(now)"
  docker service scale --detach "${STACK}_postgres=0" >/dev/null
  local t_end=$((SECONDS + 20))
  while ((SECONDS < t_end)); do
    # curl prints 000 itself when it gets no answer within 10 s
    code="$(curl -s -o "$WORK/pred" -w '%{http_code}' --max-time 10 -u "$ADMIN" -F "image=@$DIGITS/3-ink-on-paper.png" "$URL/api/v1/predict/digits" || true)"
    codes+="$code "
    [[ "$code" == 000 ]] && hung=$((hung + 1))
    [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$URL/actuator/health/readiness")" == 503 ]] && down=yes
    sleep 1
  done
  docker service scale --detach "${STACK}_postgres=1" >/dev/null
  local deadline=$((SECONDS + 300))
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$URL/actuator/health/readiness")" == 200 ]]; do
    ((SECONDS < deadline)) || fail "readiness not UP 300 s after postgres came back"
    sleep 1
  done
  up_at="$(since "$started")"
  local summary
  summary="$(tr ' ' '\n' <<<"$codes" | grep -v '^$' | sort | uniq -c | awk '{ printf "%s×%s ", $1, $2 }')"
  [[ "$summary" != *500* ]] || fail "predictions during the postgres outage got a 500: $summary"
  [[ "$down" == yes ]] || fail "readiness never went DOWN while postgres was stopped (predictions: $summary)"
  ((hung == 0)) || fail "$hung predictions hung (no answer in 10 s) during the postgres outage (all: $summary)"
  record "stop postgres 20 s" "readiness DOWN seen: $down; UP again $up_at s after the stop; predictions: $summary" "DOWN then UP, no 500, no hang"
}

t_redeploy_keeps_data() {
  local before after
  counts() {
    local jobs models
    # the users' jobs: a new scheduler may queue a bootstrap training of its own
    http GET "/api/v1/jobs?trigger=USER&size=1" >/dev/null
    jobs="$(jq -r '.page.totalElements' "$WORK/body")"
    echo "jobs=$jobs models=$(versions_count)"
  }
  before="$(counts)"
  local started
  started="$(now)"
  docker stack rm "$STACK" >/dev/null
  local deadline=$((SECONDS + 120))
  until [[ -z "$(docker ps -aq --filter "label=com.docker.stack.namespace=$STACK")" ]]; do
    ((SECONDS < deadline)) || fail "the stack's containers are still there 120 s after docker stack rm"
    sleep 1
  done
  # the network goes a moment after the containers
  sleep 5
  (cd "$ROOT" && docker stack deploy --resolve-image never -c stack.yml -c swarm/override.yml "$STACK" >/dev/null)
  deadline=$((SECONDS + 900))
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$URL/actuator/health/readiness")" == 200 ]] \
    && [[ "$(http GET /api/v1/auth/me)" == 200 ]]; do
    ((SECONDS < deadline)) || fail "the redeployed stack does not answer after 900 s"
    sleep 2
  done
  after="$(counts)"
  cancel_bootstrap
  [[ "$before" == "$after" ]] || fail "docker stack rm + deploy: before $before, after $after"
  code="$(http POST /api/v1/predict/digits -F "image=@$DIGITS/3-ink-on-paper.png")"
  [[ "$code" == 200 && "$(jq -r .label "$WORK/body")" == 3 ]] || fail "the model does not serve after the redeploy: $code $(body)"
  if [[ -n "$BATCH_JOB" ]]; then
    [[ "$(http GET "/api/v1/jobs/$BATCH_JOB/result")" == 200 ]] || fail "the batch result is gone after the redeploy"
  fi
  record "docker stack rm, then deploy again" "$after before and after; the admin logs in; the model still predicts 3; back in $(since "$started") s" "same users, jobs, models, media"
}

# ---------------------------------------------------------------------------------------

# docs/reliability.md, section "Swarm": one subsection per kind of run (the same options),
# the newest first; a run replaces the subsection of the previous run with its options.
write_report() {
  [[ "$REPORT" == yes ]] || { cat "$RESULTS"; return; }
  local doc="$ROOT/docs/reliability.md" section
  section="$WORK/section"
  {
    echo "### \`swarm/test.sh${ARGS:+ $ARGS}\`"
    echo
    echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') by the script itself, on $(nproc) cores, a single-node Swarm (engine $(docker version -f '{{.Server.Version}}' 2>/dev/null)),"
    echo "stand-in base images: $( [[ "$DEEPDOCK_POSTGRES_IMAGE" == deepdock-standin/* ]] && echo yes || echo no ), against"
    echo "\`./deepdock swarm up --web $DEEPDOCK_WEB --workers $DEEPDOCK_WORKERS --port $DEEPDOCK_PORT\`."
    echo
    echo "| check | result | expected |"
    echo "| --- | --- | --- |"
    cat "$RESULTS"
    if [[ -f "$STATE/figures.md" ]]; then
      echo
      echo "| start-up | figure |"
      echo "| --- | --- |"
      cat "$STATE/figures.md"
    fi
    if [[ -s "$WORK/idle" ]]; then
      echo
      echo "Memory of each container at idle, before the checks (\`docker stats --no-stream\`: the cgroup's usage, RSS and page cache):"
      echo
      echo "| container | memory / limit |"
      echo "| --- | --- |"
      sort "$WORK/idle"
    fi
  } >"$section"
  if [[ ! -f "$doc" ]]; then
    printf '# Reliability\n\nWhat the platform survives, measured. Each section says how it was run.\n' >"$doc"
  fi
  python3 - "$doc" "$section" <<'PY'
import re, sys
doc, section = sys.argv[1], open(sys.argv[2]).read().rstrip("\n") + "\n"
title = section.splitlines()[0]
text = open(doc).read()
match = re.search(r"^## Swarm\n.*?(?=^## |\Z)", text, flags=re.S | re.M)
intro = ("## Swarm\n\n<!-- written by swarm/test.sh: one subsection per kind of run, the newest first -->\n"
         "What deepdock's stack survives on a real single-node Swarm (README, \"Docker Swarm on one machine\").\n\n")
runs = []
if match:
    body = match.group(0)
    runs = [r for r in re.split(r"(?=^### )", body, flags=re.M) if r.startswith("### ")]
    runs = [r for r in runs if r.splitlines()[0] != title]
runs = [section] + [r.rstrip("\n") + "\n" for r in runs]
new = intro + "\n".join(runs)
if match:
    rest = text[match.end():]
    text = text[:match.start()] + new + ("\n" + rest if rest.strip() else "")
else:
    text = text.rstrip("\n") + "\n\n" + new
open(doc, "w").write(text)
PY
  say "wrote docs/reliability.md (section Swarm)"
}

run() {
  if ((${#ONLY[@]} > 0)) && [[ " ${ONLY[*]} " != *" $1 "* ]]; then
    return
  fi
  say "== $1"
  CURRENT="$1"
  "t_$1"
}

# a drill that fails is recorded, and the next one runs; the run fails at the end
DRILLS_FAILED=0
drill() {
  if ((${#ONLY[@]} > 0)) && [[ " ${ONLY[*]} " != *" $1 "* ]]; then
    return
  fi
  say "== $1"
  CURRENT="$1"
  ("t_$1") || DRILLS_FAILED=$((DRILLS_FAILED + 1))
}

TRAIN_JOB=""
BATCH_JOB=""
docker stats --no-stream --format '| {{.Name}} | {{.MemUsage}} |' | sed -E 's/\.[a-z0-9]{25} \|/ |/' >"$WORK/idle" || true
cancel_bootstrap
run health
run login
run import
run train_predict
run batch
run assets
run scale
if [[ "$CHAOS" == yes ]] || ((${#ONLY[@]} > 0)); then
  drill kill_webapp
  drill rolling_update
  drill rollback
  drill kill_worker
  drill restart_rabbitmq
  drill stop_postgres
  drill redeploy_keeps_data
fi
write_report
((DRILLS_FAILED == 0)) || { say "$DRILLS_FAILED drills failed"; exit 1; }
say "all passed"
