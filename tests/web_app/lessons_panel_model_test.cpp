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

namespace {

// The console lines a text offers as clickable chips, in the order they appear.
std::vector<std::string> chips(const std::string& markdown) {
  const TextMetrics metrics{.measure = [](std::string_view text, RunStyle) { return 8.0f * static_cast<float>(text.size()); }};
  return wrap_lesson_text(parse_lesson_markdown(markdown), 400, metrics).lines;
}

void put_in_console(AppState& state, const std::string& line) {
  Intents click;
  click.console_input = line;
  apply_intents(state, click);
}

// Enter on what is in the console's input, as the console does.
void press_enter(AppState& state) {
  Intents enter;
  enter.console_line = std::string(state.console_input.data());
  state.console_input[0] = '\0';
  apply_intents(state, enter);
  INFO(*enter.console_line, "\n", state.console.entries().back().output);
  REQUIRE(state.console.entries().back().ok);
}

}  // namespace

TEST_CASE("lesson 1 can be walked by its chips alone: each step's text and goals carry the lines with real values") {
  for (const Language language : {Language::English, Language::Vietnamese}) {
    CAPTURE(language_tag(language));
    AppState state;
    state.language = language;
    state.session.set_language(lab_language(language));
    run(state, "lab lesson start 01-network-model");
    for (size_t step = 0; !lesson(state).finished; ++step) {
      REQUIRE(step < 8);
      const lab::LessonView& now = lesson(state);
      CAPTURE(now.step_id);
      if (now.question) run(state, "lab lesson answer " + std::to_string(now.question->answer + 1));  // a click on a choice
      std::vector<std::string> lines = chips(now.step_text.in(lab_language(language)));
      for (const lab::GoalView& goal : now.goals)
        for (const std::string& line : chips(goal.text.in(lab_language(language)))) lines.push_back(line);
      CHECK_FALSE(lines.empty());
      for (const std::string& line : lines) {
        put_in_console(state, line);
        CHECK(state.console_select->start == line.size());  // nothing to fill in: the cursor at the end
        press_enter(state);
      }
      CHECK(next_blocked_reason(lesson(state)) == std::nullopt);
      run(state, "lab lesson next");  // the Next button
    }
    const lab::LessonsView& view = state.lessons.cache.view(state.session);
    CHECK(next_lesson_id(view) == "02-why-this-model");
    const nlohmann::json shown = nlohmann::json::parse(state_json(state))["lessons"];
    CHECK(shown["lesson"]["nextLesson"] == "02-why-this-model");
    CHECK(shown["lesson"]["progress"] == (language == Language::English ? "Done: all 4 steps" : "Đã xong cả 4 bước"));
  }
}

TEST_CASE("no lesson's chip leaves a placeholder to edit; lessons are listed with their numbers") {
  AppState state;
  const lab::Catalog& catalog = state.session.catalog();
  size_t chip_count = 0;
  for (const lab::Lesson& lesson : catalog.lessons) {
    for (const lab::Language language : {lab::Language::English, lab::Language::Vietnamese}) {
      std::vector<std::string> texts;
      for (const lab::Step& step : lesson.steps) {
        texts.push_back(step.text.in(language));
        for (const auto& goal : step.goals) texts.push_back(goal.text.in(language));
        for (const auto& hint : step.hints) texts.push_back(hint.in(language));
        if (step.question) texts.push_back(step.question->explain.in(language));
      }
      for (const std::string& text : texts)
        for (const std::string& line : chips(text)) {
          INFO(lesson.id, ": ", line);
          CHECK(input_selection(line).start == line.size());
          ++chip_count;
        }
    }
  }
  CHECK(chip_count > 100);
  const lab::LessonsView& view = state.lessons.cache.view(state.session);
  CHECK(numbered_title(view.lessons[0], lab::Language::English) == "01  The three rules of the network model");
  CHECK(nlohmann::json::parse(state_json(state))["lessons"]["lessons"][8]["listed"].get<std::string>().starts_with("09  "));
}

TEST_CASE("a chip with a value the learner chooses selects that value in the console's input") {
  CHECK(input_selection("lab route add NODE CIDR dev DEVICE").start == 14);
  CHECK(input_selection("lab route add NODE CIDR dev DEVICE").end == 18);
  CHECK(input_selection("node node-1 -- iptables -t nat -S KUBE-SERVICES").start == 47);  // a chain's name is not a value to fill in
  CHECK(input_selection("kubectl get svc -A").start == 18);
  CHECK(input_selection("kubectl apply -f - <<EOF").start == 24);
  CHECK(input_selection("kubectl exec client -- dig _http._tcp.web.shop.svc.cluster.local SRV +short").start == 75);  // SRV is dig's, not a value to fill in
  AppState state;
  put_in_console(state, "lab exercise hint TASK");
  REQUIRE(state.console_select);
  CHECK(state.console_select->start == 18);
  CHECK(state.console_select->end == 22);
}

TEST_CASE("a submitted exercise shows a summary whose time taken is the report's; the clock stops at the submit") {
  AppState state;
  auto catalog = std::make_shared<const lab::Catalog>(
      lab::make_catalog({{"exercises/x1/exercise.yaml", exercise_yaml}, {"exercises/x1/start.yaml", exercise_start_yaml}}));
  state.session.use_catalog(catalog);
  int64_t now = 1'800'000'000'000;
  state.session.set_wall_clock([&]() -> std::optional<int64_t> { return now; });
  run(state, "lab exercise start x1");
  run(state, "kubectl delete service web");
  run(state, "kubectl expose deployment web --port 80");
  now += 125'400;
  Intents submit;
  submit.console_line = "lab exercise submit";
  submit.exercise_report = true;
  apply_intents(state, submit);
  REQUIRE(state.lessons.summary);
  const ExerciseSummary& summary = *state.lessons.summary;
  CHECK(summary.earned == 30);
  CHECK(summary.total == 40);
  CHECK(summary.percent == 75);
  CHECK(summary.elapsed_seconds == 125);
  REQUIRE(summary.tasks.size() == 2);
  CHECK(summary.tasks[0].text == "Give the Service its endpoints");
  CHECK(summary.tasks[0].met);
  CHECK_FALSE(summary.tasks[1].met);
  CHECK(summary.report.file_name == "podlab-report-x1.json");
  CHECK(nlohmann::json::parse(summary.report.json)["elapsedSeconds"] == 125);
  CHECK(state.console.entries().back().output ==
        "Score: 30 / 40 points (75%)\nTime taken: 02:05\n  ✓ 30/30  Give the Service its endpoints\n"
        "  ✗ 0/10  List the endpoints\nThe report to hand in: podlab-report-x1.json (downloaded; the lessons panel offers it again)\n");

  now += 600'000;  // the learner reads the summary for ten minutes
  nlohmann::json shown = nlohmann::json::parse(state_json(state))["lessons"]["exercise"];
  CHECK(shown["elapsedMs"] == 125'000);  // the report's whole seconds, not the time until now
  CHECK(shown["clockStopped"] == true);
  CHECK(shown["summary"]["elapsedSeconds"] == 125);
  CHECK(shown["summary"]["tasks"][1]["met"] == false);

  Intents again;  // a new attempt: the lab asks first, then there is no summary and the clock runs again
  again.console_line = "lab exercise start x1";
  apply_intents(state, again);
  Intents replace;
  replace.replace_answer = true;
  apply_intents(state, replace);
  REQUIRE(state.console.entries().back().command == "lab exercise start x1");
  REQUIRE(state.console.entries().back().ok);
  observe_lessons(state.lessons, state.lessons.cache.view(state.session));
  shown = nlohmann::json::parse(state_json(state))["lessons"]["exercise"];
  CHECK(shown["clockStopped"] == false);
}

TEST_CASE("the console's copy of a lesson step is plain text: no Markdown marks") {
  AppState state;
  run(state, "lab lesson start 01-network-model");
  run(state, "lab lesson hint");
  const std::string printed = state.console.entries().back().output;
  run(state, "lab lesson");
  const std::string step = state.console.entries().back().output;
  for (const std::string* text : {&printed, &step}) {
    INFO(*text);
    CHECK(text->find('`') == std::string::npos);
    CHECK(text->find("**") == std::string::npos);
  }
  CHECK(step.find("- every pod can reach every other pod, on its node or any other, without NAT;") != std::string::npos);
  CHECK(step.find("with their IPs and nodes: kubectl get pods -o wide") != std::string::npos);
}
