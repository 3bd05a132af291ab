// Never losing the learner's lab when another takes its place. Starting a lesson or an exercise, a
// new cluster, a share link, a lab file or a recent lab replace the lab on screen: the page asks
// first (unless the lab is the untouched default one, which holds nothing to lose), and keeps the
// replaced lab in a short list of recent labs (File > Recent labs) that reopens it. A line typed in
// the console that starts a new lab is not asked about, but the lab it replaced is kept all the
// same. The lab a running exercise replaced is remembered apart, so leaving the exercise brings it
// back. The list lives in the browser's storage (web/platform/keeping.cpp), as JSON:
//   {"labs": [{"name", "time", "lines", "lab"}, …], "beforeExercise": {…} | null}
// with "lab" the saved lab's own JSON text (web/app/saved_lab.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/app/i18n.h"
#include "web/app/saved_lab.h"

namespace podlab::web {

struct AppState;

inline constexpr size_t recent_labs_kept = 8;

struct RecentLab {
  std::string name;  // the exercise's or lesson's id, else the cluster's name
  int64_t time_ms = 0;  // when it was replaced (Unix milliseconds)
  size_t lines = 0;
  std::string lab;  // its saved form
};

struct RecentLabs {
  std::vector<RecentLab> labs;  // newest first
  std::optional<RecentLab> before_exercise;  // the lab the running exercise replaced
};

std::string recent_labs_json(const RecentLabs& recent);
// What the storage held; anything that is not a recent-labs document gives an empty list.
RecentLabs parse_recent_labs(std::string_view text);
// Puts `lab` first, dropping the oldest past recent_labs_kept.
void keep_recent_lab(RecentLabs& recent, RecentLab lab);

// The lab is the default one nobody has typed in: replacing it loses nothing.
bool lab_untouched(const lab::Session& session);
RecentLab recent_lab_of(const lab::Session& session, int64_t now_ms);
// "e1-missing-route · 2026-12-07 14:32 · 12 lines", the time in the learner's time zone
// (`utc_offset_minutes` east of UTC).
std::string recent_lab_label(const RecentLab& lab, int utc_offset_minutes, Language language);
// `lab reset`, `lab cluster init …`, `lab lesson start …`, `lab exercise start …`: lines that
// begin a new lab in place of this one.
bool starts_new_lab(const std::string& line);

// What replaces the lab once the learner agrees.
struct Replacement {
  enum class Kind { ConsoleLine, OpenLab, ReopenRecent, LeaveExercise };
  Kind kind = Kind::ConsoleLine;
  std::string line;  // ConsoleLine
  std::string exercise_from_link;  // ConsoleLine for a page opened with ?exercise=ID: nothing to do
                                   // when that exercise already runs (the page was reloaded)
  std::string text;  // OpenLab: the saved lab; origin and source_name say where it came from
  LabOrigin origin = LabOrigin::File;
  std::string source_name;
  int64_t recent_time_ms = 0;  // ReopenRecent: the entry, by its time
};

struct LabReplacing {
  RecentLabs recent;
  bool recent_changed = false;  // to be stored
  std::optional<Replacement> pending;  // waiting for the learner's answer
  bool awaiting_start = false;  // the page has not yet opened the lab it starts with (set at its start)
  std::optional<int64_t> reopening;  // the recent lab being opened leaves the list when it opens
  bool leaving_exercise = false;     // the lab being opened is the one from before the exercise
  bool left_exercise = false;        // set when it opened: the page drops ?exercise= from its address
  int utc_offset_minutes = 0;
};

// Asks for `replacement`: done at once when nothing would be lost, else asked (replace_question()).
void request_replacement(AppState& state, Replacement replacement);
// Settles a request that waited for the starting lab or a lab being opened; call once a frame.
void settle_replacement(AppState& state);
// The question to show now ("Replace your current lab? It will be kept as …"), if there is one.
std::optional<std::string> replace_question(const AppState& state);
void answer_replacement(AppState& state, bool replace);
// A console line as the learner runs it: when it starts a new lab, the lab it replaced is kept in
// the recent labs (and remembered as the one to go back to when it starts an exercise).
lab::CommandResult run_keeping_replaced(AppState& state, const std::string& line);
// A lab opened from a file, a link or the recent list is about to take the place of the lab on
// screen: keeps that one. Called by the replay just before it swaps the labs.
void keep_lab_being_replaced(AppState& state);
// Leave the running exercise: back to the lab it replaced (or the default lab), keeping the exercise's.
void leave_exercise(AppState& state);

}  // namespace podlab::web
