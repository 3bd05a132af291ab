// What a lessons panel and an exercise panel show, as plain values read from a Session: the
// lessons and exercises on offer, the current step with its goals (met or not), the revealed hints,
// the question and the answer given; the exercise's tasks and score. A panel redraws every frame:
// keep a LessonsViewCache and call view(session) each frame; it rebuilds only when
// Session::revision() has moved (every console line moves it), otherwise it hands back the same
// value without allocating. Goals are evaluated by the Session after each line, never here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/lab/lesson_format.h"
#include "core/lab/session.h"

namespace podlab::lab {

struct CatalogEntry {
  std::string id;
  LocalizedText title;
  LocalizedText summary;
  int minutes = 0;
  bool fault_finding = false;  // exercises
};

struct GoalView {
  LocalizedText text;
  bool met = false;
};

struct QuestionView {
  LocalizedText prompt;
  std::vector<LocalizedText> choices;
  std::optional<int> answered;  // the learner's choice (index), once answered
  int answer = 0;               // the right choice: show it only once answered
  LocalizedText explain;        // likewise
};

struct LessonView {
  std::string id;
  LocalizedText title;
  size_t step = 0;  // index of the current step
  size_t step_count = 0;
  bool finished = false;
  std::string step_id;
  LocalizedText step_text;  // Markdown subset: paragraphs, *emphasis*, **strong**, `code`, - lists, ``` blocks
  std::vector<GoalView> goals;
  std::vector<LocalizedText> hints;  // revealed so far
  size_t hint_count = 0;              // in the step
  std::optional<QuestionView> question;
  bool can_go_back = false;
  bool can_go_next = false;  // goals met and the question (if any) answered: `lab lesson next` will move
};

struct TaskView {
  std::string id;
  LocalizedText text;
  int points = 0;
  bool met = false;
  std::vector<GoalView> goals;
  std::vector<LocalizedText> hints;  // revealed so far
  size_t hint_count = 0;
};

struct ExerciseView {
  std::string id;
  LocalizedText title;
  LocalizedText summary;
  std::vector<TaskView> tasks;
  int points_earned = 0;
  int points_total = 0;
  int percent = 0;
  std::optional<int> time_limit_minutes;
  std::optional<int64_t> started_unix_ms;  // from the host's clock; the panel counts time from it
  std::vector<std::string> locked;         // "Service default/web"
};

struct LessonsView {
  std::vector<CatalogEntry> lessons;  // in order
  std::vector<CatalogEntry> exercises;
  std::optional<LessonView> lesson;      // the running lesson
  std::optional<ExerciseView> exercise;  // the running exercise
};

// Builds the view from scratch (allocates; prefer LessonsViewCache in a frame loop).
LessonsView make_lessons_view(const Session& session);

class LessonsViewCache {
 public:
  const LessonsView& view(const Session& session) {
    if (!built_ || session.revision() != revision_ || &session.catalog() != catalog_) {
      view_ = make_lessons_view(session);
      revision_ = session.revision();
      catalog_ = &session.catalog();
      built_ = true;
    }
    return view_;
  }

 private:
  LessonsView view_;
  uint64_t revision_ = 0;
  const void* catalog_ = nullptr;
  bool built_ = false;
};

}  // namespace podlab::lab
