#!/usr/bin/env bash
# tests/fuzz/run.sh SECONDS [TARGET...]: runs each fuzz target (all by default) for SECONDS, one at
# a time, from build/fuzz (make fuzz builds it first). Seeds and dictionaries are written afresh
# from the repository (podlab-fuzz-seeds); the corpus each run grows is kept in
# build/fuzz/corpus/<target>/ for the next run. A crash, hang (over 10 s for one input), leak or
# out-of-memory (over 2 GB) is saved in build/fuzz/findings/<target>/ and fuzzing goes on; move an
# input into tests/fuzz/regressions/<target>/ once its cause is fixed. Logs: build/fuzz/logs/.
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

# Seeds again when the seed maker was rebuilt (lessons are built into it) or the README or tests changed.
if ! [ -s "$build/seeds.log" ] || [ -n "$(find "$build/tests/fuzz/podlab-fuzz-seeds" "$root/README.md" "$root/tests/core" \
     -newer "$build/seeds.log" -print -quit)" ]; then
  "$build/tests/fuzz/podlab-fuzz-seeds" "$build/seeds" > "$build/seeds.log"
fi
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
  # One fuzzer process at a time. A finding stops libFuzzer: it is saved and, while time is left,
  # fuzzing starts again from the grown corpus, so one known finding does not end the target's run.
  : > "$log"
  runs=0 rate_sum=0 passes=0 deadline=$((SECONDS + seconds))
  while ((SECONDS < deadline)); do
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$fuzzer" -max_total_time=$((deadline - SECONDS)) -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1 -artifact_prefix="$findings/" "${dict[@]}" "$corpus" "$build/seeds/$target" \
        > "$log.pass" 2>&1 || true
    cat "$log.pass" >> "$log"
    pass_runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log.pass" | tail -1)
    pass_rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+).*/\1/p' "$log.pass" | tail -1)
    runs=$((runs + ${pass_runs:-0})); rate_sum=$((rate_sum + ${pass_rate:-0})); passes=$((passes + 1))
  done
  rm -f "$log.pass"
  rate=$((rate_sum / (passes > 0 ? passes : 1)))
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  found=$(( $(ls "$findings" | wc -l) - before ))
  line=$(printf '%-16s runs %-9s exec/s %-6s cov %-6s starts %-3s new findings %s' "$target" "$runs" "$rate" "${cov:-?}" "$passes" "$found")
  echo "fuzz: $line"
  summary+=("$line")
done
echo "fuzz: summary (logs in build/fuzz/logs/, findings in build/fuzz/findings/<target>/)"
printf '  %s\n' "${summary[@]}"
