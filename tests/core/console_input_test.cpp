// What a console line may carry besides its words: a here-document as the command's input, and
// kubectl run's --labels, as a learner types them in a shell.
#include <doctest/doctest.h>

#include "core/k8s/validation.h"
#include "tests/core/lab_fixtures.h"

using namespace podlab;
using namespace podlab::testing;

TEST_CASE("a here-document is the command's input, without its marker and terminator") {
  lab::Session session(1);
  const lab::CommandResult result =
      run_ok(session, "kubectl apply -f - <<EOF\n" + pod_manifest("here", "node-2") + "EOF");
  CHECK(result.command == "kubectl apply -f - <<EOF");
  CHECK(result.output == "pod/here created\n");
  CHECK(pod_record(session, "here").pod.spec.node_name == "node-2");
  // Quoted and dash forms, and a terminator the learner forgot.
  run_ok(session, "kubectl apply -f - <<'END'\n" + pod_manifest("quoted", "node-3") + "END\n");
  run_ok(session, "kubectl apply -f - <<-EOF\n" + pod_manifest("unterminated", "node-3"));
  CHECK(pod_record(session, "unterminated").pod.spec.node_name == "node-3");
}

TEST_CASE("a here-document with nothing in it is refused and changes nothing") {
  lab::Session session(1);
  const size_t pods = session.world().pods.size();
  const lab::CommandResult result = session.run("kubectl apply -f - <<EOF\nEOF");
  CHECK_FALSE(result.ok);
  CHECK(result.output.find("no objects passed to apply") != std::string::npos);
  CHECK(session.world().pods.size() == pods);
}

TEST_CASE("kubectl run --labels replaces run=NAME; a bad label is refused with its reason") {
  lab::Session session(1);
  run_ok(session, "kubectl run web --image=nginx --port=80 --labels=app=web,tier=front");
  const auto& labels = pod_record(session, "web").pod.metadata.labels;
  CHECK(labels == std::map<std::string, std::string>{{"app", "web"}, {"tier", "front"}});
  run_ok(session, "kubectl run plain --image=busybox");
  CHECK(pod_record(session, "plain").pod.metadata.labels.at("run") == "plain");
  const lab::CommandResult bad = session.run("kubectl run other --image=nginx -l app");
  CHECK_FALSE(bad.ok);
  CHECK(bad.output == "error: invalid label spec: \"app\" is not key=value\n");
  CHECK_FALSE(k8s::find_pod(session.world(), "default", "other").valid());
}

TEST_CASE("label lists: key=value pairs with the API's rules for keys and values") {
  std::map<std::string, std::string> labels;
  CHECK_FALSE(k8s::parse_label_list("app=web, app.kubernetes.io/part-of=shop", labels));
  CHECK(labels.size() == 2);
  CHECK(labels.at("app.kubernetes.io/part-of") == "shop");
  CHECK(*k8s::parse_label_list("app", labels) == "\"app\" is not key=value");
  CHECK(k8s::parse_label_list("my app=web", labels)->starts_with("key \"my app\": name part must consist"));
  CHECK(k8s::parse_label_list("app=web!", labels)->starts_with("value \"web!\": a valid label must be"));
  CHECK(*k8s::parse_label_list("app=a,app=b", labels) == "key \"app\" is given twice");
  CHECK(*k8s::parse_label_list("", labels) == "\"\" is not key=value");
}
