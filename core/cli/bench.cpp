// podlab-bench: how fast the core builds big clusters and moves packets. Prints figures, asserts
// nothing; `make bench` runs it natively and as WebAssembly under node and prints the ratios.
//   cluster_build_ms   100 nodes and a 10,000-pod Deployment applied and running
//   hops_per_second    forwarding pipeline throughput on cross-node pings
//   dns_lookups_per_second   a pod resolving a service name end to end: queries as packets to a
//                            CoreDNS pod on another node, answered from the API objects
//   dns_answers_per_second   answer_dns_query() alone on the same cluster's view
#include <chrono>
#include <cstdio>
#include <string>

#include "core/k8s/api.h"
#include "core/k8s/cluster.h"
#include "core/k8s/coredns.h"
#include "core/k8s/dns_server.h"
#include "core/lab/session.h"

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
  {
    podlab::lab::Session session(3);
    session.run("kubectl create deployment web --image=nginx --replicas=3");
    session.run("kubectl expose deployment web --port=80");
    std::string coredns_ip;
    session.world().pods.for_each([&](podlab::PodId, const podlab::PodRecord& pod) {
      if (pod.pod.metadata.namespace_name == "kube-system" && coredns_ip.empty()) coredns_ip = pod.ip.to_string();
    });
    // The client asks a CoreDNS pod directly; through the kube-dns ClusterIP once kube-proxy's DNAT is wired.
    session.add_file("client.yaml",
                     "apiVersion: v1\nkind: Pod\nmetadata:\n  name: client\nspec:\n  nodeName: node-3\n  dnsPolicy: None\n"
                     "  dnsConfig:\n    nameservers: [" + coredns_ip + "]\n    searches: [default.svc.cluster.local, "
                     "svc.cluster.local, cluster.local]\n    options:\n    - name: ndots\n      value: \"5\"\n"
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
