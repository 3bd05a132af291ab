// kubeadm's CoreDNS addon in a fresh lab (ConfigMap, Deployment spread by pod anti-affinity, the
// kube-dns Service at the tenth service address), ConfigMaps as API objects (apply, get, describe,
// edit with the object on stdin, delete), and the scheduler's tolerations and anti-affinity.
#include <doctest/doctest.h>

#include <set>

#include "core/k8s/config_maps.h"
#include "core/k8s/coredns.h"
#include "core/k8s/services.h"
#include "tests/core/lab_fixtures.h"

using namespace podlab;
using namespace podlab::testing;

namespace {

std::set<std::string> nodes_of(const lab::Session& session, const std::string& ns, const std::string& label) {
  std::set<std::string> nodes;
  session.world().pods.for_each([&](PodId, const PodRecord& pod) {
    if (pod.pod.metadata.namespace_name != ns) return;
    const auto found = pod.pod.metadata.labels.find("app");
    const auto k8s_app = pod.pod.metadata.labels.find("k8s-app");
    if ((found != pod.pod.metadata.labels.end() && found->second == label) ||
        (k8s_app != pod.pod.metadata.labels.end() && k8s_app->second == label))
      nodes.insert(session.world().nodes.at(pod.node).name);
  });
  return nodes;
}

std::string edited_corefile(const std::string& corefile) {
  std::string indented;
  size_t start = 0;
  while (start < corefile.size()) {
    const size_t end = corefile.find('\n', start);
    indented += "    " + corefile.substr(start, end - start) + "\n";
    start = end == std::string::npos ? corefile.size() : end + 1;
  }
  return "kubectl -n kube-system edit configmap coredns\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\n"
         "  namespace: kube-system\ndata:\n  Corefile: |\n" + indented;
}

}  // namespace

TEST_CASE("a fresh lab has kubeadm's CoreDNS: ConfigMap, two spread replicas, kube-dns at 10.96.0.10") {
  lab::Session session;
  const auto* config_map = k8s::find_config_map(session.world(), "kube-system", "coredns");
  REQUIRE(config_map != nullptr);
  CHECK(config_map->config_map.data.at("Corefile") == k8s::kubeadm_corefile());
  CHECK(session.world().coredns.corefile == k8s::kubeadm_corefile());

  const std::string pods = run_ok(session, "kubectl get pods -n kube-system -o wide").output;
  CHECK(contains(pods, "coredns-"));
  // Two replicas on two different nodes; the control plane's taint is tolerated.
  CHECK(nodes_of(session, "kube-system", "kube-dns") == std::set<std::string>{"node-1", "node-2"});

  const auto* service = k8s::find_service(session.world(), "kube-system", "kube-dns");
  REQUIRE(service != nullptr);
  CHECK(service->cluster_ip.to_string() == "10.96.0.10");
  CHECK(service->service.metadata.labels.at("kubernetes.io/name") == "CoreDNS");
  CHECK(service->service.metadata.labels.at("kubernetes.io/cluster-service") == "true");
  REQUIRE(service->service.spec.ports.size() == 3);
  CHECK(service->service.spec.ports[0].name == "dns");
  CHECK(service->service.spec.ports[0].protocol == k8s::Protocol::UDP);
  CHECK(service->service.spec.ports[1].name == "dns-tcp");
  CHECK(service->service.spec.ports[2].port == 9153);
  REQUIRE(service->slices.size() == 1);
  CHECK(service->slices[0].endpoints.size() == 2);

  const std::string deployment = run_ok(session, "kubectl -n kube-system get deployment coredns -o yaml").output;
  CHECK(contains(deployment, "image: registry.k8s.io/coredns/coredns:v1.11.3"));
  CHECK(contains(deployment, "priorityClassName: system-cluster-critical"));
  CHECK(contains(deployment, "dnsPolicy: Default"));
  CHECK(contains(deployment, "key: CriticalAddonsOnly"));
  CHECK(contains(deployment, "topologyKey: kubernetes.io/hostname"));
  // Each CoreDNS pod listens on UDP and TCP 53.
  const PodRecord* coredns = nullptr;
  session.world().pods.for_each([&](PodId, const PodRecord& pod) {
    if (pod.pod.metadata.namespace_name == "kube-system") coredns = &pod;
  });
  REQUIRE(coredns != nullptr);
  const auto& listeners = session.world().namespaces_net.at(coredns->netns).listeners;
  CHECK(std::any_of(listeners.begin(), listeners.end(), [](const ListeningSocket& s) { return s.protocol == 17 && s.port == 53; }));
}

TEST_CASE("bootstrap is deterministic: the same seed gives the same CoreDNS pods") {
  lab::Session a(3), b(3);
  CHECK(run_ok(a, "kubectl get pods -A -o wide").output == run_ok(b, "kubectl get pods -A -o wide").output);
}

TEST_CASE("the scheduler spreads pods with preferred anti-affinity and honours required anti-affinity") {
  lab::Session session;
  const std::string spread =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: spread\nspec:\n  replicas: 2\n  selector:\n"
      "    matchLabels:\n      app: spread\n  template:\n    metadata:\n      labels:\n        app: spread\n    spec:\n"
      "      affinity:\n        podAntiAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n"
      "          - labelSelector:\n              matchLabels:\n                app: spread\n"
      "            topologyKey: kubernetes.io/hostname\n"
      "      containers:\n      - name: main\n        image: busybox\n";
  apply_manifest(session, spread);
  CHECK(nodes_of(session, "default", "spread") == std::set<std::string>{"node-2", "node-3"});
  // A third replica has nowhere to go: node-1 is tainted, the workers already run one each.
  run_ok(session, "kubectl scale deployment spread --replicas=3");
  const std::string pods = run_ok(session, "kubectl get pods").output;
  CHECK(contains(pods, "Pending"));
  bool explained = false;
  session.world().pods.for_each([&](PodId, const PodRecord& pod) {
    explained |= contains(pod.status_message, "node(s) didn't match pod anti-affinity rules");
  });
  CHECK(explained);
}

TEST_CASE("a toleration of the control-plane taint lets the scheduler use node-1") {
  lab::Session session;
  const std::string tolerant =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: everywhere\nspec:\n  replicas: 3\n  selector:\n"
      "    matchLabels:\n      app: everywhere\n  template:\n    metadata:\n      labels:\n        app: everywhere\n"
      "    spec:\n      tolerations:\n      - key: node-role.kubernetes.io/control-plane\n        operator: Exists\n"
      "        effect: NoSchedule\n      affinity:\n        podAntiAffinity:\n"
      "          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 100\n            podAffinityTerm:\n"
      "              labelSelector:\n                matchLabels:\n                  app: everywhere\n"
      "              topologyKey: kubernetes.io/hostname\n      containers:\n      - name: main\n        image: busybox\n";
  apply_manifest(session, tolerant);
  CHECK(nodes_of(session, "default", "everywhere") == std::set<std::string>{"node-1", "node-2", "node-3"});
}

TEST_CASE("manifests: tolerations and affinity are checked like the API server does") {
  const auto bad = k8s::parse_manifests(
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  tolerations:\n  - key: a\n    operator: Maybe\n"
      "  affinity:\n    podAntiAffinity:\n      preferredDuringSchedulingIgnoredDuringExecution:\n      - weight: 101\n"
      "        podAffinityTerm:\n          topologyKey: kubernetes.io/hostname\n  containers:\n  - name: c\n    image: busybox\n",
      "p.yaml");
  REQUIRE_FALSE(bad.ok());
  std::string messages;
  for (const auto& diagnostic : bad.diagnostics()) messages += diagnostic.to_string() + "\n";
  CHECK(contains(messages, "p.yaml:8:15: spec.tolerations[0].operator: Unsupported value: \"Maybe\""));
  CHECK(contains(messages, "weight: Invalid value: 101: must be in the range 1-100"));
}

TEST_CASE("ConfigMaps: apply, get, describe, -o yaml, delete, and a bad key") {
  lab::Session session;
  const std::string manifest =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n  app.conf: |\n    a=1\n    b=2\n";
  CHECK(run_ok(session, "kubectl apply -f -\n" + manifest).output == "configmap/settings created\n");
  CHECK(run_ok(session, "kubectl apply -f -\n" + manifest).output == "configmap/settings unchanged\n");
  const std::string table = run_ok(session, "kubectl get cm").output;
  CHECK(contains(table, "NAME       DATA   AGE"));
  CHECK(contains(table, "settings   2      0s"));
  const std::string yaml = run_ok(session, "kubectl get configmap settings -o yaml").output;
  CHECK(contains(yaml, "kind: ConfigMap"));
  CHECK(contains(yaml, "  app.conf: |\n    a=1\n    b=2\n"));
  const nlohmann::json json = nlohmann::json::parse(run_ok(session, "kubectl get configmaps settings -o json").output);
  CHECK(json["data"]["mode"] == "fast");
  const std::string described = run_ok(session, "kubectl describe configmap settings").output;
  CHECK(contains(described, "Name:         settings\nNamespace:    default\n"));
  CHECK(contains(described, "mode:\n----\nfast\n"));
  CHECK(run_ok(session, "kubectl delete configmap settings").output == "configmap \"settings\" deleted\n");
  CHECK_FALSE(session.run("kubectl get cm settings").ok);

  const lab::CommandResult bad =
      session.run("kubectl apply -f -\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  \"a b\": c\n");
  CHECK_FALSE(bad.ok);
  CHECK(contains(bad.output, "a valid config key must consist of alphanumeric characters"));
  CHECK_FALSE(session.run("kubectl apply -f -\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: 1\n").ok);
}

TEST_CASE("kubectl edit takes the edited object on stdin; kind and name must stay") {
  lab::Session session;
  const std::string corefile = ".:53 {\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       ttl 7\n    }\n"
                               "    forward . /etc/resolv.conf\n}\n";
  CHECK(run_ok(session, edited_corefile(corefile)).output == "configmap/coredns edited\n");
  CHECK(session.world().coredns.corefile == corefile);
  CHECK(run_ok(session, edited_corefile(corefile)).output == "Edit cancelled, no changes made.\n");

  const lab::CommandResult renamed = session.run(
      "kubectl -n kube-system edit configmap coredns\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata:\n  a: b\n");
  CHECK_FALSE(renamed.ok);
  CHECK(contains(renamed.output, "error: At least one of apiVersion, kind and name was changed"));
  const lab::CommandResult no_editor = session.run("kubectl -n kube-system edit configmap coredns");
  CHECK_FALSE(no_editor.ok);
  CHECK(contains(no_editor.output, "cannot open an editor"));
  const lab::CommandResult missing = session.run(
      "kubectl edit configmap nope\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nope\ndata:\n  a: b\n");
  CHECK_FALSE(missing.ok);
  CHECK(contains(missing.output, "configmaps \"nope\" not found"));
}

TEST_CASE("a Corefile that does not parse is refused with its line and column; CoreDNS keeps the last good one") {
  lab::Session session;
  const std::string broken = ".:53 {\n    kubernetes cluster.local {\n       ttl forever\n    }\n}\n";
  const lab::CommandResult result = run_ok(session, edited_corefile(broken));
  CHECK(contains(result.output, "Warning: CoreDNS did not reload the Corefile, it keeps serving its last good "
                                "configuration: Corefile:3:12: "));
  CHECK(contains(result.output, "configmap/coredns edited"));
  CHECK(session.world().coredns.corefile == k8s::kubeadm_corefile());

  // A setting the lab would not act on is refused the same way, with its line: never ignored.
  const std::string unmodelled = ".:53 {\n    kubernetes cluster.local {\n       namespaces prod\n    }\n}\n";
  CHECK(contains(run_ok(session, edited_corefile(unmodelled)).output,
                 "configuration: Corefile:3:8: the kubernetes plugin's option 'namespaces' is not modelled by Podlab\n"));
  CHECK(session.world().coredns.corefile == k8s::kubeadm_corefile());
}
