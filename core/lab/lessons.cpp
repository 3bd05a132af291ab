#include "core/lab/lessons.h"

#include "core/lab/catalog.h"

namespace podlab::lab {

namespace {

std::vector<GoalView> goal_views(const std::vector<Goal>& goals, const std::vector<GoalState>& states) {
  std::vector<GoalView> views;
  for (size_t i = 0; i < goals.size(); ++i) views.push_back({goals[i].text, i < states.size() && states[i].met});
  return views;
}

}  // namespace

LessonsView make_lessons_view(const Session& session) {
  LessonsView view;
  const Catalog& catalog = session.catalog();
  for (const Lesson& lesson : catalog.lessons)
    view.lessons.push_back({lesson.id, lesson.title, lesson.summary, lesson.minutes, false});
  for (const Exercise& exercise : catalog.exercises)
    view.exercises.push_back({exercise.id, exercise.title, exercise.summary, exercise.minutes, exercise.fault_finding});
  if (const auto& progress = session.lesson()) {
    const Lesson& lesson = *progress->lesson;
    const Step& step = progress->current();
    LessonView& out = view.lesson.emplace();
    out.id = lesson.id;
    out.title = lesson.title;
    out.step = progress->step;
    out.step_count = lesson.steps.size();
    out.finished = progress->finished;
    out.step_id = step.id;
    out.step_text = step.text;
    out.goals = goal_views(step.goals, progress->goals);
    out.hints.assign(step.hints.begin(), step.hints.begin() + static_cast<long>(progress->hints_revealed));
    out.hint_count = step.hints.size();
    if (step.question)
      out.question = QuestionView{step.question->prompt, step.question->choices, progress->answer, step.question->answer,
                                  step.question->explain};
    out.can_go_back = progress->step > 0 || progress->finished;
    out.can_go_next = !progress->finished && progress->all_goals_met() && (!step.question || progress->answer);
  }
  if (const auto& progress = session.exercise()) {
    const Exercise& exercise = *progress->exercise;
    ExerciseView& out = view.exercise.emplace();
    out.id = exercise.id;
    out.title = exercise.title;
    out.summary = exercise.summary;
    for (size_t task = 0; task < exercise.tasks.size(); ++task) {
      const Task& spec = exercise.tasks[task];
      TaskView& task_view = out.tasks.emplace_back();
      task_view.id = spec.id;
      task_view.text = spec.text;
      task_view.points = spec.points;
      task_view.met = progress->task_met(task);
      task_view.goals = goal_views(spec.goals, progress->goals[task]);
      task_view.hints.assign(spec.hints.begin(), spec.hints.begin() + static_cast<long>(progress->hints_revealed[task]));
      task_view.hint_count = spec.hints.size();
    }
    out.points_earned = progress->points_earned();
    out.points_total = progress->points_total();
    out.percent = progress->percent();
    out.time_limit_minutes = exercise.time_limit_minutes;
    out.started_unix_ms = progress->started_unix_ms;
    for (const LockedObject& object : exercise.locked)
      out.locked.push_back(object.kind + " " + (object.namespace_name.empty() ? "" : object.namespace_name + "/") + object.name);
  }
  return view;
}

}  // namespace podlab::lab
