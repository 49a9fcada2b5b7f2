#!/usr/bin/env bash
# Installs Debian packages: scripts/apt-install.sh WHO PACKAGE... (WHO names the caller in
# messages). Uses sudo when not root; waits (up to 10 min) rather than fails when another
# apt/dpkg run holds the lock. The callers decide what is missing.
set -euo pipefail
who=$1
shift
SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "$who: $* missing and installing needs root (no sudo)" >&2
    exit 1
  fi
fi
echo "$who: installing $* (Debian packages)" >&2
export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-o DPkg::Lock::Timeout=600)
"${SUDO[@]}" apt-get "${APT_OPTS[@]}" update -qq
"${SUDO[@]}" apt-get "${APT_OPTS[@]}" install -y --no-install-recommends "$@"
