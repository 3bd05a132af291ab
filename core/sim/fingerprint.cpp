#include "core/sim/fingerprint.h"

#include <cstdio>

#include "core/net/forwarding.h"

namespace podlab {

namespace {

class Hasher {
 public:
  void add(const std::string& text) {
    for (unsigned char c : text) mix(c);
    mix(0);  // separator, so "ab"+"c" differs from "a"+"bc"
  }
  void add(uint64_t value) {
    for (int i = 0; i < 8; ++i) mix(static_cast<unsigned char>(value >> (8 * i)));
  }
  uint64_t value() const { return hash_; }

 private:
  void mix(unsigned char byte) {
    hash_ ^= byte;
    hash_ *= 1099511628211ull;
  }
  uint64_t hash_ = 14695981039346656037ull;
};

}  // namespace

uint64_t fingerprint(const World& world) {
  Hasher hasher;
  hasher.add(static_cast<uint64_t>(world_snapshot_version));
  hasher.add(static_cast<uint64_t>(world.now.ns));
  hasher.add(world.rng.state());
  world.nodes.for_each([&](NodeId, const Node& node) {
    hasher.add(node.name);
    hasher.add(node.internal_ip.to_string());
    hasher.add(node.pod_cidr.to_string());
    for (const Ipv4Address& address : node.ipam.allocated) hasher.add(address.to_string());
  });
  world.namespaces_net.for_each([&](NetnsId, const Netns& netns) {
    hasher.add(netns.name);
    for (DeviceId device_id : netns.devices) {
      const Device& device = world.devices.at(device_id);
      hasher.add(device.name);
      hasher.add(device.mac.to_string());
      hasher.add(static_cast<uint64_t>(device.mtu));
      for (const Ipv4Cidr& address : device.addresses) hasher.add(address.to_string());
      for (const FdbEntry& entry : device.fdb) hasher.add(entry.mac.to_string() + (entry.remote ? entry.remote->to_string() : ""));
    }
    for (const Route& route : netns.routes) hasher.add(format_route(world, route));
    for (const NeighbourEntry& entry : netns.neighbours) hasher.add(entry.address.to_string() + entry.mac.to_string());
    for (const ListeningSocket& socket : netns.listeners) hasher.add(socket.owner + std::to_string(socket.port));
  });
  world.pods.for_each([&](PodId, const PodRecord& pod) {
    hasher.add(pod.pod.metadata.namespace_name + "/" + pod.pod.metadata.name);
    hasher.add(pod.uid);
    hasher.add(pod.ip.to_string());
    for (const ContainerStatus& status : pod.containers) hasher.add(status.name + std::to_string(status.restart_count));
  });
  for (const NamespaceRecord& record : world.namespaces) hasher.add(record.name);
  for (const WorkloadRecord& workload : world.workloads) hasher.add(workload.name + std::to_string(workload.replicas));
  for (const ServiceRecord& record : world.services) {
    hasher.add(record.service.metadata.namespace_name + "/" + record.service.metadata.name + " " + record.cluster_ip.to_string());
    for (const auto& port : record.service.spec.ports) hasher.add(static_cast<uint64_t>(port.port * 65536 + port.node_port));
    for (const EndpointSliceRecord& slice : record.slices) {
      hasher.add(slice.name);
      for (const EndpointRecord& endpoint : slice.endpoints) hasher.add(endpoint.address.to_string() + (endpoint.ready ? "+" : "-"));
    }
  }
  // Netfilter: the rules each node runs and the connections it tracks (which decide where the
  // next packet of a connection goes).
  for (const auto& [netns, state] : world.netfilter) {
    hasher.add(static_cast<uint64_t>(netns.index));
    hasher.add(state.nat_text);
    hasher.add(state.filter_text);
    hasher.add(state.conntrack.list(world.now));
  }
  for (const ConfigMapRecord& record : world.config_maps) {
    hasher.add(record.config_map.metadata.namespace_name + "/" + record.config_map.metadata.name);
    for (const auto& [key, value] : record.config_map.data) hasher.add(key + "=" + value);
  }
  hasher.add(world.coredns.corefile);
  for (const LogEntry& entry : world.log.entries) {
    hasher.add(static_cast<uint64_t>(entry.time.ns));
    hasher.add(entry.kind + entry.object + entry.message);
  }
  return hasher.value();
}

std::string fingerprint_hex(uint64_t value) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

}  // namespace podlab
