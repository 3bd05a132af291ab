// One libFuzzer executable per target (fuzz-<name>): PODLAB_FUZZ_TARGET names the entry function
// in targets.cpp, the same one the regression replay runs.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "tests/fuzz/targets.h"

namespace {
const podlab::fuzz::Target& target() {
  static const podlab::fuzz::Target* found = podlab::fuzz::find_target(PODLAB_FUZZ_TARGET);
  if (!found) {
    std::fprintf(stderr, "no fuzz target named %s\n", PODLAB_FUZZ_TARGET);
    std::abort();
  }
  return *found;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  target().run(data, size);
  return 0;
}
