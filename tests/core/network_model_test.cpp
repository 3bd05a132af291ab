// The Kubernetes network model's three rules (facts sheet §1), checked in every datapath the lab
// offers: every pod reaches every pod on every node, the receiver sees the sender's pod IP (no
// NAT), and the agents of a node reach every pod on that node.
#include <doctest/doctest.h>

#include "core/k8s/cluster.h"
#include "tests/core/lab_fixtures.h"

using namespace podlab;
using namespace podlab::testing;

namespace {

// Pings every pod from every pod and checks the reply and what the receiver saw.
void check_pod_to_pod(lab::Session& session, const std::vector<std::string>& pods) {
  for (const std::string& from : pods) {
    for (const std::string& to : pods) {
      const std::string to_ip = pod_ip(session, to);
      const std::string line = "kubectl exec " + from + " -- ping -c 1 " + to_ip;
      const lab::CommandResult result = session.run(line);
      INFO(line, "\n", result.output);
      CHECK(result.ok);
      CHECK(contains(result.output, "1 packets transmitted, 1 received"));
      const nlohmann::json trace = trace_json(session, result);
      CHECK(trace["delivered"] == true);
      REQUIRE(trace["received"].is_object());
      CHECK(trace["received"]["src_ip"] == pod_ip(session, from));  // no NAT between pods
      CHECK(trace["received"]["dst_ip"] == to_ip);
      REQUIRE(trace.contains("reply"));
      CHECK(trace["reply"]["delivered"] == true);
      CHECK(trace["reply"]["received"]["src_ip"] == to_ip);
    }
  }
}

// From each node's own namespace (where the kubelet runs), every pod on that node answers.
void check_node_agents(lab::Session& session, const std::vector<std::string>& pods) {
  for (const std::string& pod : pods) {
    const std::string node = session.world().nodes.at(pod_record(session, pod).node).name;
    const std::string line = "node " + node + " -- ping -c 1 " + pod_ip(session, pod);
    const lab::CommandResult result = session.run(line);
    INFO(line, "\n", result.output);
    CHECK(result.ok);
    CHECK(contains(result.output, "1 received"));
    const nlohmann::json trace = trace_json(session, result);
    CHECK(trace["delivered"] == true);
  }
}

std::string pod_cidr(const lab::Session& session, const std::string& node) {
  std::string cidr;
  session.world().nodes.for_each([&](NodeId, const Node& n) {
    if (n.name == node) cidr = n.pod_cidr.to_string();
  });
  return cidr;
}

}  // namespace

TEST_CASE("the network model holds with flannel VXLAN (the default datapath)") {
  lab::Session session;
  CHECK(run_ok(session, "lab datapath").output == "flannel-vxlan\n");
  const auto pods = two_pods_per_node(session);
  check_pod_to_pod(session, pods);
  check_node_agents(session, pods);
}

TEST_CASE("the network model holds with calico IPIP") {
  lab::Session session;
  run_ok(session, "lab datapath calico-ipip");
  const auto pods = two_pods_per_node(session);
  check_pod_to_pod(session, pods);
  check_node_agents(session, pods);
}

TEST_CASE("the network model holds with plain routes (routed)") {
  lab::Session session;
  run_ok(session, "lab datapath routed");
  const auto pods = two_pods_per_node(session);
  check_pod_to_pod(session, pods);
  check_node_agents(session, pods);
}

TEST_CASE("pods created before a datapath switch keep their IPs and still follow the model") {
  lab::Session session;
  const auto pods = two_pods_per_node(session);
  std::vector<std::string> before;
  for (const auto& pod : pods) before.push_back(pod_ip(session, pod));
  run_ok(session, "lab datapath calico-ipip");
  for (size_t i = 0; i < pods.size(); ++i) CHECK(pod_ip(session, pods[i]) == before[i]);
  check_pod_to_pod(session, pods);
  check_node_agents(session, pods);
}

TEST_CASE("manual datapath: cross-node traffic fails until the learner builds IPIP tunnels and routes both ways") {
  lab::Session session;
  run_ok(session, "lab datapath manual");
  const auto pods = two_pods_per_node(session);

  // Same node works without any help: the bridge joins the pods.
  CHECK(session.run("kubectl exec p2a -- ping -c 1 " + pod_ip(session, "p2b")).ok);
  // Across nodes there is no route: the node's default route sends it to the node network's
  // gateway, which knows nothing of pod addresses.
  const lab::CommandResult before = session.run("kubectl exec p2a -- ping -c 1 " + pod_ip(session, "p3a"));
  CHECK_FALSE(before.ok);
  CHECK(contains(before.output, "0 received"));

  const std::vector<std::pair<std::string, std::string>> pairs = {{"1", "2"}, {"1", "3"}, {"2", "3"}};
  for (const auto& [a, b] : pairs) {
    const std::string tunnel = "t" + a + b;
    const std::string node_a = "node-" + a, node_b = "node-" + b;
    run_ok(session, "lab tunnel add " + tunnel + " --from " + node_a + " --to " + node_b);
    run_ok(session, "lab route add " + node_a + " " + pod_cidr(session, node_b) + " dev " + tunnel);
    // One direction only: requests arrive, replies have no way back.
    if (a == "1" && b == "2") {
      const lab::CommandResult one_way = session.run("kubectl exec p1a -- ping -c 1 " + pod_ip(session, "p2a"));
      CHECK_FALSE(one_way.ok);
      const nlohmann::json trace = trace_json(session, one_way);
      CHECK(trace["delivered"] == true);
      REQUIRE(trace.contains("reply"));
      CHECK(trace["reply"]["delivered"] == false);
    }
    run_ok(session, "lab route add " + node_b + " " + pod_cidr(session, node_a) + " dev " + tunnel);
  }
  check_pod_to_pod(session, pods);
  check_node_agents(session, pods);

  // The hand-made tunnel is IPIP between the two node IPs.
  const lab::CommandResult result = run_ok(session, "kubectl exec p1a -- ping -c 1 " + pod_ip(session, "p2a"));
  const auto encapsulated = hops_with(trace_json(session, result), "encapsulate");
  REQUIRE(encapsulated.size() == 1);
  CHECK(encapsulated[0]["device"] == "t12");
  CHECK(encapsulated[0]["encap"]["type"] == "ipip");
  CHECK(encapsulated[0]["encap"]["outer_src"] == node_ip(session, "node-1"));
  CHECK(encapsulated[0]["encap"]["outer_dst"] == node_ip(session, "node-2"));
}

TEST_CASE("a hostNetwork pod is the node's namespace: node IP, no eth0 of its own, reaches pods everywhere") {
  lab::Session session;
  const auto pods = two_pods_per_node(session);
  apply_manifest(session,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\nspec:\n  nodeName: node-2\n  hostNetwork: true\n"
        "  containers:\n  - name: agent\n    image: busybox\n");
  const PodRecord& agent = pod_record(session, "agent");
  CHECK(agent.ip.to_string() == node_ip(session, "node-2"));
  CHECK_FALSE(agent.eth0.valid());
  CHECK(agent.netns == session.world().nodes.at(agent.node).host_netns);
  CHECK(run_ok(session, "kubectl exec agent -- hostname -i").output == node_ip(session, "node-2") + " \n");
  // `ip addr` in it is the node's: eth0 with the node IP, cni0, flannel.1.
  const std::string addresses = run_ok(session, "kubectl exec agent -- ip addr").output;
  CHECK(contains(addresses, "inet " + node_ip(session, "node-2") + "/24"));
  CHECK(contains(addresses, "flannel.1"));
  for (const std::string& pod : pods) {
    const lab::CommandResult result = session.run("kubectl exec agent -- ping -c 1 " + pod_ip(session, pod));
    INFO(pod, "\n", result.output);
    CHECK(result.ok);
  }
  // A pod pinging it sees the reply from the node's IP.
  const lab::CommandResult reply = run_ok(session, "kubectl exec p3a -- ping -c 1 " + node_ip(session, "node-2"));
  CHECK(contains(reply.output, "from " + node_ip(session, "node-2")));
}
