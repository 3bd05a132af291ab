#include "core/k8s/api_warnings.h"

#include <map>

namespace podlab::k8s {

namespace {

std::string index_path(const std::string& parent, size_t index) { return parent + "[" + std::to_string(index) + "]"; }

// Ports declared twice across a pod's containers (warnings.go: "duplicate", "overlapping"
// port definition). Both containers bind the same port in the one network namespace they share,
// so only the first one to start gets it. `prefix` is "" for a Pod, "spec.template." for a template.
void pod_spec_warnings(const PodSpec& spec, const std::string& prefix, std::vector<Diagnostic>& out) {
  struct Declared {
    std::string path;
    int host_port;
  };
  std::map<std::pair<int, Protocol>, std::vector<Declared>> seen;
  for (size_t c = 0; c < spec.containers.size(); ++c) {
    const std::string container_path = index_path(prefix + "spec.containers", c);
    for (size_t p = 0; p < spec.containers[c].ports.size(); ++p) {
      const ContainerPort& port = spec.containers[c].ports[p];
      const std::string path = index_path(container_path + ".ports", p);
      auto& others = seen[{port.container_port, port.protocol}];
      for (const Declared& other : others) {
        if (port.host_port == other.host_port)
          out.push_back({"warning.duplicate-port", path + ": duplicate port definition with " + other.path, {}});
        else if (port.host_port == 0 || other.host_port == 0)
          out.push_back({"warning.overlapping-port", path + ": overlapping port definition with " + other.path, {}});
      }
      others.push_back({path, port.host_port});
    }
  }
}

void not_modelled(std::vector<Diagnostic>& out, const std::string& path, const std::string& consequence) {
  out.push_back({"warning.not-modelled", path + ": not modelled by Podlab; " + consequence, {}});
}

void service_warnings(const ServiceSpec& spec, std::vector<Diagnostic>& out) {
  const bool headless = spec.type == ServiceType::ClusterIP && spec.cluster_ip == "None";
  const bool external_name = spec.type == ServiceType::ExternalName;
  // The API server's own (pkg/api/service/warnings.go).
  if (headless) {
    if (!spec.load_balancer_ip.empty()) out.push_back({"warning.service", "spec.loadBalancerIP is ignored for headless services", {}});
    if (!spec.external_ips.empty()) out.push_back({"warning.service", "spec.externalIPs is ignored for headless services", {}});
    if (spec.session_affinity_client_ip)
      out.push_back({"warning.service", "spec.SessionAffinity is ignored for headless services", {}});
  }
  if (!spec.external_ips.empty() && !headless && !external_name)
    out.push_back({"warning.service", "spec.externalIPs is deprecated and may no longer be implemented in some clusters", {}});
  if (external_name && !spec.external_ips.empty())
    out.push_back({"warning.service", "spec.externalIPs is ignored when spec.type is \"ExternalName\"", {}});
  if (!external_name && !spec.external_name.empty())
    out.push_back({"warning.service", "spec.externalName is ignored when spec.type is not \"ExternalName\"", {}});
  if (spec.traffic_distribution == "PreferClose")
    out.push_back({"warning.service", "spec.trafficDistribution: \"PreferClose\" is deprecated; use \"PreferSameZone\"", {}});
  // What the lab keeps but does not act on.
  if (!spec.external_ips.empty() && !headless && !external_name)
    not_modelled(out, "spec.externalIPs", "the addresses are not routed and kube-proxy writes no rules for them");
  if (!spec.load_balancer_ip.empty()) not_modelled(out, "spec.loadBalancerIP", "no load balancer is provisioned");
  if (!spec.load_balancer_source_ranges.empty())
    not_modelled(out, "spec.loadBalancerSourceRanges", "no load balancer is provisioned, so the ranges filter nothing");
  if (spec.health_check_node_port)
    not_modelled(out, "spec.healthCheckNodePort",
                 "nothing answers health checks on port " + std::to_string(spec.health_check_node_port));
  if (spec.allocate_load_balancer_node_ports == false)
    not_modelled(out, "spec.allocateLoadBalancerNodePorts", "node ports are allocated anyway");
  if (!spec.load_balancer_class.empty())
    not_modelled(out, "spec.loadBalancerClass", "no load balancer controller runs in the lab");
  if (!spec.traffic_distribution.empty())
    not_modelled(out, "spec.trafficDistribution", "kube-proxy picks from every endpoint alike");
}

}  // namespace

std::vector<Diagnostic> object_warnings(const Object& object) {
  std::vector<Diagnostic> out;
  if (const auto* pod = std::get_if<Pod>(&object)) pod_spec_warnings(pod->spec, "", out);
  if (const auto* deployment = std::get_if<Deployment>(&object))
    pod_spec_warnings(deployment->pod_template.spec, "spec.template.", out);
  if (const auto* rs = std::get_if<ReplicaSet>(&object)) pod_spec_warnings(rs->pod_template.spec, "spec.template.", out);
  if (const auto* service = std::get_if<Service>(&object)) service_warnings(service->spec, out);
  return out;
}

}  // namespace podlab::k8s
