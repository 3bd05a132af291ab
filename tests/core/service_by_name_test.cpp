// The walk a learner takes with Services and DNS: expose a Deployment in one namespace, curl it by
// name from another, and find every step in the --json report: each DNS query (search list,
// NXDOMAIN then the answer) crossing the kube-dns DNAT, the Service's DNAT, the tunnel, the reply.
#include <doctest/doctest.h>

#include "tests/core/lab_fixtures.h"

using namespace podlab;
using namespace podlab::testing;

namespace {

bool has_hop(const nlohmann::json& trace, const std::string& action, const std::string& detail_part) {
  for (const auto& hop : trace["hops"])
    if (hop["action"] == action && contains(hop["detail"].get<std::string>(), detail_part)) return true;
  return false;
}

}  // namespace

TEST_CASE("curl by name from another namespace: DNS queries, the DNATs, the tunnel and the reply") {
  lab::Session session(21);
  run_ok(session, "kubectl create namespace shop");
  run_ok(session, "kubectl -n shop create deployment web --image=nginx --replicas=2");
  run_ok(session, "kubectl -n shop expose deployment web --port=80");
  apply_manifest(session, pod_manifest("client", "node-3", "debian"));
  const auto result = run_ok(session, "kubectl exec client -- curl -s http://web.shop");
  CHECK(contains(result.output, "Welcome to nginx!"));
  const nlohmann::json json = result.to_json(session.world());

  // glibc with ndots:5 tries the pod's namespace first: NXDOMAIN, then the namespace as subdomain.
  REQUIRE(json["queries"].size() == 4);
  CHECK(json["queries"][0]["name"] == "web.shop.default.svc.cluster.local");
  CHECK(json["queries"][0]["type"] == "A");
  CHECK(json["queries"][0]["rcode"] == "NXDOMAIN");
  CHECK(json["queries"][1]["type"] == "AAAA");
  CHECK(json["queries"][2]["name"] == "web.shop.svc.cluster.local");
  CHECK(json["queries"][2]["rcode"] == "NOERROR");
  CHECK(json["rcode"] == "NOERROR");
  REQUIRE(json["answers"].size() == 1);
  const std::string vip = json["answers"][0]["data"];
  CHECK(json["answers"][0]["ttl"] == 30);

  // Each query went to 10.96.0.10 and was DNATed on the client's node to a CoreDNS pod: the first
  // from a socket by the nat table, the AAAA sent from the same socket by its conntrack entry.
  CHECK(has_hop(json["queries"][0]["trace"], "netfilter", "PREROUTING: DNAT udp "));
  CHECK(has_hop(json["queries"][1]["trace"], "conntrack", "connection udp "));
  for (const auto& query : json["queries"]) {
    CHECK(query["trace"]["received"]["dst_port"] == 53);
    CHECK(query["trace"]["reply"]["received"]["src_ip"] == "10.96.0.10");
  }

  // The SYN to the Service: DNAT on node-3, then VXLAN to the endpoint's node (both endpoints are
  // elsewhere: node-3 runs only the client), the reply un-DNATed on node-3.
  const auto& trace = json["trace"];
  CHECK(has_hop(trace, "netfilter", "PREROUTING: DNAT tcp "));
  CHECK(has_hop(trace, "encapsulate", "vxlan"));
  CHECK(trace["delivered"] == true);
  CHECK(trace["reply"]["received"]["src_ip"] == vip);
  CHECK(has_hop(trace["reply"], "conntrack", "reply of connection tcp "));
}
