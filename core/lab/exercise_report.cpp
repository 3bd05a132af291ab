#include "core/lab/exercise_report.h"

#include "core/lab/catalog.h"
#include "core/lab/json_text.h"
#include "core/sim/fingerprint.h"

namespace podlab::lab {

namespace {

constexpr const char* report_kind = "PodlabExerciseReport";

// A string field of a report read as the person may have written it: anything else is "".
std::string text_field(nlohmann::json& object, const char* key) {
  if (!object.is_object() || !object[key].is_string()) return "";
  return object[key].get<std::string>();
}

nlohmann::json task_results(const ExerciseProgress& progress) {
  nlohmann::json tasks = nlohmann::json::array();
  for (size_t task = 0; task < progress.exercise->tasks.size(); ++task) {
    nlohmann::json goals = nlohmann::json::array();
    for (const GoalState& goal : progress.goals[task]) goals.push_back(goal.met);
    const Task& spec = progress.exercise->tasks[task];
    tasks.push_back({{"id", spec.id},
                     {"met", progress.task_met(task)},
                     {"points", spec.points},
                     {"earned", progress.task_met(task) ? spec.points : 0},
                     {"goals", goals}});
  }
  return tasks;
}

nlohmann::json score(const ExerciseProgress& progress) {
  return {{"earned", progress.points_earned()}, {"total", progress.points_total()}, {"percent", progress.percent()}};
}

}  // namespace

std::string utc_time_text(int64_t unix_ms) {
  // Days to civil date (Howard Hinnant's algorithm), proleptic Gregorian, UTC.
  int64_t seconds = unix_ms / 1000;
  int64_t days = seconds / 86400;
  int64_t rest = seconds % 86400;
  if (rest < 0) rest += 86400, --days;
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int64_t day = day_of_year - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  char text[96];  // room for any int64 fields, so the compiler sees no truncation
  std::snprintf(text, sizeof text, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", static_cast<long long>(year),
                static_cast<long long>(month), static_cast<long long>(day), static_cast<long long>(rest / 3600),
                static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60));
  return text;
}

nlohmann::json exercise_report(const Session& session, const std::vector<std::string>& lines,
                               std::optional<int64_t> submitted_unix_ms) {
  if (!session.exercise()) return nullptr;
  const ExerciseProgress& progress = *session.exercise();
  const Exercise& exercise = *progress.exercise;
  nlohmann::json report = {
      {"kind", report_kind},
      {"version", 1},
      {"exercise", {{"id", exercise.id}, {"sha256", exercise.files_sha256}}},
      {"seed", session.seed()},
      {"startedAt", progress.started_unix_ms ? nlohmann::json(utc_time_text(*progress.started_unix_ms)) : nlohmann::json()},
      {"submittedAt", submitted_unix_ms ? nlohmann::json(utc_time_text(*submitted_unix_ms)) : nlohmann::json()},
      {"lines", lines},
      {"tasks", task_results(progress)},
      {"score", score(progress)},
      {"fingerprint", fingerprint_hex(fingerprint(session.world()))},
  };
  if (progress.started_unix_ms && submitted_unix_ms) {
    const int64_t seconds = (*submitted_unix_ms - *progress.started_unix_ms) / 1000;
    report["elapsedSeconds"] = seconds;
    if (exercise.time_limit_minutes) {
      report["timeLimitMinutes"] = *exercise.time_limit_minutes;
      report["overTime"] = seconds > int64_t{*exercise.time_limit_minutes} * 60;
    }
  }
  return report;
}

ReportVerdict verify_exercise_report(const std::string& report_text, std::shared_ptr<const Catalog> catalog) {
  ReportVerdict verdict;
  auto& differences = verdict.differences;
  nlohmann::json report = nlohmann::json::parse(report_text, nullptr, false);
  if (report.is_discarded() || !report.is_object()) {
    differences.push_back("the report is not JSON");
    return verdict;
  }
  if (text_field(report, "kind") != report_kind || text_field(report["exercise"], "id").empty() ||
      !report["seed"].is_number_unsigned() || !report["lines"].is_array()) {
    differences.push_back("the report lacks its kind, exercise, seed or lines");
    return verdict;
  }
  const std::string id = report["exercise"]["id"];
  const Exercise* exercise = catalog->exercise(id);
  if (!exercise) {
    differences.push_back("no exercise \"" + id + "\" to replay it on");
    return verdict;
  }
  if (text_field(report["exercise"], "sha256") != exercise->files_sha256)
    differences.push_back("the exercise's files differ from the ones the report was made with (sha256 " +
                          text_field(report["exercise"], "sha256") + ", here " + exercise->files_sha256 + ")");
  std::vector<std::string> lines;
  for (const auto& line : report["lines"]) {
    if (!line.is_string()) {
      differences.push_back("a line of the report is not text");
      return verdict;
    }
    lines.push_back(line);
  }
  if (lines.empty() || lines.front() != "lab exercise start " + id)
    differences.push_back("the lines do not begin with \"lab exercise start " + id + "\"");
  Session session(report["seed"].get<uint64_t>());
  session.use_catalog(catalog);
  for (const std::string& line : lines) session.run(line);
  if (!session.exercise() || session.exercise()->exercise->id != id) {
    differences.push_back("replaying the lines does not leave exercise \"" + id + "\" running");
    return verdict;
  }
  const nlohmann::json tasks = task_results(*session.exercise());
  if (report["tasks"] != tasks) {
    for (size_t i = 0; i < tasks.size(); ++i) {
      const nlohmann::json claimed = report["tasks"].is_array() && i < report["tasks"].size() ? report["tasks"][i] : nlohmann::json();
      if (claimed != tasks[i])
        differences.push_back("task " + tasks[i]["id"].get<std::string>() + ": the report says " + json_text(claimed) +
                              ", the replay gives " + json_text(tasks[i]));
    }
    if (report["tasks"].is_array() && report["tasks"].size() > tasks.size()) differences.push_back("the report has more tasks than the exercise");
  }
  const nlohmann::json replayed_score = score(*session.exercise());
  if (report["score"] != replayed_score)
    differences.push_back("score: the report says " + json_text(report["score"]) + ", the replay gives " + json_text(replayed_score));
  const std::string replayed = fingerprint_hex(fingerprint(session.world()));
  if (text_field(report, "fingerprint") != replayed)
    differences.push_back("fingerprint: the report says " + text_field(report, "fingerprint") + ", the replay gives " + replayed);
  verdict.genuine = differences.empty();
  return verdict;
}

}  // namespace podlab::lab
