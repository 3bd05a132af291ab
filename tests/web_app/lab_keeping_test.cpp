// Keeping work through AppState: the autosave written when a line ran, a lab opened by replay and
// swapped in whole, a bad one refused with the lab on screen untouched, and the YAML panel's lines.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/sim/fingerprint.h"
#include "web/app/app_state.h"

using namespace podlab;
using namespace podlab::web;

namespace {

void finish_replay(AppState& state) {
  while (state.keeping.replay) advance_replay(state, 3);
}

}  // namespace

TEST_CASE("the lab is saved after a line runs, and only then") {
  AppState state;
  CHECK_FALSE(autosave_due(state));  // a new lab: nothing to save over what the browser holds
  run_console_line(state, "kubectl run web --image=nginx");
  const auto saved = autosave_due(state);
  REQUIRE(saved);
  CHECK(nlohmann::json::parse(*saved)["lines"][0]["line"] == "kubectl run web --image=nginx");
  CHECK_FALSE(autosave_due(state));
}

TEST_CASE("opening a saved lab replays it and swaps it in, console and all") {
  AppState source;
  run_console_line(source, "kubectl run web --image=nginx");
  run_console_line(source, "kubectl run client --image=busybox");
  const std::string text = *autosave_due(source);

  AppState state;
  run_console_line(state, "kubectl run other --image=nginx");
  const uint64_t revision = state.session.revision();
  open_saved_lab(state, text, LabOrigin::ShareLink, "");
  REQUIRE(state.keeping.replay);
  CHECK(keeping_json(state)["replay"]["total"] == 2);
  finish_replay(state);
  CHECK_FALSE(state.keeping.notice);
  CHECK(fingerprint(state.session.world()) == fingerprint(source.session.world()));
  CHECK(state.session.revision() > revision);  // views of the old lab see the change
  CHECK(state.console.entries().size() == 2);
  CHECK(autosave_due(state) == text);  // stored at once, so a reload finds it
}

TEST_CASE("a lab that does not open leaves the lab on screen as it was") {
  AppState state;
  run_console_line(state, "kubectl run mine --image=nginx");
  const uint64_t before = fingerprint(state.session.world());
  autosave_due(state);

  open_saved_lab(state, "{\"format\": \"podlab-lab\", \"version\": 1, \"seed\": 1, \"lines\": [{\"line\": \"kubectl get pods gone\", \"ok\": true}]}",
                 LabOrigin::File, "broken.podlab.json");
  finish_replay(state);
  REQUIRE(state.keeping.notice);
  CHECK(fingerprint(state.session.world()) == before);
  CHECK(state.session.history() == std::vector<std::string>{"kubectl run mine --image=nginx"});
  CHECK_FALSE(autosave_due(state));
  CHECK(notice_text(state).find("Line 1 worked when the lab was saved but fails now: kubectl get pods gone") != std::string::npos);
  state.language = Language::Vietnamese;
  CHECK(notice_text(state).find("Dòng 1 chạy được khi lưu phòng lab") != std::string::npos);

  open_saved_lab(state, "not json", LabOrigin::File, "notes.txt");
  CHECK_FALSE(state.keeping.replay);
  CHECK(state.keeping.notice->problem.kind == LabProblemKind::NotJson);
  CHECK(fingerprint(state.session.world()) == before);
}

TEST_CASE("an autosave that does not replay is handed back to be kept aside") {
  AppState state;
  const std::string text = "{\"format\": \"podlab-lab\", \"version\": 1, \"seed\": 1, \"lines\": [{\"line\": \"kubectl get pods gone\", \"ok\": true}]}";
  open_saved_lab(state, text, LabOrigin::Autosave, "");
  std::optional<std::string> kept;
  while (state.keeping.replay) kept = advance_replay(state, 1);
  CHECK(kept == text);
  REQUIRE(state.keeping.notice);
  CHECK(state.keeping.notice->kept_text == text);
}

TEST_CASE("the YAML panel applies its text as one console line and marks kubectl's errors") {
  AppState state;
  const std::string bad =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n"
      "    ports:\n    - containerPort: eighty\n";
  set_yaml_text(state.yaml, bad);
  await_yaml_result(state.yaml, YamlAwaiting::Apply, state.console);
  apply_intents(state, Intents{.console_line = yaml_apply_line(yaml_text(state.yaml))});
  take_yaml_result(state.yaml, state.console);
  REQUIRE(state.yaml.errors.size() == 1);
  CHECK(state.yaml.errors[0].line == 10);
  CHECK(state.yaml.errors[0].column == 22);
  CHECK(state.yaml.errors[0].message == "spec.containers[0].ports[0].containerPort: expected an integer, got \"eighty\"");
  CHECK(state.yaml.scroll_to_line == 10);
  CHECK(yaml_text(state.yaml) == bad);  // kept as typed, to fix
  CHECK(state.session.history().back() == "kubectl apply -f -\n" + bad);

  set_yaml_text(state.yaml, "apiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: shop\r\n");
  await_yaml_result(state.yaml, YamlAwaiting::Apply, state.console);
  apply_intents(state, Intents{.console_line = yaml_apply_line(yaml_text(state.yaml))});
  take_yaml_result(state.yaml, state.console);
  CHECK(state.yaml.errors.empty());
  CHECK(state.yaml.applied == "namespace/shop created\n");

  await_yaml_result(state.yaml, YamlAwaiting::Export, state.console);
  apply_intents(state, Intents{.console_line = std::string(yaml_export_line)});
  take_yaml_result(state.yaml, state.console);
  CHECK(yaml_text(state.yaml).starts_with("apiVersion: podlab.dev/v1\nkind: Cluster\n"));
  CHECK(yaml_text(state.yaml).find("  name: shop\n") != std::string_view::npos);
}

TEST_CASE("kubectl's error lines become places in the text") {
  const auto errors = yaml_errors("error: STDIN:12:1: YAML syntax error: could not find expected ':'\n"
                                  "Error from server: STDIN:3:3: The Pod \"web\" is invalid\n"
                                  "error: no objects passed to apply\n");
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].line == 12);
  CHECK(errors[0].column == 1);
  CHECK(errors[0].message == "YAML syntax error: could not find expected ':'");
  CHECK(errors[1].line == 3);
  CHECK(errors[2].line == 0);
  CHECK(errors[2].message == "error: no objects passed to apply");
  CHECK(yaml_apply_line("kind: Namespace") == "kubectl apply -f -\nkind: Namespace\n");
}
