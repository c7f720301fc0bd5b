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
# /run is not a tmpfs here: after a docker kill it still holds the former run's pid files, as a
# machine's /run would not after a reboot. dockerd reads containerd's (/run/docker/containerd/
# containerd.pid) and, when that number is alive, takes containerd to be running and waits for
# its socket until it gives up and exits. In the new PID namespace that number can be one of
# dockerd's own threads (threads take their ids from the same numbers, and containerd was
# started after ~25 of them): the node then never comes back (seen once in CI). Every pid file
# goes, as the official dind entrypoint does with docker's.
find /run -xdev -name '*.pid' -delete 2>/dev/null || true
rm -f /run/deepdock/docker.sock
exec dockerd --storage-driver overlay2 -H unix:///var/run/docker.sock -H unix:///run/deepdock/docker.sock \
  --group 0 "$@"
