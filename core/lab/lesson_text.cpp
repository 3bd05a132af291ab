#include "core/lab/lesson_text.h"

#include "core/lab/markdown.h"

#include <cstdint>

namespace podlab::lab {

namespace {

// Each line of `text` indented by two spaces (blank lines stay empty), ending with a newline.
std::string indented(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (size_t i = 0; i < text.size(); ++i) {
    if (line_start && text[i] != '\n') out += "  ";
    out += text[i];
    line_start = text[i] == '\n';
  }
  if (out.empty() || out.back() != '\n') out += '\n';
  return out;
}

// A one-line text (a goal, a hint, a choice) without its markup.
std::string line_text(const LocalizedText& text, Language language) {
  std::string plain = plain_text(text.in(language), SIZE_MAX);
  while (!plain.empty() && plain.back() == '\n') plain.pop_back();
  return plain;
}

std::string minutes_text(int minutes, Language language) {
  return std::to_string(minutes) + say(language, " min", " phút");
}

}  // namespace

std::string lesson_list_text(const Catalog& catalog, Language language) {
  if (catalog.lessons.empty()) return say(language, "no lessons\n", "chưa có bài học nào\n");
  std::string text;
  for (const Lesson& lesson : catalog.lessons)
    text += lesson.id + "  " + lesson.title.in(language) + " (" + minutes_text(lesson.minutes, language) + ")\n";
  return text + say(language, "start one with: lab lesson start ID\n", "bắt đầu một bài: lab lesson start ID\n");
}

std::string lesson_status_text(const LessonProgress& progress, Language language) {
  const Lesson& lesson = *progress.lesson;
  const Step& step = progress.current();
  std::string text = "== " + lesson.title.in(language) + " (" + lesson.id + ") ==\n";
  if (progress.finished) return text + say(language, "Lesson complete.\n", "Đã hoàn thành bài học.\n");
  text += say(language, "Step ", "Bước ") + std::to_string(progress.step + 1) + "/" + std::to_string(lesson.steps.size()) +
          ": " + step.id + "\n" + indented(plain_text(step.text.in(language)));
  if (step.question) {
    text += say(language, "Question: ", "Câu hỏi: ") + line_text(step.question->prompt, language) + "\n";
    for (size_t i = 0; i < step.question->choices.size(); ++i)
      text += "  " + std::to_string(i + 1) + ") " + line_text(step.question->choices[i], language) + "\n";
    if (progress.answer) text += answer_text(*step.question, *progress.answer, language);
    else text += say(language, "  answer with: lab lesson answer N\n", "  trả lời: lab lesson answer N\n");
  }
  text += say(language, "Goals:\n", "Mục tiêu:\n");
  for (size_t i = 0; i < step.goals.size(); ++i)
    text += std::string(progress.goals[i].met ? "  [x] " : "  [ ] ") + line_text(step.goals[i].text, language) + "\n";
  for (size_t i = 0; i < progress.hints_revealed; ++i)
    text += say(language, "Hint ", "Gợi ý ") + std::to_string(i + 1) + ": " + line_text(step.hints[i], language) + "\n";
  if (progress.hints_revealed < step.hints.size())
    text += say(language, "(a hint: lab lesson hint)\n", "(xem gợi ý: lab lesson hint)\n");
  if (progress.all_goals_met())
    text += say(language, "All goals met: lab lesson next\n", "Đã đạt mọi mục tiêu: lab lesson next\n");
  return text;
}

std::string answer_text(const Question& question, int choice, Language language) {
  const bool right = choice == question.answer;
  std::string text = say(language, "Your answer: ", "Bạn chọn: ") + std::to_string(choice + 1) + ") " +
                     line_text(question.choices[static_cast<size_t>(choice)], language) + " - ";
  text += right ? say(language, "right.\n", "đúng.\n")
                : say(language, "not quite; the answer is ", "chưa đúng; đáp án là ") +
                      std::to_string(question.answer + 1) + ").\n";
  return text + indented(plain_text(question.explain.in(language)));
}

std::string exercise_list_text(const Catalog& catalog, Language language) {
  if (catalog.exercises.empty()) return say(language, "no exercises\n", "chưa có bài tập nào\n");
  std::string text;
  for (const Exercise& exercise : catalog.exercises)
    text += exercise.id + "  " + exercise.title.in(language) + " (" + minutes_text(exercise.minutes, language) +
            (exercise.fault_finding ? say(language, ", fault finding", ", tìm lỗi") : "") + ")\n";
  return text + say(language, "start one with: lab exercise start ID\n", "bắt đầu một bài: lab exercise start ID\n");
}

std::string exercise_status_text(const ExerciseProgress& progress, std::optional<int64_t> now_unix_ms, Language language) {
  const Exercise& exercise = *progress.exercise;
  std::string text = "== " + exercise.title.in(language) + " (" + exercise.id + ") ==\n";
  for (size_t task = 0; task < exercise.tasks.size(); ++task) {
    const bool met = progress.task_met(task);
    text += std::string(met ? "  [x] " : "  [ ] ") + exercise.tasks[task].id + " (" +
            std::to_string(met ? exercise.tasks[task].points : 0) + "/" + std::to_string(exercise.tasks[task].points) +
            say(language, " points", " điểm") + "):\n" + indented(indented(plain_text(exercise.tasks[task].text.in(language), 90)));
  }
  text += say(language, "Score: ", "Điểm: ") + std::to_string(progress.points_earned()) + "/" +
          std::to_string(progress.points_total()) + " (" + std::to_string(progress.percent()) + "%)\n";
  if (progress.started_unix_ms && now_unix_ms) {
    const int64_t elapsed = (*now_unix_ms - *progress.started_unix_ms) / 1000;
    text += say(language, "Time: ", "Thời gian: ") + std::to_string(elapsed / 60) + ":" +
            (elapsed % 60 < 10 ? "0" : "") + std::to_string(elapsed % 60);
    if (exercise.time_limit_minutes) {
      const int64_t left = int64_t{*exercise.time_limit_minutes} * 60 - elapsed;
      text += left >= 0 ? say(language, " (", " (còn ") + std::to_string(left / 60) + say(language, " min left)", " phút)")
                        : say(language, " (over the time limit)", " (quá thời gian)");
    }
    text += "\n";
  }
  if (progress.submitted) text += say(language, "Submitted\n", "Đã nộp bài\n");
  return text;
}

}  // namespace podlab::lab
