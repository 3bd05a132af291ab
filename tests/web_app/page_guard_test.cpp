// The page's defences that are the lab's to decide: the watch told of every line before and after
// it runs (lines typed and lines replayed, with their place in the lab being opened), and the limits:
// an input too long or a full lab refused in the console with what to do, changing nothing; a lab
// with too many lines or too much text not opened; the first autosave the storage refuses noticed.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/sim/fingerprint.h"
#include "web/app/app_state.h"

using namespace podlab;
using namespace podlab::web;

namespace {

struct Heard {
  std::vector<std::string> events;
};

void watch(AppState& state, Heard& heard) {
  state.guard.line_watch.starting = [&heard](std::string_view line, std::optional<size_t> index) {
    heard.events.push_back("start " + (index ? std::to_string(*index) : std::string("live")) + " " + std::string(line));
  };
  state.guard.line_watch.done = [&heard] { heard.events.push_back("done"); };
}

std::string lab_of_lines(size_t count) {
  SavedLab lab;
  for (size_t i = 0; i < count; ++i) lab.lines.push_back({"kubectl get pods", true});
  return saved_lab_json(lab);
}

}  // namespace

TEST_CASE("the watch hears each line before it runs and after, typed or replayed") {
  AppState source;
  run_console_line(source, "kubectl run web --image=nginx");
  run_console_line(source, "kubectl get pods");
  const std::string text = *autosave_due(source);

  AppState state;
  Heard heard;
  watch(state, heard);
  run_console_line(state, "kubectl run other --image=nginx");
  CHECK(heard.events == std::vector<std::string>{"start live kubectl run other --image=nginx", "done"});
  heard.events.clear();
  open_saved_lab(state, text, LabOrigin::File, "lab.podlab.json");
  while (state.keeping.replay) advance_replay(state, 5);
  CHECK(heard.events == std::vector<std::string>{"start 0 kubectl run web --image=nginx", "done", "start 1 kubectl get pods", "done"});
}

TEST_CASE("an input over the limit is refused in the console, with the limit and what to do, and changes nothing") {
  AppState state;
  run_console_line(state, "kubectl run web --image=nginx");
  const std::string before = fingerprint_hex(fingerprint(state.session.world()));
  const size_t lines = state.session.history().size();
  Heard heard;
  watch(state, heard);
  const std::string manifest = "kubectl apply -f -\n" + std::string(max_input_bytes, '#') + "\n";
  run_console_line(state, manifest);
  CHECK(heard.events.empty());
  CHECK(state.session.history().size() == lines);
  CHECK(fingerprint_hex(fingerprint(state.session.world())) == before);
  const ConsoleEntry& entry = state.console.entries().back();
  CHECK_FALSE(entry.ok);
  CHECK(entry.command == "kubectl apply -f -\n…");
  CHECK(entry.output ==
        "This input is 1.0 MB; the lab takes at most 1.0 MB in one line or manifest. Nothing was run. Split it into smaller "
        "manifests and apply them one at a time.");
}

TEST_CASE("a lab holding the most lines it keeps refuses more, but lab reset still starts again") {
  AppState state;
  open_saved_lab(state, lab_of_lines(max_lab_lines), LabOrigin::File, "full.podlab.json");
  while (state.keeping.replay) advance_replay(state, 5000);
  REQUIRE(state.keeping.notice == std::nullopt);
  REQUIRE(state.session.history().size() == max_lab_lines);
  run_console_line(state, "kubectl run web --image=nginx");
  CHECK(state.session.history().size() == max_lab_lines);
  CHECK(state.console.entries().back().output.starts_with("The lab holds all it can keep and open again (20000 lines, 8.0 MB of text)."));
  run_console_line(state, "lab reset");
  CHECK(state.session.history().size() <= 1);
  run_console_line(state, "kubectl run web --image=nginx");
  CHECK(state.console.entries().back().ok);
}

TEST_CASE("a lab with too many lines, or too much text, is not opened; the lab on screen stays") {
  AppState state;
  run_console_line(state, "kubectl run mine --image=nginx");
  open_saved_lab(state, lab_of_lines(max_lab_lines + 1), LabOrigin::File, "long.podlab.json");
  CHECK_FALSE(state.keeping.replay);
  CHECK(notice_text(state) ==
        "The file long.podlab.json could not be opened as a lab.\nIt has 20001 lines; Podlab opens labs of up to 20000 lines "
        "(a longer one takes too long to replay).\nYour lab is as it was.");
  open_saved_lab(state, std::string(max_lab_file_bytes + 1, ' '), LabOrigin::ShareLink, "");
  CHECK(notice_text(state) ==
        "The share link could not be opened.\nIt holds more than 16.0 MB of text, the most Podlab opens.\nYour lab is as it was.");
  CHECK(state.session.history().size() == 1);
}

TEST_CASE("the first autosave the browser refuses leaves a notice; it comes back only after one worked again") {
  AppState state;
  note_autosave_result(state, true);
  CHECK_FALSE(state.keeping.notice);
  note_autosave_result(state, false);
  REQUIRE(state.keeping.notice);
  CHECK(notice_text(state).starts_with("The browser's storage for this page is full, so the lab can no longer be saved automatically"));
  state.keeping.notice.reset();
  note_autosave_result(state, false);
  CHECK_FALSE(state.keeping.notice);
  note_autosave_result(state, true);
  note_autosave_result(state, false);
  CHECK(state.keeping.notice);
}

TEST_CASE("a share link too long is not made, and the notice says what to do") {
  AppState state;
  report_link_too_long(state, 70000);
  CHECK(notice_text(state) ==
        "This lab is too large for a share link: the link would be 70000 characters long, and browsers and chat apps cut links "
        "longer than 65536 characters short. Save it with File > Save lab and send the file instead.");
}
