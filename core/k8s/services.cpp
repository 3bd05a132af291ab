#include "core/k8s/services.h"

#include <algorithm>
#include <set>

#include "core/k8s/node_iptables.h"

namespace podlab::k8s {

namespace {

constexpr int node_port_base = 30000;
constexpr int node_port_size = 2768;

bool ip_taken(const World& world, Ipv4Address address) {
  return std::any_of(world.services.begin(), world.services.end(),
                     [&](const ServiceRecord& record) { return record.cluster_ip == address; });
}

bool node_port_taken(const World& world, int port) {
  for (const ServiceRecord& record : world.services)
    for (const ServicePort& existing : record.service.spec.ports)
      if (existing.node_port == port) return true;
  return false;
}

// The allocator's upper band first (offset = min(max(16, size/16), 256)), from a random start, so
// dynamically allocated addresses keep clear of the low band that static ones use.
Result<Ipv4Address> allocate_cluster_ip(World& world) {
  const Ipv4Cidr& range = world.cluster.service_network;
  const uint64_t size = range.size();
  const uint64_t offset = std::min<uint64_t>(std::max<uint64_t>(16, size / 16), 256);
  const uint64_t first = 1, last = size - 2;  // neither the network nor the broadcast address
  for (const auto& [band_start, band_end] : {std::pair{offset + 1, last}, std::pair{first, offset}}) {
    if (band_start > band_end) continue;
    const uint64_t count = band_end - band_start + 1;
    const uint64_t start = world.rng.below(static_cast<uint32_t>(std::min<uint64_t>(count, 0xffffffffu)));
    for (uint64_t i = 0; i < count; ++i) {
      const Ipv4Address candidate = range.at(static_cast<uint32_t>(band_start + (start + i) % count));
      if (!ip_taken(world, candidate)) return candidate;
    }
  }
  return Diagnostic{"service.ip-exhausted", "Internal error occurred: failed to allocate a serviceIP: range is full", {}};
}

Result<int> allocate_node_port(World& world) {
  const int static_band = std::min(std::max(16, node_port_size / 32), 128);
  const int count = node_port_size - static_band;
  const int start = static_cast<int>(world.rng.below(static_cast<uint32_t>(count)));
  for (int i = 0; i < count; ++i) {
    const int candidate = node_port_base + static_band + (start + i) % count;
    if (!node_port_taken(world, candidate)) return candidate;
  }
  return Diagnostic{"service.node-port-exhausted", "Internal error occurred: failed to allocate a nodePort: range is full", {}};
}

bool same_spec(const ServiceSpec& a, const ServiceSpec& b) {
  if (a.type != b.type || a.selector != b.selector || a.external_name != b.external_name ||
      a.session_affinity_client_ip != b.session_affinity_client_ip || a.ports.size() != b.ports.size() ||
      a.external_traffic_policy != b.external_traffic_policy || a.internal_traffic_policy != b.internal_traffic_policy ||
      a.publish_not_ready_addresses != b.publish_not_ready_addresses || a.external_ips != b.external_ips ||
      a.load_balancer_ip != b.load_balancer_ip || a.load_balancer_source_ranges != b.load_balancer_source_ranges ||
      a.health_check_node_port != b.health_check_node_port ||
      a.allocate_load_balancer_node_ports != b.allocate_load_balancer_node_ports ||
      a.load_balancer_class != b.load_balancer_class || a.traffic_distribution != b.traffic_distribution)
    return false;
  for (size_t i = 0; i < a.ports.size(); ++i) {
    const ServicePort& x = a.ports[i];
    const ServicePort& y = b.ports[i];
    if (x.name != y.name || x.port != y.port || x.protocol != y.protocol || x.target_port.number != y.target_port.number ||
        x.target_port.name != y.target_port.name || (y.node_port && x.node_port != y.node_port))
      return false;
  }
  return true;
}

}  // namespace

ServiceRecord* find_service(World& world, const std::string& ns, const std::string& name) {
  for (ServiceRecord& record : world.services)
    if (record.service.metadata.namespace_name == ns && record.service.metadata.name == name) return &record;
  return nullptr;
}

const ServiceRecord* find_service(const World& world, const std::string& ns, const std::string& name) {
  return find_service(const_cast<World&>(world), ns, name);
}

std::optional<int> resolve_target_port(const ServicePort& port, const PodRecord& pod) {
  if (port.target_port.number) return port.target_port.number;
  for (const Container& container : pod.pod.spec.containers)
    for (const ContainerPort& container_port : container.ports)
      if (container_port.name == port.target_port.name && container_port.protocol == port.protocol)
        return container_port.container_port;
  return std::nullopt;
}

std::optional<Diagnostic> check_service(const World& world, const Service& service) {
  const std::string& name = service.metadata.name;
  const ServiceRecord* existing = find_service(world, service.metadata.namespace_name, name);
  if (existing) {
    if (!service.spec.cluster_ip.empty() && service.spec.cluster_ip != existing->service.spec.cluster_ip)
      return Diagnostic{"service.immutable", "The Service \"" + name + "\" is invalid: spec.clusterIPs[0]: Invalid value: [\"" +
                                                 service.spec.cluster_ip + "\"]: may not change once set", {}};
    return std::nullopt;
  }
  if (service.spec.type != ServiceType::ExternalName && !service.spec.cluster_ip.empty() && service.spec.cluster_ip != "None") {
    const auto requested = *Ipv4Address::parse(service.spec.cluster_ip);
    const Ipv4Cidr& range = world.cluster.service_network;
    if (!range.contains(requested) || requested == range.network() || requested == range.broadcast())
      return Diagnostic{"service.ip-range", "Service \"" + name + "\" is invalid: spec.clusterIPs: Invalid value: [\"" +
                                                service.spec.cluster_ip + "\"]: failed to allocate IP " + service.spec.cluster_ip +
                                                ": the provided IP (" + service.spec.cluster_ip +
                                                ") is not in the valid range. The range of valid IPs is " + range.to_string(), {}};
    if (ip_taken(world, requested))
      return Diagnostic{"service.ip-taken", "Service \"" + name + "\" is invalid: spec.clusterIPs: Invalid value: [\"" +
                                                service.spec.cluster_ip + "\"]: failed to allocate IP " + service.spec.cluster_ip +
                                                ": provided IP is already allocated", {}};
  }
  for (size_t i = 0; i < service.spec.ports.size(); ++i)
    if (service.spec.ports[i].node_port && node_port_taken(world, service.spec.ports[i].node_port))
      return Diagnostic{"service.node-port-taken", "Service \"" + name + "\" is invalid: spec.ports[" + std::to_string(i) +
                                                       "].nodePort: Invalid value: " + std::to_string(service.spec.ports[i].node_port) +
                                                       ": provided port is already allocated", {}};
  return std::nullopt;
}

Result<std::string> apply_service(World& world, const Service& input) {
  if (auto problem = check_service(world, input)) return *problem;
  Service service = input;
  const std::string& ns = service.metadata.namespace_name;
  ServiceRecord* existing = find_service(world, ns, service.metadata.name);
  // Fields the API server keeps: the clusterIP is immutable, allocated nodePorts stay.
  if (existing) {
    service.spec.cluster_ip = existing->service.spec.cluster_ip;
    for (ServicePort& port : service.spec.ports)
      for (const ServicePort& old : existing->service.spec.ports)
        if (!port.node_port && old.name == port.name && old.node_port) port.node_port = old.node_port;
    const bool unchanged = same_spec(existing->service.spec, service.spec) &&
                           existing->service.metadata.labels == service.metadata.labels;
    existing->service = service;
    return std::string(unchanged ? "unchanged" : "configured");
  }

  ServiceRecord record;
  if (service.spec.type == ServiceType::ExternalName) {
    service.spec.cluster_ip.clear();
  } else if (service.spec.cluster_ip != "None") {
    if (!service.spec.cluster_ip.empty()) {
      record.cluster_ip = *Ipv4Address::parse(service.spec.cluster_ip);
    } else {
      auto allocated = allocate_cluster_ip(world);
      if (!allocated) return allocated.diagnostics();
      record.cluster_ip = *allocated;
      service.spec.cluster_ip = allocated->to_string();
    }
  }
  if (service.spec.type == ServiceType::NodePort || service.spec.type == ServiceType::LoadBalancer) {
    for (ServicePort& port : service.spec.ports) {
      if (port.node_port) continue;
      auto allocated = allocate_node_port(world);
      if (!allocated) return allocated.diagnostics();
      port.node_port = *allocated;
    }
  }
  record.service = service;
  record.uid = random_uuid(world);
  record.created = world.next_creation++;
  record.created_at = world.now;
  world.services.push_back(std::move(record));
  world.log.add(world.now, "service.created", "service/" + ns + "/" + service.metadata.name,
                "Service " + service.metadata.name + (world.services.back().cluster_ip.is_unspecified()
                                                          ? std::string()
                                                          : " got ClusterIP " + world.services.back().cluster_ip.to_string()));
  return std::string("created");
}

bool delete_service(World& world, const std::string& ns, const std::string& name) {
  const size_t before = world.services.size();
  std::erase_if(world.services, [&](const ServiceRecord& record) {
    return record.service.metadata.namespace_name == ns && record.service.metadata.name == name;
  });
  return world.services.size() != before;
}

void sync_endpoint_slices(World& world) {
  for (ServiceRecord& record : world.services) {
    const ServiceSpec& spec = record.service.spec;
    if (spec.selector.empty() || spec.type == ServiceType::ExternalName) continue;
    // Pods grouped by the ports they resolve to: a slice holds endpoints that share its ports.
    std::vector<std::pair<std::vector<EndpointSlicePort>, std::vector<EndpointRecord>>> groups;
    std::vector<const PodRecord*> pods;
    world.pods.for_each([&](PodId, const PodRecord& pod) {
      if (pod.pod.metadata.namespace_name != record.service.metadata.namespace_name) return;
      if (pod.ip.is_unspecified() || pod.phase != PodPhase::Running) return;
      for (const auto& [key, value] : spec.selector) {
        const auto label = pod.pod.metadata.labels.find(key);
        if (label == pod.pod.metadata.labels.end() || label->second != value) return;
      }
      pods.push_back(&pod);
    });
    std::sort(pods.begin(), pods.end(), [](const PodRecord* a, const PodRecord* b) { return a->created < b->created; });
    for (const PodRecord* pod : pods) {
      std::vector<EndpointSlicePort> ports;
      for (const ServicePort& port : spec.ports)
        if (auto target = resolve_target_port(port, *pod)) ports.push_back({port.name, port.protocol, *target});
      const bool ready = std::all_of(pod->containers.begin(), pod->containers.end(),
                                     [](const ContainerStatus& status) { return status.running; });
      const Node* node = world.nodes.get(pod->node);
      EndpointRecord endpoint{pod->ip, ready, node ? node->name : "", pod->pod.metadata.name,
                              pod->pod.spec.subdomain == record.service.metadata.name ? pod->pod.spec.hostname : ""};
      auto group = std::find_if(groups.begin(), groups.end(), [&](const auto& g) {
        return g.first.size() == ports.size() &&
               std::equal(g.first.begin(), g.first.end(), ports.begin(), [](const EndpointSlicePort& a, const EndpointSlicePort& b) {
                 return a.name == b.name && a.port == b.port && a.protocol == b.protocol;
               });
      });
      if (group == groups.end() || group->second.size() >= 100) {
        groups.emplace_back(ports, std::vector<EndpointRecord>{});
        group = groups.end() - 1;
      }
      group->second.push_back(endpoint);
    }
    if (groups.empty()) {
      std::vector<EndpointSlicePort> ports;
      for (const ServicePort& port : spec.ports)
        ports.push_back({port.name, port.protocol, port.target_port.number.value_or(0)});
      groups.emplace_back(ports, std::vector<EndpointRecord>{});
    }
    // Slices keep their names while they exist; new ones get a generated name.
    std::vector<EndpointSliceRecord> slices;
    for (size_t i = 0; i < groups.size(); ++i) {
      EndpointSliceRecord slice;
      slice.name = i < record.slices.size() ? record.slices[i].name : record.service.metadata.name + "-" + generated_name_suffix(world);
      slice.ports = groups[i].first;
      slice.endpoints = groups[i].second;
      slices.push_back(std::move(slice));
    }
    record.slices = std::move(slices);
  }
  // kube-proxy watches Services and EndpointSlices: every change reaches the nodes' rules.
  sync_node_iptables(world);
}

void add_kubernetes_service(World& world) {
  ServiceRecord record;
  record.service.metadata.name = "kubernetes";
  record.service.metadata.namespace_name = "default";
  record.service.metadata.labels = {{"component", "apiserver"}, {"provider", "kubernetes"}};
  record.cluster_ip = world.cluster.service_network.at(1);
  record.service.spec.cluster_ip = record.cluster_ip.to_string();
  ServicePort https;
  https.name = "https";
  https.port = 443;
  https.target_port.number = 6443;
  record.service.spec.ports.push_back(https);
  // The API server keeps this slice itself (it has no selector): one endpoint per control plane.
  EndpointSliceRecord slice{"kubernetes", {}, {{"https", Protocol::TCP, 6443}}};
  std::vector<NodeId> nodes = world.nodes.ids();
  for (NodeId id : nodes) {
    const Node& node = world.nodes.at(id);
    if (node.role == NodeRole::ControlPlane) slice.endpoints.push_back({node.internal_ip, true, node.name, "", ""});
  }
  record.slices.push_back(slice);
  record.created = world.next_creation++;
  record.created_at = world.now;
  world.services.push_back(std::move(record));
}

}  // namespace podlab::k8s
