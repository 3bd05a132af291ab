// Services on the wire: packets to a ClusterIP or a NodePort meet the rules kube-proxy wrote on
// the node (nat PREROUTING/OUTPUT, filter, POSTROUTING), conntrack remembers the translation and
// undoes it on the reply, and the trace shows every rule that matched.
#include <doctest/doctest.h>

#include <map>

#include "core/k8s/kube_proxy.h"
#include "core/k8s/services.h"
#include "tests/core/lab_fixtures.h"

using namespace podlab;
using namespace podlab::testing;

namespace {

std::string web_pod(const std::string& name, const std::string& node, const std::string& app = "web") {
  return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n  labels:\n    app: " + app +
         "\nspec:\n  nodeName: " + node + "\n  containers:\n  - name: web\n    image: registry.k8s.io/e2e-test-images/agnhost:2.47\n"
         "    args: [netexec, --http-port=8080]\n    ports:\n    - name: http\n      containerPort: 8080\n";
}

std::string service(const std::string& name, const std::string& extra_spec = "", const std::string& app = "web") {
  return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\nspec:\n" + extra_spec + "  selector:\n    app: " + app +
         "\n  ports:\n  - name: http\n    port: 80\n    targetPort: http\n";
}

std::string cluster_ip(const lab::Session& session, const std::string& name) {
  const ServiceRecord* record = k8s::find_service(session.world(), "default", name);
  REQUIRE(record != nullptr);
  return record->cluster_ip.to_string();
}

int node_port(const lab::Session& session, const std::string& name) {
  const ServiceRecord* record = k8s::find_service(session.world(), "default", name);
  REQUIRE(record != nullptr);
  return record->service.spec.ports.front().node_port;
}

// Three endpoints, one per node; a client on node-3.
void three_endpoints(lab::Session& session, const std::string& service_spec = "") {
  apply_manifest(session, web_pod("web-1", "node-1") + "---\n" + web_pod("web-2", "node-2") + "---\n" +
                              web_pod("web-3", "node-3") + "---\n" + pod_manifest("client", "node-3") + "---\n" +
                              service("web", service_spec));
}

std::vector<std::string> rules_of(const nlohmann::json& trace) {
  std::vector<std::string> rules;
  for (const auto& hop : trace["hops"])
    if (hop.contains("rules"))
      for (const auto& rule : hop["rules"]) rules.push_back(rule.get<std::string>());
  return rules;
}

bool any_rule(const std::vector<std::string>& rules, const std::string& part) {
  for (const std::string& rule : rules)
    if (contains(rule, part)) return true;
  return false;
}

}  // namespace

TEST_CASE("curl to a ClusterIP: DNAT by kube-proxy's chains on the client's node, the reply un-DNATed by conntrack") {
  lab::Session session(7);
  three_endpoints(session);
  const std::string vip = cluster_ip(session, "web");
  const auto result = run_ok(session, "kubectl exec client -- curl -s http://" + vip + "/hostname");
  const auto trace = trace_json(session, result);

  // The chain names are kube-proxy's hashes of "default/web:http" + "tcp".
  const std::string svc_chain = k8s::service_chain_name("KUBE-SVC-", "default/web:http", "tcp");
  const auto netfilter = hops_with(trace, "netfilter");
  REQUIRE(netfilter.size() >= 1);
  const auto& dnat = netfilter.front();
  CHECK(dnat["node"] == "node-3");
  CHECK(contains(dnat["detail"].get<std::string>(), "PREROUTING: DNAT tcp "));
  const auto rules = rules_of(trace);
  CHECK(any_rule(rules, "-A KUBE-SERVICES -m comment --comment \"default/web:http cluster IP\""));
  CHECK(any_rule(rules, "-j " + svc_chain));
  CHECK(any_rule(rules, "-j DNAT --to-destination 10.244."));
  // After the hop the packet goes to a pod address, port 8080.
  CHECK(contains(dnat["packet"].get<std::string>(), ".8080: Flags [S]"));
  CHECK(trace["delivered"] == true);
  CHECK(contains(trace["received"]["dst_ip"].get<std::string>(), "10.244."));
  CHECK(trace["received"]["dst_port"] == 8080);

  // The SYN-ACK comes back from the endpoint; node-3's conntrack puts the ClusterIP back as source.
  const auto& reply = trace["reply"];
  REQUIRE(reply["delivered"] == true);
  const auto conntrack_hops = hops_with(reply, "conntrack");
  REQUIRE(conntrack_hops.size() == 1);
  CHECK(conntrack_hops.front()["node"] == "node-3");
  CHECK(contains(conntrack_hops.front()["detail"].get<std::string>(), "reply of connection tcp "));
  CHECK(reply["received"]["src_ip"] == vip);

  // conntrack -L on node-3 lists the connection with both tuples.
  const auto listed = run_ok(session, "node node-3 -- conntrack -L -p tcp");
  CHECK(contains(listed.output, "dst=" + vip + " sport="));
  CHECK(contains(listed.output, "dport=80 src=10.244."));
  CHECK(contains(listed.output, "1 flow entries have been shown."));
  // Only the client's node translated: the endpoint's node saw pod-to-pod traffic.
  CHECK_FALSE(contains(run_ok(session, "node node-1 -- conntrack -L -p tcp").output, vip));
}

TEST_CASE("iptables-save on a node shows the Service's chains with probabilities 1/3 and 1/2") {
  lab::Session session(7);
  three_endpoints(session);
  const std::string nat = run_ok(session, "node node-2 -- iptables-save -t nat").output;
  const std::string svc_chain = k8s::service_chain_name("KUBE-SVC-", "default/web:http", "tcp");
  CHECK(nat.starts_with("*nat\n:PREROUTING ACCEPT [0:0]\n"));
  CHECK(contains(nat, ":" + svc_chain + " - [0:0]"));
  CHECK(contains(nat, "-A " + svc_chain + " -m comment --comment \"default/web:http -> "));
  CHECK(contains(nat, "-m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-"));
  CHECK(contains(nat, "-m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-"));
  CHECK(contains(nat, "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully\n"));
  const std::string filter = run_ok(session, "node node-2 -- iptables-save -t filter").output;
  CHECK(filter.starts_with("*filter\n"));
  CHECK_FALSE(contains(filter, "*nat"));
  // Deleting the Service removes its rules from every node.
  run_ok(session, "kubectl delete service web");
  CHECK_FALSE(contains(run_ok(session, "node node-2 -- iptables-save -t nat").output, svc_chain));
  CHECK_FALSE(session.run("node node-2 -- iptables-save -t mangle").ok);
}

TEST_CASE("iptables -t nat -S CHAIN lists one chain of kube-proxy's rules, as iptables does") {
  lab::Session session(7);
  three_endpoints(session);
  const std::string svc_chain = k8s::service_chain_name("KUBE-SVC-", "default/web:http", "tcp");
  const std::string svc = run_ok(session, "node node-2 -- iptables -t nat -S " + svc_chain).output;
  CHECK(svc.starts_with("-N " + svc_chain + "\n-A " + svc_chain + " -m comment --comment \"default/web:http cluster IP\""));
  CHECK(contains(svc, "\n-A " + svc_chain + " -m comment --comment \"default/web:http -> "));
  size_t jumps = 0;
  for (size_t at = svc.find("-j KUBE-SEP-"); at != std::string::npos; at = svc.find("-j KUBE-SEP-", at + 1)) ++jumps;
  CHECK(jumps == 3);
  CHECK_FALSE(contains(svc, "-A KUBE-SERVICES"));
  const std::string all = run_ok(session, "node node-2 -- iptables -t nat -S").output;
  CHECK(all.starts_with("-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n"));
  CHECK(contains(all, "\n-N " + svc_chain + "\n"));
  const lab::CommandResult missing = session.run("node node-2 -- iptables -t nat -S KUBE-SVC-NOSUCHCHAIN0000");
  CHECK_FALSE(missing.ok);
  CHECK(missing.output == "iptables: No chain/target/match by that name.\n");
}

TEST_CASE("repeated curls spread over the endpoints with the seeded generator, the same way every run") {
  auto spread = [](uint64_t seed) {
    lab::Session session(seed);
    three_endpoints(session);
    const std::string vip = cluster_ip(session, "web");
    std::vector<std::string> answers;
    for (int i = 0; i < 30; ++i) answers.push_back(run_ok(session, "kubectl exec client -- curl -s " + vip).output);
    return answers;
  };
  const auto first = spread(11);
  std::map<std::string, int> counts;
  for (const auto& answer : first) ++counts[answer];
  CHECK(counts.size() == 3);  // every endpoint answered (agnhost replies with its pod's name)
  for (const auto& entry : counts) CHECK_MESSAGE(entry.second >= 4, entry.first, " answered ", entry.second, " of 30");
  CHECK(spread(11) == first);
}

TEST_CASE("a Service without endpoints is rejected: connection refused, with the REJECT rule in the trace") {
  lab::Session session(3);
  apply_manifest(session, pod_manifest("client", "node-2") + "---\n" + service("empty", "", "nothing"));
  const std::string vip = cluster_ip(session, "empty");
  const auto result = session.run("kubectl exec client -- curl -s " + vip);
  CHECK_FALSE(result.ok);
  CHECK(contains(result.output, "curl: (7) Failed to connect to " + vip + " port 80 after 0 ms: Couldn't connect to server"));
  const auto trace = trace_json(session, result);
  CHECK(trace["delivered"] == false);
  CHECK(any_rule(rules_of(trace), "filter -A KUBE-SERVICES -m comment --comment \"default/empty:http has no endpoints\""));
  CHECK(any_rule(rules_of(trace), "-j REJECT"));
  CHECK(contains(trace["reason"].get<std::string>(), "rejected by iptables"));
  // The ICMP port unreachable goes back to the client.
  CHECK(trace["reply"]["delivered"] == true);
  CHECK(contains(trace["reply"]["hops"][0]["packet"].get<std::string>(), "port 80 unreachable"));
}

TEST_CASE("hairpin: a pod reaching itself through its Service is masqueraded to the bridge's address") {
  lab::Session session(5);
  apply_manifest(session, web_pod("web-1", "node-2") + "---\n" + service("web"));
  const std::string vip = cluster_ip(session, "web");
  const auto result = run_ok(session, "kubectl exec web-1 -- curl -s " + vip);
  CHECK(result.output == "web-1\n");
  const auto trace = trace_json(session, result);
  CHECK(any_rule(rules_of(trace), "-s " + pod_ip(session, "web-1") + " -j KUBE-MARK-MASQ"));
  CHECK(any_rule(rules_of(trace), "nat -A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully"));
  CHECK(trace["received"]["src_ip"] == "10.244.1.1");  // node-2's cni0
  CHECK(trace["reply"]["received"]["src_ip"] == vip);
}

TEST_CASE("client and endpoint on one bridge: br_netfilter lets conntrack un-DNAT the bridged reply") {
  lab::Session session(5);
  apply_manifest(session, web_pod("web-1", "node-2") + "---\n" + pod_manifest("client", "node-2") + "---\n" + service("web"));
  const std::string vip = cluster_ip(session, "web");
  const auto result = run_ok(session, "kubectl exec client -- curl -s " + vip);
  CHECK(result.output == "web-1\n");
  const auto reply = trace_json(session, result)["reply"];
  const auto conntrack_hops = hops_with(reply, "conntrack");
  REQUIRE(conntrack_hops.size() == 1);
  CHECK(conntrack_hops.front()["device"] == "cni0");
  CHECK(reply["received"]["src_ip"] == vip);
  // The endpoint saw the client's own address: no NAT between pods.
  CHECK(trace_json(session, result)["received"]["src_ip"] == pod_ip(session, "client"));
}

TEST_CASE("a node reaches a ClusterIP through nat OUTPUT") {
  lab::Session session(5);
  apply_manifest(session, web_pod("web-1", "node-3") + "---\n" + service("web"));
  const auto result = run_ok(session, "node node-2 -- curl -s " + cluster_ip(session, "web"));
  CHECK(result.output == "web-1\n");
  const auto netfilter = hops_with(trace_json(session, result), "netfilter");
  REQUIRE(!netfilter.empty());
  CHECK(contains(netfilter.front()["detail"].get<std::string>(), "OUTPUT: DNAT"));
}

TEST_CASE("NodePort from the external host: DNAT, masquerade to the node, reply through the same node") {
  lab::Session session(9);
  apply_manifest(session, web_pod("web-2", "node-2") + "---\n" + service("web", "  type: NodePort\n"));
  const int port = node_port(session, "web");
  // Through node-3, which has no endpoint: Cluster policy forwards to node-2 and masquerades.
  const auto result = run_ok(session, "lab external -- curl -s " + node_ip(session, "node-3") + ":" + std::to_string(port));
  CHECK(result.output == "web-2\n");
  const auto trace = trace_json(session, result);
  const std::string ext_chain = k8s::service_chain_name("KUBE-EXT-", "default/web:http", "tcp");
  const auto rules = rules_of(trace);
  CHECK(any_rule(rules, "-A KUBE-NODEPORTS -m comment --comment default/web:http -m tcp -p tcp --dport " + std::to_string(port) + " -j " + ext_chain));
  CHECK(any_rule(rules, "-j MASQUERADE"));
  // The endpoint sees node-3's flannel.1 address, not the external host's.
  CHECK(trace["received"]["src_ip"] == "10.244.2.0");
  CHECK(trace["reply"]["received"]["src_ip"] == node_ip(session, "node-3"));
  CHECK(trace["reply"]["received"]["dst_port"].is_number());
}

TEST_CASE("externalTrafficPolicy Local: a node without a local endpoint drops, one with it keeps the client's address") {
  lab::Session session(9);
  apply_manifest(session, web_pod("web-2", "node-2") + "---\n" + service("web", "  type: NodePort\n  externalTrafficPolicy: Local\n"));
  const std::string port = std::to_string(node_port(session, "web"));
  const auto dropped = session.run("lab external -- curl -s -m 2 " + node_ip(session, "node-3") + ":" + port);
  CHECK_FALSE(dropped.ok);
  CHECK(contains(dropped.output, "Timeout was reached"));
  CHECK(any_rule(rules_of(trace_json(session, dropped)), "filter -A KUBE-EXTERNAL-SERVICES -m comment --comment \"default/web:http has no local endpoints\""));

  const auto served = run_ok(session, "lab external -- curl -s " + node_ip(session, "node-2") + ":" + port);
  CHECK(served.output == "web-2\n");
  CHECK(trace_json(session, served)["received"]["src_ip"] == "192.168.56.254");
}

TEST_CASE("sessionAffinity ClientIP keeps a client on one endpoint") {
  lab::Session session(13);
  three_endpoints(session, "  sessionAffinity: ClientIP\n");
  const std::string vip = cluster_ip(session, "web");
  const std::string first = run_ok(session, "kubectl exec client -- curl -s " + vip).output;
  for (int i = 0; i < 10; ++i) CHECK(run_ok(session, "kubectl exec client -- curl -s " + vip).output == first);
  CHECK(contains(run_ok(session, "node node-3 -- iptables-save -t nat").output, "-m recent --name KUBE-SEP-"));
}

TEST_CASE("flanneld's rules: pod traffic leaving the pod network is masqueraded, pod-to-pod traffic is not") {
  lab::Session session(5);
  apply_manifest(session, pod_manifest("client", "node-2") + "---\n" + pod_manifest("peer", "node-3"));
  const std::string nat = run_ok(session, "node node-2 -- iptables-save -t nat").output;
  CHECK(contains(nat, "-A POSTROUTING -m comment --comment \"flanneld masq\" -j FLANNEL-POSTRTG\n"));
  CHECK(contains(nat, "-A FLANNEL-POSTRTG -s 10.244.1.0/24 -d 10.244.0.0/16 -m comment --comment \"flanneld masq\" -j RETURN\n"));
  CHECK(contains(run_ok(session, "node node-2 -- iptables-save -t filter").output, "-A FLANNEL-FWD -s 10.244.0.0/16"));

  // To the external host: the source becomes node-2's address, and the reply finds its way back.
  const auto outside = run_ok(session, "kubectl exec client -- ping -c 1 192.168.56.254");
  const auto trace = trace_json(session, outside);
  CHECK(trace["received"]["src_ip"] == node_ip(session, "node-2"));
  CHECK(any_rule(rules_of(trace), "-j MASQUERADE --random-fully"));
  CHECK(trace["reply"]["received"]["dst_ip"] == pod_ip(session, "client"));

  // To another pod: no NAT on the way.
  const auto inside = run_ok(session, "kubectl exec client -- ping -c 1 " + pod_ip(session, "peer"));
  CHECK(trace_json(session, inside)["received"]["src_ip"] == pod_ip(session, "client"));
  CHECK(hops_with(trace_json(session, inside), "netfilter").empty());

  // Calico's datapath has no flanneld.
  run_ok(session, "lab datapath calico-ipip");
  CHECK_FALSE(contains(run_ok(session, "node node-2 -- iptables-save -t nat").output, "FLANNEL"));
}
