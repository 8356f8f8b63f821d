#!/usr/bin/env bash
# Run the built app with no Python environment active and check what it makes.
set -euo pipefail
APP_DIR=$(cd "$1" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# A clean environment: no virtualenv, no PYTHONPATH, a fresh home and no network use.
run() {
    env -i HOME="$WORK/home" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 "$@"
}
mkdir -p "$WORK/home"
cd "$WORK"
(cd "$APP_DIR" && find . -type f | sort) > "$WORK/before.txt"
run "$APP_DIR/electionplan" --version
run "$APP_DIR/electionplan" sample "$WORK/s.eplan"
run "$APP_DIR/electionplan" info "$WORK/s.eplan" --json > "$WORK/info.json"
grep -q '"polling_stations": 55' "$WORK/info.json"
run "$APP_DIR/electionplan" export "$WORK/s.eplan" -o "$WORK/police.pdf"
run "$APP_DIR/electionplan" export "$WORK/s.eplan" -o "$WORK/ro.pdf" --edition returning-officer
# The solver is a compiled library: the frozen app must carry it.
run "$APP_DIR/electionplan" deploy "$WORK/s.eplan" --json > "$WORK/deploy.json"
grep -Eq '"status": ?"Optimal"' "$WORK/deploy.json"
# Files, not pipes: grep -q closing a pipe early would trip pipefail.
for pdf in police ro; do
    head -c 5 "$WORK/$pdf.pdf" > "$WORK/head"
    grep -q '%PDF-' "$WORK/head"
    tail -c 1024 "$WORK/$pdf.pdf" > "$WORK/tail"
    grep -q '%%EOF' "$WORK/tail"
done
if command -v pdftotext >/dev/null; then
    pdftotext "$WORK/ro.pdf" "$WORK/ro.txt"
    pdftotext "$WORK/police.pdf" "$WORK/police.txt"
    grep -q "Returning officer" "$WORK/ro.txt"
    grep -q "Old Rectory" "$WORK/police.txt"
    if grep -q "Old Rectory" "$WORK/ro.txt"; then
        echo "the returning officer's edition holds a home address" >&2
        exit 1
    fi
fi
run "$APP_DIR/electionplan" gui --sample --screenshot "$WORK/shot.png" --page flashpoints
python3 - "$WORK/shot.png" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
width, height = struct.unpack(">II", data[16:24])
assert (width, height) == (1366, 768), (width, height)  # a force laptop's screen
assert len(data) > 20_000, "the screenshot looks blank"
PY
# Nothing may be written inside the install folder: it is read-only on a force laptop.
(cd "$APP_DIR" && find . -type f | sort) > "$WORK/after.txt"
if ! cmp -s "$WORK/before.txt" "$WORK/after.txt"; then
    echo "the app wrote into its install folder:" >&2
    diff "$WORK/before.txt" "$WORK/after.txt" >&2 || true
    exit 1
fi
# User data went to the platform's standard place.
test -d "$WORK/home/.local/share/electionplan"
echo "frozen app checks passed"
