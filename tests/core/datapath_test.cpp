// What each datapath does to a packet, as the trace shows it (facts sheet §2.5–2.7): flannel's
// VXLAN (UDP 8472, VNI 1, between the node IPs), calico's IPIP on tunl0, plain routes via the node
// IP on eth0; traffic inside a node stays inside it; TTLs; MTUs; what a missing route does.
#include <doctest/doctest.h>

#include "tests/core/lab_fixtures.h"

using namespace podlab;
using namespace podlab::testing;

namespace {

// a1, a2 on node-1 (the control plane), b1 on node-2.
void three_pods(lab::Session& session) {
  apply_manifest(session, pod_manifest("a1", "node-1") + "---\n" + pod_manifest("a2", "node-1") + "---\n" +
                              pod_manifest("b1", "node-2"));
}

// Hops of the trace on a node's host eth0 (the wire), whatever the action.
size_t hops_on_host_eth0(const nlohmann::json& trace) {
  size_t count = 0;
  for (const auto& hop : trace["hops"]) count += hop["netns"] == "host" && hop["device"] == "eth0";
  return count;
}

}  // namespace

TEST_CASE("flannel wraps cross-node pod traffic in VXLAN: UDP 8472, VNI 1, node IP to node IP, on flannel.1") {
  lab::Session session;
  three_pods(session);
  const lab::CommandResult result = run_ok(session, "kubectl exec a1 -- ping -c 1 " + pod_ip(session, "b1"));
  const nlohmann::json trace = trace_json(session, result);
  const auto wrapped = hops_with(trace, "encapsulate");
  REQUIRE(wrapped.size() == 1);
  CHECK(wrapped[0]["node"] == "node-1");
  CHECK(wrapped[0]["device"] == "flannel.1");
  const nlohmann::json& encap = wrapped[0]["encap"];
  CHECK(encap["type"] == "vxlan");
  CHECK(encap["udp_dst_port"] == 8472);
  CHECK(encap["vni"] == 1);
  CHECK(encap["outer_src"] == node_ip(session, "node-1"));
  CHECK(encap["outer_dst"] == node_ip(session, "node-2"));
  const auto unwrapped = hops_with(trace, "decapsulate");
  REQUIRE(unwrapped.size() == 1);
  CHECK(unwrapped[0]["node"] == "node-2");
  CHECK(unwrapped[0]["device"] == "flannel.1");
  // The route that chose flannel.1 is flannel's: via the remote podCIDR's network address, onlink.
  bool routed = false;
  for (const auto& hop : hops_with(trace, "route"))
    routed |= hop["detail"] == "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink";
  CHECK(routed);
  // On the wire between the nodes the frame is still wrapped.
  for (const auto& hop : trace["hops"])
    if (hop["netns"] == "host" && hop["device"] == "eth0" && hop["action"] == "transmit") CHECK(encap == hop["encap"]);
  CHECK(trace["received"]["src_ip"] == pod_ip(session, "a1"));
}

TEST_CASE("calico wraps cross-node pod traffic in IPIP (protocol 4) on tunl0, between the node IPs") {
  lab::Session session;
  run_ok(session, "lab datapath calico-ipip");
  three_pods(session);
  const lab::CommandResult result = run_ok(session, "kubectl exec a1 -- ping -c 1 " + pod_ip(session, "b1"));
  const nlohmann::json trace = trace_json(session, result);
  const auto wrapped = hops_with(trace, "encapsulate");
  REQUIRE(wrapped.size() == 1);
  CHECK(wrapped[0]["device"] == "tunl0");
  CHECK(wrapped[0]["encap"]["type"] == "ipip");
  CHECK(contains(wrapped[0]["detail"].get<std::string>(), "protocol 4"));
  CHECK(wrapped[0]["encap"]["outer_dst"] == node_ip(session, "node-2"));
  // The kernel picks the outer source before it builds the header: it is never 0.0.0.0.
  CHECK(wrapped[0]["encap"]["outer_src"] == node_ip(session, "node-1"));
  for (const auto& hop : trace["hops"])
    if (hop["device"] == "eth0" && hop["netns"] == "host" && hop["action"] == "transmit") {
      CHECK(hop["encap"]["type"] == "ipip");
      CHECK(hop["encap"]["outer_src"] == node_ip(session, "node-1"));
    }
  const auto unwrapped = hops_with(trace, "decapsulate");
  REQUIRE(unwrapped.size() == 1);
  CHECK(unwrapped[0]["node"] == "node-2");
  CHECK(unwrapped[0]["device"] == "tunl0");
  // Calico's pod wiring: default via 169.254.1.1, answered by proxy ARP with ee:ee:ee:ee:ee:ee.
  const std::string routes = run_ok(session, "kubectl exec a1 -- ip route").output;
  CHECK(contains(routes, "default via 169.254.1.1 dev eth0"));
  CHECK(contains(run_ok(session, "kubectl exec a1 -- ip neigh").output, "169.254.1.1 dev eth0 lladdr ee:ee:ee:ee:ee:ee"));
  CHECK(contains(run_ok(session, "node node-1 -- ip route").output, "10.244.1.0/24 via " + node_ip(session, "node-2") + " dev tunl0"));
}

TEST_CASE("calico gives tunl0 the first address of the node's block: a traceroute's middle hop, a node's source") {
  lab::Session session;
  run_ok(session, "lab datapath calico-ipip");
  three_pods(session);
  // node-1's block is 10.244.0.0/24, node-2's 10.244.1.0/24: tunl0 holds .0 of each (Calico IPAM's ordinal 0).
  CHECK(contains(run_ok(session, "node node-1 -- ip addr show tunl0").output, "inet 10.244.0.0/32"));
  CHECK(contains(run_ok(session, "node node-2 -- ip addr show tunl0").output, "inet 10.244.1.0/32"));
  const std::string b1 = pod_ip(session, "b1");
  const std::string hops = run_ok(session, "kubectl exec a1 -- traceroute -n " + b1).output;
  CHECK(contains(hops, "\n 2  10.244.1.0  "));   // node-2's tunl0: the packet left the tunnel there
  CHECK(contains(hops, "\n 3  " + b1 + "  "));
  // A node reaching a remote pod speaks from its tunl0 address, the route's preferred source.
  const lab::CommandResult from_node = run_ok(session, "node node-1 -- ping -c 1 " + b1);
  CHECK(trace_json(session, from_node)["received"]["src_ip"] == "10.244.0.0");
}

TEST_CASE("routed mode has no encapsulation: remote podCIDRs via the node IP on eth0") {
  lab::Session session;
  run_ok(session, "lab datapath routed");
  three_pods(session);
  const std::string routes = run_ok(session, "node node-1 -- ip route").output;
  CHECK(contains(routes, "10.244.1.0/24 via " + node_ip(session, "node-2") + " dev eth0"));
  CHECK(contains(routes, "10.244.2.0/24 via " + node_ip(session, "node-3") + " dev eth0"));
  CHECK_FALSE(contains(run_ok(session, "node node-1 -- ip link").output, "flannel.1"));
  const lab::CommandResult result = run_ok(session, "kubectl exec a1 -- ping -c 1 " + pod_ip(session, "b1"));
  const nlohmann::json trace = trace_json(session, result);
  CHECK(hops_with(trace, "encapsulate").empty());
  CHECK(hops_with(trace, "decapsulate").empty());
  for (const auto& hop : trace["hops"]) CHECK(hop["encap"].is_null());
  CHECK(hops_on_host_eth0(trace) > 0);
  CHECK(contains(result.output, "ttl=62"));
}

TEST_CASE("pod to pod on one node never leaves the node, in every datapath") {
  for (const std::string datapath : {"flannel-vxlan", "calico-ipip", "routed", "manual"}) {
    CAPTURE(datapath);
    lab::Session session;
    run_ok(session, "lab datapath " + datapath);
    three_pods(session);
    const lab::CommandResult result = run_ok(session, "kubectl exec a1 -- ping -c 1 " + pod_ip(session, "a2"));
    const nlohmann::json trace = trace_json(session, result);
    CHECK(trace["delivered"] == true);
    CHECK(hops_on_host_eth0(trace) == 0);
    CHECK(hops_on_host_eth0(trace["reply"]) == 0);
    CHECK(hops_with(trace, "encapsulate").empty());
    for (const auto& hop : trace["hops"]) CHECK(hop["node"] == "node-1");
    // A bridge joins the pods at L2; calico has no bridge, so the host routes between the cali
    // devices and forwards once.
    CHECK(contains(result.output, datapath == "calico-ipip" ? "ttl=63" : "ttl=64"));
  }
}

TEST_CASE("the ARP exchange teaches the bridge both MACs: the first ping is forwarded by the fdb, not flooded") {
  lab::Session session;
  three_pods(session);
  const lab::CommandResult result = run_ok(session, "kubectl exec a1 -- ping -c 1 " + pod_ip(session, "a2"));
  const nlohmann::json trace = trace_json(session, result);
  REQUIRE(hops_with(trace, "arp").size() == 1);
  const auto bridged = hops_with(trace, "bridge");
  REQUIRE(bridged.size() == 1);
  CHECK(bridged[0]["device"] == "cni0");
  CHECK(contains(bridged[0]["detail"].get<std::string>(), "fdb "));
  // The learned entries (not permanent) name both pods' eth0 MACs on their veth ports.
  const std::string fdb = run_ok(session, "node node-1 -- bridge fdb").output;
  for (const std::string pod : {"a1", "a2"}) {
    const std::string addr = run_ok(session, "kubectl exec " + pod + " -- ip addr").output;
    const size_t at = addr.find("link/ether ", addr.find("eth0@"));
    REQUIRE(at != std::string::npos);
    const std::string mac = addr.substr(at + 11, 17);
    CAPTURE(mac);
    CHECK(contains(fdb, mac + " dev veth"));
  }
}

TEST_CASE("TTL: same node 64, across nodes 62 (two hosts forward), node to a remote pod 63") {
  lab::Session session;
  three_pods(session);
  CHECK(contains(run_ok(session, "kubectl exec a1 -- ping -c 1 " + pod_ip(session, "a2")).output, "ttl=64"));
  CHECK(contains(run_ok(session, "kubectl exec a1 -- ping -c 1 " + pod_ip(session, "b1")).output, "ttl=62"));
  CHECK(contains(run_ok(session, "node node-2 -- ping -c 1 " + pod_ip(session, "b1")).output, "ttl=64"));
  CHECK(contains(run_ok(session, "node node-1 -- ping -c 1 " + pod_ip(session, "b1")).output, "ttl=63"));
}

TEST_CASE("a deleted route breaks cross-node traffic with the reason, and adding it back restores it") {
  lab::Session session;
  three_pods(session);
  const std::string b1 = pod_ip(session, "b1");
  run_ok(session, "lab route delete node-1 10.244.1.0/24 dev flannel.1");
  CHECK_FALSE(contains(run_ok(session, "node node-1 -- ip route").output, "10.244.1.0/24"));

  // The node still has its default route: the packet follows it to the node network's gateway,
  // which nobody answers in the lab.
  lab::CommandResult broken = session.run("kubectl exec a1 -- ping -c 1 " + b1);
  CHECK_FALSE(broken.ok);
  CHECK(contains(broken.output, "0 received"));
  nlohmann::json trace = trace_json(session, broken);
  CHECK(trace["delivered"] == false);
  CHECK(contains(trace["reason"].get<std::string>(), "192.168.56.1"));
  CHECK(hops_with(trace, "encapsulate").empty());
  bool took_default = false;
  for (const auto& hop : hops_with(trace, "route")) took_default |= contains(hop["detail"].get<std::string>(), "default via");
  CHECK(took_default);

  // Without the default route either, there is no route at all: Network is unreachable, and the
  // node tells the pod so (ICMP net unreachable from its gateway on cni0).
  run_ok(session, "lab route delete node-1 default");
  broken = session.run("kubectl exec a1 -- ping -c 1 " + b1);
  CHECK_FALSE(broken.ok);
  trace = trace_json(session, broken);
  CHECK(trace["delivered"] == false);
  CHECK(contains(trace["reason"].get<std::string>(), "no route to " + b1));
  CHECK(contains(trace["reason"].get<std::string>(), "Network is unreachable"));
  CHECK(trace["hops"].back()["node"] == "node-1");
  CHECK(contains(broken.output, "From 10.244.0.1 icmp_seq=1 Destination Net Unreachable"));
  // From the node itself the C library refuses straight away.
  const lab::CommandResult from_node = session.run("node node-1 -- ping -c 1 " + b1);
  CHECK_FALSE(from_node.ok);
  CHECK(contains(from_node.output, "Network is unreachable"));

  // flannel's route, put back by hand, restores traffic.
  run_ok(session, "lab route add node-1 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink");
  // As iproute2 shows a route added without `proto`: a "boot" route, printed with no proto label.
  CHECK(contains(run_ok(session, "node node-1 -- ip route").output, "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink \n"));
  const lab::CommandResult fixed = run_ok(session, "kubectl exec a1 -- ping -c 1 " + b1);
  CHECK(contains(fixed.output, "1 received"));
  CHECK(trace_json(session, fixed)["delivered"] == true);
}

TEST_CASE("a route deleted on the receiving side breaks only the reply") {
  lab::Session session;
  three_pods(session);
  run_ok(session, "lab route delete node-2 10.244.0.0/24 dev flannel.1");
  const lab::CommandResult result = session.run("kubectl exec a1 -- ping -c 1 " + pod_ip(session, "b1"));
  CHECK_FALSE(result.ok);
  const nlohmann::json trace = trace_json(session, result);
  CHECK(trace["delivered"] == true);  // the request arrived
  REQUIRE(trace.contains("reply"));
  CHECK(trace["reply"]["delivered"] == false);
  CHECK(trace["reply"]["hops"].back()["node"] == "node-2");
}

TEST_CASE("MTU: flannel pods have 1450, so -s 1472 fails locally and -s 1422 fits; routed pods have 1500") {
  lab::Session session;
  three_pods(session);
  const std::string b1 = pod_ip(session, "b1");
  CHECK(contains(run_ok(session, "kubectl exec a1 -- ip link").output, "eth0@if"));
  CHECK(contains(run_ok(session, "kubectl exec a1 -- ip link").output, "mtu 1450"));
  CHECK(contains(run_ok(session, "node node-1 -- ip link").output, "flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450"));

  const lab::CommandResult too_big = session.run("kubectl exec a1 -- ping -c 1 -M do -s 1472 " + b1);
  CHECK_FALSE(too_big.ok);
  CHECK(contains(too_big.output, "ping: local error: message too long, mtu=1450"));
  const nlohmann::json trace = trace_json(session, too_big);
  CHECK(trace["delivered"] == false);
  CHECK(contains(trace["reason"].get<std::string>(), "MTU 1450"));
  for (const auto& hop : trace["hops"]) CHECK(hop["netns"].get<std::string>().starts_with("pod/default/a1"));

  const lab::CommandResult fits = run_ok(session, "kubectl exec a1 -- ping -c 1 -M do -s 1422 " + b1);
  CHECK(contains(fits.output, "1430 bytes from " + b1));

  run_ok(session, "lab datapath routed");
  const lab::CommandResult routed = run_ok(session, "kubectl exec a1 -- ping -c 1 -M do -s 1472 " + b1);
  CHECK(contains(routed.output, "1480 bytes from " + b1));
  CHECK(session.run("kubectl exec a1 -- ping -c 1 -M do -s 1473 " + b1).ok == false);

  run_ok(session, "lab datapath calico-ipip");
  CHECK(contains(session.run("kubectl exec a1 -- ping -c 1 -s 1472 " + b1).output, "mtu=1480"));
  CHECK(session.run("kubectl exec a1 -- ping -c 1 -s 1452 " + b1).ok);
}
