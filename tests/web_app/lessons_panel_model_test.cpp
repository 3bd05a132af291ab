// The lessons panel's view-model, driven by console lines as the panel's buttons send them.
#include <doctest/doctest.h>

#include <memory>

#include "core/lab/catalog.h"
#include "web/app/app_state.h"
#include "web/app/lessons_panel_model.h"

using namespace podlab;
using namespace podlab::web;

namespace {

void run(AppState& state, const std::string& line) {
  Intents intents;
  intents.console_line = line;
  apply_intents(state, intents);
  INFO(line, "\n", state.console.entries().back().output);
  REQUIRE(state.console.entries().back().ok);
}

const lab::LessonView& lesson(AppState& state) {
  const lab::LessonsView& view = state.lessons.cache.view(state.session);
  observe_lessons(state.lessons, view);
  REQUIRE(view.lesson);
  return *view.lesson;
}

const char* exercise_yaml =
    "apiVersion: podlab.dev/v1\n"
    "kind: Exercise\n"
    "metadata: {name: x1}\n"
    "spec:\n"
    "  title: {en: Fix the <web> Service, vi: Sửa Service <web>}\n"
    "  summary: {en: Endpoints are missing, vi: Thiếu endpoint}\n"
    "  minutes: 10\n"
    "  timeLimitMinutes: 20\n"
    "  faultFinding: true\n"
    "  start:\n"
    "    - lab cluster init --nodes 2\n"
    "    - kubectl apply -f start.yaml\n"
    "  tasks:\n"
    "    - id: endpoints\n"
    "      text: {en: Give the Service its endpoints, vi: Cho Service có endpoint}\n"
    "      points: 30\n"
    "      goals:\n"
    "        - text: {en: web has 2 endpoints, vi: web có 2 endpoint}\n"
    "          check: {model: {service: {name: web, endpoints: 2}}}\n"
    "      hints:\n"
    "        - {en: Compare the selector with the labels, vi: So selector với label}\n"
    "      solution:\n"
    "        - kubectl delete service web\n"
    "        - kubectl expose deployment web --port 80\n"
    "    - id: listed\n"
    "      text: {en: List the endpoints, vi: Liệt kê endpoint}\n"
    "      points: 10\n"
    "      goals:\n"
    "        - text: {en: kubectl get endpointslices, vi: kubectl get endpointslices}\n"
    "          check: {command: kubectl get endpointslices, ok: true}\n"
    "      solution:\n"
    "        - kubectl get endpointslices\n";

const char* exercise_start_yaml =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata: {name: web}\n"
    "spec:\n"
    "  replicas: 2\n"
    "  selector: {matchLabels: {app: web}}\n"
    "  template:\n"
    "    metadata: {labels: {app: web}}\n"
    "    spec:\n"
    "      containers:\n"
    "      - {name: nginx, image: 'nginx:1.27', ports: [{containerPort: 80}]}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Service\n"
    "metadata: {name: web}\n"
    "spec:\n"
    "  selector: {app: webb}\n"
    "  ports: [{port: 80}]\n";

}  // namespace

TEST_CASE("Next waits for the goals, then for the answer; the lesson's status follows the learner") {
  AppState state;
  CHECK(lesson_status(state.lessons, "01-network-model") == LessonStatus::NotStarted);
  run(state, "lab lesson start 01-network-model");
  CHECK(lesson(state).step == 0);
  CHECK(next_blocked_reason(lesson(state)) == Text::LessonNeedsGoals);
  CHECK_FALSE(lesson(state).goals[0].met);
  CHECK(lesson_status(state.lessons, "01-network-model") == LessonStatus::InProgress);

  run(state, "kubectl get pods -o wide");
  CHECK(lesson(state).goals[0].met);
  CHECK(next_blocked_reason(lesson(state)) == std::nullopt);
  run(state, "lab lesson next");
  run(state, "kubectl exec a -- ping -c 1 10.244.0.4");
  run(state, "lab lesson next");
  REQUIRE(lesson(state).question);
  CHECK(next_blocked_reason(lesson(state)) == Text::LessonNeedsAnswer);
  run(state, "lab lesson answer 2");
  CHECK(next_blocked_reason(lesson(state)) == Text::LessonNeedsGoals);
  const nlohmann::json shown = nlohmann::json::parse(state_json(state))["lessons"];
  CHECK(shown["lesson"]["question"]["answered"] == 1);
  CHECK(shown["lesson"]["question"]["right"] == false);
  CHECK(shown["lesson"]["nextBlocked"] == "Meet every goal to go on.");
  CHECK(shown["lessons"][0]["status"] == "inProgress");

  run(state, "kubectl exec a -- ping -c 1 10.244.1.3");
  run(state, "lab lesson next");
  run(state, "node node-2 -- ping -c 1 10.244.1.3");
  run(state, "node node-1 -- curl -s 10.244.0.3");
  run(state, "lab lesson next");
  CHECK(lesson(state).finished);
  CHECK(lesson_status(state.lessons, "01-network-model") == LessonStatus::Done);
  run(state, "lab lesson back");  // looking back at a finished lesson keeps it done
  CHECK(lesson_status(state.lessons, "01-network-model") == LessonStatus::Done);
}

TEST_CASE("the language switch also switches the lesson text the console prints") {
  AppState state;
  run(state, "lab lesson start 01-network-model");
  Intents intents;
  intents.set_language = true;
  intents.language = Language::Vietnamese;
  apply_intents(state, intents);
  run(state, "lab lesson");
  CHECK(state.console.entries().back().output.find("Hãy liệt kê chúng") != std::string::npos);
  const nlohmann::json shown = nlohmann::json::parse(state_json(state))["lessons"];
  CHECK(shown["lesson"]["text"].get<std::string>().find("Mô hình mạng có ba quy tắc") != std::string::npos);
}

TEST_CASE("a clicked command lands in the console's input, which takes the keyboard") {
  AppState state;
  Intents intents;
  intents.console_input = "kubectl get pods -o wide";
  apply_intents(state, intents);
  CHECK(std::string(state.console_input.data()) == "kubectl get pods -o wide");
  CHECK(state.console_input_focus);
  CHECK(state.console.entries().empty());  // put there, not run
}

TEST_CASE("the exercise clock counts down from the host's start time") {
  lab::ExerciseView exercise;
  CHECK_FALSE(exercise_clock(exercise, 1000));
  exercise.started_unix_ms = 1'800'000'000'000;
  const auto untimed = exercise_clock(exercise, 1'800'000'065'000);
  REQUIRE(untimed);
  CHECK(untimed->elapsed_ms == 65'000);
  CHECK_FALSE(untimed->left_ms);
  exercise.time_limit_minutes = 20;
  CHECK(exercise_clock(exercise, 1'800'000'065'000)->left_ms == 20 * 60'000 - 65'000);
  CHECK(exercise_clock(exercise, 1'800'001'260'000)->left_ms == -60'000);
  char text[32];
  format_duration(1'135'000, text, sizeof text);
  CHECK(std::string(text) == "18:55");
  format_duration(3'725'000, text, sizeof text);
  CHECK(std::string(text) == "1:02:05");
  format_duration(-5'000, text, sizeof text);
  CHECK(std::string(text) == "00:00");
}

TEST_CASE("submitting an exercise keeps a report: the JSON file and a printable page") {
  AppState state;
  auto catalog = std::make_shared<const lab::Catalog>(
      lab::make_catalog({{"exercises/x1/exercise.yaml", exercise_yaml}, {"exercises/x1/start.yaml", exercise_start_yaml}}));
  REQUIRE(catalog->exercise("x1"));
  state.session.use_catalog(catalog);
  int64_t now = 1'800'000'000'000;
  state.session.set_wall_clock([&]() -> std::optional<int64_t> { return now; });
  run(state, "lab exercise start x1");
  nlohmann::json shown = nlohmann::json::parse(state_json(state))["lessons"]["exercise"];
  CHECK(shown["percent"] == 0);
  CHECK(shown["tasks"].size() == 2);
  CHECK(shown["leftMs"] == 20 * 60'000);

  run(state, "kubectl delete service web");
  run(state, "kubectl expose deployment web --port 80");
  now += 90'000;
  shown = nlohmann::json::parse(state_json(state))["lessons"]["exercise"];
  CHECK(shown["percent"] == 75);
  CHECK(shown["elapsedMs"] == 90'000);

  Intents submit;
  submit.console_line = "lab exercise submit";
  submit.exercise_report = true;
  apply_intents(state, submit);
  REQUIRE(state.lessons.report);
  const ExerciseReport& report = *state.lessons.report;
  CHECK(report.file_name == "podlab-report-x1.json");
  const nlohmann::json json = nlohmann::json::parse(report.json);
  CHECK(json["score"]["percent"] == 75);
  CHECK(json["startedAt"] == "2027-01-15T08:00:00Z");
  CHECK(report.html.find("<h2>Fix the &lt;web&gt; Service</h2>") != std::string::npos);
  CHECK(report.html.find("Give the Service its endpoints</td><td>30 / 30</td><td class=\"met\">✓ met") != std::string::npos);
  CHECK(report.html.find("List the endpoints</td><td>0 / 10</td><td class=\"unmet\">✗ not met") != std::string::npos);
  CHECK(report.html.find("30 / 40 (75%)") != std::string::npos);
  CHECK(report.html.find("kubectl expose deployment web --port 80\n") != std::string::npos);

  Intents plain;  // a submit typed in the console prints the report but hands nothing to the page
  state.lessons.report.reset();
  plain.console_line = "lab exercise submit";
  apply_intents(state, plain);
  CHECK_FALSE(state.lessons.report);
}
