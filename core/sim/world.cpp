#include "core/sim/world.h"

#include <algorithm>

namespace podlab {

std::vector<DeviceId> bridge_ports(const World& world, DeviceId bridge) {
  std::vector<DeviceId> ports;
  const Device* device = world.devices.get(bridge);
  if (!device) return ports;
  for (DeviceId id : world.namespaces_net.at(device->netns).devices)
    if (world.devices.at(id).master == bridge) ports.push_back(id);
  return ports;
}

std::vector<DeviceId> link_neighbours(const World& world, DeviceId device_id) {
  std::vector<DeviceId> result;
  const Device& device = world.devices.at(device_id);
  auto add_bridge_side = [&](DeviceId bridge, DeviceId except_port) {
    result.push_back(bridge);
    for (DeviceId port : bridge_ports(world, bridge)) {
      if (port == except_port) continue;
      const DeviceId peer = world.devices.at(port).peer;
      if (world.devices.get(peer)) result.push_back(peer);
    }
  };
  switch (device.kind) {
    case DeviceKind::Veth: {
      const Device* peer = world.devices.get(device.peer);
      if (!peer) break;
      result.push_back(device.peer);
      if (peer->master.valid()) add_bridge_side(peer->master, device.peer);
      break;
    }
    case DeviceKind::Bridge:
      for (DeviceId port : bridge_ports(world, device_id))
        if (world.devices.get(world.devices.at(port).peer)) result.push_back(world.devices.at(port).peer);
      break;
    case DeviceKind::Ethernet:
      if (const Segment* segment = world.segments.get(device.segment))
        for (DeviceId member : segment->members)
          if (member != device_id) result.push_back(member);
      break;
    case DeviceKind::Vxlan:
      world.devices.for_each([&](DeviceId id, const Device& other) {
        if (id == device_id || other.kind != DeviceKind::Vxlan || other.vni != device.vni) return;
        if (other.local == device.remote) result.push_back(id);
      });
      break;
    default:
      break;
  }
  return result;
}

DeviceId find_device(const World& world, NetnsId netns, const std::string& name) {
  const Netns* space = world.namespaces_net.get(netns);
  if (!space) return {};
  for (DeviceId id : space->devices)
    if (world.devices.at(id).name == name) return id;
  return {};
}

std::string random_hex(World& world, int digits) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string text;
  for (int i = 0; i < digits; ++i) text += hex[world.rng.below(16)];
  return text;
}

std::string random_uuid(World& world) {
  // One draw per statement: the operands of + are unsequenced, and compilers order them differently.
  std::string uuid = random_hex(world, 8);
  for (int digits : {4, 4, 4, 12}) uuid += "-" + random_hex(world, digits);
  return uuid;
}

std::string generated_name_suffix(World& world) {
  std::string text;
  for (int i = 0; i < 5; ++i) text += generated_name_alphabet[world.rng.below(sizeof generated_name_alphabet - 1)];
  return text;
}

DeviceId add_loopback(World& world, NetnsId netns) {
  Device lo;
  lo.name = "lo";
  lo.kind = DeviceKind::Loopback;
  lo.mtu = 65536;
  lo.addresses.push_back(Ipv4Cidr{Ipv4Address::from_octets(127, 0, 0, 1), 8});
  return add_device(world, netns, lo);
}

MacAddress allocate_mac(World& world) {
  const uint64_t n = world.next_mac++;
  // 0a:58 is the prefix Kubernetes CNI plugins use for pod-facing MACs; the rest is a counter.
  return MacAddress{{0x0a, 0x58, static_cast<uint8_t>(n >> 24), static_cast<uint8_t>(n >> 16),
                     static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n)}};
}

DeviceId add_device(World& world, NetnsId netns_id, Device device) {
  Netns& netns = world.namespaces_net.at(netns_id);
  device.netns = netns_id;
  device.ifindex = netns.next_ifindex++;
  const DeviceId id = world.devices.add(std::move(device));
  world.namespaces_net.at(netns_id).devices.push_back(id);
  return id;
}

void remove_device(World& world, DeviceId device_id) {
  Device* device = world.devices.get(device_id);
  if (!device) return;
  const DeviceId peer = device->peer;
  Netns& netns = world.namespaces_net.at(device->netns);
  std::erase(netns.devices, device_id);
  std::erase_if(netns.routes, [&](const Route& route) { return route.device == device_id; });
  std::erase_if(netns.neighbours, [&](const NeighbourEntry& entry) { return entry.device == device_id; });
  if (Device* bridge = world.devices.get(device->master))
    std::erase_if(bridge->fdb, [&](const FdbEntry& entry) { return entry.port == device_id; });
  if (Segment* segment = world.segments.get(device->segment)) std::erase(segment->members, device_id);
  world.devices.remove(device_id);
  if (world.devices.get(peer)) {
    world.devices.at(peer).peer = DeviceId{};
    remove_device(world, peer);
  }
}

}  // namespace podlab
