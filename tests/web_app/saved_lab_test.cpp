// The saved lab: its JSON, what a bad file or link is told, and a replay that reproduces the lab
// (same fingerprint) or stops at the line that behaved differently.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/sim/fingerprint.h"
#include "web/app/saved_lab.h"

using namespace podlab;
using namespace podlab::web;

namespace {

const char* service_manifest =
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    run: web\n  ports:\n  - port: 80\n";

lab::Session built_lab() {
  lab::Session session(5);
  session.run("kubectl run web --image=nginx --port 80");
  session.run("kubectl apply -f -\n" + std::string(service_manifest));
  session.run("kubectl get pods no-such-pod");  // a typo stays in the history, as a line that failed
  session.run("kubectl run client --image=busybox");
  session.run("kubectl exec client -- curl -s web");
  return session;
}

LabReplay replay_all(const SavedLab& lab) {
  LabReplay replay(lab, LabOrigin::File, "shop.podlab.json");
  while (!replay.finished()) replay.run(2);
  return replay;
}

}  // namespace

TEST_CASE("a saved lab is versioned JSON: format, version, seed, every line with its outcome") {
  const lab::Session session = built_lab();
  const nlohmann::json json = nlohmann::json::parse(saved_lab_json(saved_lab_of(session)));
  CHECK(json["format"] == "podlab-lab");
  CHECK(json["version"] == 1);
  CHECK(json["seed"] == 5);
  REQUIRE(json["lines"].size() == 5);
  CHECK(json["lines"][0] == nlohmann::json{{"line", "kubectl run web --image=nginx --port 80"}, {"ok", true}});
  CHECK(json["lines"][1]["line"] == "kubectl apply -f -\n" + std::string(service_manifest));  // with its input
  CHECK(json["lines"][2]["ok"] == false);
}

TEST_CASE("replaying a saved lab reproduces it: same history, same fingerprint") {
  const lab::Session session = built_lab();
  const ParsedLab parsed = parse_saved_lab(saved_lab_json(saved_lab_of(session)));
  REQUIRE(parsed.lab);
  LabReplay replay = replay_all(*parsed.lab);
  CHECK(replay.succeeded());
  CHECK(replay.lines_done() == 5);
  CHECK(replay.session().history() == session.history());
  CHECK(fingerprint(replay.session().world()) == fingerprint(session.world()));
  CHECK(replay.console().entries().size() == 5);  // the scrollback shows the replayed lines
}

TEST_CASE("a line that behaves differently stops the replay at that line") {
  SavedLab lab{.seed = 1, .lines = {{"kubectl run web --image=nginx", true}, {"kubectl get pods web", true},
                                    {"kubectl get pods nothing", true}, {"kubectl run more --image=nginx", true}}};
  LabReplay replay = replay_all(lab);
  CHECK_FALSE(replay.succeeded());
  REQUIRE(replay.problem());
  CHECK(replay.problem()->kind == LabProblemKind::LineFailed);
  CHECK(replay.problem()->line == 3);
  CHECK(replay.lines_done() == 3);
  const std::string text = lab_problem_text(Language::English, LabOrigin::File, *replay.problem(), "shop.podlab.json");
  CHECK(text ==
        "The file shop.podlab.json could not be opened as a lab.\n"
        "Line 3 worked when the lab was saved but fails now: kubectl get pods nothing\n"
        "→ Error from server (NotFound): pods \"nothing\" not found\n"
        "Your lab is as it was.");

  lab.lines[2].ok = false;
  lab.lines[1].ok = false;
  LabReplay second = replay_all(lab);
  REQUIRE(second.problem());
  CHECK(second.problem()->kind == LabProblemKind::LineWorked);
  CHECK(second.problem()->line == 2);
}

TEST_CASE("a text that is not a saved lab says what is wrong and where") {
  auto problem = [](std::string_view text) {
    const ParsedLab parsed = parse_saved_lab(text);
    REQUIRE_FALSE(parsed.lab);
    return parsed.problem;
  };
  const LabProblem not_json = problem("{\"format\": \"podlab-lab\",\n \"version\": 1,\n \"seed\": oops}");
  CHECK(not_json.kind == LabProblemKind::NotJson);
  CHECK(not_json.line == 3);
  CHECK(not_json.column == 10);
  CHECK(lab_problem_text(Language::English, LabOrigin::File, not_json, "a.json").find("It is not JSON: line 3, column 10: ") !=
        std::string::npos);

  CHECK(problem("[1, 2]").kind == LabProblemKind::NotALabFile);
  const LabProblem other = problem(R"({"format": "excalidraw", "version": 2})");
  CHECK(other.kind == LabProblemKind::NotALabFile);
  CHECK(lab_problem_text(Language::English, LabOrigin::File, other, "drawing.json") ==
        "The file drawing.json could not be opened as a lab.\n"
        "It is not a Podlab lab: its \"format\" is \"excalidraw\", not \"podlab-lab\".\nYour lab is as it was.");
  CHECK(problem(R"({"format": "podlab-lab", "version": 9, "seed": 1, "lines": []})").kind == LabProblemKind::NewerVersion);
  const LabProblem field = problem(R"({"format": "podlab-lab", "version": 1, "seed": 1, "lines": [{"line": "help", "ok": true}, {"line": 3, "ok": true}]})");
  CHECK(field.kind == LabProblemKind::BadField);
  CHECK(field.where == "lines[1].line");
  CHECK(lab_problem_text(Language::Vietnamese, LabOrigin::ShareLink, field, "") ==
        "Không thể mở liên kết chia sẻ.\nTrường \"lines[1].line\" phải là một chuỗi.\nPhòng lab của bạn vẫn giữ nguyên.");
  CHECK(problem(R"({"format": "podlab-lab", "version": 1, "seed": -1, "lines": []})").where == "seed");
  CHECK(problem("").kind == LabProblemKind::NotJson);
}

TEST_CASE("an autosave that does not replay is kept aside; a damaged link says so") {
  const LabProblem problem{.kind = LabProblemKind::LinkNotBase64, .column = 17};
  CHECK(lab_problem_text(Language::English, LabOrigin::ShareLink, problem, "") ==
        "The share link could not be opened.\nThe link is damaged: character 17 after #lab= is not base64url.\n"
        "Your lab is as it was.");
  const LabProblem damaged{.kind = LabProblemKind::LinkDamaged};
  CHECK(lab_problem_text(Language::Vietnamese, LabOrigin::ShareLink, damaged, "").find("bị cắt mất một phần") != std::string::npos);
  const LabProblem failed{.kind = LabProblemKind::LineFailed, .where = "kubectl get pods x", .detail = "Error", .line = 2};
  CHECK(lab_problem_text(Language::English, LabOrigin::Autosave, failed, "")
            .ends_with("It is kept aside in this browser (download it below), and a new lab has started."));
}

TEST_CASE("the lab file is named after the cluster") {
  lab::Session session;
  CHECK(saved_lab_file_name(session) == "podlab.podlab.json");
}
