#include "core/lab/folder_check.h"

#include "core/lab/catalog.h"
#include "core/lab/exercise_report.h"
#include "core/lab/session.h"

namespace podlab::lab {

namespace {

void pass(FolderCheck& check, const std::string& what) { check.lines.push_back("ok   " + what); }
void fail(FolderCheck& check, const std::string& what) {
  check.ok = false;
  check.lines.push_back("FAIL " + what);
}

// Counts the texts of a lesson or exercise in one language (the loader refuses an empty one).
size_t text_count(const std::vector<Goal>& goals, const std::vector<LocalizedText>& hints) { return goals.size() + hints.size(); }

std::shared_ptr<const Catalog> catalog_of(Lesson lesson) {
  auto catalog = std::make_shared<Catalog>();
  catalog->lessons.push_back(std::move(lesson));
  return catalog;
}

}  // namespace

FolderCheck check_lesson_folder(const std::string& folder_id, const FolderFiles& files) {
  FolderCheck check;
  auto loaded = load_lesson(folder_id, files);
  if (!loaded) {
    for (const Diagnostic& diagnostic : loaded.diagnostics()) fail(check, diagnostic.to_string());
    return check;
  }
  size_t texts = 3;
  for (const Step& step : loaded->steps)
    texts += 1 + text_count(step.goals, step.hints) + (step.question ? 2 + step.question->choices.size() : 0);
  for (const char* language : {"en", "vi"})
    pass(check, folder_id + ": " + std::to_string(texts) + " texts complete in " + language);
  const auto catalog = catalog_of(std::move(*loaded));
  const Lesson& lesson = catalog->lessons.front();
  Session session;
  session.use_catalog(catalog);
  const CommandResult started = session.run("lab lesson start " + lesson.id);
  if (!started.ok || !session.lesson()) {
    fail(check, "start: " + started.output);
    return check;
  }
  pass(check, "start: " + std::to_string(lesson.start.size()) + " line(s) ran");
  for (size_t index = 0; index < lesson.steps.size(); ++index) {
    const Step& step = lesson.steps[index];
    const std::string where = "step " + std::to_string(index + 1) + " " + step.id + ": ";
    for (size_t goal = 0; goal < step.goals.size(); ++goal)
      if (session.lesson()->goals[goal].met) fail(check, where + "goal already met before the solution: " + step.goals[goal].text.en);
    if (step.question) session.run("lab lesson answer " + std::to_string(step.question->answer + 1));
    for (const std::string& line : step.solution) {
      const CommandResult result = session.run(line);
      if (result.command.starts_with("lab lesson") || result.command.starts_with("lab reset"))
        fail(check, where + "a solution line may not move the lesson: " + result.command);
    }
    for (size_t goal = 0; goal < step.goals.size(); ++goal) {
      if (session.lesson()->goals[goal].met) pass(check, where + step.goals[goal].text.en);
      else fail(check, where + "the solution does not meet: " + step.goals[goal].text.en);
    }
    const CommandResult next = session.run("lab lesson next");
    if (!next.ok) {
      fail(check, where + "lab lesson next refused: " + next.output);
      return check;
    }
  }
  if (session.lesson() && session.lesson()->finished) pass(check, "lesson complete");
  else fail(check, "the lesson did not finish after its last step");
  return check;
}

FolderCheck check_exercise_folder(const std::string& folder_id, const FolderFiles& files) {
  FolderCheck check;
  auto loaded = load_exercise(folder_id, files);
  if (!loaded) {
    for (const Diagnostic& diagnostic : loaded.diagnostics()) fail(check, diagnostic.to_string());
    return check;
  }
  size_t texts = 2;
  for (const Task& task : loaded->tasks) texts += 1 + text_count(task.goals, task.hints);
  for (const char* language : {"en", "vi"})
    pass(check, folder_id + ": " + std::to_string(texts) + " texts complete in " + language);
  auto catalog = std::make_shared<Catalog>();
  catalog->exercises.push_back(std::move(*loaded));
  const Exercise& exercise = catalog->exercises.front();
  Session session;
  session.use_catalog(catalog);
  const CommandResult started = session.run("lab exercise start " + exercise.id);
  if (!started.ok || !session.exercise()) {
    fail(check, "start: " + started.output);
    return check;
  }
  pass(check, "start: " + std::to_string(exercise.start.size()) + " line(s) ran");
  for (size_t task = 0; task < exercise.tasks.size(); ++task)
    for (size_t goal = 0; goal < exercise.tasks[task].goals.size(); ++goal)
      if (session.exercise()->goals[task][goal].met)
        fail(check, "task " + exercise.tasks[task].id + ": goal already met at the start: " + exercise.tasks[task].goals[goal].text.en);
  for (const LockedObject& object : exercise.locked) {
    // A lock on a name that does not exist would silently protect nothing.
    std::string kind;
    for (char c : object.kind) kind += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    std::string line = "kubectl get " + kind + " " + object.name;
    if (!object.namespace_name.empty()) line += " -n " + object.namespace_name;
    CommandResult found;
    session.probe(line, found);
    if (found.ok) pass(check, "locked " + object.kind + " " + object.name + " exists at the start");
    else fail(check, "locked " + object.kind + " " + object.name + " does not exist at the start: " + found.output);
  }
  for (size_t task = 0; task < exercise.tasks.size(); ++task) {
    const Task& spec = exercise.tasks[task];
    for (const std::string& line : spec.solution) {
      const CommandResult result = session.run(line);
      if (result.output.starts_with("Error from server (Forbidden)") && result.output.find("is locked") != std::string::npos)
        fail(check, "task " + spec.id + ": the solution changes a locked object: " + result.command);
    }
    for (size_t goal = 0; goal < spec.goals.size(); ++goal) {
      if (session.exercise()->goals[task][goal].met) pass(check, "task " + spec.id + ": " + spec.goals[goal].text.en);
      else fail(check, "task " + spec.id + ": the solution does not meet: " + spec.goals[goal].text.en);
    }
  }
  const ExerciseProgress& progress = *session.exercise();
  if (progress.percent() == 100) pass(check, "score 100% after every solution");
  else fail(check, "score " + std::to_string(progress.percent()) + "% after every solution");
  const CommandResult submitted = session.run("lab exercise submit");
  const ReportVerdict verdict = verify_exercise_report(submitted.output, catalog);
  if (verdict.genuine) pass(check, "the submitted report verifies");
  else for (const std::string& difference : verdict.differences) fail(check, "report: " + difference);
  return check;
}

}  // namespace podlab::lab
