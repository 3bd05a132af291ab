// `lab export` prints the lab's objects as one manifest; applied to a fresh lab it gives the same
// objects. And the history a lab is replayed from: every line with its outcome, started again by
// `lab reset` and `lab cluster init`.
#include <doctest/doctest.h>

#include <set>

#include "tests/core/lab_fixtures.h"

using namespace podlab;
using namespace podlab::testing;

namespace {

// What a learner compares: the listings kubectl prints (names, nodes, IPs, ClusterIPs, ports).
std::string objects_seen(lab::Session& session) {
  std::string text;
  for (const char* line : {"kubectl get nodes -o wide", "kubectl get namespaces", "kubectl get deployments -A",
                           "kubectl get services -A", "kubectl get configmaps -A", "lab cluster"})
    text += run_ok(session, line).output;
  // Standalone pods keep their names and nodes (their IPs, like a Deployment's pods, are given
  // when they start again).
  std::set<std::string> pods;
  session.world().pods.for_each([&](PodId, const PodRecord& pod) {
    if (pod.pod.metadata.owner_references.empty())
      pods.insert(pod.pod.metadata.namespace_name + "/" + pod.pod.metadata.name + " on " + session.world().nodes.at(pod.node).name);
  });
  for (const std::string& pod : pods) text += pod + "\n";
  return text;
}

// The manifest without what the API server and the kubelet assign anew when objects are created
// again: uids, container ids, pod IPs.
std::string without_assigned_fields(const std::string& manifest) {
  std::string kept;
  size_t start = 0;
  while (start < manifest.size()) {
    const size_t end = manifest.find('\n', start);
    const std::string line = manifest.substr(start, end - start);
    start = end == std::string::npos ? manifest.size() : end + 1;
    const size_t indent = line.find_first_not_of(" -");
    const std::string field = indent == std::string::npos ? "" : line.substr(indent);
    if (field.starts_with("uid: ") || field.starts_with("containerID: ") || field.starts_with("podIP: ") ||
        field.starts_with("ip: 10.244."))
      continue;
    kept += line + "\n";
  }
  return kept;
}

}  // namespace

TEST_CASE("lab export applies back to a fresh lab as the same objects") {
  lab::Session built(7);
  run_ok(built, "lab node add node-4 --label zone=b");
  run_ok(built, "lab datapath calico-ipip");
  run_ok(built, "kubectl create namespace shop");
  run_ok(built, "kubectl create deployment web --image=nginx --replicas=2 -n shop");
  run_ok(built, "kubectl expose deployment web --port 80 -n shop");
  run_ok(built, "kubectl run client --image=busybox");
  run_ok(built, "kubectl run db --image=postgres --port 5432 -n shop");
  const std::string manifest = run_ok(built, "lab export").output;
  CHECK(manifest.rfind("apiVersion: podlab.dev/v1\nkind: Cluster\n", 0) == 0);
  CHECK(manifest.find("\n---\napiVersion: apps/v1\nkind: Deployment\n") != std::string::npos);
  CHECK(manifest.find("kind: ReplicaSet") == std::string::npos);  // the Deployment's, made again by it

  lab::Session fresh(7);
  const lab::CommandResult applied = run_ok(fresh, "kubectl apply -f -\n" + manifest);
  CHECK(applied.output.find("cluster.podlab.dev/podlab configured") != std::string::npos);
  CHECK(objects_seen(fresh) == objects_seen(built));
  CHECK(without_assigned_fields(run_ok(fresh, "lab export").output) == without_assigned_fields(manifest));
}

TEST_CASE("the history holds every line with its outcome; reset and cluster init start it again") {
  lab::Session session;
  session.run("kubectl run web --image=nginx");
  session.run("kubectl get pods nothing-here");
  REQUIRE(session.history().size() == 2);
  CHECK(session.history_ok() == std::vector<bool>{true, false});

  session.run("lab cluster init --nodes 2");
  CHECK(session.history() == std::vector<std::string>{"lab cluster init --nodes 2"});
  CHECK(session.history_ok() == std::vector<bool>{true});
  session.run("lab cluster init --nodes 0");  // refused: the cluster and its history stay
  CHECK(session.history().size() == 2);
  CHECK(session.history_ok() == std::vector<bool>{true, false});

  session.run("lab reset");
  CHECK(session.history().empty());
  CHECK(session.history_ok().empty());
}
