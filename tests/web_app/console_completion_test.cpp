// Tab in the console completes like a shell: commands, kubectl verbs and kinds, and the names of
// the live lab's objects in the namespace the line names.
#include <doctest/doctest.h>

#include "tests/core/lab_fixtures.h"
#include "web/app/console_completion.h"

using namespace podlab;
using namespace podlab::testing;
using namespace podlab::web;

namespace {

std::string coredns_prefix(const World& world) {
  std::string name;
  world.pods.for_each([&](PodId, const PodRecord& pod) {
    if (name.empty() && pod.pod.metadata.name.starts_with("coredns-")) name = pod.pod.metadata.name;
  });
  return name.substr(0, name.rfind('-') + 1);  // "coredns-6854bd8b94-": the ReplicaSet's pods share it
}

}  // namespace

TEST_CASE("one fitting word is inserted with a space; several insert what they share and are listed") {
  lab::Session session(1);
  apply_manifest(session, pod_manifest("client", "node-3") + "---\n" + pod_manifest("cache", "node-2"));
  const World& world = session.world();

  CHECK(complete_console_line(world, "kub").text == "kubectl ");
  CHECK(complete_console_line(world, "kubectl exe").text == "kubectl exec ");
  CHECK(complete_console_line(world, "kubectl ex").candidates == std::vector<std::string>{"exec", "expose"});
  const Completion verbs = complete_console_line(world, "kubectl e");
  CHECK(verbs.text == "kubectl e");
  CHECK(verbs.candidates == std::vector<std::string>{"edit", "exec", "expose"});
  CHECK(candidates_line(verbs.candidates) == "edit  exec  expose");

  CHECK(complete_console_line(world, "kubectl exec cl").text == "kubectl exec client ");
  const Completion pods = complete_console_line(world, "kubectl exec c");
  CHECK(pods.text == "kubectl exec c");
  CHECK(pods.candidates == std::vector<std::string>{"cache", "client"});
  CHECK(complete_console_line(world, "kubectl exec client ").text == "kubectl exec client -- ");
  CHECK(complete_console_line(world, "kubectl exec client -- nsl").text == "kubectl exec client -- nslookup ");
  CHECK(complete_console_line(world, "kubectl exec client -- ip r").text == "kubectl exec client -- ip route ");
}

TEST_CASE("names come from the namespace the line names, for every kind") {
  lab::Session session(1);
  const World& world = session.world();
  CHECK(complete_console_line(world, "kubectl get svc ku").text == "kubectl get svc kubernetes ");
  CHECK(complete_console_line(world, "kubectl -n kube-system get svc ku").text == "kubectl -n kube-system get svc kube-dns ");
  CHECK(complete_console_line(world, "kubectl get deploy -n kube-system co").text == "kubectl get deploy -n kube-system coredns ");
  CHECK(complete_console_line(world, "kubectl get cm -n kube-system coredns").text == "kubectl get cm -n kube-system coredns ");
  CHECK(complete_console_line(world, "kubectl get pods -n kube-").text == "kubectl get pods -n kube-");
  CHECK(complete_console_line(world, "kubectl get pods -n kube-s").text == "kubectl get pods -n kube-system ");
  CHECK(complete_console_line(world, "kubectl exec -n kube-system c").text == "kubectl exec -n kube-system " + coredns_prefix(world));
  CHECK(complete_console_line(world, "kubectl get end").candidates == std::vector<std::string>{"endpoints", "endpointslices"});
  CHECK(complete_console_line(world, "kubectl describe svc/ku").text == "kubectl describe svc/kubernetes ");
  CHECK(complete_console_line(world, "kubectl exec web").candidates.empty());  // no such pod: nothing to add
}

TEST_CASE("node names, the tools after --, and lab's own words") {
  lab::Session session(1);
  const World& world = session.world();
  CHECK(complete_console_line(world, "node ").candidates == std::vector<std::string>{"node-1", "node-2", "node-3"});
  CHECK(complete_console_line(world, "node node-").text == "node node-");
  CHECK(complete_console_line(world, "node node-2 ").text == "node node-2 -- ");
  CHECK(complete_console_line(world, "node node-2 -- iptables-s").text == "node node-2 -- iptables-save ");
  CHECK(complete_console_line(world, "node node-2 -- bridge ").text == "node node-2 -- bridge fdb ");
  CHECK(complete_console_line(world, "lab d").text == "lab datapath ");
  CHECK(complete_console_line(world, "lab datapath c").text == "lab datapath calico-ipip ");
  CHECK(complete_console_line(world, "lab cni r").text == "lab cni result ");
  CHECK(complete_console_line(world, "lab node delete node-3").text == "lab node delete node-3 ");
  CHECK(complete_console_line(world, "").candidates == std::vector<std::string>{"help", "kubectl", "lab", "node"});
  CHECK(complete_console_line(world, "frobnicate x").text == "frobnicate x");
}
