#!/usr/bin/env bash
# CoachDesk bootstrap: installs what CoachDesk needs into ./.venv, then
#   bootstrap.sh demo   opens the app on a synthetic demo caseload
#   bootstrap.sh test   runs the whole test suite (and the linter)
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
action="${1:-}"
shift || true
VENV="${COACHDESK_VENV:-.venv}"
PYTHON="${PYTHON:-python3}"

# Shared libraries Qt needs on a bare Debian/Ubuntu machine, for both actions: the xcb ones
# let the app open a real window (the tests run offscreen, but a machine set up by `test`
# must also be able to run the app and its window tests under Xvfb).
DEBS=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0
      libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
      libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0)
if [ "$action" = test ]; then
  DEBS+=(binutils)  # the bundle test's build strips and prunes libraries and rebuilds ICU's data (as, ld)
fi
if command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for deb in "${DEBS[@]}"; do
    dpkg -s "$deb" >/dev/null 2>&1 || missing+=("$deb")
  done
  # printing (and --self-test) need the CUPS client library: libcups2, or libcups2t64
  if ! ldconfig -p 2>/dev/null | grep -q 'libcups\.so\.2'; then
    missing+=(libcups2)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "Installing system packages: ${missing[*]}"
    if ! { $SUDO apt-get update -qq &&
           DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null; }
    then
      echo "Could not install ${missing[*]}: carrying on; Qt may fail to start without them." >&2
    fi
  fi
fi

# The hub's PostgreSQL tests start a throwaway cluster from Debian's postgresql package
# (tests/hub/pgcluster.py); under CI=true they fail rather than skip without it.
if [ "$action" = test ] && ! command -v initdb >/dev/null 2>&1 &&
   ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 &&
   command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "Installing system package: postgresql (for the hub tests)"
  if ! { $SUDO apt-get update -qq &&
         DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null; }
  then
    echo "Could not install postgresql: the hub's PostgreSQL tests will skip (or fail under CI)." >&2
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[test]"

case "$action" in
  demo)
    exec "$VENV/bin/coachdesk" --demo "$@"
    ;;
  test)
    export QT_QPA_PLATFORM=offscreen
    "$VENV/bin/python" -m pytest -q "$@"
    "$VENV/bin/ruff" check coachdesk tests benchmarks
    ;;
  *)
    echo "usage: installer/bootstrap.sh demo|test" >&2
    exit 2
    ;;
esac
