#!/usr/bin/env bash
# What ./deepdock swarm does with what another checkout (another DEEPDOCK_HOME) left on the
# engine: nodes whose sockets are in that checkout's state, a stack made with its passwords.
# A CI run failed on exactly that ("the engine of deepdock-node-1 did not answer in 60 s":
# the nodes of a run from another clone, stopped half-way, were started again and waited on
# in this clone's state). Needs an engine that answers; runs in seconds, on the engine as it
# is (CI runs it after swarm prepare, before swarm up):
# - throw-away node containers (the Debian base image, sleeping) with the node label, each
#   bound to another "checkout"'s state directory under a temporary folder;
# - when the engine is in no swarm, a temporary one for the stack's part, left at the end.
# The nodes this checkout made (prepare's) must be there, untouched, at the end.
# Exits 1 at the first failed expectation.
set -euo pipefail

SWARM_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# swarm.sh's functions, with STATE this checkout's state; sourcing runs nothing
# shellcheck source=swarm.sh
source "$SWARM_DIR/swarm.sh"

TMP="$(mktemp -d)"
PREFIX="deepdock-leftover-test-$$"
made_swarm=no
gwbridge_before=no
docker network inspect docker_gwbridge >/dev/null 2>&1 && gwbridge_before=yes
cleanup() {
  local id
  for id in $(docker ps -aq --filter "name=$PREFIX"); do docker rm -f "$id" >/dev/null 2>&1 || true; done
  for id in $(docker volume ls -q --filter "name=$PREFIX"); do docker volume rm "$id" >/dev/null 2>&1 || true; done
  if [[ "$made_swarm" == yes ]]; then
    docker swarm leave --force >/dev/null 2>&1 || true
    [[ "$gwbridge_before" == yes ]] || docker network rm docker_gwbridge >/dev/null 2>&1 || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

passed=0
ok() { passed=$((passed + 1)); echo "leftovers test: ok: $*" >&2; }
fail() { echo "leftovers test FAILED: $*" >&2; exit 1; }
exists() { docker container inspect "$1" >/dev/null 2>&1; }

engine_answers || fail "no Docker engine answers"
IMAGE="$(docker images --format '{{.Repository}}:{{.Tag}}' 'deepdock-standin/debian' | head -1)"
[[ -n "$IMAGE" ]] || fail "no deepdock-standin/debian image: run ./deepdock swarm prepare first"
ours_before="$(our_nodes | sort | tr '\n' ' ')"
# the test removes foreign nodes with --reclaim: only its own may be there
foreign="$(all_nodes | awk -v s="$STATE/nodes/" '$2 != s $1 { print $1 }' | tr '\n' ' ')"
[[ -z "$foreign" ]] || fail "nodes of another checkout are on this engine ($foreign): the test would remove them"

# A node container left by the checkout whose state is $1 (a sleeping Debian with the node
# label, its /run/deepdock bound into that state, an engine volume of its own): prints its name.
foreign_node() {
  local owner="$1" name="$PREFIX-$2"
  mkdir -p "$owner/nodes/$name"
  docker volume create "$name-docker" >/dev/null
  docker run -d --name "$name" --label deepdock.node=true -v "$name-docker:/var/lib/docker" \
    -v "$owner/nodes/$name:/run/deepdock" --entrypoint sleep "$IMAGE" infinity >/dev/null
  echo "$name"
}

# --- nodes
gone="$(foreign_node "$TMP/gone/swarm" gone)"
rm -rf "$TMP/gone"
here="$(foreign_node "$TMP/here/swarm" here)"

[[ " $(our_nodes | tr '\n' ' ') " != *" $here "* ]] || fail "another checkout's node $here is listed as ours"
ok "anotherCheckoutsNodeIsNotOurs"

out="$( (remove_foreign_nodes) 2>&1)" && fail "a node of a checkout that still exists was removed without --reclaim: $out"
[[ "$out" == *"$TMP/here/swarm"* && "$out" == *"--reclaim"* ]] || fail "the error does not name the other checkout and --reclaim: $out"
exists "$here" || fail "$here was removed although the error stopped"
ok "aNodeOfACheckoutThatStillExistsStopsWithAnErrorNamingIt"

(RECLAIM=yes remove_foreign_nodes) 2>/dev/null || fail "remove_foreign_nodes --reclaim failed"
exists "$gone" && fail "the node $gone, whose checkout's state is gone, is still there"
docker volume inspect "$gone-docker" >/dev/null 2>&1 && fail "the engine volume of $gone is still there"
ok "aNodeWhoseCheckoutIsGoneIsRemovedWithItsEngineVolume"
exists "$here" && fail "--reclaim left $here"
docker volume inspect "$here-docker" >/dev/null 2>&1 && fail "--reclaim left the engine volume of $here"
ok "reclaimRemovesAnotherCheckoutsNodeWithItsEngineVolume"

gone2="$(foreign_node "$TMP/gone2/swarm" gone2)"
rm -rf "$TMP/gone2"
(remove_foreign_nodes) 2>/dev/null || fail "a node whose checkout is gone made remove_foreign_nodes fail"
exists "$gone2" && fail "without --reclaim, $gone2 (its checkout gone) is still there"
ok "withoutReclaimANodeWhoseCheckoutIsGoneIsRemovedToo"

[[ "$(our_nodes | sort | tr '\n' ' ')" == "$ours_before" ]] || fail "this checkout's nodes changed: before '$ours_before', now '$(our_nodes | sort | tr '\n' ' ')'"
ok "thisCheckoutsNodesAreKept (${ours_before:-none})"

# --- a stack on a single-node swarm
if [[ "$(docker info -f '{{.Swarm.LocalNodeState}}')" == active ]]; then
  echo "leftovers test: the engine is in a swarm already: the stack's part is left out" >&2
else
  docker swarm init --advertise-addr 127.0.0.1 >/dev/null
  made_swarm=yes
  node="$(docker info -f '{{.Swarm.NodeID}}')"
  secret() { echo "$2" | docker secret create "deepdock_$1" - >/dev/null; }
  label() { docker node inspect -f '{{index .Spec.Labels "deepdock.state"}}' "$node"; }
  real_state="$STATE"

  # another checkout's stack, that checkout still there
  mkdir -p "$TMP/other/swarm"
  docker node update --label-add "deepdock.state=$TMP/other/swarm" "$node" >/dev/null
  secret postgres_password theirs
  out="$( (claim_stack "$node") 2>&1)" && fail "another checkout's stack was taken over without --reclaim: $out"
  [[ "$out" == *"$TMP/other/swarm"* && "$out" == *"--reclaim"* ]] || fail "the error does not name the other checkout: $out"
  docker secret inspect deepdock_postgres_password >/dev/null 2>&1 || fail "the other checkout's secret went although the error stopped"
  ok "anotherCheckoutsStackStopsWithAnErrorNamingIt"

  (RECLAIM=yes claim_stack "$node") 2>/dev/null || fail "claim_stack --reclaim failed"
  docker secret inspect deepdock_postgres_password >/dev/null 2>&1 && fail "--reclaim left the other checkout's secret"
  [[ "$(label)" == "$STATE" ]] || fail "the swarm's owner is '$(label)', not this checkout"
  ok "reclaimRemovesAnotherCheckoutsStackAndMakesTheSwarmOurs"

  # a stack with no owner label: ours only when this checkout holds the secrets
  docker node update --label-rm deepdock.state "$node" >/dev/null
  secret postgres_password unknown
  STATE="$TMP/fresh/swarm"
  out="$( (claim_stack "$node") 2>&1)" && fail "a stack of an unknown checkout was taken over by one that holds no secrets: $out"
  [[ "$out" == *"unknown"* ]] || fail "the error does not say the owner is unknown: $out"
  ok "aStackWithNoOwnerIsNotTakenOverByACheckoutWithoutItsSecrets"

  mkdir -p "$STATE/secrets"
  echo unknown >"$STATE/secrets/postgres_password"
  (claim_stack "$node") 2>/dev/null || fail "a checkout that holds the secrets could not claim a stack with no owner label"
  docker secret inspect deepdock_postgres_password >/dev/null 2>&1 || fail "the stack's secret of a checkout that holds it was removed"
  [[ "$(label)" == "$STATE" ]] || fail "the swarm's owner is '$(label)', not the checkout that holds the secrets"
  ok "aStackWithNoOwnerIsOursWhenWeHoldItsSecrets"

  # a stack whose checkout is gone (the label names a state that no longer exists): removed
  # without --reclaim
  rm -rf "$TMP/fresh"
  STATE="$real_state"
  out="$( (claim_stack "$node") 2>&1)" || fail "a stack whose checkout is gone stopped the claim: $out"
  [[ -z "$(docker secret ls -q --filter name=deepdock_)" ]] || fail "the secrets of a gone checkout's stack are still there"
  [[ "$(label)" == "$STATE" ]] || fail "the swarm's owner is '$(label)', not this checkout"
  ok "aStackWhoseCheckoutIsGoneIsRemoved"
fi

echo "leftovers test: $passed checks passed" >&2
