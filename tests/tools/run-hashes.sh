#!/usr/bin/env bash
# usage: tests/tools/run-hashes.sh NTLAB_BINARY SCENARIO OUT_DIR
# Runs a scenario into OUT_DIR and prints "sha256  path" for every output file except run.json
# (wall-clock metadata). A refactor that must not change outputs compares two such listings:
#   diff <(tests/tools/run-hashes.sh old/ntlab S /tmp/a) <(tests/tools/run-hashes.sh build/ntlab S /tmp/b)
set -euo pipefail
bin=$1; scenario=$2; out=$3
rm -rf "$out"
"$bin" run "$scenario" --out "$out" >"$out.log" 2>&1 || { echo "run failed, see $out.log" >&2; exit 1; }
(cd "$out" && find . -type f ! -name run.json -print0 | sort -z | xargs -0 sha256sum)
