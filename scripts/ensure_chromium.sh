#!/bin/sh
# Make sure Debian's chromium is at /usr/bin/chromium for the browser tests (make test).
# Installs it with apt-get when missing: as root directly, else through sudo.
set -u
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0

fail() { echo "make test: $CHROMIUM is missing and $1; install Debian's chromium (apt-get install chromium), then run make test again" >&2; exit 1; }

command -v apt-get >/dev/null 2>&1 || fail "there is no apt-get here"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    fail "installing it needs root (no sudo here)"
fi
echo "make test: installing Debian's chromium for the browser tests ($SUDO apt-get install chromium)..." >&2
$SUDO apt-get update -qq >/dev/null || fail "apt-get update failed"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    || fail "apt-get install chromium failed"
[ -x "$CHROMIUM" ] || fail "apt-get did not put it there"
