// The object inspector shows, under each console command, exactly what that command prints in the
// lab, without running it in the learner's session; it is rebuilt only when the lab or the
// selection changes.
#include <doctest/doctest.h>

#include "tests/core/lab_fixtures.h"
#include "web/app/object_inspector.h"

using namespace podlab;
using namespace podlab::testing;
using namespace podlab::web;

namespace {

const InspectorSection& section(const ObjectInspector& inspector, const std::string& command) {
  for (const InspectorSection& found : inspector.sections)
    if (found.command == command) return found;
  FAIL("no section ", command);
  return inspector.sections.front();
}

ObjectInspector inspect(const lab::Session& session, const Selection& selection) {
  ObjectInspector inspector;
  inspector.selection = selection;
  refresh_object_inspector(inspector, session, layout_topology(session.world()), {});
  return inspector;
}

}  // namespace

TEST_CASE("a pod's inspector: its facts, and its ip addr, routes, resolv.conf and CNI result as the console prints them") {
  lab::Session session(1);
  apply_manifest(session, pod_manifest("a1", "node-2"));
  lab::Session twin = session;  // the same lab, to run the lines for real
  const size_t history = session.history().size();
  const uint64_t revision = session.revision();

  const ObjectInspector inspector = inspect(session, {SelectionKind::Pod, "default", "a1"});
  CHECK(inspector.title == "Pod default/a1");
  REQUIRE(inspector.facts.size() == 4);
  CHECK(inspector.facts[0].label == Text::FactIp);
  CHECK(inspector.facts[0].value == pod_ip(session, "a1"));
  CHECK(inspector.facts[1].value == "node-2");
  CHECK(inspector.facts[2].label == Text::FactPauseContainer);
  CHECK(inspector.facts[2].value == pod_record(session, "a1").sandbox_id.substr(0, 13));
  CHECK(inspector.facts[3].value == "main (busybox)");

  const std::vector<std::string> commands = {"kubectl get pod a1 -o wide", "lab cni result a1", "kubectl exec a1 -- ip addr",
                                             "kubectl exec a1 -- ip route", "kubectl exec a1 -- cat /etc/resolv.conf"};
  REQUIRE(inspector.sections.size() == commands.size());
  for (size_t i = 0; i < commands.size(); ++i) {
    CHECK(inspector.sections[i].command == commands[i]);
    const lab::CommandResult real = twin.run(commands[i]);
    CHECK(inspector.sections[i].ok == real.ok);
    CHECK(inspector.sections[i].output == real.output);
  }
  CHECK(contains(section(inspector, "kubectl exec a1 -- cat /etc/resolv.conf").output, "options ndots:5"));
  CHECK(contains(section(inspector, "lab cni result a1").output, "\"cniVersion\": \"1.0.0\""));
  CHECK(session.history().size() == history);  // nothing entered the learner's console
  CHECK(session.revision() == revision);
}

TEST_CASE("a pod outside default is named with -n, as a learner would type it") {
  lab::Session session(1);
  std::string coredns;
  session.world().pods.for_each([&](PodId, const PodRecord& pod) {
    if (coredns.empty() && pod.pod.metadata.name.starts_with("coredns-")) coredns = pod.pod.metadata.name;
  });
  const ObjectInspector inspector = inspect(session, {SelectionKind::Pod, "kube-system", coredns});
  CHECK(section(inspector, "kubectl exec -n kube-system " + coredns + " -- ip route").ok);
  CHECK(section(inspector, "lab cni result " + coredns + " -n kube-system").ok);
}

TEST_CASE("a node's inspector: ip route, ip neigh, bridge fdb and iptables-save -t nat") {
  lab::Session session(1);
  const ObjectInspector inspector = inspect(session, {SelectionKind::Node, "", "node-1"});
  CHECK(inspector.title == "Node node-1");
  CHECK(inspector.facts[0].value == "192.168.56.11");
  REQUIRE(inspector.sections.size() == 4);
  CHECK(section(inspector, "node node-1 -- ip route").output == session.run_on_copy({"node node-1 -- ip route"})[0].output);
  CHECK(contains(section(inspector, "node node-1 -- ip route").output, "dev flannel.1 onlink"));
  CHECK(section(inspector, "node node-1 -- ip neigh").ok);
  CHECK(section(inspector, "node node-1 -- bridge fdb").ok);
  const std::string& nat = section(inspector, "node node-1 -- iptables-save -t nat").output;
  CHECK(nat.starts_with("*nat\n"));
  CHECK(contains(nat, "-A KUBE-SERVICES"));
}

TEST_CASE("a Service's inspector: the Service, its EndpointSlices, and its KUBE-SVC chains with their KUBE-SEP chains") {
  lab::Session session(1);
  const ObjectInspector inspector = inspect(session, {SelectionKind::Service, "kube-system", "kube-dns"});
  CHECK(inspector.title == "Service kube-system/kube-dns");
  CHECK(inspector.facts[1].value == "10.96.0.10");
  CHECK(inspector.facts[2].value == "53/UDP, 53/TCP, 9153/TCP");
  CHECK(contains(section(inspector, "kubectl get service -n kube-system kube-dns").output, "10.96.0.10"));
  const std::string& slices =
      section(inspector, "kubectl get endpointslices -n kube-system -l kubernetes.io/service-name=kube-dns").output;
  CHECK(contains(slices, "10.244.0.2,10.244.1.2"));
  size_t svc = 0, sep = 0;
  bool dnat_to_coredns = false;
  for (const InspectorSection& found : inspector.sections) {
    if (contains(found.command, "node node-1 -- iptables -t nat -S KUBE-SVC-")) ++svc;
    if (contains(found.command, "node node-1 -- iptables -t nat -S KUBE-SEP-")) {
      ++sep;
      CHECK(found.ok);
      dnat_to_coredns |= contains(found.output, "-j DNAT --to-destination 10.244.0.2:53");
    }
  }
  CHECK(svc == 3);  // one per port
  CHECK(sep == 6);  // one per port and endpoint
  CHECK(dnat_to_coredns);
}

TEST_CASE("the inspector is rebuilt when the lab or the selection changes, and follows a deleted object") {
  lab::Session session(1);
  apply_manifest(session, pod_manifest("a1", "node-2"));
  ObjectInspector inspector;
  inspector.selection = {SelectionKind::Pod, "default", "a1"};
  refresh_object_inspector(inspector, session, layout_topology(session.world()), {});
  REQUIRE(inspector.highlight.found);
  inspector.sections.front().output = "kept";
  refresh_object_inspector(inspector, session, layout_topology(session.world()), {});
  CHECK(inspector.sections.front().output == "kept");  // same revision, same selection: not run again

  run_ok(session, "kubectl delete pod a1");
  refresh_object_inspector(inspector, session, layout_topology(session.world()), {});
  CHECK_FALSE(inspector.highlight.found);
  CHECK(inspector.sections.empty());

  inspector.selection = {SelectionKind::Node, "", "node-2"};
  refresh_object_inspector(inspector, session, layout_topology(session.world()), {});
  CHECK(inspector.highlight.found);
  CHECK(inspector.sections.size() == 4);
}
