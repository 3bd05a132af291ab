// kubeadm's CoreDNS addon (cmd/kubeadm/app/phases/addons/dns/manifests.go), as `kubeadm init`
// installs it: the coredns ConfigMap with the Corefile, the coredns Deployment (two replicas that
// tolerate the control-plane taint and prefer different nodes) and the kube-dns Service at the
// tenth address of the service network.
#include "core/k8s/api.h"
#include "core/k8s/cluster.h"
#include "core/k8s/coredns.h"
#include "core/k8s/dns_server.h"
#include "core/k8s/pod_dns.h"

namespace podlab::k8s {

namespace {

const Labels kube_dns_labels = {{"k8s-app", "kube-dns"}};

ConfigMap coredns_config_map(const World& world) {
  ConfigMap config_map;
  config_map.metadata.name = "coredns";
  config_map.metadata.namespace_name = "kube-system";
  config_map.data["Corefile"] = kubeadm_corefile(world.cluster.cluster_domain);
  return config_map;
}

Deployment coredns_deployment() {
  Deployment deployment;
  deployment.metadata.name = "coredns";
  deployment.metadata.namespace_name = "kube-system";
  deployment.metadata.labels = kube_dns_labels;
  deployment.replicas = 2;
  deployment.selector.match_labels = kube_dns_labels;
  deployment.pod_template.metadata.labels = kube_dns_labels;
  PodSpec& spec = deployment.pod_template.spec;
  Container coredns;
  coredns.name = "coredns";
  coredns.image = coredns_image;
  coredns.args = {"-conf", "/etc/coredns/Corefile"};
  coredns.ports = {ContainerPort{"dns", 53, Protocol::UDP, 0}, ContainerPort{"dns-tcp", 53, Protocol::TCP, 0},
                   ContainerPort{"metrics", 9153, Protocol::TCP, 0}};
  spec.containers.push_back(coredns);
  // Default: the node's resolv.conf, so that `forward . /etc/resolv.conf` does not loop back.
  spec.dns_policy = DnsPolicy::Default;
  spec.priority_class_name = "system-cluster-critical";
  Toleration critical;
  critical.key = "CriticalAddonsOnly";
  critical.op = TolerationOperator::Exists;
  Toleration control_plane;
  control_plane.key = "node-role.kubernetes.io/control-plane";
  control_plane.effect = "NoSchedule";
  spec.tolerations = {critical, control_plane};
  PodAffinityTerm spread;
  spread.label_selector.match_expressions.push_back(
      LabelSelectorRequirement{"k8s-app", SelectorOperator::In, {"kube-dns"}});
  spread.topology_key = "kubernetes.io/hostname";
  PodAntiAffinity anti;
  anti.preferred.push_back(WeightedPodAffinityTerm{100, spread});
  spec.affinity.emplace();
  spec.affinity->pod_anti_affinity = anti;
  return deployment;
}

Service kube_dns_service(const World& world) {
  Service service;
  service.metadata.name = "kube-dns";
  service.metadata.namespace_name = "kube-system";
  service.metadata.labels = {{"k8s-app", "kube-dns"},
                             {"kubernetes.io/cluster-service", "true"},
                             {"kubernetes.io/name", "CoreDNS"}};
  service.metadata.annotations = {{"prometheus.io/port", "9153"}, {"prometheus.io/scrape", "true"}};
  service.spec.selector = kube_dns_labels;
  service.spec.cluster_ip = cluster_dns_address(world).to_string();
  auto port = [](const char* name, Protocol protocol, int number) {
    ServicePort out;
    out.name = name;
    out.protocol = protocol;
    out.port = number;
    out.target_port.number = number;
    return out;
  };
  service.spec.ports = {port("dns", Protocol::UDP, 53), port("dns-tcp", Protocol::TCP, 53),
                        port("metrics", Protocol::TCP, 9153)};
  return service;
}

}  // namespace

void install_coredns_addon(World& world) {
  const std::vector<ManifestObject> objects = {{coredns_config_map(world), {}},
                                               {coredns_deployment(), {}},
                                               {kube_dns_service(world), {}}};
  auto applied = apply_objects(world, objects, "kube-system");
  PODLAB_ASSERT(applied.ok());  // a fresh cluster always has room for its addons
}

}  // namespace podlab::k8s
