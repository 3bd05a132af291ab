// Every input saved under tests/fuzz/regressions/<target>/ (a crash, hang or broken invariant the
// fuzzers once found) replayed through the same entry function the fuzzer used, natively, in the
// normal test suite. A folder that names no target fails the test, so a misplaced input is never
// silently skipped.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/fuzz/targets.h"

namespace fs = std::filesystem;

TEST_CASE("fuzz regressions: every saved input runs through its target without a finding") {
  const fs::path root = fs::path(PODLAB_SOURCE_DIR) / "tests" / "fuzz" / "regressions";
  REQUIRE_MESSAGE(fs::is_directory(root), root.string(), " is missing");
  std::vector<fs::path> folders;
  for (const fs::directory_entry& entry : fs::directory_iterator(root))
    if (entry.is_directory()) folders.push_back(entry.path());
  std::sort(folders.begin(), folders.end());

  size_t replayed = 0;
  for (const fs::path& folder : folders) {
    const std::string name = folder.filename().string();
    const podlab::fuzz::Target* target = podlab::fuzz::find_target(name);
    CHECK_MESSAGE(target != nullptr, "tests/fuzz/regressions/", name, " names no fuzz target (see tests/fuzz/targets.cpp)");
    if (!target) continue;
    std::vector<fs::path> inputs;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder))
      if (entry.is_regular_file()) inputs.push_back(entry.path());
    std::sort(inputs.begin(), inputs.end());
    for (const fs::path& input : inputs) {
      std::ifstream file(input, std::ios::binary);
      REQUIRE_MESSAGE(file.good(), "cannot read ", input.string());
      const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
      INFO("replaying ", name, "/", input.filename().string());
      target->run(bytes.data(), bytes.size());
      ++replayed;
    }
    std::printf("fuzz regressions: %s: %zu input(s)\n", name.c_str(), inputs.size());
  }
  std::printf("fuzz regressions: replayed %zu input(s) from %zu target folder(s)\n", replayed, folders.size());
}
