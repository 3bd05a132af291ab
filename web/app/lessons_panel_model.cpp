#include "web/app/lessons_panel_model.h"

#include <cstdio>

#include "core/lab/json_text.h"
#include "core/lab/markdown.h"
#include "web/app/welcome.h"

namespace podlab::web {

lab::Language lab_language(Language language) {
  return language == Language::Vietnamese ? lab::Language::Vietnamese : lab::Language::English;
}

const WrappedText& wrap_cached(CachedText& cache, const std::string& source, float width, const TextMetrics& metrics) {
  if (cache.width != width || cache.source != source) {
    cache.source = source;
    cache.width = width;
    cache.wrapped = wrap_lesson_text(parse_lesson_markdown(source), width, metrics);
  }
  return cache.wrapped;
}

void observe_lessons(LessonsPanelState& panel, const lab::LessonsView& view) {
  if (panel.summary && (!view.exercise || view.exercise->id != panel.summary->exercise_id ||
                        view.exercise->started_unix_ms != panel.summary->started_unix_ms))
    panel.summary.reset();
  if (!view.lesson) return;
  const auto found = panel.statuses.find(view.lesson->id);
  if (found != panel.statuses.end() && found->second == LessonStatus::Done) return;
  const LessonStatus status = view.lesson->finished ? LessonStatus::Done : LessonStatus::InProgress;
  if (found == panel.statuses.end())
    panel.statuses.emplace(view.lesson->id, status);
  else
    found->second = status;
}

LessonStatus lesson_status(const LessonsPanelState& panel, const std::string& id) {
  const auto found = panel.statuses.find(id);
  return found == panel.statuses.end() ? LessonStatus::NotStarted : found->second;
}

std::optional<Text> next_blocked_reason(const lab::LessonView& lesson) {
  if (lesson.finished || lesson.can_go_next) return std::nullopt;
  if (lesson.question && !lesson.question->answered) return Text::LessonNeedsAnswer;
  return Text::LessonNeedsGoals;
}

std::optional<std::string> next_lesson_id(const lab::LessonsView& view) {
  if (!view.lesson || !view.lesson->finished) return std::nullopt;
  for (size_t i = 0; i + 1 < view.lessons.size(); ++i)
    if (view.lessons[i].id == view.lesson->id) return view.lessons[i + 1].id;
  return std::nullopt;
}

std::string lesson_progress_label(const lab::LessonView& lesson, Language language) {
  char text[96];
  if (lesson.finished)
    std::snprintf(text, sizeof text, translate(language, Text::LessonAllStepsDone), static_cast<int>(lesson.step_count));
  else
    std::snprintf(text, sizeof text, translate(language, Text::LessonStep), static_cast<int>(lesson.step + 1),
                  static_cast<int>(lesson.step_count));
  return text;
}

std::string numbered_title(const lab::CatalogEntry& entry, lab::Language language) {
  const std::string number = lesson_number(entry.id);
  return number.empty() ? entry.title.in(language) : number + "  " + entry.title.in(language);
}

std::optional<ExerciseClock> exercise_clock(const lab::ExerciseView& exercise, std::optional<int64_t> now_unix_ms) {
  // A submitted exercise's clock stopped when it was submitted: the time taken is the report's.
  const std::optional<int64_t> now = exercise.submitted ? exercise.submitted_unix_ms : now_unix_ms;
  if (!exercise.started_unix_ms || !now) return std::nullopt;
  int64_t elapsed_ms = *now - *exercise.started_unix_ms;
  if (exercise.submitted) elapsed_ms -= elapsed_ms % 1000;  // the report counts whole seconds
  ExerciseClock clock{.elapsed_ms = elapsed_ms, .submitted = exercise.submitted};
  if (exercise.time_limit_minutes) clock.left_ms = int64_t{*exercise.time_limit_minutes} * 60'000 - clock.elapsed_ms;
  return clock;
}

void format_duration(int64_t ms, char* out, size_t size) {
  const int64_t seconds = ms > 0 ? ms / 1000 : 0;
  const long long hours = seconds / 3600;
  const long long minutes = seconds / 60 % 60;
  const long long rest = seconds % 60;
  if (hours > 0)
    std::snprintf(out, size, "%lld:%02lld:%02lld", hours, minutes, rest);
  else
    std::snprintf(out, size, "%02lld:%02lld", minutes, rest);
}

namespace {

std::string escape_html(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string first_paragraph(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string string_or_dash(const nlohmann::json& value) { return value.is_string() ? value.get<std::string>() : "—"; }

}  // namespace

std::optional<ExerciseReport> make_exercise_report(const std::string& submit_output, const lab::ExerciseView& exercise,
                                                   Language language) {
  const nlohmann::json report = nlohmann::json::parse(submit_output, nullptr, false);
  if (report.is_discarded() || !report.is_object() || !report.contains("tasks")) return std::nullopt;
  const lab::Language text_language = lab_language(language);
  auto say = [language](Text key) { return std::string(translate(language, key)); };
  const nlohmann::json& score = report["score"];
  std::string html = "<!DOCTYPE html>\n<html lang=\"" + std::string(language_tag(language)) +
                     "\"><head><meta charset=\"utf-8\">"
                     // Nothing runs in the report, and it loads nothing but its stylesheet (the page's report.css,
                     // made absolute by the page when it opens the report).
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; "
                     "base-uri 'none'; form-action 'none'\"><title>" +
                     escape_html(say(Text::ReportTitle) + ": " + exercise.title.in(text_language)) +
                     "</title><link rel=\"stylesheet\" href=\"report.css\"></head><body>\n";
  html += "<h1>" + escape_html(say(Text::ReportTitle)) + "</h1>\n<h2>" + escape_html(exercise.title.in(text_language)) +
          "</h2>\n<p><code>" + escape_html(exercise.id) + "</code></p>\n<table>\n";
  auto row = [&](Text label, const std::string& value) {
    html += "<tr><th>" + escape_html(say(label)) + "</th><td>" + escape_html(value) + "</td></tr>\n";
  };
  row(Text::ReportStarted, string_or_dash(report.value("startedAt", nlohmann::json())));
  row(Text::ReportSubmitted, string_or_dash(report.value("submittedAt", nlohmann::json())));
  row(Text::ReportScore, std::to_string(score.value("earned", 0)) + " / " + std::to_string(score.value("total", 0)) + " (" +
                             std::to_string(score.value("percent", 0)) + "%)");
  row(Text::ReportFingerprint, string_or_dash(report.value("fingerprint", nlohmann::json())));
  html += "</table>\n<h3>" + escape_html(say(Text::ExerciseTasks)) + "</h3>\n<table>\n<tr><th>" +
          escape_html(say(Text::ReportTask)) + "</th><th>" + escape_html(say(Text::ReportPoints)) + "</th><th>" +
          escape_html(say(Text::ReportResult)) + "</th></tr>\n";
  for (const nlohmann::json& task : report["tasks"]) {
    const std::string id = task.value("id", "");
    std::string text = id;
    for (const lab::TaskView& view : exercise.tasks)
      if (view.id == id) text = view.text.in(text_language);
    const bool met = task.value("met", false);
    html += "<tr><td>" + escape_html(text) + "</td><td>" + std::to_string(task.value("earned", 0)) + " / " +
            std::to_string(task.value("points", 0)) + "</td><td class=\"" + (met ? "met\">✓ " : "unmet\">✗ ") +
            escape_html(say(met ? Text::ReportMet : Text::ReportNotMet)) + "</td></tr>\n";
  }
  html += "</table>\n<h3>" + escape_html(say(Text::ReportLines)) + "</h3>\n<pre>";
  for (const nlohmann::json& line : report.value("lines", nlohmann::json::array()))
    if (line.is_string()) html += escape_html(line.get<std::string>()) + "\n";
  html += "</pre>\n<p>" + escape_html(say(Text::ReportVerify)) + " <code>podlab exercise verify " +
          escape_html("podlab-report-" + exercise.id + ".json") + "</code></p>\n</body></html>\n";
  return ExerciseReport{.file_name = "podlab-report-" + exercise.id + ".json", .json = lab::json_text(report, 2) + "\n", .html = html};
}

std::optional<ExerciseSummary> make_exercise_summary(const std::string& submit_output, const lab::ExerciseView& exercise,
                                                     Language language) {
  std::optional<ExerciseReport> report = make_exercise_report(submit_output, exercise, language);
  if (!report) return std::nullopt;
  const nlohmann::json json = nlohmann::json::parse(report->json);
  const nlohmann::json& score = json["score"];
  ExerciseSummary summary{.exercise_id = exercise.id,
                          .started_unix_ms = exercise.started_unix_ms,
                          .earned = score.value("earned", 0),
                          .total = score.value("total", 0),
                          .percent = score.value("percent", 0),
                          .over_time = json.value("overTime", false),
                          .report = std::move(*report)};
  if (json.contains("elapsedSeconds") && json["elapsedSeconds"].is_number_integer())
    summary.elapsed_seconds = json["elapsedSeconds"].get<int64_t>();
  for (const nlohmann::json& task : json["tasks"]) {
    const std::string id = task.value("id", "");
    SubmittedTask row{.text = id, .met = task.value("met", false), .points = task.value("points", 0), .earned = task.value("earned", 0)};
    for (const lab::TaskView& view : exercise.tasks)
      if (view.id == id) row.text = first_paragraph(lab::plain_text(view.text.in(lab_language(language)), SIZE_MAX));
    summary.tasks.push_back(std::move(row));
  }
  return summary;
}

std::string exercise_summary_text(const ExerciseSummary& summary, Language language) {
  char line[256];
  std::snprintf(line, sizeof line, translate(language, Text::ExerciseScore), summary.earned, summary.total, summary.percent);
  std::string text = std::string(line) + "\n";
  if (summary.elapsed_seconds) {
    char duration[32];
    format_duration(*summary.elapsed_seconds * 1000, duration, sizeof duration);
    std::snprintf(line, sizeof line, translate(language, Text::ExerciseElapsed), duration);
    text += std::string(line) + (summary.over_time ? std::string(" (") + translate(language, Text::SummaryOverTime) + ")" : "") + "\n";
  }
  for (const SubmittedTask& task : summary.tasks)
    text += std::string(task.met ? "  ✓ " : "  ✗ ") + std::to_string(task.earned) + "/" + std::to_string(task.points) + "  " + task.text + "\n";
  std::snprintf(line, sizeof line, translate(language, Text::SummaryReportFile), summary.report.file_name.c_str());
  return text + line + "\n";
}

void keep_exercise_report(LessonsPanelState& panel, const lab::Session& session, const std::string& submit_output,
                          Language language) {
  const lab::LessonsView view = lab::make_lessons_view(session);
  if (!view.exercise) return;
  panel.summary = make_exercise_summary(submit_output, *view.exercise, language);
  if (panel.summary) panel.report = panel.summary->report;
}

nlohmann::json lessons_json(const LessonsPanelState& panel, const lab::Session& session, Language language, bool open) {
  const lab::LessonsView view = lab::make_lessons_view(session);
  const lab::Language text_language = lab_language(language);
  nlohmann::json catalog = nlohmann::json::array();
  for (const lab::CatalogEntry& entry : view.lessons) {
    const LessonStatus status = lesson_status(panel, entry.id);
    catalog.push_back({{"id", entry.id},
                       {"title", entry.title.in(text_language)},
                       {"listed", numbered_title(entry, text_language)},
                       {"status", status == LessonStatus::Done ? "done" : status == LessonStatus::InProgress ? "inProgress" : "notStarted"}});
  }
  nlohmann::json exercises = nlohmann::json::array();
  for (const lab::CatalogEntry& entry : view.exercises) exercises.push_back({{"id", entry.id}, {"title", entry.title.in(text_language)}});
  nlohmann::json lesson = nullptr;
  if (view.lesson) {
    const lab::LessonView& running = *view.lesson;
    nlohmann::json goals = nlohmann::json::array();
    for (const lab::GoalView& goal : running.goals) goals.push_back({{"text", goal.text.in(text_language)}, {"met", goal.met}});
    nlohmann::json question = nullptr;
    if (running.question) {
      question = {{"prompt", running.question->prompt.in(text_language)}, {"answered", nullptr}};
      if (running.question->answered) {
        question["answered"] = *running.question->answered;
        question["right"] = *running.question->answered == running.question->answer;
      }
    }
    const std::optional<Text> blocked = next_blocked_reason(running);
    lesson = {{"id", running.id},
              {"step", running.step},
              {"progress", lesson_progress_label(running, language)},
              {"nextLesson", next_lesson_id(view) ? nlohmann::json(*next_lesson_id(view)) : nlohmann::json()},
              {"stepCount", running.step_count},
              {"stepId", running.step_id},
              {"text", running.step_text.in(text_language)},
              {"finished", running.finished},
              {"goals", goals},
              {"question", question},
              {"hintsShown", running.hints.size()},
              {"hintCount", running.hint_count},
              {"canGoBack", running.can_go_back},
              {"canGoNext", running.can_go_next},
              {"nextBlocked", blocked ? nlohmann::json(translate(language, *blocked)) : nlohmann::json()}};
  }
  nlohmann::json exercise = nullptr;
  if (view.exercise) {
    const lab::ExerciseView& running = *view.exercise;
    nlohmann::json tasks = nlohmann::json::array();
    for (const lab::TaskView& task : running.tasks)
      tasks.push_back({{"id", task.id}, {"text", task.text.in(text_language)}, {"points", task.points}, {"met", task.met}});
    exercise = {{"id", running.id},
                {"title", running.title.in(text_language)},
                {"tasks", tasks},
                {"percent", running.percent},
                {"pointsEarned", running.points_earned},
                {"pointsTotal", running.points_total},
                {"submitted", running.submitted},
                {"timeLimitMinutes", running.time_limit_minutes ? nlohmann::json(*running.time_limit_minutes) : nlohmann::json()}};
    if (panel.summary && panel.summary->exercise_id == running.id && panel.summary->started_unix_ms == running.started_unix_ms) {
      nlohmann::json tasks_met = nlohmann::json::array();
      for (const SubmittedTask& task : panel.summary->tasks) tasks_met.push_back({{"text", task.text}, {"met", task.met}});
      exercise["summary"] = {{"earned", panel.summary->earned},
                             {"total", panel.summary->total},
                             {"percent", panel.summary->percent},
                             {"elapsedSeconds", panel.summary->elapsed_seconds ? nlohmann::json(*panel.summary->elapsed_seconds)
                                                                               : nlohmann::json()},
                             {"tasks", tasks_met},
                             {"reportFile", panel.summary->report.file_name}};
    }
    if (const auto clock = exercise_clock(running, session.wall_time())) {
      exercise["elapsedMs"] = clock->elapsed_ms;
      exercise["clockStopped"] = clock->submitted;
      if (clock->left_ms) exercise["leftMs"] = *clock->left_ms;
    }
  }
  return {{"open", open}, {"lessons", catalog}, {"exercises", exercises}, {"lesson", lesson}, {"exercise", exercise}};
}

}  // namespace podlab::web
