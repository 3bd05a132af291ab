// Golden traces: for a few canonical scenarios the whole `trace` of the --json line (every hop
// with node, netns, device, action, detail, headers and encapsulation, and the reply) is compared
// exactly with a checked-in file under tests/golden/. Any change to what a packet does shows up
// here as a diff a reviewer can read.
//
// The files are found through PODLAB_SOURCE_DIR, the source tree's path compiled into the test
// binary (the wasm build runs under node with NODERAWFS, so plain fopen works there too; node's
// environment does not reach it). After an intended change, regenerate them with
//   PODLAB_UPDATE_GOLDEN=1 build/native/tests/core_tests -tc='golden*'
// and review the diff of tests/golden/*.json before committing.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>

#include "tests/core/lab_fixtures.h"

using namespace podlab;
using namespace podlab::testing;

namespace {

std::string golden_path(const std::string& name) {
  return std::string(PODLAB_SOURCE_DIR) + "/tests/golden/" + name + ".json";
}

std::optional<std::string> read_text(const std::string& path) {
  FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return std::nullopt;
  std::string text;
  char buffer[4096];
  size_t count;
  while ((count = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, count);
  std::fclose(file);
  return text;
}

bool write_text(const std::string& path, const std::string& text) {
  FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) return false;
  const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  return std::fclose(file) == 0 && written;
}

// Compares `trace` with the golden file `name`, or rewrites the file when PODLAB_UPDATE_GOLDEN=1.
void check_golden(const std::string& name, const nlohmann::json& trace) {
  const std::string path = golden_path(name);
  const std::string actual = trace.dump(2) + "\n";
  const char* update = std::getenv("PODLAB_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    REQUIRE_MESSAGE(write_text(path, actual), "cannot write ", path);
    MESSAGE("updated ", path);
    return;
  }
  const auto expected = read_text(path);
  REQUIRE_MESSAGE(expected.has_value(), "missing golden file ", path,
                  " (PODLAB_UPDATE_GOLDEN=1 creates it)");
  if (*expected == actual) return;
  // Point at the first hop that differs before showing the whole text.
  const nlohmann::json wanted = nlohmann::json::parse(*expected, nullptr, false);
  if (!wanted.is_discarded() && wanted.contains("hops")) {
    const auto& a = wanted["hops"];
    const auto& b = trace["hops"];
    for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
      if (i < a.size() && i < b.size() && a[i] == b[i]) continue;
      INFO("first differing hop: ", i, "\nexpected: ", (i < a.size() ? a[i].dump() : "(none)"),
           "\nactual:   ", (i < b.size() ? b[i].dump() : "(none)"));
      CHECK_MESSAGE(false, "trace differs from ", path);
      break;
    }
  }
  CHECK(*expected == actual);
}

void pods_for_golden(lab::Session& session) {
  apply_manifest(session, pod_manifest("a1", "node-1") + "---\n" + pod_manifest("a2", "node-1") + "---\n" +
                              pod_manifest("b1", "node-2", "nginx"));
}

}  // namespace

TEST_CASE("golden: flannel cross-node ping") {
  lab::Session session(1);
  pods_for_golden(session);
  const lab::CommandResult result = run_ok(session, "kubectl exec a1 -- ping -c 1 " + pod_ip(session, "b1"));
  check_golden("flannel_cross_node_ping", trace_json(session, result));
}

TEST_CASE("golden: calico cross-node ping") {
  lab::Session session(1);
  run_ok(session, "lab datapath calico-ipip");
  pods_for_golden(session);
  const lab::CommandResult result = run_ok(session, "kubectl exec a1 -- ping -c 1 " + pod_ip(session, "b1"));
  check_golden("calico_cross_node_ping", trace_json(session, result));
}

TEST_CASE("golden: same-node ping over the bridge") {
  lab::Session session(1);
  pods_for_golden(session);
  const lab::CommandResult result = run_ok(session, "kubectl exec a1 -- ping -c 1 " + pod_ip(session, "a2"));
  check_golden("same_node_ping", trace_json(session, result));
}
