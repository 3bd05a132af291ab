// `lab exercise …`: a classroom exercise as console lines. Starting one resets the lab and runs its
// start lines; every line after is checked against the tasks; locked objects refuse changes (see
// Session::locked_change); submitting prints the report a teacher verifies by replaying it.
#include <cstdint>
#include <cstdlib>

#include "core/lab/catalog.h"
#include "core/lab/checks.h"
#include "core/lab/commands.h"
#include "core/lab/exercise_report.h"
#include "core/lab/json_text.h"
#include "core/lab/lesson_text.h"
#include "core/lab/markdown.h"

namespace podlab::lab {

bool run_exercise_command(Context& context, const std::vector<std::string>& words, Session& session) {
  const Language language = session.language();
  const std::string action = words.size() > 2 ? words[2] : "status";
  if (action == "list") {
    context.print(exercise_list_text(session.catalog(), language));
    return true;
  }
  if (action == "start") {
    if (words.size() != 4) return context.fail("usage: lab exercise start ID (see lab exercise list)");
    const Exercise* exercise = session.catalog().exercise(words[3]);
    if (!exercise)
      return context.fail("error: no exercise \"" + words[3] + "\"\n" + exercise_list_text(session.catalog(), language));
    session.reset_lab(context.result.command);
    for (const auto& [name, text] : exercise->files) session.add_file(name, text);
    for (const std::string& line : exercise->start) {
      const CommandResult result = session.execute(line);
      if (!result.ok) return context.fail("error: the exercise's start line \"" + line + "\" failed:\n" + result.output);
    }
    ExerciseProgress progress{.exercise = exercise};
    for (const Task& task : exercise->tasks) progress.goals.emplace_back(task.goals.size());
    progress.hints_revealed.assign(exercise->tasks.size(), 0);
    progress.at_start = pod_addresses(session.world());
    progress.started_unix_ms = session.read_clock();
    session.exercise_ = std::move(progress);
    session.update_progress(nullptr);
    std::string text = plain_text(exercise->summary.in(language));
    if (exercise->time_limit_minutes)
      text += say(language, "Time limit: ", "Giới hạn thời gian: ") + std::to_string(*exercise->time_limit_minutes) +
              say(language, " min\n", " phút\n");
    for (const LockedObject& object : exercise->locked)
      text += say(language, "Locked (do not change): ", "Bị khoá (không được sửa): ") + object.kind + " " +
              (object.namespace_name.empty() ? "" : object.namespace_name + "/") + object.name + "\n";
    context.print(text + exercise_status_text(*session.exercise_, std::nullopt, language));
    return true;
  }
  if (!session.exercise_) return context.fail("no exercise is running: lab exercise list, then lab exercise start ID");
  ExerciseProgress& progress = *session.exercise_;
  if (action == "status") {
    context.print(exercise_status_text(progress, progress.submitted ? progress.submitted_unix_ms : session.read_clock(), language));
    return true;
  }
  if (action == "hint") {
    const auto& tasks = progress.exercise->tasks;
    size_t task = 0;
    while (task < tasks.size() && (words.size() < 4 || tasks[task].id != words[3])) ++task;
    if (words.size() != 4 || task == tasks.size()) {
      std::string ids;
      for (const Task& each : tasks) ids += " " + each.id;
      return context.fail("usage: lab exercise hint TASK (tasks:" + ids + ")");
    }
    if (progress.hints_revealed[task] >= tasks[task].hints.size())
      return context.fail(say(language, "no more hints for this task", "nhiệm vụ này hết gợi ý rồi"));
    const size_t shown = ++progress.hints_revealed[task];
    context.print(say(language, "Hint ", "Gợi ý ") + std::to_string(shown) + "/" + std::to_string(tasks[task].hints.size()) +
                  ": " + plain_text(tasks[task].hints[shown - 1].in(language), SIZE_MAX));
    return true;
  }
  if (action == "submit") {
    std::vector<std::string> lines = session.history();
    if (!lines.empty()) lines.pop_back();  // this line
    progress.submitted = true;
    progress.submitted_unix_ms = session.read_clock();
    const nlohmann::json report = exercise_report(session, lines, progress.submitted_unix_ms);
    context.print(json_text(report, 2) + "\n");
    return true;
  }
  return context.fail("usage: lab exercise [list | start ID | status | hint TASK | submit]");
}

}  // namespace podlab::lab
