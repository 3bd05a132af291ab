// The console as a learner meets it: mistakes answered with ok=false and a message (never a
// crash, never half of a manifest applied), determinism of a replay (same seed, same lines, same
// outputs and JSON), and the API views of nodes and Deployments.
#include <doctest/doctest.h>

#include <regex>
#include <set>

#include "tests/core/lab_fixtures.h"

using namespace podlab;
using namespace podlab::testing;

namespace {

void check_fails(lab::Session& session, const std::string& line, const std::string& message) {
  const lab::CommandResult result = session.run(line);
  INFO(line, "\n", result.output);
  CHECK_FALSE(result.ok);
  CHECK(contains(result.output, message));
}

// The learner's pods: the default namespace (kube-system holds kubeadm's CoreDNS pods).
size_t pod_count(const lab::Session& session) {
  size_t count = 0;
  session.world().pods.for_each([&](PodId, const PodRecord& pod) { count += pod.pod.metadata.namespace_name == "default"; });
  return count;
}

const char* deployment =
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 4\n  selector:\n"
    "    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n"
    "      containers:\n      - name: nginx\n        image: nginx\n";

std::vector<std::string> replay_lines() {
  return {"kubectl apply -f -\n" + std::string(deployment),
          "kubectl run client --image=busybox",
          "kubectl get pods -o wide",
          "kubectl exec client -- ping -c 2 10.244.1.3",
          "kubectl exec client -- curl -s 10.244.1.3",
          "kubectl exec client -- traceroute -n 10.244.2.2",
          "lab datapath calico-ipip",
          "kubectl exec client -- ping -c 1 10.244.1.4",
          "kubectl get pods -o json",
          "node node-2 -- ip route",
          "lab run"};
}

std::vector<std::string> pod_names(const lab::Session& session) {
  std::vector<std::string> names;
  session.world().pods.for_each([&](PodId, const PodRecord& pod) {
    if (pod.pod.metadata.namespace_name == "default") names.push_back(pod.pod.metadata.name);
  });
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("console mistakes fail with a message and change nothing") {
  lab::Session session;
  apply_manifest(session, pod_manifest("a", "node-2"));
  check_fails(session, "frobnicate", "frobnicate: command not found");
  check_fails(session, "kubectl frob", "error: unknown command \"frob\" for \"kubectl\"");
  check_fails(session, "kubectl get pods --bogus", "error: unknown flag: --bogus");
  check_fails(session, "kubectl get pods -n", "error: flag needs an argument: -n");
  check_fails(session, "kubectl get pods -o xml", "unable to match a printer");
  check_fails(session, "kubectl get widgets", "the server doesn't have a resource type \"widgets\"");
  check_fails(session, "kubectl run x", "required flag(s) \"image\" not set");
  check_fails(session, "kubectl run a --image=nginx", "pods \"a\" already exists");
  check_fails(session, "kubectl exec nope -- ping -c 1 10.244.1.2", "pods \"nope\" not found");
  check_fails(session, "kubectl exec a", "you must specify at least one command");
  check_fails(session, "kubectl exec a -- frob", "executable file not found");
  check_fails(session, "kubectl exec a -- ping -c 0 10.244.1.2", "out of range");
  check_fails(session, "kubectl exec a -- ping", "Destination address required");
  check_fails(session, "kubectl delete pod nope", "pods \"nope\" not found");
  check_fails(session, "kubectl get pod nope", "pods \"nope\" not found");
  check_fails(session, "kubectl describe pod nope", "pods \"nope\" not found");
  check_fails(session, "kubectl apply -f missing.yaml", "the path \"missing.yaml\" does not exist");
  check_fails(session, "kubectl apply -f -", "no objects passed to apply");
  check_fails(session, "node node-9 -- ip route", "nodes \"node-9\" not found");
  check_fails(session, "node node-1 ip route", "usage: node NODE -- COMMAND");
  check_fails(session, "lab frob", "unknown lab command \"frob\"");
  check_fails(session, "lab datapath weave", "unknown datapath \"weave\"");
  check_fails(session, "lab route add node-1", "usage");
  check_fails(session, "lab route add node-1 10.244.9.0/24 dev nosuch", "Cannot find device \"nosuch\"");
  check_fails(session, "lab route add node-1 10.244.9.0/33 dev eth0", "any valid prefix is expected");
  check_fails(session, "lab route delete node-1 10.244.9.0/24 dev eth0", "No such process");
  check_fails(session, "lab route add node-1 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink", "File exists");
  check_fails(session, "lab tunnel add t --from node-1", "--from NODE --to NODE");
  check_fails(session, "lab tunnel add t --from node-1 --to node-1", "two different nodes");
  check_fails(session, "lab tunnel add averyverylongname --from node-1 --to node-2", "IFNAMSIZ");
  check_fails(session, "lab container restart nope", "pods \"nope\" not found");
  check_fails(session, "lab node delete node-9", "not found");
  check_fails(session, "kubectl get pods \"unterminated", "error:");
  // Nothing above changed the lab.
  CHECK(pod_count(session) == 1);
  CHECK(run_ok(session, "lab datapath").output == "flannel-vxlan\n");
  CHECK(session.run("kubectl exec a -- ping -c 1 " + pod_ip(session, "a")).ok);
}

TEST_CASE("a bad manifest is reported with line:column and nothing of it is applied") {
  lab::Session session;
  const std::string good = pod_manifest("good", "node-3");
  SUBCASE("YAML syntax error in the second document") {
    const lab::CommandResult result = session.run("kubectl apply -f -\n" + good + "---\n" + pod_manifest("bad", "node-3") +
                                                  "    ports: [80\n");
    CHECK_FALSE(result.ok);
    INFO(result.output);
    CHECK(std::regex_search(result.output, std::regex("STDIN:[0-9]+:[0-9]+: ")));
  }
  SUBCASE("an invalid name in the second document") {
    const lab::CommandResult result = session.run("kubectl apply -f -\n" + good + "---\n" + pod_manifest("Bad_Name", "node-3"));
    CHECK_FALSE(result.ok);
    INFO(result.output);
    CHECK(contains(result.output, "STDIN:14:9: metadata.name: Invalid value: \"Bad_Name\""));
  }
  SUBCASE("an unknown kind in the second document") {
    const lab::CommandResult result =
        session.run("kubectl apply -f -\n" + good + "---\napiVersion: v1\nkind: Widget\nmetadata:\n  name: w\n");
    CHECK_FALSE(result.ok);
    CHECK(std::regex_search(result.output, std::regex("STDIN:[0-9]+:[0-9]+: ")));
  }
  CHECK(pod_count(session) == 0);
  CHECK(contains(run_ok(session, "kubectl get pods").output, "No resources found"));
  CHECK(session.world().nodes.at(session.world().nodes.ids()[2]).ipam.allocated.empty());
}

TEST_CASE("the same lines with the same seed give the same outputs and the same JSON") {
  lab::Session first(7);
  lab::Session second(7);
  for (const std::string& line : replay_lines()) {
    const lab::CommandResult a = first.run(line);
    const lab::CommandResult b = second.run(line);
    CAPTURE(line);
    CHECK(a.ok == b.ok);
    CHECK(a.output == b.output);
    CHECK(a.to_json(first.world()).dump() == b.to_json(second.world()).dump());
  }
  CHECK(pod_names(first) == pod_names(second));
}

TEST_CASE("a different seed gives a Deployment's pods different names") {
  lab::Session one(1);
  lab::Session two(2);
  run_ok(one, "kubectl apply -f -\n" + std::string(deployment));
  run_ok(two, "kubectl apply -f -\n" + std::string(deployment));
  const auto names_one = pod_names(one);
  const auto names_two = pod_names(two);
  REQUIRE(names_one.size() == 4);
  REQUIRE(names_two.size() == 4);
  CHECK(names_one != names_two);
  // The pod-template-hash depends on the template only, not on the seed.
  CHECK(names_one[0].substr(0, names_one[0].rfind('-')) == names_two[0].substr(0, names_two[0].rfind('-')));
}

TEST_CASE("a Deployment's pods are named <deployment>-<pod-template-hash>-<5 chars> and avoid the control plane") {
  lab::Session session;
  run_ok(session, "kubectl apply -f -\n" + std::string(deployment));
  const std::regex name("web-([bcdfghjklmnpqrstvwxz2456789]{1,10})-[bcdfghjklmnpqrstvwxz2456789]{5}");
  std::set<std::string> hashes, nodes;
  session.world().pods.for_each([&](PodId, const PodRecord& pod) {
    if (pod.pod.metadata.namespace_name != "default") return;
    std::smatch match;
    CAPTURE(pod.pod.metadata.name);
    CHECK(std::regex_match(pod.pod.metadata.name, match, name));
    hashes.insert(match[1]);
    CHECK(pod.pod.metadata.labels.at("pod-template-hash") == std::string(match[1]));
    nodes.insert(session.world().nodes.at(pod.node).name);
  });
  CHECK(hashes.size() == 1);
  CHECK(nodes == std::set<std::string>{"node-2", "node-3"});  // spread, and not on tainted node-1
  const std::string replicasets = run_ok(session, "kubectl get rs").output;
  CHECK(contains(replicasets, "web-" + *hashes.begin()));
  CHECK(contains(run_ok(session, "kubectl get deploy").output, "4/4"));
}

TEST_CASE("kubectl get nodes -o json lists InternalIP addresses and podCIDRs") {
  lab::Session session;
  const nlohmann::json list = nlohmann::json::parse(run_ok(session, "kubectl get nodes -o json").output);
  REQUIRE(list["items"].size() == 3);
  std::set<std::string> cidrs;
  for (const auto& node : list["items"]) {
    const std::string name = node["metadata"]["name"];
    bool internal = false;
    for (const auto& entry : node["status"]["addresses"])
      if (entry["type"] == "InternalIP") {
        internal = true;
        CHECK(entry["address"] == node_ip(session, name));
      }
    CHECK(internal);
    cidrs.insert(node["spec"]["podCIDR"].get<std::string>());
  }
  CHECK(cidrs == std::set<std::string>{"10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24"});
  const nlohmann::json one = nlohmann::json::parse(run_ok(session, "kubectl get node node-1 -o json").output);
  CHECK(one["metadata"]["labels"].contains("node-role.kubernetes.io/control-plane"));
}

TEST_CASE("lines run on a copy print what they would print here and leave the lab, its history and revision alone") {
  lab::Session session(1);
  apply_manifest(session, pod_manifest("a1", "node-2"));
  const uint64_t revision = session.revision();
  const size_t history = session.history().size();
  const auto results = session.run_on_copy({"kubectl exec a1 -- ip route", "node node-2 -- iptables-save -t nat",
                                            "kubectl exec a1 -- ping -c 1 10.96.0.1", "kubectl delete pod a1"});
  REQUIRE(results.size() == 4);
  CHECK(results[0].output == session.run("kubectl exec a1 -- ip route").output);
  CHECK(results[1].output.find("-A KUBE-SERVICES") != std::string::npos);
  CHECK(results[3].output == "pod \"a1\" deleted\n");
  CHECK(session.revision() == revision + 1);  // only the ip route run here
  CHECK(session.history().size() == history + 1);
  CHECK(session.last_traces().empty());  // the copy's ping left no traffic here
  CHECK(k8s::find_pod(session.world(), "default", "a1").valid());
}
