#!/usr/bin/env bash
# Builds the libFuzzer harnesses (tests/fuzz/README.md) in a folder of their own and runs each on
# its committed corpus, one harness at a time.
#   tests/fuzz/run-fuzz.sh --smoke RUNS [HARNESS...]       the corpus and mutations, RUNS inputs in all, seed 1 (CI)
#   tests/fuzz/run-fuzz.sh --campaign RUNS [HARNESS...]    -runs=RUNS executions each
#   tests/fuzz/run-fuzz.sh --replay 0 [HARNESS...]         every corpus entry once (work + committed)
# HARNESS is a name such as `dns` (default: all). New corpus entries and crash inputs go to the
# work folder ($NTLAB_FUZZ_WORK, default /tmp/fuzz-work), never into the repository; each
# harness's libFuzzer log is <work>/<harness>.log. The build folder is $NTLAB_FUZZ_BUILD (default
# build-fuzz; its log is <work>/build.log); $NTLAB_FUZZ_SANITIZERS (a CMake list) replaces its
# ASan + UBSan, as a long campaign may do before --replay runs what it found under ASan.
# Exit status: 0 when no harness found anything, 1 otherwise, 2 on a usage or build error.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
fuzz_dir="$root/tests/fuzz"
build="${NTLAB_FUZZ_BUILD:-$root/build-fuzz}"
work="${NTLAB_FUZZ_WORK:-/tmp/fuzz-work}"

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 2 ] || usage
mode="$1" amount="$2"
shift 2
case "$mode" in
  # A count of inputs and a fixed seed, not a time: the same inputs on every machine, so CI cannot
  # fail at random on a finding that only a campaign should make.
  --smoke) limit=(-runs="$amount" -seed=1) ;;
  --campaign) limit=(-runs="$amount") ;;
  --replay) limit=(-runs=0) ;;
  *) usage ;;
esac
[[ "$amount" =~ ^[0-9]+$ ]] || usage

configure=()
if command -v ccache >/dev/null; then configure=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache); fi
if [ -n "${NTLAB_FUZZ_SANITIZERS:-}" ]; then configure+=("-DNTLAB_FUZZ_SANITIZERS=$NTLAB_FUZZ_SANITIZERS"); fi
# A new build folder is made with Ninja when it is installed (.ci/setup does the same).
if [ ! -f "$build/CMakeCache.txt" ] && command -v ninja >/dev/null; then configure+=(-G Ninja); fi
mkdir -p "$work"
if ! { cmake -S "$root" -B "$build" -DNTLAB_FUZZ=ON -DCMAKE_BUILD_TYPE=Release \
         -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_C_COMPILER=clang-14 "${configure[@]}" &&
       cmake --build "$build" --target fuzz -j"${NTLAB_FUZZ_JOBS:-2}"; } >"$work/build.log" 2>&1; then
  tail -30 "$work/build.log" >&2
  echo "run-fuzz: the build failed (log: $work/build.log)" >&2
  exit 2
fi

harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
  for source in "$fuzz_dir"/*-fuzzer.cc; do
    name="$(basename "$source" .cc)"
    harnesses+=("${name%-fuzzer}")
  done
fi

failed=()
printf '%-18s %12s %8s %7s %7s %7s  %s\n' harness executions seconds cov ft corpus result
for harness in "${harnesses[@]}"; do
  binary="$build/fuzz/$harness-fuzzer"
  [ -x "$binary" ] || { echo "run-fuzz: no harness '$harness' ($binary)" >&2; exit 2; }
  corpus="$work/$harness/corpus"
  artifacts="$work/$harness/artifacts"
  mkdir -p "$corpus" "$artifacts"
  options=("${limit[@]}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/")
  [ -f "$fuzz_dir/$harness.dict" ] && options+=(-dict="$fuzz_dir/$harness.dict")
  log="$work/$harness.log"
  start=$(date +%s)
  # The first folder receives the new entries; the committed corpus is only read.
  if "$binary" "${options[@]}" "$corpus" "$fuzz_dir/corpus/$harness" >"$log" 2>&1; then
    result=ok
  else
    result="FOUND SOMETHING: see $log and $artifacts"
    failed+=("$harness")
  fi
  seconds=$(($(date +%s) - start))
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  entries=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$last")
  printf '%-18s %12s %8s %7s %7s %7s  %s\n' "$harness" "${executions:-?}" "$seconds" "${cov:-?}" "${ft:-?}" \
    "${entries:-?}" "$result"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "run-fuzz: findings in ${failed[*]}" >&2
  exit 1
fi
