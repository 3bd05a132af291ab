// `lab export` prints the lab's objects as one manifest; applied to a fresh lab it gives the same
// objects. And the history a lab is replayed from: every line with its outcome, started again by
// `lab reset` and `lab cluster init`.
#include <doctest/doctest.h>

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
  // Standalone pods keep their names and nodes; a Deployment's pods are its controller's to name.
  text += run_ok(session, "kubectl get pods -A -l run -o wide").output;
  return text;
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
  CHECK(run_ok(fresh, "lab export").output == manifest);
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
