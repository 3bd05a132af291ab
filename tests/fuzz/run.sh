#!/usr/bin/env bash
# tests/fuzz/run.sh SECONDS [TARGET...]: runs each fuzz target (all by default) for SECONDS, one at
# a time, from build/fuzz (make fuzz builds it first). Seeds and dictionaries are written afresh
# from the repository (podlab-fuzz-seeds); the corpus each run grows is kept in
# build/fuzz/corpus/<target>/ for the next run. A crash, hang (over 10 s for one input), leak or
# out-of-memory (over 2 GB) is saved in build/fuzz/findings/<target>/ and fuzzing goes on; move an
# input into tests/fuzz/regressions/<target>/ once its cause is fixed.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build/fuzz"
seconds=${1:-60}
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(console-line console-lines manifest saved-lab dns-message packet iptables-save corefile lesson
           exercise-report json-output)
fi

"$build/tests/fuzz/podlab-fuzz-seeds" "$build/seeds" > "$build/seeds.log"
summary=()
for target in "${targets[@]}"; do
  fuzzer="$build/tests/fuzz/fuzz-$target"
  [ -x "$fuzzer" ] || { echo "fuzz: no fuzzer for $target ($fuzzer)" >&2; exit 2; }
  corpus="$build/corpus/$target"
  findings="$build/findings/$target"
  log="$build/logs/$target.log"
  mkdir -p "$corpus" "$findings" "$build/logs" "$build/seeds/$target"
  before=$(ls "$findings" | wc -l)
  dict=()
  [ -s "$build/seeds/$target.dict" ] && dict=(-dict="$build/seeds/$target.dict")
  echo "fuzz: $target for ${seconds}s"
  # -fork=1: one child fuzzes at a time and a finding does not end the run (the other
  # findings of the same target are still looked for until the time is up).
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$fuzzer" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
      -artifact_prefix="$findings/" "${dict[@]}" "$corpus" "$build/seeds/$target" > "$log" 2>&1 || true
  # The last status line: "#RUNS: cov: … exec/s: N oom/timeout/crash: O/T/C time: Ns …".
  status=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1 || true)
  runs=$(sed -nE 's/^#([0-9]+):.*/\1/p' <<<"$status")
  rate=$(sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p' <<<"$status")
  cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$status")
  found=$(( $(ls "$findings" | wc -l) - before ))
  line=$(printf '%-16s runs %-9s exec/s %-6s cov %-6s new findings %s' "$target" "${runs:-?}" "${rate:-?}" "${cov:-?}" "$found")
  echo "fuzz: $line"
  summary+=("$line")
done
echo "fuzz: summary (logs in build/fuzz/logs/, findings in build/fuzz/findings/<target>/)"
printf '  %s\n' "${summary[@]}"
