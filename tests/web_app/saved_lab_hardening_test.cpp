// Saved labs and share links once found to crash or freeze the page (tests/fuzz/regressions/saved-lab/):
// a refused file leaves the lab as it was and the page's state still prints; a link that asks for
// millions of pods or a Corefile nested thousands deep opens, bounded, as the lab runs those lines.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "core/k8s/api.h"
#include "core/sim/fingerprint.h"
#include "web/app/app_state.h"

using namespace podlab;
using namespace podlab::web;

namespace {

std::string regression(const std::string& name) {
  std::ifstream file(std::string(PODLAB_SOURCE_DIR) + "/tests/fuzz/regressions/saved-lab/" + name, std::ios::binary);
  REQUIRE_MESSAGE(file.good(), "no regression input ", name);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

void finish_replay(AppState& state) {
  while (state.keeping.replay) advance_replay(state, 3);
}

}  // namespace

TEST_CASE("a lab file cut inside a UTF-8 character is refused, and the page's state still prints") {
  AppState state;
  run_console_line(state, "kubectl run mine --image=nginx");
  const uint64_t before = fingerprint(state.session.world());
  open_saved_lab(state, regression("saved-lab-truncated-utf8"), LabOrigin::File, "cut.podlab.json");
  REQUIRE(state.keeping.notice);
  CHECK(state.keeping.notice->problem.kind == LabProblemKind::NotJson);
  CHECK(fingerprint(state.session.world()) == before);
  CHECK(state.session.history() == std::vector<std::string>{"kubectl run mine --image=nginx"});
  // The parser's message quotes the cut bytes; the notice shows U+FFFD for them.
  CHECK(notice_text(state).find("'tru\xEF\xBF\xBD'") != std::string::npos);
  const nlohmann::json shown = nlohmann::json::parse(state_json(state), nullptr, false);
  REQUIRE_FALSE(shown.is_discarded());
  CHECK(shown["keeping"].is_object());
}

TEST_CASE("a share link with replicas: 2147483647 opens with the lab's pod limit, and saves again") {
  AppState state;
  open_saved_lab(state, regression("replicas-huge-share-link"), LabOrigin::ShareLink, "");
  finish_replay(state);
  CHECK_FALSE(state.keeping.notice);
  CHECK(state.session.world().pods.size() == k8s::lab_pod_limit(state.session.world()));
  CHECK(state.session.history().size() == 1);
  CHECK(autosave_due(state));
}

TEST_CASE("a share link applying a Corefile nested 4,000 deep opens; CoreDNS keeps its configuration") {
  AppState state;
  open_saved_lab(state, regression("share-link-corefile-deep-nesting"), LabOrigin::ShareLink, "");
  finish_replay(state);
  CHECK_FALSE(state.keeping.notice);
  REQUIRE(state.session.history().size() == 1);
  REQUIRE_FALSE(state.console.entries().empty());
  CHECK(state.console.entries().back().output.find("Corefile:1:8: blocks nest too deep") != std::string::npos);
}
