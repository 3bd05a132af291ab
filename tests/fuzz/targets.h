// Podlab's untrusted inputs, one entry function each: the bytes a person (or a file, a link, a
// report, a packet on the wire) can hand the core, fed the way the page and the CLI feed them.
// The libFuzzer executables (fuzz_main.cpp, `make fuzz`) and the regression replay in the normal
// test suite (regressions_test.cpp, inputs under tests/fuzz/regressions/<target>/) call the same
// functions, so a saved finding replays exactly as it was found.
//
// A target returns normally for any input the core handles. A crash, a sanitizer report or a
// broken invariant (fuzz_expect) is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace podlab::fuzz {

using TargetFunction = void (*)(const uint8_t* data, size_t size);

struct Target {
  std::string_view name;  // the folder name under tests/fuzz/regressions/ and the fuzzer's name
  TargetFunction run;
};

std::span<const Target> all_targets();
const Target* find_target(std::string_view name);

// A broken invariant: prints what and aborts (libFuzzer saves the input; doctest reports it).
void fuzz_expect(bool condition, const char* what);

// One console line in a fresh default lab (newlines after the first line are its input, as a
// here-document's are).
void console_line(const uint8_t* data, size_t size);
// Newline-separated console lines run in one lab; "CMD <<EOF" takes the lines up to EOF as input.
void console_lines(const uint8_t* data, size_t size);
// The text given to `kubectl apply -f -` in a fresh lab (the YAML panel's Apply, a pasted manifest).
void manifest(const uint8_t* data, size_t size);
// A saved lab's JSON opened as the page opens a file or a decoded #lab= link: parsed, replayed
// into a fresh lab, the notice written in both languages, the page's state JSON made.
void saved_lab(const uint8_t* data, size_t size);
// DNS wire format: decoded, and when it decodes, encoded again and decoded to the same message.
void dns_message(const uint8_t* data, size_t size);
// An Ethernet frame: parsed, and when it parses, serialised again and parsed to the same packet.
void packet(const uint8_t* data, size_t size);
// iptables-save text (iptables-restore's input): parsed, then a packet walked through every hook.
void iptables_save(const uint8_t* data, size_t size);
// A Corefile (the kube-system/coredns ConfigMap's data).
void corefile(const uint8_t* data, size_t size);
// A folder's lesson.yaml, and the same text as an exercise.yaml: loaded and checked as
// `podlab lesson check` / `podlab exercise check` do (start, goals, solutions).
void lesson(const uint8_t* data, size_t size);
// A report given to `podlab exercise verify` (against the shipped exercises).
void exercise_report(const uint8_t* data, size_t size);
// One console line in a fresh lab, its result serialised as `podlab --json` prints it.
void json_output(const uint8_t* data, size_t size);

}  // namespace podlab::fuzz
