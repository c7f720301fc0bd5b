#!/bin/sh
# Makes /sys and the cgroup v1 hierarchies writable (the node cannot be --privileged here:
# root's bounding set lacks CAP_SYS_RESOURCE), then runs the node's own dockerd with overlay2
# on the /var/lib/docker volume; its socket is also in /run/deepdock (bind-mounted from the
# host, for ./deepdock swarm and swarm/test.sh).
set -e
mount -o remount,rw /sys 2>/dev/null || true
for dir in /sys/fs/cgroup/*/; do
  mount -o remount,bind,rw "$dir" 2>/dev/null || true
done
mkdir -p /run/deepdock
rm -f /run/deepdock/docker.sock /var/run/docker.pid
exec dockerd --storage-driver overlay2 -H unix:///var/run/docker.sock -H unix:///run/deepdock/docker.sock \
  --group 0 "$@"
