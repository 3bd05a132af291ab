// Where a learner is in a lesson or an exercise, as the Session keeps it: the step (or tasks), each
// goal's state, the hints revealed, the answer given. Changed only by console lines (`lab lesson …`,
// `lab exercise …`, and the re-evaluation after every line), so replaying a lab's lines restores it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/lab/lesson_format.h"

namespace podlab::lab {

// Pod IPs ("namespace/name" -> IP) when a step or an exercise began, for `ip_unchanged`.
using PodAddresses = std::map<std::string, Ipv4Address>;

// A goal's progress: `seen` once one of the learner's lines passed it (checks without run).
struct GoalState {
  bool seen = false;
  bool met = false;
};

struct LessonProgress {
  const Lesson* lesson = nullptr;  // owned by the Session's catalog
  size_t step = 0;
  bool finished = false;  // `lab lesson next` on the last step with its goals met
  std::vector<GoalState> goals;  // the current step's
  size_t hints_revealed = 0;
  std::optional<int> answer;  // the choice given to the step's question
  PodAddresses at_step_start;

  const Step& current() const { return lesson->steps[step]; }
  bool all_goals_met() const;
};

struct ExerciseProgress {
  const Exercise* exercise = nullptr;  // owned by the Session's catalog
  std::vector<std::vector<GoalState>> goals;  // per task, per goal
  std::vector<size_t> hints_revealed;        // per task
  PodAddresses at_start;
  std::optional<int64_t> started_unix_ms;  // from the host's wall clock, when it has one
  bool task_met(size_t task) const;
  int points_earned() const;
  int points_total() const;
  int percent() const;  // of the points, rounded down
};

}  // namespace podlab::lab
