// `lab lesson …`: a lesson's progress as console lines, so that a saved lab (seed + lines) keeps
// the learner's place and replaying it restores it. Starting a lesson resets the lab and runs the
// lesson's start lines; moving to a step runs its action lines; Next waits for the step's goals.
#include <cstdint>
#include <cstdlib>
#include <functional>

#include "core/lab/catalog.h"
#include "core/lab/checks.h"
#include "core/lab/commands.h"
#include "core/lab/lesson_text.h"
#include "core/lab/markdown.h"

namespace podlab::lab {

namespace {

const char* lesson_usage =
    "usage: lab lesson [list | start ID | next | back | hint | answer N | check]\n"
    "  lab lesson            where you are: the step, its goals (met or not), hints, question\n";

// Runs lines on behalf of the lesson (start, a step's action), printing each as the console would.
// Returns false, with the failure printed, when `stop_on_failure` and a line fails.
bool run_lines(Context& context, const std::vector<std::string>& lines, bool stop_on_failure,
               const std::function<CommandResult(const std::string&)>& execute) {
  for (const std::string& line : lines) {
    const CommandResult result = execute(line);
    context.print("$ " + result.command + "\n" + result.output);
    if (!result.ok && stop_on_failure) return context.fail("error: the start line \"" + result.command + "\" failed");
  }
  return true;
}

}  // namespace

bool run_lesson_command(Context& context, const std::vector<std::string>& words, Session& session) {
  const Language language = session.language();
  const std::string action = words.size() > 2 ? words[2] : "check";
  const auto execute = [&](const std::string& line) { return session.execute(line); };
  if (action == "list") {
    context.print(lesson_list_text(session.catalog(), language));
    return true;
  }
  if (action == "start") {
    if (words.size() != 4) return context.fail("usage: lab lesson start ID (see lab lesson list)");
    const Lesson* lesson = session.catalog().lesson(words[3]);
    if (!lesson) return context.fail("error: no lesson \"" + words[3] + "\"\n" + lesson_list_text(session.catalog(), language));
    session.reset_lab(context.result.command);
    for (const auto& [name, text] : lesson->files) session.add_file(name, text);
    if (!run_lines(context, lesson->start, true, execute)) return false;
    session.lesson_ = LessonProgress{.lesson = lesson};
    enter_lesson_step(context, session, 0);
    context.print(lesson_status_text(*session.lesson_, language));
    return true;
  }
  if (!session.lesson_) return context.fail("no lesson is running: lab lesson list, then lab lesson start ID");
  LessonProgress& progress = *session.lesson_;
  if (action == "check") {
    context.print(lesson_status_text(progress, language));
    return true;
  }
  if (action == "next") {
    if (progress.finished) return context.fail(say(language, "the lesson is complete", "bài học đã hoàn thành"));
    const Step& step = progress.current();
    if (step.question && !progress.answer)
      return context.fail(say(language, "answer the question first (lab lesson answer N): predict, then observe",
                              "hãy trả lời câu hỏi trước (lab lesson answer N): dự đoán, rồi quan sát"));
    if (!progress.all_goals_met()) {
      std::string missing = say(language, "not yet: these goals are not met:\n", "chưa được: các mục tiêu này chưa đạt:\n");
      for (size_t i = 0; i < step.goals.size(); ++i)
        if (!progress.goals[i].met) missing += "  [ ] " + plain_text(step.goals[i].text.in(language), SIZE_MAX);
      return context.fail(missing);
    }
    if (progress.step + 1 == progress.lesson->steps.size()) {
      progress.finished = true;
      context.print(say(language, "Lesson complete: ", "Hoàn thành bài học: ") + progress.lesson->title.in(language) + "\n");
      return true;
    }
    enter_lesson_step(context, session, progress.step + 1);
    context.print(lesson_status_text(*session.lesson_, language));
    return true;
  }
  if (action == "back") {
    if (progress.finished) {
      enter_lesson_step(context, session, progress.step);
    } else {
      if (progress.step == 0) return context.fail(say(language, "this is the first step", "đây là bước đầu tiên"));
      enter_lesson_step(context, session, progress.step - 1);
    }
    context.print(lesson_status_text(*session.lesson_, language));
    return true;
  }
  if (action == "hint") {
    const Step& step = progress.current();
    if (progress.hints_revealed >= step.hints.size())
      return context.fail(step.hints.empty() ? say(language, "this step has no hints", "bước này không có gợi ý")
                                             : say(language, "no more hints for this step", "bước này hết gợi ý rồi"));
    ++progress.hints_revealed;
    context.print(say(language, "Hint ", "Gợi ý ") + std::to_string(progress.hints_revealed) + "/" +
                  std::to_string(step.hints.size()) + ": " + plain_text(step.hints[progress.hints_revealed - 1].in(language), SIZE_MAX));
    return true;
  }
  if (action == "answer") {
    const Step& step = progress.current();
    if (!step.question) return context.fail(say(language, "this step asks no question", "bước này không có câu hỏi"));
    if (progress.answer) {
      context.print(answer_text(*step.question, *progress.answer, language));
      return true;
    }
    const int count = static_cast<int>(step.question->choices.size());
    const int choice = words.size() == 4 ? std::atoi(words[3].c_str()) : 0;
    if (choice < 1 || choice > count)
      return context.fail("usage: lab lesson answer N (N from 1 to " + std::to_string(count) + ")");
    progress.answer = choice - 1;
    context.print(answer_text(*step.question, choice - 1, language));
    return true;
  }
  return context.fail(std::string("error: unknown lesson command \"") + action + "\"\n" + lesson_usage);
}

void enter_lesson_step(Context& context, Session& session, size_t step) {
  LessonProgress& progress = *session.lesson_;
  progress.step = step;
  progress.finished = false;
  progress.goals.assign(progress.current().goals.size(), GoalState{});
  progress.hints_revealed = 0;
  progress.answer.reset();
  progress.at_step_start = pod_addresses(session.world());
  const Lesson* lesson = progress.lesson;
  run_lines(context, lesson->steps[step].action, false, [&](const std::string& line) { return session.execute(line); });
  session.update_progress(nullptr);
}

}  // namespace podlab::lab
