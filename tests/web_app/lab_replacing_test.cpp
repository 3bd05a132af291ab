// Never losing the learner's lab: a saved lab carries the wall-clock times its lines read, so an
// exercise reopened keeps its clock, score and submitted state; another lab takes this one's place
// only after the learner agrees (not asked for the untouched default lab), and the replaced lab is
// kept in Recent labs, which reopens it; leaving an exercise brings back the lab it replaced; a new
// cluster or another lab clears the views of the old traffic.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/sim/fingerprint.h"
#include "web/app/app_state.h"

using namespace podlab;
using namespace podlab::web;

namespace {

constexpr int64_t start_ms = 1'800'000'000'000;

struct Lab {
  AppState state;
  int64_t now = start_ms;
  Lab() {
    state.session.set_wall_clock([this]() -> std::optional<int64_t> { return now; });
    state.replacing.awaiting_start = false;
  }
};

void run_line(AppState& state, const std::string& line, bool typed = true) {
  Intents intents;
  intents.console_line = line;
  intents.console_line_confirmed = typed;
  apply_intents(state, intents);
  update_before_panels(state, Rect{{0, 20}, {1280, 800}}, 0.0f);
}

void finish_replay(AppState& state) {
  while (state.keeping.replay) advance_replay(state, 3);
  settle_replacement(state);
}

void answer(AppState& state, bool replace) {
  Intents intents;
  intents.replace_answer = replace;
  apply_intents(state, intents);
  finish_replay(state);
}

}  // namespace

TEST_CASE("a saved lab keeps the times its lines read: a reopened exercise keeps its clock and its submission") {
  Lab first;
  run_line(first.state, "lab exercise start e1-missing-route");
  first.now += 90'000;
  run_line(first.state, "node node-2 -- ip route");
  run_line(first.state, "lab exercise submit");
  const std::string saved = saved_lab_json(saved_lab_of(first.state.session));
  const nlohmann::json document = nlohmann::json::parse(saved);
  CHECK(document["lines"][0]["clock"] == start_ms);
  CHECK_FALSE(document["lines"][1].contains("clock"));
  CHECK(document["lines"][2]["clock"] == start_ms + 90'000);

  // The page reloaded ten minutes later opens the autosave.
  Lab reloaded;
  reloaded.now = start_ms + 600'000;
  open_saved_lab(reloaded.state, saved, LabOrigin::Autosave, "");
  finish_replay(reloaded.state);
  REQUIRE(reloaded.state.session.exercise());
  const lab::ExerciseProgress& progress = *reloaded.state.session.exercise();
  CHECK(progress.started_unix_ms == start_ms);
  CHECK(progress.submitted);
  const nlohmann::json shown = nlohmann::json::parse(state_json(reloaded.state))["lessons"]["exercise"];
  CHECK(shown["submitted"] == true);
  CHECK(shown["elapsedMs"] == 90'000);  // stopped at the submission, not counting the reload
  CHECK(fingerprint(reloaded.state.session.world()) == fingerprint(first.state.session.world()));

  // A lab saved before the clock was recorded still opens; its times are read again.
  CHECK(parse_saved_lab(R"({"format": "podlab-lab", "version": 1, "seed": 1, "lines": [{"line": "lab reset", "ok": true}]})").lab);
  const ParsedLab bad = parse_saved_lab(R"({"format": "podlab-lab", "version": 1, "seed": 1, "lines": [{"line": "x", "ok": true, "clock": "noon"}]})");
  REQUIRE_FALSE(bad.lab);
  CHECK(bad.problem.where == "lines[0].clock");
}

TEST_CASE("an exercise still running keeps counting from its first start after a reload") {
  Lab first;
  run_line(first.state, "lab exercise start e1-missing-route");
  Lab reloaded;
  reloaded.now = start_ms + 120'000;
  open_saved_lab(reloaded.state, saved_lab_json(saved_lab_of(first.state.session)), LabOrigin::Autosave, "");
  finish_replay(reloaded.state);
  const nlohmann::json shown = nlohmann::json::parse(state_json(reloaded.state))["lessons"]["exercise"];
  CHECK(shown["elapsedMs"] == 120'000);
  CHECK(shown["leftMs"] == 25 * 60'000 - 120'000);  // timeLimitMinutes: 25
}

TEST_CASE("the untouched default lab is replaced without a question; any other lab is asked about and kept") {
  Lab lab;
  run_line(lab.state, "lab lesson start 01-network-model", false);
  CHECK_FALSE(replace_question(lab.state));
  REQUIRE(lab.state.session.lesson());
  CHECK(lab.state.replacing.recent.labs.empty());  // nothing to keep

  Lab busy;
  run_line(busy.state, "kubectl run web --image=nginx");
  const uint64_t mine = fingerprint(busy.state.session.world());
  run_line(busy.state, "lab exercise start e1-missing-route", false);
  CHECK_FALSE(busy.state.session.exercise());  // not yet
  const auto question = replace_question(busy.state);
  REQUIRE(question);
  CHECK(question->starts_with("Replace your current lab? It will be kept as “podlab · "));
  CHECK(question->find("· 1 lines” in File > Recent labs") != std::string::npos);

  SUBCASE("keep my lab") {
    answer(busy.state, false);
    CHECK_FALSE(replace_question(busy.state));
    CHECK_FALSE(busy.state.session.exercise());
    CHECK(fingerprint(busy.state.session.world()) == mine);
    CHECK(busy.state.replacing.recent.labs.empty());
  }
  SUBCASE("replace: the lab is kept, and leaving the exercise brings it back") {
    answer(busy.state, true);
    REQUIRE(busy.state.session.exercise());
    REQUIRE(busy.state.replacing.recent.labs.size() == 1);
    CHECK(busy.state.replacing.recent.labs[0].name == "podlab");
    CHECK(busy.state.replacing.recent.labs[0].lines == 1);
    REQUIRE(busy.state.replacing.recent.before_exercise);
    run_line(busy.state, "node node-2 -- ip route");

    Intents leave;
    leave.leave_exercise = true;
    apply_intents(busy.state, leave);
    finish_replay(busy.state);
    CHECK_FALSE(busy.state.session.exercise());
    CHECK(fingerprint(busy.state.session.world()) == mine);
    CHECK_FALSE(busy.state.replacing.recent.before_exercise);
    CHECK(busy.state.replacing.left_exercise);
    // The exercise's lab, with the learner's line, is the recent lab now (the learner's own is back).
    REQUIRE(busy.state.replacing.recent.labs.size() == 1);
    CHECK(busy.state.replacing.recent.labs[0].name == "e1-missing-route");
    CHECK(busy.state.replacing.recent.labs[0].lines == 2);
  }
}

TEST_CASE("a recent lab reopens in place of the current one, which is kept in its turn") {
  Lab lab;
  run_line(lab.state, "kubectl run first --image=nginx");
  const uint64_t first = fingerprint(lab.state.session.world());
  lab.now += 60'000;
  run_line(lab.state, "lab cluster init --nodes 2");  // typed: not asked, but the old lab is kept
  run_line(lab.state, "kubectl run second --image=nginx");
  const uint64_t second = fingerprint(lab.state.session.world());
  REQUIRE(lab.state.replacing.recent.labs.size() == 1);
  CHECK(lab.state.replacing.recent_changed);

  Intents reopen;
  reopen.reopen_recent = lab.state.replacing.recent.labs[0].time_ms;
  apply_intents(lab.state, reopen);
  REQUIRE(replace_question(lab.state));
  answer(lab.state, true);
  CHECK(fingerprint(lab.state.session.world()) == first);
  REQUIRE(lab.state.replacing.recent.labs.size() == 1);  // the reopened one left the list
  CHECK(lab.state.replacing.recent.labs[0].lines == 2);

  reopen.reopen_recent = lab.state.replacing.recent.labs[0].time_ms;
  apply_intents(lab.state, reopen);
  answer(lab.state, true);
  CHECK(fingerprint(lab.state.session.world()) == second);
}

TEST_CASE("the recent labs keep the last eight, and survive the browser's storage") {
  RecentLabs recent;
  for (int i = 0; i < 10; ++i) keep_recent_lab(recent, RecentLab{"lab" + std::to_string(i), start_ms + i, 3, "{}"});
  REQUIRE(recent.labs.size() == recent_labs_kept);
  CHECK(recent.labs.front().name == "lab9");
  CHECK(recent.labs.back().name == "lab2");
  recent.before_exercise = RecentLab{"mine", start_ms, 4, "{\"format\": \"podlab-lab\"}"};
  const RecentLabs back = parse_recent_labs(recent_labs_json(recent));
  REQUIRE(back.labs.size() == recent_labs_kept);
  CHECK(back.labs[3].name == "lab6");
  CHECK(back.labs[3].time_ms == start_ms + 6);
  REQUIRE(back.before_exercise);
  CHECK(back.before_exercise->lab == "{\"format\": \"podlab-lab\"}");
  CHECK(parse_recent_labs("").labs.empty());
  CHECK(parse_recent_labs("{\"labs\": [{\"name\": 3}]}").labs.empty());
  CHECK(recent_lab_label(recent.labs[0], 7 * 60, Language::English) == "lab9 · 2027-01-15 15:00 · 3 lines");
  CHECK(recent_lab_label(recent.labs[0], 0, Language::Vietnamese) == "lab9 · 2027-01-15 08:00 · 3 dòng lệnh");
}

TEST_CASE("an exercise named in the page's address starts once the saved lab is open, unless it already runs") {
  Lab first;
  run_line(first.state, "lab exercise start e1-missing-route");
  run_line(first.state, "node node-2 -- ip route");
  const std::string saved = saved_lab_json(saved_lab_of(first.state.session));

  Lab reloaded;
  reloaded.state.replacing.awaiting_start = true;
  request_replacement(reloaded.state, Replacement{.line = "lab exercise start e1-missing-route", .exercise_from_link = "e1-missing-route"});
  CHECK_FALSE(reloaded.state.session.exercise());  // waits for the page's lab
  open_saved_lab(reloaded.state, saved, LabOrigin::Autosave, "");
  reloaded.state.replacing.awaiting_start = false;
  finish_replay(reloaded.state);
  CHECK_FALSE(reloaded.state.replacing.pending);
  CHECK(reloaded.state.session.history().size() == 2);  // the learner's line is still there

  Lab fresh;
  fresh.state.replacing.awaiting_start = true;
  request_replacement(fresh.state, Replacement{.line = "lab exercise start e1-missing-route", .exercise_from_link = "e1-missing-route"});
  fresh.state.replacing.awaiting_start = false;
  settle_replacement(fresh.state);
  CHECK(fresh.state.session.exercise());
}

TEST_CASE("a new cluster or another lab clears the views of the old traffic") {
  Lab lab;
  run_line(lab.state, "kubectl run client --image=busybox");
  run_line(lab.state, "kubectl exec client -- nslookup kubernetes.default");
  REQUIRE(lab.state.dns_view.present);
  REQUIRE_FALSE(lab.state.timeline.events.empty());
  lab.state.dns_view.visible = true;

  SUBCASE("a new cluster") { run_line(lab.state, "lab cluster init --nodes 2"); }
  SUBCASE("a rebuilt datapath") { run_line(lab.state, "lab datapath calico-ipip"); }
  SUBCASE("lab reset") { run_line(lab.state, "lab reset"); }
  SUBCASE("another lab") {
    open_saved_lab(lab.state, R"({"format": "podlab-lab", "version": 1, "seed": 1, "lines": []})", LabOrigin::File, "empty.podlab.json");
    finish_replay(lab.state);
    update_before_panels(lab.state, Rect{{0, 20}, {1280, 800}}, 0.0f);
  }
  CHECK(lab.state.timeline.events.empty());
  CHECK_FALSE(lab.state.dns_view.present);
  CHECK(lab.state.dns_view.visible);  // the window stays where the learner left it, empty
  const nlohmann::json shown = nlohmann::json::parse(state_json(lab.state));
  CHECK(shown["timeline"]["packet"].is_null());
  CHECK(shown["inspector"].is_null());
}
