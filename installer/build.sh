#!/usr/bin/env bash
# Build the one-folder CoachDesk app with PyInstaller.
#   bash installer/build.sh              -> dist/CoachDesk/ (run dist/CoachDesk/CoachDesk)
#   bash installer/build.sh --tarball    -> also dist/CoachDesk-VERSION-linux-x86_64.tar.gz
# Options: --dist DIR and --work DIR put the output and PyInstaller's scratch elsewhere.
# Uses $PYTHON (default: .venv/bin/python, else python3), which needs `pip install .[test]`.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
DIST=dist
WORK=build/pyinstaller
TARBALL=0
while [ $# -gt 0 ]; do
  case "$1" in
    --tarball) TARBALL=1 ;;
    --dist) DIST="$2"; shift ;;
    --work) WORK="$2"; shift ;;
    *) echo "usage: installer/build.sh [--tarball] [--dist DIR] [--work DIR]" >&2; exit 2 ;;
  esac
  shift
done
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
  echo "PyInstaller is not installed for $PYTHON: run '$PYTHON -m pip install .[test]'." >&2
  exit 1
fi
if [ "$(uname -s)" = Linux ] && command -v ldconfig >/dev/null 2>&1; then
  # bundled from the build machine: Qt 6's xcb plugin needs them and many PCs lack them
  for lib in libxcb-icccm.so.4 libxcb-keysyms.so.1 libxcb-cursor.so.0; do
    ldconfig -p | grep -q "$lib" || echo "Warning: $lib is not installed here, so the bundle" \
      "will not carry it and needs it on the PC (apt-get install libxcb-icccm4" \
      "libxcb-keysyms1 libxcb-cursor0 before building)." >&2
  done
fi
start=$(date +%s)
# the icons (PNG from the SVG, rendered with Qt) and Windows version data, made at build time
PYTHONPATH="$PWD" QT_QPA_PLATFORM=offscreen "$PYTHON" installer/make_assets.py build
PYTHONPATH="$PWD" "$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" installer/coachdesk.spec
bundle="$DIST/CoachDesk"
cp installer/coachdesk.desktop "$bundle/coachdesk.desktop"
mkdir -p "$bundle/icons"
cp build/icons/coachdesk-48.png build/icons/coachdesk-256.png resources/icons/coachdesk.svg \
  "$bundle/icons/"
echo "Built $bundle in $(( $(date +%s) - start )) s; $(du -sm "$bundle" | cut -f1) MB on disk."
if [ "$TARBALL" = 1 ]; then
  version=$("$PYTHON" -c "import coachdesk; print(coachdesk.__version__)")
  tarball="$DIST/CoachDesk-$version-linux-$(uname -m).tar.gz"
  tar -C "$DIST" -czf "$tarball" CoachDesk
  echo "Tarball: $tarball ($(du -sm "$tarball" | cut -f1) MB)"
fi
