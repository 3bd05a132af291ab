// CNI as the runtime runs it (facts sheet §2.1–2.3): host-local IPAM (first address .2, gateway .1
// on cni0, round robin, release, requested addresses, exhaustion), the ADD result in the spec's
// shape, and CHECK against the pod's real interfaces and routes.
#include <doctest/doctest.h>

#include "core/k8s/cni.h"
#include "tests/core/lab_fixtures.h"

using namespace podlab;
using namespace podlab::testing;

namespace {

NodeId node_id(const lab::Session& session, const std::string& name) {
  NodeId found;
  session.world().nodes.for_each([&](NodeId id, const Node& node) {
    if (node.name == name) found = id;
  });
  REQUIRE(found.valid());
  return found;
}

Ipv4Address address(const char* text) { return *Ipv4Address::parse(text); }

}  // namespace

TEST_CASE("host-local: the first pod on a node without CoreDNS gets .2, the bridge cni0 holds the gateway .1") {
  lab::Session session;
  apply_manifest(session, pod_manifest("a", "node-3"));
  CHECK(pod_ip(session, "a") == "10.244.2.2");
  CHECK(contains(run_ok(session, "node node-3 -- ip addr").output, "inet 10.244.2.1/24 brd 10.244.2.255 scope global cni0"));
  const std::string routes = run_ok(session, "kubectl exec a -- ip route").output;
  CHECK(contains(routes, "default via 10.244.2.1 dev eth0"));
  CHECK(contains(routes, "10.244.2.0/24 dev eth0 proto kernel scope link src 10.244.2.2"));
  CHECK(contains(run_ok(session, "kubectl exec a -- ip addr").output, "inet 10.244.2.2/24 brd 10.244.2.255 scope global eth0"));
  // The control-plane node has the first podCIDR (and, from kubeadm, a CoreDNS pod).
  apply_manifest(session, pod_manifest("cp", "node-1"));
  CHECK(pod_ip(session, "cp") == "10.244.0.3");  // .2 is a CoreDNS pod's
}

TEST_CASE("host-local allocates round robin: a freed address is not reused until the range wraps") {
  lab::Session session;
  apply_manifest(session, pod_manifest("a", "node-3"));
  CHECK(pod_ip(session, "a") == "10.244.2.2");
  run_ok(session, "kubectl delete pod a");
  // Released on delete …
  CHECK(session.world().nodes.at(node_id(session, "node-3")).ipam.allocated.empty());
  // … but the next pod gets .3, the address after the last reserved one.
  apply_manifest(session, pod_manifest("b", "node-3"));
  CHECK(pod_ip(session, "b") == "10.244.2.3");
  apply_manifest(session, pod_manifest("c", "node-3"));
  CHECK(pod_ip(session, "c") == "10.244.2.4");
}

TEST_CASE("host-local on its own: range defaults, wrap-around, requested addresses, exhaustion, release") {
  HostLocalRange range = k8s::host_local_range(*Ipv4Cidr::parse("10.244.7.0/24"));
  CHECK(range.gateway == address("10.244.7.1"));
  CHECK(range.range_start == address("10.244.7.2"));
  CHECK(range.range_end == address("10.244.7.254"));

  auto first = k8s::host_local_allocate(range, "c1", std::nullopt);
  REQUIRE(first.ok());
  CHECK(*first == address("10.244.7.2"));

  // A requested address (CNI_ARGS IP=…) is honoured when free and in range.
  auto requested = k8s::host_local_allocate(range, "c2", address("10.244.7.100"));
  REQUIRE(requested.ok());
  CHECK(*requested == address("10.244.7.100"));
  CHECK_FALSE(k8s::host_local_allocate(range, "c3", address("10.244.7.100")).ok());  // taken
  CHECK_FALSE(k8s::host_local_allocate(range, "c3", address("10.244.7.1")).ok());    // the gateway
  CHECK_FALSE(k8s::host_local_allocate(range, "c3", address("10.244.7.255")).ok());  // broadcast
  CHECK_FALSE(k8s::host_local_allocate(range, "c3", address("10.244.8.5")).ok());    // another subnet

  // Round robin resumes after the last reserved address (.100).
  auto next = k8s::host_local_allocate(range, "c3", std::nullopt);
  REQUIRE(next.ok());
  CHECK(*next == address("10.244.7.101"));

  // Fill the range: the network, gateway and broadcast addresses are never handed out.
  std::vector<Ipv4Address> all;
  for (int i = 0; i < 250; ++i) {
    auto ip = k8s::host_local_allocate(range, "fill" + std::to_string(i), std::nullopt);
    REQUIRE(ip.ok());
    CHECK(*ip != range.gateway);
    CHECK(*ip != range.subnet.network());
    CHECK(*ip != range.subnet.broadcast());
    all.push_back(*ip);
  }
  CHECK(all.front() == address("10.244.7.102"));
  CHECK(all.back() == address("10.244.7.99"));  // wrapped around past .254 to .2's neighbours
  auto exhausted = k8s::host_local_allocate(range, "one-too-many", std::nullopt);
  REQUIRE_FALSE(exhausted.ok());
  CHECK(contains(exhausted.error().message, "no IP addresses available in range set: 10.244.7.2-10.244.7.254"));

  // Release frees exactly the container's address.
  k8s::host_local_release(range, "c2");
  auto again = k8s::host_local_allocate(range, "c4", std::nullopt);
  REQUIRE(again.ok());
  CHECK(*again == address("10.244.7.100"));
}

TEST_CASE("an exhausted node range leaves the pod in ContainerCreating with the CNI error") {
  lab::Session session;
  // A node whose range holds two addresses, as `rangeEnd` would make it.
  session.world().nodes.at(node_id(session, "node-3")).ipam.range_end = address("10.244.2.3");
  apply_manifest(session, pod_manifest("a", "node-3") + "---\n" + pod_manifest("b", "node-3") + "---\n" +
                              pod_manifest("c", "node-3"));
  CHECK(pod_ip(session, "b") == "10.244.2.3");
  const PodRecord& c = pod_record(session, "c");
  CHECK(c.ip.is_unspecified());
  CHECK(c.phase == PodPhase::Pending);
  CHECK(contains(c.status_message, "no IP addresses available in range set: 10.244.2.2-10.244.2.3"));
  CHECK(contains(run_ok(session, "kubectl get pods").output, "ContainerCreating"));
  CHECK(contains(run_ok(session, "kubectl describe pod c").output, "no IP addresses available"));
  CHECK_FALSE(session.run("kubectl exec c -- ip addr").ok);
  // The failed ADD was cleaned up: no half-made veth on the node, no address held.
  CHECK(session.world().nodes.at(node_id(session, "node-3")).ipam.allocated.size() == 2);
  CHECK_FALSE(c.eth0.valid());
}

TEST_CASE("kubectl get pods -o json reports the IP the CNI plugin gave") {
  lab::Session session;
  apply_manifest(session, pod_manifest("a", "node-2") + "---\n" + pod_manifest("b", "node-3"));
  const nlohmann::json list = nlohmann::json::parse(run_ok(session, "kubectl get pods -o json").output);
  REQUIRE(list["items"].size() == 2);
  for (const auto& item : list["items"]) {
    const std::string name = item["metadata"]["name"];
    CHECK(item["status"]["podIP"] == pod_ip(session, name));
    CHECK(item["status"]["podIPs"][0]["ip"] == pod_ip(session, name));
    CHECK(item["status"]["phase"] == "Running");
  }
  const nlohmann::json one = nlohmann::json::parse(run_ok(session, "kubectl get pod b -o json").output);
  CHECK(one["status"]["podIP"] == "10.244.2.2");
  CHECK(one["status"]["hostIP"] == node_ip(session, "node-3"));
}

TEST_CASE("the bridge plugin's ADD result has cni0, the veth and eth0 in the sandbox, per the CNI spec") {
  lab::Session session;
  apply_manifest(session, pod_manifest("a", "node-3"));
  const PodRecord& pod = pod_record(session, "a");
  const nlohmann::json& result = pod.cni_result;
  INFO(result.dump(2));
  REQUIRE(result["interfaces"].size() == 3);
  CHECK(result["interfaces"][0]["name"] == "cni0");
  CHECK_FALSE(result["interfaces"][0].contains("sandbox"));  // host-side interfaces have none
  CHECK(result["interfaces"][1]["name"].get<std::string>().starts_with("veth"));
  CHECK_FALSE(result["interfaces"][1].contains("sandbox"));
  CHECK(result["interfaces"][2]["name"] == "eth0");
  const std::string netns_name = session.world().namespaces_net.at(pod.netns).name;
  CHECK(netns_name.starts_with("cni-"));
  CHECK(result["interfaces"][2]["sandbox"] == "/var/run/netns/" + netns_name);
  CHECK(result["interfaces"][2]["mac"] == session.world().devices.at(pod.eth0).mac.to_string());
  REQUIRE(result["ips"].size() == 1);
  CHECK(result["ips"][0]["address"] == "10.244.2.2/24");
  CHECK(result["ips"][0]["gateway"] == "10.244.2.1");
  CHECK(result["ips"][0]["interface"] == 2);  // index of eth0 in interfaces
  CHECK(result.contains("cniVersion"));
  // The veth in the result is the host end in the node's namespace, enslaved to cni0.
  const std::string host_veth = result["interfaces"][1]["name"];
  CHECK(contains(run_ok(session, "node node-3 -- ip link").output, host_veth + "@if"));
  CHECK(contains(run_ok(session, "node node-3 -- ip link").output, "master cni0"));
}

TEST_CASE("calico's ADD result: the cali host end and eth0 with a /32, no bridge") {
  lab::Session session;
  run_ok(session, "lab datapath calico-ipip");
  apply_manifest(session, pod_manifest("a", "node-3"));
  const nlohmann::json& result = pod_record(session, "a").cni_result;
  REQUIRE(result["interfaces"].size() == 2);
  CHECK(result["interfaces"][0]["name"].get<std::string>().starts_with("cali"));
  CHECK(result["interfaces"][0]["mac"] == "ee:ee:ee:ee:ee:ee");
  CHECK(result["interfaces"][1]["name"] == "eth0");
  CHECK(result["ips"][0]["address"] == "10.244.2.2/32");
  CHECK(result["ips"][0]["interface"] == 1);
  CHECK_FALSE(contains(run_ok(session, "node node-3 -- ip link").output, "cni0"));
}

TEST_CASE("CNI CHECK passes on a healthy pod and fails once its route is gone") {
  lab::Session session;
  apply_manifest(session, pod_manifest("a", "node-2"));
  const PodId id = k8s::find_pod(session.world(), "default", "a");
  CHECK(k8s::cni_check(session.world(), id).ok());
  Netns& netns = session.world().namespaces_net.at(session.world().pods.at(id).netns);
  std::erase_if(netns.routes, [](const Route& route) { return route.destination.prefix_length == 0; });
  auto checked = k8s::cni_check(session.world(), id);
  REQUIRE_FALSE(checked.ok());
  CHECK(contains(checked.error().message, "0.0.0.0/0"));
  // And with eth0's address gone.
  lab::Session other;
  apply_manifest(other, pod_manifest("a", "node-2"));
  const PodId other_id = k8s::find_pod(other.world(), "default", "a");
  other.world().devices.at(other.world().pods.at(other_id).eth0).addresses.clear();
  CHECK_FALSE(k8s::cni_check(other.world(), other_id).ok());
}

TEST_CASE("each node's conflist names its datapath's plugins") {
  lab::Session session;
  const NodeId node = node_id(session, "node-2");
  auto file = k8s::cni_config_for(session.world(), node);
  CHECK(file.path == "/etc/cni/net.d/10-flannel.conflist");
  CHECK(file.config["name"] == "cbr0");
  CHECK(file.config["plugins"][0]["type"] == "flannel");
  CHECK(file.config["plugins"][1]["type"] == "portmap");
  run_ok(session, "lab datapath calico-ipip");
  file = k8s::cni_config_for(session.world(), node);
  CHECK(file.path == "/etc/cni/net.d/10-calico.conflist");
  CHECK(file.config["plugins"][0]["type"] == "calico");
}
