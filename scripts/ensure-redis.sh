#!/usr/bin/env bash
# pretest (and .ci/run): make sure Debian's redis-server is installed for tests/live/redis.test.ts,
# which starts its own on a free loopback port. Installs with apt-get only when it is missing and
# only when possible (root, apt-get present); otherwise prints what to do and lets the tests run
# (the Redis test is skipped without redis-server, except with CI set, where it fails).
set -uo pipefail

have() {
  command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || [ -x /usr/sbin/redis-server ]
}

if have; then
  exit 0
fi
if [ "${CORRIDOR_NO_REDIS_INSTALL:-}" = "1" ]; then
  echo "ensure-redis: redis-server missing; CORRIDOR_NO_REDIS_INSTALL=1, not installing (the Redis scale-out test will be skipped)" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-redis: redis-server is not installed and there is no apt-get here; install Redis (redis-server on PATH) to run tests/live/redis.test.ts" >&2
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure-redis: redis-server is not installed and this is not root; run: sudo apt-get install -y redis-server (tests/live/redis.test.ts is skipped until then)" >&2
  exit 0
fi

echo "ensure-redis: installing redis-server with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
if apt-get install -y --no-install-recommends redis-server >&2 || { apt-get update >&2 && apt-get install -y --no-install-recommends redis-server >&2; }; then
  have && exit 0
fi
echo "ensure-redis: could not install redis-server with apt-get; tests/live/redis.test.ts needs it" >&2
exit 0
