// The lessons panel's view-model: which lessons the learner has done or left half-way in this page,
// the wrapped layouts of the texts it shows (kept until the text or the width changes), why Next is
// refused, the exercise's clock, and the report a submitted exercise hands to the page (its JSON and
// a printable HTML page). Progress itself lives in the Session and moves only by console lines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/lab/lessons.h"
#include "core/lab/session.h"
#include "web/app/i18n.h"
#include "web/app/lesson_markdown.h"

namespace podlab::web {

lab::Language lab_language(Language language);

enum class LessonStatus { NotStarted, InProgress, Done };

// A text wrapped to a width, rebuilt only when the text or the width changes.
struct CachedText {
  std::string source;
  float width = -1;
  WrappedText wrapped;
};
const WrappedText& wrap_cached(CachedText& cache, const std::string& source, float width, const TextMetrics& metrics);

struct ExerciseReport {
  std::string file_name;  // "podlab-report-e1-missing-route.json"
  std::string json;
  std::string html;       // a page to read and print
};

// What a submitted exercise shows in the panel: the score, each task met or not, the time taken,
// and the report to download again.
struct SubmittedTask {
  std::string text;  // Markdown, as the task is written
  bool met = false;
  int points = 0;
  int earned = 0;
};
struct ExerciseSummary {
  std::string exercise_id;
  std::optional<int64_t> started_unix_ms;  // which attempt: a new start is a new attempt
  int earned = 0;
  int total = 0;
  int percent = 0;
  std::vector<SubmittedTask> tasks;
  std::optional<int64_t> elapsed_seconds;  // the report's elapsedSeconds
  bool over_time = false;
  ExerciseReport report;
};

struct LessonsPanelState {
  lab::LessonsViewCache cache;
  std::map<std::string, LessonStatus> statuses;  // lessons seen running in this page
  std::vector<CachedText> texts;                 // by slot: the step's text, its hints, the tasks …
  std::optional<ExerciseReport> report;          // submitted, not yet handed to the page
  std::optional<ExerciseSummary> summary;        // the last submit of the running exercise
  bool show_exercises = false;                   // scroll the catalog to the exercises once
  size_t scrolled_step = SIZE_MAX;  // a new step scrolls the panel to its top,
  size_t scrolled_hints = 0;        // a new hint scrolls it into view
};

// Records the running lesson's status (a finished lesson stays done).
void observe_lessons(LessonsPanelState& panel, const lab::LessonsView& view);
LessonStatus lesson_status(const LessonsPanelState& panel, const std::string& id);

// Why `lab lesson next` would be refused now, or none when it will move.
std::optional<Text> next_blocked_reason(const lab::LessonView& lesson);

// The lesson after the running one, once it is finished: what Next lesson starts.
std::optional<std::string> next_lesson_id(const lab::LessonsView& view);
// What the progress bar says: "Step 2 of 4", or "Done: all 4 steps" at the end.
std::string lesson_progress_label(const lab::LessonView& lesson, Language language);
// How a lesson is listed: "01  The three rules of the network model".
std::string numbered_title(const lab::CatalogEntry& entry, lab::Language language);

// Time since the exercise began and, with a limit, time left (negative once over).
struct ExerciseClock {
  int64_t elapsed_ms = 0;
  std::optional<int64_t> left_ms;
  bool submitted = false;  // the clock stopped at the submit
};
// Once the exercise is submitted, the clock stops at the submit: the report's time taken.
std::optional<ExerciseClock> exercise_clock(const lab::ExerciseView& exercise, std::optional<int64_t> now_unix_ms);
// "12:05" (minutes:seconds; hours as "1:02:05"); a negative time counts as zero.
void format_duration(int64_t ms, char* out, size_t size);

// The report of `lab exercise submit` (its output), with the task texts of `exercise` in `language`.
std::optional<ExerciseReport> make_exercise_report(const std::string& submit_output, const lab::ExerciseView& exercise,
                                                   Language language);

// The summary of the report a submit printed, with the task texts of `exercise`.
std::optional<ExerciseSummary> make_exercise_summary(const std::string& submit_output, const lab::ExerciseView& exercise,
                                                     Language language);

// The summary as the console shows it after Submit: the score, the time taken, each task, the file.
std::string exercise_summary_text(const ExerciseSummary& summary, Language language);

// Keeps the report of a `lab exercise submit` that printed `submit_output`, for the page to hand over,
// and its summary for the panel.
void keep_exercise_report(LessonsPanelState& panel, const lab::Session& session, const std::string& submit_output,
                          Language language);

// What the panel shows, for window.podlab.state().
nlohmann::json lessons_json(const LessonsPanelState& panel, const lab::Session& session, Language language, bool open);

}  // namespace podlab::web
