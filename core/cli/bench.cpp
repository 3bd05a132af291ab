// podlab-bench: how fast the core builds big clusters and moves packets. Prints figures, asserts
// nothing; `make bench` runs it natively and as WebAssembly under node and prints the ratios.
//   cluster_build_ms   100 nodes and a 10,000-pod Deployment applied and running
//   hops_per_second    forwarding pipeline throughput on cross-node pings
//   kube_proxy_1k_ms, kube_proxy_10k_ms
//                      one node's kube-proxy sync for 1,000 / 10,000 Services of 2 endpoints:
//                      the iptables-restore text generated and parsed into the node's tables
//   kube_proxy_ports_ms  one node's sync for one Service with 200 ports over 1,000 endpoints
//   curls_per_second_10k  connections to a ClusterIP through a KUBE-SERVICES of 10,000 Services
// Names ending in _ms are durations (lower is better); the others are rates.
//   dns_lookups_per_second   a pod resolving a service name end to end: queries as packets to the
//                            kube-dns ClusterIP, DNATed to CoreDNS, answered from the API objects
//   dns_answers_per_second   answer_dns_query() alone on the same cluster's view
#include <chrono>
#include <cstdio>
#include <string>

#include "core/k8s/api.h"
#include "core/k8s/cluster.h"
#include "core/k8s/coredns.h"
#include "core/k8s/dns_server.h"
#include "core/k8s/kube_proxy.h"
#include "core/k8s/services.h"
#include "core/lab/session.h"
#include "core/net/netfilter.h"

namespace {

double milliseconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

std::string big_cluster_manifest(int nodes, int replicas) {
  std::string text =
      "apiVersion: podlab.dev/v1\nkind: Cluster\nmetadata:\n  name: bench\nspec:\n  nodeNetwork: 192.168.0.0/20\n"
      "  nodes:\n";
  for (int i = 1; i <= nodes; ++i)
    text += "  - name: node-" + std::to_string(i) + "\n    role: " + (i == 1 ? "control-plane" : "worker") + "\n";
  text += "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: " +
          std::to_string(replicas) +
          "\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n"
          "    spec:\n      containers:\n      - name: nginx\n        image: nginx\n";
  return text;
}

podlab::k8s::ProxyInput many_services(int count) {
  using podlab::Ipv4Address;
  podlab::k8s::ProxyInput input;
  input.node_name = "node-1";
  input.node_ips = {Ipv4Address::from_octets(192, 168, 56, 11)};
  input.cluster_cidr = podlab::Ipv4Cidr{Ipv4Address::from_octets(10, 244, 0, 0), 16};
  for (int i = 0; i < count; ++i) {
    podlab::k8s::ProxyService service;
    service.namespace_name = "default";
    service.name = "svc-" + std::to_string(i);
    service.cluster_ip = Ipv4Address{Ipv4Address::from_octets(10, 96, 0, 0).value + 16 + static_cast<uint32_t>(i)};
    podlab::k8s::ProxyServicePort port;
    port.name = "http";
    port.port = 80;
    for (uint32_t e = 0; e < 2; ++e)
      port.endpoints.push_back({Ipv4Address{Ipv4Address::from_octets(10, 244, 0, 0).value + 2 * static_cast<uint32_t>(i) + e + 2},
                                8080, true, true, false, e == 0 ? "node-1" : "node-2"});
    service.ports.push_back(port);
    input.services.push_back(std::move(service));
  }
  return input;
}

// One Service with many ports, each served by every endpoint: ports x endpoints KUBE-SEP chains.
podlab::k8s::ProxyInput many_ports(int ports, int endpoints) {
  using podlab::Ipv4Address;
  podlab::k8s::ProxyInput input = many_services(0);
  podlab::k8s::ProxyService service;
  service.namespace_name = "default";
  service.name = "web";
  service.cluster_ip = Ipv4Address::from_octets(10, 96, 0, 16);
  for (int p = 0; p < ports; ++p) {
    podlab::k8s::ProxyServicePort port;
    port.name = "p" + std::to_string(p);
    port.port = static_cast<uint16_t>(1000 + p);
    for (int e = 0; e < endpoints; ++e)
      port.endpoints.push_back({Ipv4Address{Ipv4Address::from_octets(10, 244, 0, 0).value + static_cast<uint32_t>(e) + 2},
                                port.port, true, true, false, e % 2 == 0 ? "node-1" : "node-2"});
    service.ports.push_back(std::move(port));
  }
  input.services.push_back(std::move(service));
  return input;
}

// kube-proxy's sync on one node: generate the rules, then load them (parse) as iptables-restore does.
double kube_proxy_sync_ms(const podlab::k8s::ProxyInput& input) {
  const auto start = std::chrono::steady_clock::now();
  const auto rules = podlab::k8s::generate_proxy_rules(input);
  const auto parsed = podlab::net::parse_iptables_save(rules.filter + rules.nat);
  const double elapsed = milliseconds_since(start);
  return parsed.ok() ? elapsed : -1;
}

std::string services_manifest(int count) {
  std::string text;
  for (int i = 0; i < count; ++i)
    text += "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-" + std::to_string(i) +
            "\nspec:\n  selector:\n    app: app-" + std::to_string(i) + "\n  ports:\n  - port: 80\n";
  return text;
}

}  // namespace

int main() {
  {
    const auto start = std::chrono::steady_clock::now();
    podlab::lab::Session session(1);
    session.add_file("bench.yaml", big_cluster_manifest(100, 10000));
    const auto result = session.run("kubectl apply -f bench.yaml");
    const double elapsed = milliseconds_since(start);
    if (!result.ok) {
      std::printf("cluster build failed: %s\n", result.output.c_str());
      return 1;
    }
    std::printf("cluster_build_ms=%.1f  (100 nodes, %zu pods)\n", elapsed, session.world().pods.size());
  }
  {
    podlab::lab::Session session(2);
    session.run("kubectl run a --image=nginx");
    session.run("kubectl run b --image=nginx");
    const auto start = std::chrono::steady_clock::now();
    size_t hops = 0;
    int pings = 0;
    while (milliseconds_since(start) < 1500) {
      const auto result = session.run("kubectl exec a -- ping -c 10 10.244.2.2");
      for (const auto& trace : result.traces) hops += trace.hops.size();
      pings += 10;
    }
    const double seconds = milliseconds_since(start) / 1000.0;
    std::printf("hops_per_second=%.0f  (%d cross-node pings with replies, flannel VXLAN)\n",
                static_cast<double>(hops) / seconds, pings);
  }
  std::printf("kube_proxy_1k_ms=%.1f  (one node's sync: 1,000 Services x 2 endpoints, generated and parsed)\n",
              kube_proxy_sync_ms(many_services(1000)));
  std::printf("kube_proxy_10k_ms=%.1f  (one node's sync: 10,000 Services x 2 endpoints, generated and parsed)\n",
              kube_proxy_sync_ms(many_services(10000)));
  std::printf("kube_proxy_ports_ms=%.1f  (one node's sync: 1 Service of 200 ports x 1,000 endpoints, generated and parsed)\n",
              kube_proxy_sync_ms(many_ports(200, 1000)));
  {
    podlab::lab::Session session(3);
    session.add_file("services.yaml", services_manifest(10000));
    if (!session.run("kubectl apply -f services.yaml").ok) return 1;
    session.run("kubectl create deployment web --image=nginx --replicas=2");
    session.run("kubectl expose deployment web --port=80");
    session.run("kubectl run client --image=nginx");
    const std::string line = "kubectl exec client -- curl -s " +
                             podlab::k8s::find_service(session.world(), "default", "web")->cluster_ip.to_string();
    const auto start = std::chrono::steady_clock::now();
    int curls = 0;
    while (milliseconds_since(start) < 1500) {
      if (!session.run(line).ok) return 1;
      ++curls;
    }
    std::printf("curls_per_second_10k=%.0f  (whole HTTP exchanges through the nat tables of 10,000 Services)\n",
                curls / (milliseconds_since(start) / 1000.0));
  }
  {
    podlab::lab::Session session(3);
    session.run("kubectl create deployment web --image=nginx --replicas=3");
    session.run("kubectl expose deployment web --port=80");
    // An ordinary ClusterFirst pod: its queries go to the kube-dns ClusterIP, DNATed to a CoreDNS
    // pod on another node.
    session.add_file("client.yaml",
                     "apiVersion: v1\nkind: Pod\nmetadata:\n  name: client\nspec:\n  nodeName: node-3\n"
                     "  containers:\n  - name: main\n    image: debian\n");
    session.run("kubectl apply -f client.yaml");
    const auto start = std::chrono::steady_clock::now();
    int lookups = 0;
    size_t queries = 0;
    while (milliseconds_since(start) < 1500) {
      const auto result = session.run("kubectl exec client -- host web");
      if (!result.ok || !result.dns) {
        std::printf("dns lookup %d failed: %s\n", lookups, result.output.c_str());
        return 1;
      }
      queries += result.dns->queries.size();
      ++lookups;
    }
    const double seconds = milliseconds_since(start) / 1000.0;
    std::printf("dns_lookups_per_second=%.0f  (host web: %.0f queries/s as UDP packets across nodes)\n",
                lookups / seconds, static_cast<double>(queries) / seconds);

    const podlab::k8s::ClusterDnsView view = podlab::k8s::cluster_dns_view(session.world());
    const podlab::k8s::CorefileConfig config = podlab::k8s::coredns_config(session.world());
    const auto upstreams = podlab::k8s::simulated_upstreams(config);
    const auto answers_start = std::chrono::steady_clock::now();
    size_t answers = 0, records = 0;
    while (milliseconds_since(answers_start) < 1000) {
      for (int i = 0; i < 1000; ++i) {
        const auto answer = podlab::k8s::answer_dns_query(view, config, upstreams, "web.default.svc.cluster.local",
                                                          podlab::net::DnsType::A);
        records += answer.response.answers.size();
      }
      answers += 1000;
    }
    const double answer_seconds = milliseconds_since(answers_start) / 1000.0;
    std::printf("dns_answers_per_second=%.0f  (answer_dns_query for a ClusterIP service, %zu records)\n",
                static_cast<double>(answers) / answer_seconds, records);
  }
  return 0;
}
