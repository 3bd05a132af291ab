// podlab-bench: how fast the core builds big clusters and moves packets. Prints figures, asserts
// nothing; `make bench` runs it natively and as WebAssembly under node and prints the ratios.
//   cluster_build_ms   100 nodes and a 10,000-pod Deployment applied and running
//   hops_per_second    forwarding pipeline throughput on cross-node pings
#include <chrono>
#include <cstdio>
#include <string>

#include "core/k8s/api.h"
#include "core/k8s/cluster.h"
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
  return 0;
}
