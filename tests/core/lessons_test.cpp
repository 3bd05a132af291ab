// Lessons and exercises: loading errors point at the file, line and field; each check predicate
// passes and fails on the model; checking never changes the learner's lab; progress is console
// lines, so replaying a lab's history restores it; locked objects refuse changes; a submitted
// report verifies, and a tampered one does not.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/k8s/cluster.h"
#include "core/k8s/services.h"
#include "core/lab/catalog.h"
#include "core/lab/checks.h"
#include "core/lab/exercise_report.h"
#include "core/lab/folder_check.h"
#include "core/lab/lessons.h"
#include "core/lab/markdown.h"
#include "core/sim/fingerprint.h"
#include "tests/core/lab_fixtures.h"

using namespace podlab;
using namespace podlab::testing;

namespace {

const char* lesson_head =
    "apiVersion: podlab.dev/v1\n"
    "kind: Lesson\n"
    "metadata:\n"
    "  name: t1\n"
    "spec:\n"
    "  title: {en: Title, vi: Tiêu đề}\n"
    "  summary: {en: Summary, vi: Tóm tắt}\n"
    "  minutes: 5\n"
    "  section: test\n"
    "  start:\n"
    "    - lab cluster init --nodes 2\n"
    "    - kubectl apply -f pods.yaml\n"
    "  steps:\n";

// One step whose only goal has `check` (a flow mapping), the solution `solution`.
std::string one_step_lesson(const std::string& check, const std::string& solution) {
  return std::string(lesson_head) +
         "    - id: s1\n"
         "      text: {en: Text, vi: Văn bản}\n"
         "      goals:\n"
         "        - text: {en: Goal, vi: Mục tiêu}\n"
         "          check: " + check + "\n"
         "      solution:\n"
         "        - " + solution + "\n";
}

// A pod pinned to a node, labelled app=NAME so that `kubectl expose pod NAME` finds it.
std::string labelled_pod(const std::string& name, const std::string& node, const std::string& image) {
  return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n  labels: {app: " + name + "}\nspec:\n  nodeName: " +
         node + "\n  containers:\n  - name: main\n    image: " + image + "\n    ports: [{containerPort: 80}]\n";
}

std::string pods_yaml() {
  return labelled_pod("a", "node-1", "nginx:1.27") + "---\n" + labelled_pod("b", "node-2", "nginx:1.27") + "---\n" +
         labelled_pod("c", "node-1", "busybox:1.36");
}

lab::FolderFiles folder(const std::string& lesson_yaml) { return {{"lesson.yaml", lesson_yaml}, {"pods.yaml", pods_yaml()}}; }

// Lines of text for INFO: one message that shows with a failing CHECK.
std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

std::string joined(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const Diagnostic& diagnostic : diagnostics) text += diagnostic.to_string() + "\n";
  return text;
}

lab::Check parse_check(const std::string& check) {
  auto lesson = lab::load_lesson("t1", folder(one_step_lesson(check, "kubectl get pods")));
  INFO(check);
  INFO(joined(lesson.diagnostics()));
  REQUIRE(lesson.ok());
  return lesson->steps[0].goals[0].check;
}

// The lab of the lessons above: two nodes, pods a and c on node-1, b on node-2.
lab::Session lab_with_pods() {
  lab::Session session;
  run_ok(session, "lab cluster init --nodes 2");
  apply_manifest(session, pods_yaml());
  return session;
}

bool passes(const std::string& check, const lab::CommandResult& result, const lab::Session& session) {
  const lab::Check parsed = parse_check(check);
  return lab::result_passes(parsed, result, session.world()) && lab::model_passes(parsed, session.world(), lab::pod_addresses(session.world()));
}

const Diagnostic* find_diagnostic(const std::vector<Diagnostic>& diagnostics, const std::string& text) {
  for (const Diagnostic& diagnostic : diagnostics)
    if (contains(diagnostic.message, text)) return &diagnostic;
  return nullptr;
}

}  // namespace

TEST_CASE("lesson loading errors name the file, the line and the field") {
  SUBCASE("an unknown predicate key") {
    auto lesson = lab::load_lesson("t1", folder(one_step_lesson("{trace: {reaches: {pod: b}, arrives: true}}", "x")));
    REQUIRE_FALSE(lesson.ok());
    const Diagnostic* found = find_diagnostic(lesson.diagnostics(), "spec.steps[0].goals[0].check.trace.arrives");
    REQUIRE(found);
    CHECK(found->where.file == "t1/lesson.yaml");
    CHECK(found->where.line == 18);
    CHECK(found->to_string().starts_with("t1/lesson.yaml:18:"));
  }
  SUBCASE("a missing translation") {
    std::string yaml = one_step_lesson("{ok: true}", "x");
    yaml.replace(yaml.find("{en: Goal, vi: Mục tiêu}"), std::string("{en: Goal, vi: Mục tiêu}").size(), "{en: Goal}");
    auto lesson = lab::load_lesson("t1", folder(yaml));
    REQUIRE_FALSE(lesson.ok());
    const Diagnostic* found = find_diagnostic(lesson.diagnostics(), "spec.steps[0].goals[0].text.vi");
    REQUIRE(found);
    CHECK(found->where.line == 17);
    CHECK(contains(found->message, "Vietnamese"));
  }
  SUBCASE("an empty text") {
    std::string yaml = one_step_lesson("{ok: true}", "x");
    yaml.replace(yaml.find("vi: Văn bản"), std::string("vi: Văn bản").size(), "vi: \"  \"");
    auto lesson = lab::load_lesson("t1", folder(yaml));
    REQUIRE_FALSE(lesson.ok());
    REQUIRE(find_diagnostic(lesson.diagnostics(), "spec.steps[0].text.vi: the Vietnamese text is empty"));
  }
  SUBCASE("a YAML syntax error") {
    std::string yaml = one_step_lesson("{ok: true}", "x");
    yaml.insert(yaml.find("  steps:"), "  bogus: [5\n");
    auto lesson = lab::load_lesson("t1", folder(yaml));
    REQUIRE_FALSE(lesson.ok());
    CHECK(lesson.error().code == "manifest.yaml-syntax");
    CHECK(lesson.error().where.file == "t1/lesson.yaml");
    CHECK(lesson.error().where.line >= 14);
  }
  SUBCASE("wrong values: a bad regex, an unknown action, a question's answer out of range, a name unlike the folder") {
    std::string yaml = one_step_lesson("{output: {matches: \"(10\\\\.244\"}, trace: {action: teleport}}", "x");
    yaml.replace(yaml.find("name: t1"), 8, "name: t2");
    yaml.insert(yaml.find("      goals:"),
                "      question:\n"
                "        prompt: {en: Q, vi: Hỏi}\n"
                "        choices: [{en: A, vi: A}, {en: B, vi: B}]\n"
                "        answer: 2\n"
                "        explain: {en: E, vi: Giải thích}\n");
    auto lesson = lab::load_lesson("t1", folder(yaml));
    REQUIRE_FALSE(lesson.ok());
    CHECK(find_diagnostic(lesson.diagnostics(), "check.output.matches: \"(10\\\\.244\" is not a regular expression"));
    CHECK(find_diagnostic(lesson.diagnostics(), "check.trace.action: Invalid value: \"teleport\""));
    CHECK(find_diagnostic(lesson.diagnostics(), "question.answer: Invalid value: 2: the index of a choice, from 0 to 1"));
    const Diagnostic* name = find_diagnostic(lesson.diagnostics(), "metadata.name");
    REQUIRE(name);
    CHECK(name->where.line == 4);
  }
  SUBCASE("a console line that YAML reads as a mapping") {
    auto lesson = lab::load_lesson("t1", folder(one_step_lesson("{ok: true}", "kubectl exec a -- echo key: value")));
    REQUIRE_FALSE(lesson.ok());
    REQUIRE(find_diagnostic(lesson.diagnostics(), "spec.steps[0].solution[0]: expected a console line, got a mapping"));
  }
  SUBCASE("a corrupt file never crashes: binary junk, an empty file, a missing file") {
    CHECK_FALSE(lab::load_lesson("t1", {{"lesson.yaml", std::string("\x00\xff\xfe{[", 5)}}).ok());
    CHECK_FALSE(lab::load_lesson("t1", {{"lesson.yaml", ""}}).ok());
    auto missing = lab::load_lesson("t1", {});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().where.file == "t1/lesson.yaml");
  }
}

TEST_CASE("each check predicate passes on what holds and fails on what does not") {
  lab::Session session = lab_with_pods();
  const std::string a = pod_ip(session, "a"), b = pod_ip(session, "b"), c = pod_ip(session, "c");
  const lab::CommandResult ping_b = run_ok(session, "kubectl exec a -- ping -c 1 " + b);
  const lab::CommandResult ping_c = run_ok(session, "kubectl exec a -- ping -c 1 " + c);
  const lab::CommandResult failed = session.run("kubectl exec a -- ping -c 1 10.244.9.9");
  REQUIRE_FALSE(failed.ok);

  SUBCASE("command, ok, output") {
    CHECK(passes("{command: \"kubectl exec a -- ping\", ok: true}", ping_b, session));
    CHECK(passes("{command: \"k exec a\"}", ping_b, session));
    CHECK_FALSE(passes("{command: \"kubectl exec b\"}", ping_b, session));
    CHECK_FALSE(passes("{ok: true}", failed, session));
    CHECK(passes("{ok: false}", failed, session));
    CHECK(passes("{output: {contains: \"1 received\"}}", ping_b, session));
    CHECK_FALSE(passes("{output: {contains: \"0 received\"}}", ping_b, session));
    CHECK(passes("{output: {lacks: \"100% packet loss\"}}", ping_b, session));
    CHECK_FALSE(passes("{output: {lacks: \"0% packet loss\"}}", ping_b, session));
    CHECK(passes("{output: {matches: \"^64 bytes from 10\\\\.244\\\\.1\\\\.[0-9]+\"}}", ping_b, session));
    CHECK_FALSE(passes("{output: {matches: \"^64 bytes from 10\\\\.244\\\\.0\\\\.\"}}", ping_b, session));
    CHECK(passes("{output: [{contains: \"PING\"}, {lacks: \"unreachable\"}]}", ping_b, session));
    CHECK_FALSE(passes("{output: [{contains: \"PING\"}, {contains: \"unreachable\"}]}", ping_b, session));
  }
  SUBCASE("delivered") {
    CHECK(passes("{delivered: true}", ping_b, session));
    CHECK_FALSE(passes("{delivered: true}", failed, session));
    CHECK(passes("{delivered: false}", failed, session));
  }
  SUBCASE("trace: reaches, source, destination, through, action") {
    CHECK(passes("{trace: {reaches: {pod: b}}}", ping_b, session));
    CHECK(passes("{trace: {reaches: {pod: default/b}}}", ping_b, session));
    CHECK_FALSE(passes("{trace: {reaches: {pod: c}}}", ping_b, session));
    CHECK_FALSE(passes("{trace: {reaches: {node: node-2}}}", ping_b, session));
    CHECK(passes("{trace: {source: {pod: a}, destination: {pod: b}}}", ping_b, session));
    CHECK(passes("{trace: {source: " + a + ", destination: " + b + "}}", ping_b, session));
    CHECK_FALSE(passes("{trace: {source: {node: node-1}}}", ping_b, session));
    CHECK_FALSE(passes("{trace: {destination: {pod: c}}}", ping_b, session));
    CHECK(passes("{trace: {through: {node: node-1, device: flannel.1}}}", ping_b, session));
    CHECK(passes("{trace: {through: {device: cni0}}}", ping_c, session));
    CHECK_FALSE(passes("{trace: {through: {node: node-2}}}", ping_c, session));
    CHECK_FALSE(passes("{trace: {through: {node: node-1, device: tunl0}}}", ping_b, session));
    CHECK(passes("{trace: {action: encapsulate}}", ping_b, session));
    CHECK_FALSE(passes("{trace: {action: encapsulate}}", ping_c, session));
  }
  SUBCASE("trace: rule, on kube-proxy's DNAT") {
    run_ok(session, "kubectl expose pod b --port 80 --name web");
    const std::string cluster_ip = k8s::find_service(session.world(), "default", "web")->cluster_ip.to_string();
    const lab::CommandResult curl = run_ok(session, "kubectl exec c -- curl -s " + cluster_ip);
    CHECK(passes("{trace: {rule: {contains: \"DNAT\"}, reaches: {pod: b}}}", curl, session));
    CHECK(passes("{trace: {rule: [{contains: \"KUBE-SEP-\"}, {matches: \"--to-destination 10\\\\.244\\\\.\"}]}}", curl, session));
    CHECK_FALSE(passes("{trace: {rule: {contains: \"DNAT\"}}}", ping_b, session));
    CHECK_FALSE(passes("{trace: {rule: {contains: \"MASQUERADE\"}}}", curl, session));
  }
  SUBCASE("dns: query and rcode") {
    const lab::CommandResult found = session.run("kubectl exec c -- nslookup kubernetes");
    REQUIRE(found.ok);
    CHECK(passes("{dns: {query: {name: kubernetes.default.svc.cluster.local, rcode: NOERROR}, rcode: NOERROR}}", found, session));
    CHECK(passes("{dns: {query: {name: kubernetes.default.svc.cluster.local.}}}", found, session));
    CHECK_FALSE(passes("{dns: {rcode: NXDOMAIN}}", found, session));
    // BusyBox's nslookup tries every search domain: each query is NXDOMAIN.
    const lab::CommandResult searched = session.run("kubectl exec c -- nslookup nothing-here");
    CHECK(passes("{dns: {query: {name: nothing-here.svc.cluster.local, rcode: NXDOMAIN}}}", searched, session));
    CHECK_FALSE(passes("{dns: {query: {name: nothing-here.default.svc.cluster.local, rcode: NOERROR}}}", searched, session));
    CHECK_FALSE(passes("{dns: {query: {name: kubernetes.default.svc.cluster.local}}}", searched, session));
    const lab::CommandResult missing = session.run("kubectl exec c -- dig nothing-here.default.svc.cluster.local");
    CHECK(passes("{dns: {rcode: NXDOMAIN}}", missing, session));
    CHECK_FALSE(passes("{dns: {rcode: NOERROR}}", missing, session));
    CHECK_FALSE(passes("{dns: {rcode: NOERROR}}", ping_b, session));  // no lookup at all
  }
  SUBCASE("model: pod, route, service") {
    CHECK(passes("{model: {pod: {name: b, phase: Running, node: node-2}}}", ping_b, session));
    CHECK_FALSE(passes("{model: {pod: {name: b, node: node-1}}}", ping_b, session));
    CHECK_FALSE(passes("{model: {pod: {name: zz}}}", ping_b, session));
    CHECK_FALSE(passes("{model: {pod: {name: coredns, namespace: default}}}", ping_b, session));
    const NodeId node_2 = k8s::find_node(session.world(), "node-2");
    REQUIRE(node_2.valid());
    const std::string node_2_cidr = session.world().nodes.at(node_2).pod_cidr.to_string();
    CHECK(passes("{model: {route: {node: node-1, to: " + node_2_cidr + ", dev: flannel.1}}}", ping_b, session));
    CHECK_FALSE(passes("{model: {route: {node: node-1, to: " + node_2_cidr + ", dev: cni0}}}", ping_b, session));
    CHECK_FALSE(passes("{model: {route: {node: node-1, to: 10.99.0.0/24}}}", ping_b, session));
    CHECK_FALSE(passes("{model: {service: {name: web}}}", ping_b, session));
    run_ok(session, "kubectl expose pod b --port 80 --name web");
    CHECK(passes("{model: {service: {name: web, endpoints: 1}}}", ping_b, session));
    CHECK_FALSE(passes("{model: {service: {name: web, endpoints: 2}}}", ping_b, session));
  }
  SUBCASE("model: ip_unchanged compares with the IPs when the step began") {
    const lab::Check check = parse_check("{model: {pod: {name: b, ip_unchanged: true}}}");
    const lab::PodAddresses before = lab::pod_addresses(session.world());
    run_ok(session, "lab container restart b");
    CHECK(lab::model_passes(check, session.world(), before));
    run_ok(session, "kubectl delete pod b");
    apply_manifest(session, pod_manifest("c2", "node-2") + "---\n" + labelled_pod("b", "node-2", "nginx:1.27"));
    CHECK_FALSE(lab::model_passes(check, session.world(), before));
  }
}

TEST_CASE("a check with run works on a copy: the learner's lab does not change") {
  lab::Session session = lab_with_pods();
  const uint64_t fingerprint_before = fingerprint(session.world());
  const size_t history_before = session.history().size();
  const uint64_t revision_before = session.revision();
  lab::GoalState state;
  const lab::Check deleting = parse_check("{run: \"kubectl delete pod b\", ok: true, model: {service: {name: kubernetes}}}");
  lab::update_goal(deleting, state, session, nullptr, {});
  CHECK(state.met);
  CHECK(k8s::find_pod(session.world(), "default", "b").valid());
  const lab::Check gone = parse_check("{run: \"kubectl get pod b\", ok: false}");
  lab::update_goal(gone, state, session, nullptr, {});
  CHECK_FALSE(state.met);  // b is still there: getting it succeeds
  const lab::Check pinging = parse_check("{run: \"kubectl exec a -- ping -c 1 " + pod_ip(session, "b") + "\", trace: {reaches: {pod: b}}}");
  lab::update_goal(pinging, state, session, nullptr, {});
  CHECK(state.met);
  CHECK(fingerprint(session.world()) == fingerprint_before);
  CHECK(session.history().size() == history_before);
  CHECK(session.revision() == revision_before);
  CHECK(session.last_traces().empty());
}

namespace {

// Two steps: the first met by the learner pinging b from a, with a question; the second by a
// model fact (a Service with one endpoint).
std::string two_step_lesson() {
  return std::string(lesson_head) +
         "    - id: ping\n"
         "      text: {en: Ping b, vi: Ping b}\n"
         "      question:\n"
         "        prompt: {en: Source?, vi: Nguồn?}\n"
         "        choices: [{en: a, vi: a}, {en: node-1, vi: node-1}]\n"
         "        answer: 0\n"
         "        explain: {en: No NAT between pods., vi: Không có NAT giữa các pod.}\n"
         "      goals:\n"
         "        - text: {en: Ping b from a, vi: Ping b từ a}\n"
         "          check: {command: kubectl exec a, trace: {reaches: {pod: b}, source: {pod: a}}}\n"
         "      hints:\n"
         "        - {en: First hint, vi: Gợi ý một}\n"
         "        - {en: Second hint, vi: Gợi ý hai}\n"
         "      solution:\n"
         "        - kubectl exec a -- ping -c 1 10.244.1.3\n"
         "    - id: expose\n"
         "      text: {en: Expose b, vi: Expose b}\n"
         "      action:\n"
         "        - kubectl get pods\n"
         "      goals:\n"
         "        - text: {en: A Service web for b, vi: Service web cho b}\n"
         "          check: {model: {service: {name: web, endpoints: 1}}}\n"
         "      solution:\n"
         "        - kubectl expose pod b --port 80 --name web\n";
}

std::shared_ptr<const lab::Catalog> catalog_with(const std::string& lesson_yaml) {
  return std::make_shared<const lab::Catalog>(lab::make_catalog({{"t1/lesson.yaml", lesson_yaml}, {"t1/pods.yaml", pods_yaml()}}));
}

}  // namespace

TEST_CASE("lesson progress is console lines: next waits for the goals, and a replay restores the place") {
  const auto catalog = catalog_with(two_step_lesson());
  REQUIRE(catalog->problems.empty());
  lab::Session session;
  session.use_catalog(catalog);
  const lab::CommandResult started = run_ok(session, "lab lesson start t1");
  CHECK(contains(started.output, "Step 1/2: ping"));
  CHECK(contains(started.output, "[ ] Ping b from a"));
  REQUIRE(session.lesson());
  CHECK_FALSE(session.lesson()->goals[0].met);

  lab::CommandResult refused = session.run("lab lesson next");
  CHECK_FALSE(refused.ok);
  CHECK(contains(refused.output, "answer the question first"));
  CHECK(contains(run_ok(session, "lab lesson answer 2").output, "not quite; the answer is 1)"));
  refused = session.run("lab lesson next");
  CHECK_FALSE(refused.ok);
  CHECK(contains(refused.output, "[ ] Ping b from a"));
  CHECK(contains(run_ok(session, "lab lesson hint").output, "Hint 1/2: First hint"));

  session.run("kubectl exec b -- ping -c 1 " + pod_ip(session, "a"));  // the wrong direction
  CHECK_FALSE(session.lesson()->goals[0].met);
  run_ok(session, "kubectl exec a -- ping -c 1 " + pod_ip(session, "b"));
  CHECK(session.lesson()->goals[0].met);
  run_ok(session, "kubectl get pods");  // a met goal stays met for the rest of the step
  CHECK(session.lesson()->goals[0].met);

  lab::LessonsViewCache cache;
  const lab::LessonsView& before_next = cache.view(session);
  REQUIRE(before_next.lesson);
  CHECK(before_next.lesson->can_go_next);
  CHECK(before_next.lesson->hints.size() == 1);
  REQUIRE(before_next.lesson->question);
  CHECK(before_next.lesson->question->answered == 1);
  const lab::GoalView* goals_before = before_next.lesson->goals.data();
  CHECK(cache.view(session).lesson->goals.data() == goals_before);  // same revision: nothing rebuilt

  const lab::CommandResult next = run_ok(session, "lab lesson next");
  CHECK(contains(next.output, "$ kubectl get pods"));  // the step's action ran
  CHECK(session.lesson()->step == 1);
  CHECK_FALSE(session.lesson()->goals[0].met);
  run_ok(session, "kubectl expose pod b --port 80 --name web");
  CHECK(session.lesson()->goals[0].met);
  const lab::LessonsView& view = cache.view(session);
  REQUIRE(view.lesson);
  CHECK(view.lesson->step == 1);
  CHECK(view.lesson->step_id == "expose");
  CHECK(view.lesson->goals.size() == 1);
  CHECK(view.lesson->goals[0].met);
  CHECK(view.lesson->title.vi == "Tiêu đề");
  REQUIRE(view.lessons.size() == 1);
  CHECK(view.lessons[0].id == "t1");

  // A saved lab is its seed and its lines: replaying them gives the same place in the lesson.
  lab::Session replayed;
  replayed.use_catalog(catalog);
  for (const std::string& line : session.history()) replayed.run(line);
  REQUIRE(replayed.lesson());
  CHECK(replayed.lesson()->step == 1);
  CHECK(replayed.lesson()->goals[0].met);
  CHECK(fingerprint(replayed.world()) == fingerprint(session.world()));
  CHECK(session.history().front() == "lab lesson start t1");

  run_ok(session, "lab lesson back");
  CHECK(session.lesson()->step == 0);
  CHECK_FALSE(session.lesson()->answer);
  CHECK(session.lesson()->hints_revealed == 0);

  lab::Session vietnamese;
  vietnamese.use_catalog(catalog);
  vietnamese.set_language(lab::Language::Vietnamese);
  CHECK(contains(run_ok(vietnamese, "lab lesson start t1").output, "Bước 1/2: ping"));
}

TEST_CASE("lab cluster init restarts the history, except inside a lesson, whose start must replay") {
  const auto catalog = catalog_with(two_step_lesson());
  lab::Session session;
  session.use_catalog(catalog);
  run_ok(session, "lab lesson start t1");
  run_ok(session, "lab cluster init --nodes 2");
  REQUIRE(session.lesson());
  CHECK(session.history().front() == "lab lesson start t1");
  CHECK(session.history().size() == 2);
  lab::Session replayed;
  replayed.use_catalog(catalog);
  for (const std::string& line : session.history()) replayed.run(line);
  REQUIRE(replayed.lesson());
  CHECK(replayed.lesson()->lesson->id == "t1");
  CHECK(fingerprint(replayed.world()) == fingerprint(session.world()));

  lab::Session free_play;
  run_ok(free_play, "kubectl run a --image=nginx");
  run_ok(free_play, "lab cluster init --nodes 2");
  CHECK(free_play.history() == std::vector<std::string>{"lab cluster init --nodes 2"});
}

TEST_CASE("podlab lesson check: the shipped reference lesson passes; a goal met at the start fails") {
  const auto shipped = lab::shipped_catalog();
  INFO(joined(shipped->problems));
  CHECK(shipped->problems.empty());  // every folder built into the core loads
  const lab::Lesson* lesson = shipped->lesson("01-network-model");
  REQUIRE(lesson);
  const lab::FolderCheck check = lab::check_lesson_folder(lesson->id, lesson->files);
  INFO(joined(check.lines));
  CHECK(check.ok);

  const std::string already_met = one_step_lesson("{model: {pod: {name: a, phase: Running}}}", "kubectl get pods");
  const lab::FolderCheck bad = lab::check_lesson_folder("t1", folder(already_met));
  CHECK_FALSE(bad.ok);
  CHECK(std::any_of(bad.lines.begin(), bad.lines.end(),
                    [](const std::string& line) { return line.starts_with("FAIL step 1 s1: goal already met"); }));

  const std::string unreachable = one_step_lesson("{command: kubectl exec a, delivered: true}", "kubectl exec a -- ping -c 1 10.244.9.9");
  const lab::FolderCheck unmet = lab::check_lesson_folder("t1", folder(unreachable));
  CHECK_FALSE(unmet.ok);
  CHECK(std::any_of(unmet.lines.begin(), unmet.lines.end(),
                    [](const std::string& line) { return contains(line, "the solution does not meet: Goal"); }));
}

namespace {

const char* exercise_yaml =
    "apiVersion: podlab.dev/v1\n"
    "kind: Exercise\n"
    "metadata:\n"
    "  name: x1\n"
    "spec:\n"
    "  title: {en: Wrong selector, vi: Sai selector}\n"
    "  summary: {en: The Service finds no pods., vi: Service không tìm thấy pod nào.}\n"
    "  minutes: 10\n"
    "  timeLimitMinutes: 15\n"
    "  faultFinding: true\n"
    "  start:\n"
    "    - lab cluster init --nodes 2\n"
    "    - kubectl apply -f start.yaml\n"
    "  locked:\n"
    "    - {kind: Deployment, namespace: default, name: web}\n"
    "  tasks:\n"
    "    - id: endpoints\n"
    "      text: {en: Give the Service its endpoints, vi: Cho Service có endpoint}\n"
    "      points: 30\n"
    "      goals:\n"
    "        - text: {en: web has 2 endpoints, vi: web có 2 endpoint}\n"
    "          check: {model: {service: {name: web, endpoints: 2}}}\n"
    "      solution:\n"
    "        - kubectl delete service web\n"
    "        - kubectl expose deployment web --port 80\n"
    "    - id: curl\n"
    "      text: {en: Reach it by name, vi: Gọi nó theo tên}\n"
    "      points: 10\n"
    "      goals:\n"
    "        - text: {en: curl web from a pod, vi: curl web từ một pod}\n"
    "          check: {command: kubectl exec, ok: true, output: {contains: Welcome to nginx}}\n"
    "      hints:\n"
    "        - {en: Start a client pod, vi: Tạo một pod client}\n"
    "      solution:\n"
    "        - kubectl run client --image=busybox:1.36 -- sleep 3600\n"
    "        - kubectl exec client -- curl -s web\n";

const char* exercise_start_yaml =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: web\n"
    "spec:\n"
    "  replicas: 2\n"
    "  selector: {matchLabels: {app: web}}\n"
    "  template:\n"
    "    metadata: {labels: {app: web}}\n"
    "    spec:\n"
    "      containers:\n"
    "      - name: nginx\n"
    "        image: nginx:1.27\n"
    "        ports: [{containerPort: 80}]\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Service\n"
    "metadata:\n"
    "  name: web\n"
    "spec:\n"
    "  selector: {app: webb}\n"
    "  ports: [{port: 80}]\n";

std::shared_ptr<const lab::Catalog> exercise_catalog(const std::string& yaml = exercise_yaml) {
  return std::make_shared<const lab::Catalog>(
      lab::make_catalog({{"exercises/x1/exercise.yaml", yaml}, {"exercises/x1/start.yaml", exercise_start_yaml}}));
}

}  // namespace

TEST_CASE("an exercise: locked objects refuse changes, tasks score points, the report verifies") {
  const auto catalog = exercise_catalog();
  INFO(joined(catalog->problems));
  REQUIRE(catalog->exercise("x1"));
  lab::Session session(7);
  session.use_catalog(catalog);
  int64_t now = 1'800'000'000'000;
  session.set_wall_clock([&]() -> std::optional<int64_t> { return now; });
  const lab::CommandResult started = run_ok(session, "lab exercise start x1");
  CHECK(contains(started.output, "Locked (do not change): Deployment default/web"));
  CHECK(contains(run_ok(session, "lab exercise status").output, "Score: 0/40 (0%)"));

  SUBCASE("locked objects") {
    for (const char* line : {"kubectl delete deployment web", "kubectl scale deployment web --replicas=3",
                             "kubectl -n default delete deploy web"}) {
      const lab::CommandResult refused = session.run(line);
      INFO(line, "\n", refused.output);
      CHECK_FALSE(refused.ok);
      CHECK(contains(refused.output, "Error from server (Forbidden): deployments.apps \"web\" in namespace \"default\" is locked by exercise \"x1\""));
    }
    const WorkloadRecord* web = nullptr;
    for (const auto& workload : session.world().workloads)
      if (workload.name == "web" && workload.kind == WorkloadRecord::Kind::Deployment) web = &workload;
    REQUIRE(web);
    CHECK(web->replicas == 2);
    run_ok(session, "kubectl delete service web");  // not locked
    CHECK_FALSE(k8s::find_service(session.world(), "default", "web"));
    run_ok(session, "kubectl get deployment web");  // reading a locked object is fine
  }

  SUBCASE("scoring and the report") {
    run_ok(session, "kubectl delete service web");
    run_ok(session, "kubectl expose deployment web --port 80");
    CHECK(contains(run_ok(session, "lab exercise status").output, "Score: 30/40 (75%)"));
    run_ok(session, "kubectl run client --image=busybox:1.36 -- sleep 3600");
    run_ok(session, "kubectl exec client -- curl -s web");
    now += 125'000;
    const lab::LessonsView view = lab::make_lessons_view(session);
    REQUIRE(view.exercise);
    CHECK(view.exercise->percent == 100);
    CHECK(view.exercise->tasks[1].met);

    const lab::CommandResult submitted = run_ok(session, "lab exercise submit");
    const nlohmann::json report = nlohmann::json::parse(submitted.output);
    CHECK(report["exercise"]["id"] == "x1");
    CHECK(report["exercise"]["sha256"] == catalog->exercise("x1")->files_sha256);
    CHECK(report["seed"] == 7);
    CHECK(report["score"]["percent"] == 100);
    CHECK(report["lines"].front() == "lab exercise start x1");
    CHECK(report["lines"].back() == "kubectl exec client -- curl -s web");
    CHECK(report["startedAt"] == "2027-01-15T08:00:00Z");
    CHECK(report["elapsedSeconds"] == 125);
    CHECK(report["overTime"] == false);

    const lab::ReportVerdict genuine = lab::verify_exercise_report(submitted.output, catalog);
    INFO(joined(genuine.differences));
    CHECK(genuine.genuine);

    nlohmann::json score_raised = report;
    score_raised["score"]["earned"] = 40;
    score_raised["tasks"][0]["met"] = true;
    score_raised["lines"].erase(score_raised["lines"].begin() + 2);  // drop the fix, keep the claim
    const lab::ReportVerdict forged = lab::verify_exercise_report(score_raised.dump(), catalog);
    CHECK_FALSE(forged.genuine);
    CHECK(std::any_of(forged.differences.begin(), forged.differences.end(),
                      [](const std::string& difference) { return difference.starts_with("task endpoints:"); }));

    nlohmann::json line_changed = report;
    line_changed["lines"][3] = "kubectl expose deployment web --port 8080";
    const lab::ReportVerdict changed = lab::verify_exercise_report(line_changed.dump(), catalog);
    CHECK_FALSE(changed.genuine);
    CHECK(std::any_of(changed.differences.begin(), changed.differences.end(),
                      [](const std::string& difference) { return difference.starts_with("fingerprint:"); }));

    nlohmann::json percent_only = report;
    percent_only["score"]["percent"] = 99;
    CHECK_FALSE(lab::verify_exercise_report(percent_only.dump(), catalog).genuine);

    // The teacher's copy of the exercise differs from the student's.
    std::string edited = exercise_yaml;
    edited.replace(edited.find("points: 10"), 10, "points: 20");
    const lab::ReportVerdict other_files = lab::verify_exercise_report(submitted.output, exercise_catalog(edited));
    CHECK_FALSE(other_files.genuine);
    CHECK(contains(other_files.differences.front(), "the exercise's files differ"));

    CHECK_FALSE(lab::verify_exercise_report("{not json", catalog).genuine);
    CHECK_FALSE(lab::verify_exercise_report("[1, 2]", catalog).genuine);
    CHECK_FALSE(lab::verify_exercise_report("{\"kind\": 3, \"exercise\": \"x1\"}", catalog).genuine);
  }
}

TEST_CASE("an exercise replayed with the clock values it read keeps its times, score and report") {
  const auto catalog = exercise_catalog();
  lab::Session first(7);
  first.use_catalog(catalog);
  int64_t now = 1'800'000'000'000;
  first.set_wall_clock([&]() -> std::optional<int64_t> { return now; });
  run_ok(first, "lab exercise start x1");
  now += 60'000;
  run_ok(first, "kubectl delete service web");
  run_ok(first, "kubectl expose deployment web --port 80");
  run_ok(first, "lab exercise status");
  now += 65'000;
  const nlohmann::json report = nlohmann::json::parse(run_ok(first, "lab exercise submit").output);
  // Only the lines that read the clock carry a time: the start, the status and the submit.
  const auto& clock = first.history_clock();
  REQUIRE(clock.size() == first.history().size());
  CHECK(clock[0] == 1'800'000'000'000);
  CHECK_FALSE(clock[1]);
  CHECK(clock[3] == 1'800'000'060'000);
  CHECK(clock[4] == 1'800'000'125'000);
  REQUIRE(first.exercise());
  CHECK(first.exercise()->submitted);

  // A reload an hour later: the host's clock has moved on, the replay feeds back the times read.
  lab::Session again(7);
  again.use_catalog(catalog);
  again.set_wall_clock([&]() -> std::optional<int64_t> { return now + 3'600'000; });
  for (size_t i = 0; i < first.history().size(); ++i) again.replay(first.history()[i], clock[i]);
  REQUIRE(again.exercise());
  CHECK(again.exercise()->started_unix_ms == 1'800'000'000'000);
  CHECK(again.exercise()->submitted);
  CHECK(again.exercise()->submitted_unix_ms == 1'800'000'125'000);
  CHECK(again.history_clock() == clock);
  CHECK(fingerprint(again.world()) == fingerprint(first.world()));
  // Submitted: the status shows the time taken up to the submission, not up to now.
  CHECK(contains(run_ok(again, "lab exercise status").output, "Time: 2:05"));
  // The report made before the reload still verifies, and one made after says the same.
  const lab::ReportVerdict verdict = lab::verify_exercise_report(report.dump(), catalog);
  INFO(joined(verdict.differences));
  CHECK(verdict.genuine);
  std::vector<std::string> lines = again.history();
  lines.pop_back();  // the status line above
  const nlohmann::json after = lab::exercise_report(again, {lines.begin(), lines.end() - 1}, again.exercise()->submitted_unix_ms);
  CHECK(after == report);

  // Replayed without the times (an older saved lab), the start reads the host's clock: the exercise
  // would start again, which is what the recorded times prevent.
  lab::Session unpinned(7);
  unpinned.use_catalog(catalog);
  unpinned.set_wall_clock([&]() -> std::optional<int64_t> { return now + 3'600'000; });
  unpinned.run("lab exercise start x1");
  CHECK(unpinned.exercise()->started_unix_ms == now + 3'600'000);
}

TEST_CASE("a new cluster or a rebuilt datapath drops the last traffic, whose hops name devices that are gone") {
  lab::Session session;
  run_ok(session, "node node-1 -- ping -c 1 192.168.56.12");
  REQUIRE_FALSE(session.last_traces().empty());
  uint64_t traffic = session.traffic_revision();
  run_ok(session, "lab datapath calico-ipip");
  CHECK(session.last_traces().empty());
  CHECK(session.traffic_revision() > traffic);
  CHECK_FALSE(session.run("lab step").ok);  // nothing left to follow

  run_ok(session, "node node-1 -- ping -c 1 192.168.56.12");
  REQUIRE_FALSE(session.last_traces().empty());
  traffic = session.traffic_revision();
  run_ok(session, "lab cluster init --nodes 2");
  CHECK(session.last_traces().empty());
  CHECK(session.traffic_revision() > traffic);
  CHECK(session.history().size() == 1);
  CHECK(session.history_clock().size() == 1);
}

TEST_CASE("podlab exercise check runs the start, each task's solution and the report") {
  const lab::FolderCheck check =
      lab::check_exercise_folder("x1", {{"exercise.yaml", exercise_yaml}, {"start.yaml", exercise_start_yaml}});
  INFO(joined(check.lines));
  CHECK(check.ok);
  CHECK(std::find(check.lines.begin(), check.lines.end(), "ok   the submitted report verifies") != check.lines.end());
  CHECK(std::find(check.lines.begin(), check.lines.end(), "ok   locked Deployment web exists at the start") != check.lines.end());

  std::string misnamed_lock = exercise_yaml;
  misnamed_lock.replace(misnamed_lock.find("name: web}"), 10, "name: webz}");
  const lab::FolderCheck bad = lab::check_exercise_folder("x1", {{"exercise.yaml", misnamed_lock}, {"start.yaml", exercise_start_yaml}});
  CHECK_FALSE(bad.ok);
  CHECK(std::any_of(bad.lines.begin(), bad.lines.end(), [](const std::string& line) {
    return line.starts_with("FAIL locked Deployment webz does not exist at the start");
  }));
}

TEST_CASE("a goal that asks the learner to fetch the page is met by the learner's own fetch, not by the fix alone") {
  lab::Session session(1);
  run_ok(session, "lab exercise start e2-wrong-selector");
  auto reach_by_name = [&] {
    const lab::LessonsView view = lab::make_lessons_view(session);
    REQUIRE(view.exercise);
    REQUIRE(view.exercise->tasks.size() == 2);
    return view.exercise->tasks[1].met;
  };
  session.run("kubectl exec client -- curl -s web");  // before the fix: refused, so no page
  CHECK_FALSE(reach_by_name());
  run_ok(session, "kubectl label pods web-1 web-2 tier=frontend --overwrite");
  CHECK(lab::make_lessons_view(session).exercise->tasks[0].met);
  CHECK_FALSE(reach_by_name());  // the Service works now, but nobody fetched the page through it
  const PodRecord* web = session.world().pods.get(k8s::find_pod(session.world(), "default", "web-1"));
  REQUIRE(web);
  run_ok(session, "kubectl exec client -- curl -s " + web->ip.to_string());  // the page, but not by the Service's name
  CHECK_FALSE(reach_by_name());
  run_ok(session, "kubectl exec client -- curl -s web");
  CHECK(reach_by_name());
}

TEST_CASE("lesson text in the console is plain: the Markdown marks are gone, lists and code blocks kept") {
  CHECK(lab::plain_text("Some **strong** and *soft* words with `kubectl get pods`.\nSame paragraph.\n\n- one\n- two `b`\n") ==
        "Some strong and soft words with kubectl get pods. Same paragraph.\n- one\n- two b\n");
  CHECK(lab::plain_text("Run:\n\n```\nkubectl get pods\n```\nAfter.") == "Run:\n\n    kubectl get pods\n\nAfter.\n");
  CHECK(lab::plain_text("one two three four", 9) == "one two\nthree\nfour\n");
  CHECK(lab::plain_text("- a list item that wraps", 12) == "- a list\n  item that\n  wraps\n");
  CHECK(lab::plain_text("a * b and 2*3") == "a * b and 2*3\n");  // a lone mark stays
  lab::Session session(1);
  const lab::CommandResult step = run_ok(session, "lab lesson start 01-network-model");
  CHECK_FALSE(contains(step.output, "`"));
  CHECK_FALSE(contains(step.output, "**"));
  CHECK(contains(step.output, "  - every pod can reach every other pod, on its node or any other, without NAT;"));
}
