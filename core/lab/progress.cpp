#include "core/lab/progress.h"

#include <algorithm>

namespace podlab::lab {

bool LessonProgress::all_goals_met() const {
  return std::all_of(goals.begin(), goals.end(), [](const GoalState& goal) { return goal.met; });
}

bool ExerciseProgress::task_met(size_t task) const {
  return std::all_of(goals[task].begin(), goals[task].end(), [](const GoalState& goal) { return goal.met; });
}

int ExerciseProgress::points_earned() const {
  int points = 0;
  for (size_t task = 0; task < exercise->tasks.size(); ++task)
    if (task_met(task)) points += exercise->tasks[task].points;
  return points;
}

int ExerciseProgress::points_total() const {
  int points = 0;
  for (const Task& task : exercise->tasks) points += task.points;
  return points;
}

int ExerciseProgress::percent() const {
  const int total = points_total();
  return total > 0 ? points_earned() * 100 / total : 0;
}

}  // namespace podlab::lab
