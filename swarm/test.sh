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
CI_SET=no
# a cluster of nodes (./deepdock swarm up --nodes N): DOCKER_HOST (from stack.env) is the
# manager's engine; the host's engine runs the nodes themselves
NODES="${DEEPDOCK_NODES:-}"
host_docker() { env -u DOCKER_HOST docker "$@"; }
REPORT=yes
ARGS="$*"
ONLY=()
while (($# > 0)); do
  case "$1" in
    --chaos) CHAOS=yes ;;
    --ci) CI_SET=yes ;;
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
# The same with 4 clients predicting a digit (JSON pixels, as the admin): the path that
# needs a model, the database and a web replica's CPU.
predict_load_start() {
  LOAD_FILE="$WORK/load-$1"
  : >"$LOAD_FILE"
  rm -f "$WORK/stop-load"
  LOAD_PIDS=()
  pixels_body >"$WORK/pixels.json"
  local i
  for i in 1 2 3 4; do
    (while [[ ! -f "$WORK/stop-load" ]]; do
      curl -s -o /dev/null -w '%{http_code}\n' --max-time 30 -u "$ADMIN" -H 'Content-Type: application/json' \
        --data-binary "@$WORK/pixels.json" "$URL/api/v1/predict/digits" >>"$LOAD_FILE.$i" || echo 000 >>"$LOAD_FILE.$i"
    done) &
    LOAD_PIDS+=($!)
  done
}
pixels_body() { python3 -c 'print("{\"pixels\":[" + ",".join(["0"] * 784) + "]}")'; }

load_stop() { # prints "total failed"
  touch "$WORK/stop-load"
  local pid
  for pid in "${LOAD_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  cat "$LOAD_FILE".* | awk '{ total++ } $1 != 200 { failed++ } END { printf "%d %d\n", total, failed }'
  LOAD_PIDS=()
}

# docker tag on this engine, or on every node's
tag_everywhere() {
  if [[ -z "$NODES" ]]; then
    docker tag "$1" "$2"
    return
  fi
  local n
  for n in $(seq "$NODES"); do
    DOCKER_HOST="unix://$STATE/nodes/deepdock-node-$n/docker.sock" docker tag "$1" "$2"
  done
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
  # the file came from the media role, through lb's internal /_media/ location (its log,
  # from whichever node it runs on)
  sleep 2
  docker service logs --raw --since "$since_log" "${STACK}_media" 2>&1 | grep -q 'GET /_media/results/digits/' \
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
  tag_everywhere "$image" "$new"
  if [[ -n "$NODES" ]]; then predict_load_start rolling; else load_start rolling; fi
  started="$(now)"
  docker service update --quiet --no-resolve-image --image "$new" "${STACK}_webapp" >/dev/null 2>&1 \
    || fail "docker service update to $new failed"
  sleep 5
  read -r total failed <<<"$(load_stop)"
  ((total > 0)) || fail "the load sent nothing"
  # the order of the tasks' states (start-first on one node, stop-first on several)
  local order
  order="$(docker service ps --no-trunc --format '{{.Image}} {{.DesiredState}} {{.CurrentState}}' "${STACK}_webapp" | head -20)"
  ((failed == 0)) || fail "rolling update: $failed of $total requests failed"
  record "rolling update of webapp ($(docker service inspect -f '{{.Spec.Mode.Replicated.Replicas}}' "${STACK}_webapp") replicas, $(docker service inspect -f '{{.Spec.UpdateConfig.Order}}' "${STACK}_webapp")) under load" "$failed failed of $total requests; took $(since "$started") s" "0 failed"
  echo "$order" >"$WORK/rolling-order"
}

t_rollback() {
  local image bad started total failed state error
  image="$(webapp_image)"
  bad="${image%:*}:unhealthy-$(date +%s)"
  # the same application, but with its liveness probe switched off: the process starts and
  # listens, and stack.yml's health check (GET /actuator/health/liveness) fails, 404
  printf 'FROM %s\nENV MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED=false\n' "$image" | docker build -q -t "$bad" - >/dev/null 2>&1 \
    || fail "could not build $bad"
  load_start rollback
  started="$(now)"
  # the release also brings a short start period (the override's 600 s is for a loaded
  # machine): its task is judged unhealthy after 60 s + 3 failed checks, not 10 minutes
  docker service update --detach --no-resolve-image --image "$bad" --health-start-period 60s "${STACK}_webapp" >/dev/null 2>&1 || true
  local deadline=$((SECONDS + 900))
  while :; do
    state="$(docker service inspect -f '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}' "${STACK}_webapp")"
    [[ "$state" == rollback_completed ]] && break
    [[ "$state" == rollback_paused || "$state" == paused ]] && { load_stop >/dev/null; fail "the update ended $state, not rolled back"; }
    ((SECONDS < deadline)) || { load_stop >/dev/null; fail "no rollback after 900 s (state $state)"; }
    sleep 2
  done
  local rolled_back
  rolled_back="$(since "$started")"
  # the old tasks go on serving while the rollback settles
  sleep 5
  read -r total failed <<<"$(load_stop)"
  ((total > 0)) || fail "the load sent nothing"
  [[ "$(webapp_image)" == "$image" ]] || fail "after the rollback webapp runs $(webapp_image)"
  # the new task ran, and failed its health check (not its start)
  error="$(docker service ps --no-trunc --format '{{.Image}} {{.Error}}' "${STACK}_webapp" | grep -F "$bad" | grep -io 'unhealthy[a-z ]*' | head -1)"
  [[ -n "$error" ]] || fail "no task of $bad was judged unhealthy: $(docker service ps --no-trunc --format '{{.Image}} {{.CurrentState}} {{.Error}}' "${STACK}_webapp" | head -5)"
  [[ "$(docker service inspect -f '{{.Spec.TaskTemplate.ContainerSpec.Healthcheck.StartPeriod}}' "${STACK}_webapp")" != 60000000000 ]] \
    || fail "the rollback kept the bad release's start period"
  ((failed == 0)) || fail "automatic rollback: $failed of $total requests failed"
  record "update webapp to an image whose health check fails (it starts, its liveness answers 404)" "its task judged '$error', rolled back by itself ($state) after $rolled_back s; $failed failed of $total requests" "rollback, 0 failed"
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
  sleep 12 # lb forgets the removed replica (a lookup every 2 s, then a reload)
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

# the training that the kill drills interrupt: 8 epochs of a few seconds each, so that a
# kill right after the first one lands well inside the training (with 3, a kill after the
# first could come after the version was READY: the redelivery then finishes the job
# without training, and the drill no longer tests a resume)
KILLED_TRAINING='{"type":"TRAIN","task":"digits","parameters":{"architecture":"small","epochs":8,"batchSize":32},"promote":"never"}'

# returns as soon as the job's first epoch has ended: its event stream (the history, then
# live) has an epoch point; read as a stream, not polled, so the kill follows within a second
await_first_epoch() { # job id
  # curl ends on its next write once grep has its line (the throughput events come every
  # 50 batches): its exit status is not the drill's
  { timeout 900 curl -s -N -u "$ADMIN" "$URL/api/v1/jobs/$1/events" 2>/dev/null; true; } \
    | grep -q -m1 '"kind":"epoch"' || fail "training $1 never finished its first epoch"
}

# how the interrupted training $1 went on, from worker logs on standard input: resumed from
# its checkpoint, or (the kill came after its version was READY) finished without training
# again; empty when neither
how_it_went_on() { # job id
  local lines
  lines="$(grep -o -e "resuming [a-z]* from checkpoint 'job-$1' after epoch [0-9]*" \
    -e "Job $1: [a-z]* v[0-9]* is [A-Z]*: an earlier attempt trained it" || true)"
  grep "resuming" <<<"$lines" | tail -1 || true
  grep -q "resuming" <<<"$lines" || grep "an earlier attempt" <<<"$lines" | tail -1 | sed 's/^/finished without training again: /' || true
}

t_kill_worker() {
  local id container started view before after
  before="$(versions_count)"
  id="$(accepted_id "$(http POST /api/v1/jobs -H 'Content-Type: application/json' \
    -d "$KILLED_TRAINING")")"
  await_first_epoch "$id"
  container="$(docker ps -q --filter "label=com.docker.swarm.service.name=${STACK}_worker" | head -1)"
  started="$(now)"
  docker kill "$container" >/dev/null
  view="$(await_job "$id" 1500)"
  after="$(versions_count)"
  (( after - before == 1 )) || fail "the killed training made $((after - before)) model versions"
  local resumed c
  resumed="$(for c in $(docker ps -q --filter "label=com.docker.swarm.service.name=${STACK}_worker"); do docker logs "$c" 2>&1; done \
    | how_it_went_on "$id")"
  [[ -n "$resumed" ]] || fail "the new worker task neither resumed job $id from its checkpoint nor finished it"
  record "docker kill the worker container mid-training (epoch 2 of 8)" "job $id SUCCEEDED on $(jq -r .worker <<<"$view") after $(jq -r .attempts <<<"$view") attempts ($resumed), $(since "$started") s after the kill; $((after - before)) model version" "SUCCEEDED, exactly 1 version"
}

# ids of the stack's webapp, worker and scheduler containers, one a line, sorted
java_containers() {
  local service
  for service in webapp worker scheduler; do
    docker ps -q --no-trunc --filter "label=com.docker.swarm.service.name=${STACK}_$service"
  done | sort
}

t_restart_rabbitmq() {
  local started ids=() id i ok=0 train queued before_containers state
  before_containers="$(java_containers)"
  # 1 running: a training long enough to outlast the restart
  train="$(accepted_id "$(http POST /api/v1/jobs -H 'Content-Type: application/json' \
    -d '{"type":"TRAIN","task":"digits","parameters":{"architecture":"small","epochs":2,"batchSize":32},"promote":"never"}')")"
  local deadline=$((SECONDS + 600))
  until [[ "$(http GET "/api/v1/jobs/$train")" == 200 && "$(jq -r .state "$WORK/body")" == RUNNING ]]; do
    ((SECONDS < deadline)) || fail "training $train is not RUNNING after 600 s"
    sleep 1
  done
  # 20 queued behind it
  for i in $(seq 20); do
    ids+=("$(accepted_id "$(http POST /api/v1/datasets/import -H 'Content-Type: application/json' -d '{"dataset":"digits"}')")")
  done
  queued=0
  for id in "${ids[@]}"; do
    [[ "$(http GET "/api/v1/jobs/$id")" == 200 && "$(jq -r .state "$WORK/body")" == QUEUED ]] && queued=$((queued + 1))
  done
  state="$(http GET "/api/v1/jobs/$train" >/dev/null; jq -r .state "$WORK/body")"
  [[ "$state" == RUNNING ]] || fail "the training ended ($state) before the restart: make it longer"
  started="$(now)"
  docker service update --detach --force "${STACK}_rabbitmq" >/dev/null
  for id in "$train" "${ids[@]}"; do
    await_job "$id" 1800 >/dev/null && ok=$((ok + 1))
  done
  local after_containers
  after_containers="$(java_containers)"
  [[ "$before_containers" == "$after_containers" ]] || fail "a Java service's container was replaced during the broker restart"
  ((ok == 21)) || fail "only $ok of 21 jobs SUCCEEDED after the broker restart"
  record "restart rabbitmq with 1 training RUNNING and 20 imports submitted ($queued of them QUEUED at the restart)" "$ok of 21 SUCCEEDED, the last $(since "$started") s after the restart; no webapp, worker or scheduler container replaced" "all 21 SUCCEEDED, no restart"
}

# docker exec in the first running container of a service, on whichever node it runs
service_exec() {
  local service="$1" c task node
  shift
  if [[ -z "$NODES" ]]; then
    c="$(docker ps -q --filter "label=com.docker.swarm.service.name=${STACK}_$service" | head -1)"
    [[ -n "$c" ]] || return 1
    docker exec "$c" "$@"
    return
  fi
  task="$(docker service ps -q --filter desired-state=running "${STACK}_$service" | head -1)"
  [[ -n "$task" ]] || return 1
  read -r node c <<<"$(docker inspect -f '{{.NodeID}} {{.Status.ContainerStatus.ContainerID}}' "$task" 2>/dev/null)"
  [[ -n "$c" ]] || return 1
  node="$(docker node inspect -f '{{.Description.Hostname}}' "$node")"
  DOCKER_HOST="unix://$STATE/nodes/$node/docker.sock" docker exec "$c" "$@"
}

# the readiness status code of a Java service's first container, asked inside it (port)
inner_readiness() {
  service_exec "$1" curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$2/actuator/health/readiness" 2>/dev/null || echo 000
}

t_stop_postgres() {
  local started code down=no worker_down=no scheduler_down=no up_at codes="" hung=0 other=0 accepted
  # a job accepted before the outage finishes after it
  accepted="$(accepted_id "$(http POST /api/v1/datasets/import -H 'Content-Type: application/json' -d '{"dataset":"digits"}')")"
  started="$(now)"
  docker service scale --detach "${STACK}_postgres=0" >/dev/null
  # the 20 s count from the moment its task has stopped (on a loaded node that takes a while);
  # the probes go on until every service's readiness was seen DOWN (each probe can take
  # seconds: a few rounds fit in 20 s), at most 120 s
  local deadline=$((SECONDS + 120))
  until (($(docker service ps "${STACK}_postgres" --format '{{.CurrentState}}' | grep -c '^Running') == 0)); do
    ((SECONDS < deadline)) || fail "postgres still running 120 s after its scale to 0"
    sleep 0.5
  done
  local t_end=$((SECONDS + 20)) t_max=$((SECONDS + 120))
  while ((SECONDS < t_end)) || { [[ "$down" != yes || "$worker_down" != yes || "$scheduler_down" != yes ]] && ((SECONDS < t_max)); }; do
    # curl prints 000 itself when it gets no answer within 10 s
    code="$(curl -s -o "$WORK/pred" -w '%{http_code}' --max-time 10 -u "$ADMIN" -F "image=@$DIGITS/3-ink-on-paper.png" "$URL/api/v1/predict/digits" || true)"
    codes+="$code "
    [[ "$code" == 000 ]] && hung=$((hung + 1))
    # a 503 must say why: the database's problem type (or, on a stack without a model yet, the
    # no-model one of a request that got in before the database went)
    if [[ "$code" == 503 ]] && ! grep -q -e '/problems/database-unavailable' -e '/problems/no-model' "$WORK/pred"; then
      other=$((other + 1))
    fi
    # lb asks every replica in turn (proxy_next_upstream http_503), each up to the pool's 3 s
    # connection timeout: 3 replicas take ~9 s to say 503
    [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 15 "$URL/actuator/health/readiness")" == 503 ]] && down=yes
    [[ "$(inner_readiness worker 8090)" == 503 ]] && worker_down=yes
    [[ "$(inner_readiness scheduler 8095)" == 503 ]] && scheduler_down=yes
    sleep 1
  done
  local stopped_for=$((SECONDS - t_end + 20))
  docker service scale --detach "${STACK}_postgres=1" >/dev/null
  deadline=$((SECONDS + 300))
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$URL/actuator/health/readiness")" == 200 ]]; do
    ((SECONDS < deadline)) || fail "readiness not UP 300 s after postgres came back"
    sleep 1
  done
  up_at="$(since "$started")"
  until [[ "$(inner_readiness worker 8090)" == 200 && "$(inner_readiness scheduler 8095)" == 200 ]]; do
    ((SECONDS < deadline)) || fail "the worker's or scheduler's readiness is not UP 300 s after postgres came back"
    sleep 1
  done
  local summary
  summary="$(tr ' ' '\n' <<<"$codes" | grep -v '^$' | sort | uniq -c | awk '{ printf "%s×%s ", $1, $2 }')"
  [[ "$summary" != *500* ]] || fail "predictions during the postgres outage got a 500: $summary"
  [[ "$down" == yes ]] || fail "readiness never went DOWN while postgres was stopped (predictions: $summary)"
  [[ "$worker_down" == yes && "$scheduler_down" == yes ]] || fail "readiness DOWN: worker $worker_down, scheduler $scheduler_down"
  ((hung == 0)) || fail "$hung predictions hung (no answer in 10 s) during the postgres outage (all: $summary)"
  ((other == 0)) || fail "$other 503s during the outage were not the database-unavailable problem: $(cat "$WORK/pred")"
  await_job "$accepted" 600 >/dev/null
  record "stop postgres 20 s" "stopped for $stopped_for s; readiness DOWN seen (webapp, worker, scheduler); webapp UP again $up_at s after the stop; predictions: $summary(every 503 a problem saying why); the import accepted before the outage SUCCEEDED" "DOWN then UP, no 500, no hang"
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
# several nodes (./deepdock swarm up --nodes N)

# "node state" of the running tasks of a service, one a line
task_nodes() { docker service ps "${STACK}_$1" --filter desired-state=running --format '{{.Node}} {{.CurrentState}}'; }
running_on() { task_nodes "$1" | awk '$2 == "Running" { print $1 }' | sort; }

await_running() { # service count timeout
  local started=$SECONDS
  until (($(running_on "$1" | wc -l) >= $2)); do
    ((SECONDS - started < $3)) || fail "$1 has not $2 running tasks after $3 s: $(task_nodes "$1" | tr '\n' ';')"
    sleep 1
  done
}

await_replicas_seen() { # count timeout
  local started=$SECONDS n
  while :; do
    n="$(replicas_seen 30 | wc -l)"
    ((n >= $1)) && return
    ((SECONDS - started < $2)) || fail "only $n distinct replicas answer through lb after $2 s"
  done
}

node_status() { docker node ls --format '{{.Hostname}} {{.Status}} {{.Availability}}' | awk -v n="$1" '$1 == n { print $2 }'; }

t_nodes_deploy() {
  local nodes services
  await_running webapp "$DEEPDOCK_WEB" 600
  nodes="$(running_on webapp | sort -u | wc -l)"
  ((nodes == DEEPDOCK_WEB)) || fail "$DEEPDOCK_WEB web tasks on only $nodes nodes: $(running_on webapp | tr '\n' ' ')"
  await_replicas_seen "$DEEPDOCK_WEB" 30
  services="$(for s in postgres rabbitmq lb worker; do echo "$s@$(running_on "$s" | tr '\n' ',' | sed 's/,$//')"; done | tr '\n' ' ')"
  [[ "$(running_on postgres)" == deepdock-node-1 && "$(running_on rabbitmq)" == deepdock-node-1 ]] \
    || fail "postgres or rabbitmq is not on the labelled node: $services"
  [[ "$(running_on worker)" != *deepdock-node-1* ]] || fail "a worker runs on the database's node: $services"
  record "deploy on $NODES nodes" "web tasks on $nodes nodes ($(running_on webapp | tr '\n' ' ')); X-Deepdock-Replica through lb: $(replicas_seen 30 | tr '\n' ' '); $services" "web on $DEEPDOCK_WEB nodes, all answer"
}

# webapp scaled out to one task per node: from N-1 (scaled down first when it runs N), with
# every replica answering through lb within 15 s of the last one running, no lb restart
t_nodes_scale() {
  local started running_at n
  if (($(docker service inspect -f '{{.Spec.Mode.Replicated.Replicas}}' "${STACK}_webapp") >= NODES)); then
    docker service scale --detach "${STACK}_webapp=$((NODES - 1))" >/dev/null
    local deadline=$((SECONDS + 300))
    until (($(task_nodes webapp | wc -l) == NODES - 1)); do
      ((SECONDS < deadline)) || fail "webapp did not scale down to $((NODES - 1))"
      sleep 1
    done
  fi
  started="$(now)"
  docker service scale --detach "${STACK}_webapp=$NODES" >/dev/null
  await_running webapp "$NODES" 900
  running_at="$(now)"
  while :; do
    n="$(replicas_seen 30 | wc -l)"
    ((n >= NODES)) && break
    [[ "$(since "$running_at" | cut -d. -f1)" -lt 15 ]] || fail "only $n distinct replicas answer 15 s after $NODES were running"
  done
  DEEPDOCK_WEB="$NODES"
  record "scale webapp $((NODES - 1)) -> $NODES across nodes" "$NODES tasks running (healthy) after $(awk -v a="$started" -v b="$running_at" 'BEGIN { printf "%.1f", b - a }') s, on $(running_on webapp | tr '\n' ' '); all answer (X-Deepdock-Replica: $(replicas_seen 30 | tr '\n' ' ')) $(since "$running_at") s later, no lb restart" "$NODES replicas within 15 s"
}

t_nodes_kill_worker_node() {
  local id before after node started detected="" moved="" view new_node
  before="$(versions_count)"
  id="$(accepted_id "$(http POST /api/v1/jobs -H 'Content-Type: application/json' \
    -d "$KILLED_TRAINING")")"
  await_first_epoch "$id"
  node="$(running_on worker | head -1)"
  [[ -n "$node" && "$node" != deepdock-node-1 ]] || fail "the worker runs on '$node'"
  started="$(now)"
  host_docker kill "$node" >/dev/null
  # the rejoin drill starts this node again, whatever this one's checks find
  echo "$node" >"$WORK/killed-node"
  deadline=$((SECONDS + 300))
  while [[ -z "$detected" || -z "$moved" ]]; do
    [[ -z "$detected" && "$(node_status "$node")" == Down ]] && detected="$(since "$started")"
    if [[ -z "$moved" ]]; then
      new_node="$(running_on worker | grep -v "^$node$" | head -1 || true)"
      [[ -n "$new_node" ]] && moved="$(since "$started")"
    fi
    ((SECONDS < deadline)) || fail "after 300 s: node Down: ${detected:-no}; worker task elsewhere: ${moved:-no}"
    sleep 0.5
  done
  # the scheduler may have run on the killed node too: its new task queues the bootstrap
  # trainings again (hours on 2 cores), ahead of this job on the one worker, and at a moment
  # of its own (the job can still read RUNNING, on the dead node, by then): cancel them until
  # this job has SUCCEEDED
  local state
  deadline=$((SECONDS + 1800))
  while :; do
    cancel_bootstrap
    [[ "$(http GET "/api/v1/jobs/$id")" == 200 ]] && state="$(jq -r .state "$WORK/body")" || state=unknown
    case "$state" in
      SUCCEEDED) break ;;
      FAILED | CANCELLED) fail "job $id ended $state after the node kill: $(jq -r .error "$WORK/body")" ;;
    esac
    ((SECONDS < deadline)) || fail "job $id is $state 1800 s after the node kill"
    sleep 2
  done
  view="$(body)"
  after="$(versions_count)"
  (( after - before == 1 )) || fail "the training on the killed node made $((after - before)) model versions"
  local resumed attempts
  resumed="$(docker service logs --raw "${STACK}_worker" 2>/dev/null | how_it_went_on "$id")"
  [[ -n "$resumed" ]] || fail "no worker task resumed job $id from its checkpoint, nor finished it"
  attempts="$(jq -r .attempts <<<"$view")"
  # no job lost or run twice: none of the test's jobs is left QUEUED or RUNNING, and this one
  # ran exactly once more after the kill
  ((attempts <= 2)) || fail "job $id ran $attempts times"
  record "docker kill the node of the worker mid-training (epoch 2 of 8)" "node $node Down after $detected s, the worker task running on $new_node after $moved s; job $id SUCCEEDED on $(jq -r .worker <<<"$view") after $attempts attempts ($resumed); $((after - before)) model version" "resumes elsewhere, exactly 1 version"
}

t_nodes_rejoin() {
  local node started ready
  [[ -f "$WORK/killed-node" ]] || fail "no node was killed (the kill drill did not get that far)"
  node="$(cat "$WORK/killed-node")"
  # the worst case of the pid files a kill leaves (node-entrypoint.sh): containerd's names a
  # process alive when the node's dockerd starts (its own pid 1); without the entrypoint's
  # cleanup the node never comes back
  printf 1 >"$WORK/containerd.pid"
  host_docker cp "$WORK/containerd.pid" "$node:/run/docker/containerd/containerd.pid" \
    || fail "could not write a stale containerd pid file into $node"
  started="$(now)"
  host_docker start "$node" >/dev/null
  local deadline=$((SECONDS + 300))
  until [[ "$(node_status "$node")" == Ready ]]; do
    if ((SECONDS >= deadline)); then
      echo "--- the last lines of $node's engine log:" >&2
      host_docker logs --tail 15 "$node" 2>&1 | grep -v 'level=debug' >&2 || true
      fail "$node is not Ready 300 s after docker start ($(host_docker container inspect -f '{{.State.Status}}, exit code {{.State.ExitCode}}' "$node" 2>&1))"
    fi
    sleep 0.5
  done
  ready="$(since "$started")"
  # the web task that had nowhere to go (one per node) is placed on it again
  await_running webapp "$DEEPDOCK_WEB" 900
  [[ "$(running_on webapp)" == *"$node"* ]] || fail "no web task was placed on $node after it rejoined"
  record "the killed node comes back (docker start), a stale containerd pid file in it" "$node Ready after $ready s; a web task placed on it again, $(since "$started") s after the start" "Ready, takes tasks"
}

t_nodes_drain() {
  local node started total failed moved
  docker service scale --detach "${STACK}_webapp=2" >/dev/null
  local deadline=$((SECONDS + 300))
  until (($(task_nodes webapp | wc -l) == 2)); do
    ((SECONDS < deadline)) || fail "webapp did not scale to 2"
    sleep 1
  done
  await_running webapp 2 600
  sleep 12 # lb forgets the removed replica (a lookup every 2 s, then a reload)
  node="$(running_on webapp | grep -v '^deepdock-node-1$' | head -1)"
  [[ -n "$node" ]] || fail "no web task outside the manager's node"
  predict_load_start drain
  sleep 3
  started="$(now)"
  docker node update --availability drain "$node" >/dev/null
  await_running webapp 2 900
  until [[ "$(running_on webapp)" != *"$node"* ]] && (($(running_on webapp | wc -l) >= 2)); do
    ((SECONDS < deadline + 900)) || fail "the web task did not leave $node"
    sleep 1
  done
  moved="$(since "$started")"
  sleep 12
  read -r total failed <<<"$(load_stop)"
  docker node update --availability active "$node" >/dev/null
  ((total > 0)) || fail "the load sent nothing"
  local permille=$((failed * 1000 / total))
  ((permille <= 1)) || fail "draining $node: $failed of $total predictions failed"
  record "drain $node (a web task on it) under a predict load, 2 web replicas" "$failed failed of $total predictions; the web task running on $(running_on webapp | tr '\n' ' ')after $moved s" "<= 0.1 % failed, moved"
}

# predict throughput with the web tasks on 1, 2, 3 nodes (wrk, 8 connections, 20 s, JSON pixels)
t_nodes_throughput() {
  local n line
  command -v wrk >/dev/null || fail "wrk is missing (apt-get install wrk)"
  cat >"$WORK/predict.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic $(printf '%s' "$ADMIN" | base64 -w0)"
wrk.body = '$(pixels_body)'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %.1f %.1f\\n", summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.duration, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
  local results="" bottlenecks=""
  for n in 1 2 3; do
    docker service scale --detach "${STACK}_webapp=$n" >/dev/null
    local deadline=$((SECONDS + 300))
    until (($(task_nodes webapp | wc -l) == n)); do
      ((SECONDS < deadline)) || fail "webapp did not scale to $n"
      sleep 1
    done
    await_running webapp "$n" 900
    sleep 12
    await_replicas_seen "$n" 60
    # a task that has just started answers at a fraction of its speed while its JIT
    # compiles (at 0.5 CPU, for minutes): warm up in 10 s windows until a window is no
    # more than 5 % faster than the one before (at least 1 minute, at most 5), then
    # measure; wrk waits up to 10 s for an answer (a slow answer is not a failed one)
    local previous=0 rate windows=0
    while ((windows < 30)); do
      windows=$((windows + 1))
      rate="$(wrk -t2 -c64 -d10s --timeout 10s -s "$WORK/predict.lua" "$URL/api/v1/predict/digits" 2>&1 \
        | awk '/^RESULT/ { printf "%.0f", $2 / ($4 / 1e6) }')"
      [[ -n "$rate" ]] || rate=0
      if ((windows >= 6 && rate * 100 <= previous * 105)); then break; fi
      previous="$rate"
    done
    local busy_before busy_after
    busy_before="$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat)"
    line="$(wrk -t2 -c64 -d20s --timeout 10s -s "$WORK/predict.lua" "$URL/api/v1/predict/digits" 2>&1 | awk '/^RESULT/ { print $2, $3, $4, $5, $6 }')"
    busy_after="$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat)"
    [[ -n "$line" ]] || fail "wrk gave no result with $n web tasks"
    local requests errors duration p50 p99 rps cores
    read -r requests errors duration p50 p99 <<<"$line"
    rps="$(awk -v r="$requests" -v d="$duration" 'BEGIN { printf "%.0f", r / (d / 1e6) }')"
    # the host's busy cores during the measure (/proc/stat: busy and total ticks)
    cores="$(awk -v b="$busy_before" -v a="$busy_after" -v c="$(nproc)" 'BEGIN { split(b, x, " "); split(a, y, " ");
      printf "%.2f", c * (y[1] - x[1]) / (y[2] - x[2]) }')"
    results+="$n node(s): $rps req/s (p50 $p50 ms, p99 $p99 ms, $errors errors, warm after $windows × 10 s, host $cores of $(nproc) cores busy); "
    if awk -v c="$cores" -v n="$(nproc)" 'BEGIN { exit !(c >= n * 0.9) }'; then
      bottlenecks+="$n: the host's $(nproc) cores (all nodes share them); "
    else
      # not the host: the tasks' limits, or the overlay hop from the lb's node (docker
      # stats on each node would tell them apart; this run does not)
      bottlenecks+="$n: not the host's cores ($cores of $(nproc) busy): the web tasks' CPU limits or the overlay between nodes; "
    fi
    [[ -z "${RPS1:-}" ]] && RPS1="$rps"
  done
  record "predict throughput, web tasks on 1 / 2 / 3 nodes (each ${DEEPDOCK_WEB_CPUS:-0.5} CPU, wrk 64 connections 20 s, 10 s time-out, after a warm-up to a steady rate)" "${results%; }; bottleneck at ${bottlenecks%; }" "the scaling curve, its bottleneck named"
  docker service scale --detach "${STACK}_webapp=$DEEPDOCK_WEB" >/dev/null
}

# ---------------------------------------------------------------------------------------

# docs/reliability.md, section "Swarm": one subsection per kind of run (the same options),
# the newest first; a run replaces the subsection of the previous run with its options.
write_report() {
  local doc="$ROOT/docs/reliability.md" section
  section="$WORK/section"
  {
    echo "### \`swarm/test.sh${ARGS:+ $ARGS}\`${NODES:+ on $NODES nodes}"
    echo
    echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') by the script itself, on $(nproc) cores, $([[ -n "$NODES" ]] && echo "a Swarm of $NODES nodes on one host (containers running their own dockerd)" || echo "a single-node Swarm") (engine $(docker version -f '{{.Server.Version}}' 2>/dev/null)),"
    echo "stand-in base images: $( [[ "$DEEPDOCK_POSTGRES_IMAGE" == deepdock-standin/* ]] && echo yes || echo no ), against"
    echo "\`./deepdock swarm up${NODES:+ --nodes $NODES} --web $DEEPDOCK_WEB --workers $DEEPDOCK_WORKERS --port $DEEPDOCK_PORT\`."
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
    if [[ -s "$STATE/steps.log" ]]; then
      echo
      echo "The last \`swarm up\`'s steps (seconds since it started, UTC time, load average):"
      echo
      echo '```'
      cat "$STATE/steps.log"
      echo '```'
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
  cp "$section" "$STATE/report.md"
  if [[ "$REPORT" != yes ]]; then
    # CI: the figures on its log (and in $STATE/report.md), docs/reliability.md left alone
    cat "$section"
    return
  fi
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
         "What deepdock's stack survives on a real Swarm: one node, or several on one host (README, \"Docker Swarm on one machine\", \"Several nodes on one machine\").\n\n")
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
if [[ -n "$NODES" ]]; then
  # every node's containers (docker stats shows one engine's)
  for n in $(seq "$NODES"); do
    DOCKER_HOST="unix://$STATE/nodes/deepdock-node-$n/docker.sock" docker stats --no-stream \
      --format "| {{.Name}} (deepdock-node-$n) | {{.MemUsage}} |" || true
  done | sed -E 's/\.[a-z0-9]{25} \(/ (/' >"$WORK/idle"
else
  docker stats --no-stream --format '| {{.Name}} | {{.MemUsage}} |' | sed -E 's/\.[a-z0-9]{25} \|/ |/' >"$WORK/idle" || true
fi
cancel_bootstrap
run health
run login
run import
run train_predict
if [[ -n "$NODES" ]]; then
  # the functional checks, the scale-out and the deploy across nodes, the node lost
  # mid-training and its rejoin; --ci adds PostgreSQL stopped; --chaos every scenario of the
  # cluster
  run batch
  run assets
  run nodes_scale
  run nodes_deploy
  drill nodes_kill_worker_node
  drill nodes_rejoin
  if [[ "$CI_SET" == yes || "$CHAOS" == yes ]] || ((${#ONLY[@]} > 0)); then
    drill stop_postgres
  fi
  if [[ "$CHAOS" == yes ]] || ((${#ONLY[@]} > 0)); then
    drill nodes_drain
    drill rolling_update
    drill nodes_throughput
  fi
  write_report
  ((DRILLS_FAILED == 0)) || { say "$DRILLS_FAILED drills failed"; exit 1; }
  say "all passed"
  exit 0
fi
run batch
run assets
run scale
if [[ "$CI_SET" == yes ]]; then
  # the representative part of the drills that CI runs on one node
  drill kill_worker
  drill stop_postgres
fi
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
