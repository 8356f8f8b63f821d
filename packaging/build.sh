#!/usr/bin/env bash
# Build the one-folder Linux app into dist/electionplan-VERSION/, then check it.
#
#   packaging/build.sh            build and smoke-test
#   packaging/build.sh --no-check build only
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q ".[package]"
rm -rf build/pyinstaller dist
python -m PyInstaller --noconfirm --clean --log-level ERROR \
    --workpath build/pyinstaller --distpath dist packaging/electionplan.spec
APP_DIR=$(ls -d dist/electionplan-*)
install -m 0644 packaging/electionplan.desktop "$APP_DIR/electionplan.desktop"
install -m 0644 resources/icons/electionplan-256.png "$APP_DIR/electionplan.png"
echo "Built $APP_DIR ($(du -sh "$APP_DIR" | cut -f1))"
if [ "${1:-}" != "--no-check" ]; then
    packaging/check_frozen.sh "$APP_DIR"
fi
