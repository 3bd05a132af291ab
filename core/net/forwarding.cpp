#include "core/net/forwarding.h"

#include <algorithm>

namespace podlab {

namespace {

constexpr SimTime veth_latency = SimTime::from_ns(2000);
constexpr SimTime wire_latency = SimTime::from_ns(120000);
constexpr SimTime stack_latency = SimTime::from_ns(1000);
constexpr SimTime server_latency = SimTime::from_ns(50000);  // a user-space server reads and answers

bool is_broadcast(const MacAddress& mac) { return mac.is_broadcast(); }

const net::Ipv4Header* ip_of(const net::Packet& packet) { return packet.find<net::Ipv4Header>(); }

// Flow hash for a tunnel's outer UDP source port, as the kernel spreads flows over ports.
uint16_t flow_source_port(const net::Packet& inner) {
  uint32_t hash = 2166136261u;
  auto mix = [&](uint32_t value) {
    for (int i = 0; i < 4; ++i) {
      hash ^= (value >> (8 * i)) & 0xff;
      hash *= 16777619u;
    }
  };
  if (const auto* ip = ip_of(inner)) {
    mix(ip->source.value);
    mix(ip->destination.value);
    mix(static_cast<uint32_t>(ip->protocol));
  }
  if (const auto* udp = inner.find<net::UdpHeader>()) mix(uint32_t{udp->source_port} << 16 | udp->destination_port);
  if (const auto* tcp = inner.find<net::TcpHeader>()) mix(uint32_t{tcp->source_port} << 16 | tcp->destination_port);
  return static_cast<uint16_t>(32768 + hash % (61000 - 32768));
}

// A bridge learns that `mac` is reached through its port `port`.
void learn(Device& bridge, const MacAddress& mac, DeviceId port) {
  auto learned = std::find_if(bridge.fdb.begin(), bridge.fdb.end(), [&](const FdbEntry& entry) { return entry.mac == mac; });
  if (learned == bridge.fdb.end()) bridge.fdb.push_back(FdbEntry{mac, port, std::nullopt, false});
  else learned->port = port;
}

// A frame sent from `device` (a pod's eth0) enters a bridge through the veth's host end: that bridge
// learns the sender's MAC on that port.
void learn_sender(World& world, DeviceId device_id) {
  const Device& device = world.devices.at(device_id);
  if (device.kind != DeviceKind::Veth) return;
  const Device* port = world.devices.get(device.peer);
  if (!port) return;
  Device* bridge = world.devices.get(port->master);
  if (bridge && bridge->kind == DeviceKind::Bridge) learn(*bridge, device.mac, device.peer);
}

}  // namespace

// [SECTION] Table look-ups

const Route* lookup_route(const World& world, NetnsId netns_id, Ipv4Address destination) {
  const Netns* netns = world.namespaces_net.get(netns_id);
  if (!netns) return nullptr;
  const Route* best = nullptr;
  for (const Route& route : netns->routes) {
    if (!route.destination.contains(destination)) continue;
    if (route.type == RouteType::Unicast) {
      const Device* device = world.devices.get(route.device);
      if (!device || !device->up) continue;
    }
    if (!best || route.destination.prefix_length > best->destination.prefix_length) best = &route;
  }
  return best;
}

DeviceId local_device_for(const World& world, NetnsId netns_id, Ipv4Address address) {
  const Netns* netns = world.namespaces_net.get(netns_id);
  if (!netns) return {};
  for (DeviceId id : netns->devices) {
    const Device& device = world.devices.at(id);
    for (const Ipv4Cidr& cidr : device.addresses)
      if (cidr.address == address) return id;
    if (device.kind == DeviceKind::Loopback && address.is_loopback()) return id;
  }
  return {};
}

Ipv4Address pick_source(const World& world, const Route& route) {
  if (route.source) return *route.source;
  const Device* device = world.devices.get(route.device);
  if (device && !device->addresses.empty()) return device->addresses.front().address;
  // A device without an address (Calico's pod eth0 has one; tunl0 may not): any address of the
  // namespace, preferring one that is not loopback, as the kernel's source selection does.
  if (device) {
    const Netns& netns = world.namespaces_net.at(device->netns);
    for (DeviceId id : netns.devices) {
      const Device& other = world.devices.at(id);
      if (other.kind == DeviceKind::Loopback) continue;
      if (!other.addresses.empty()) return other.addresses.front().address;
    }
  }
  return Ipv4Address{};
}

std::string format_route(const World& world, const Route& route) {
  std::string text;
  if (route.type == RouteType::Blackhole) text += "blackhole ";
  text += route.destination.prefix_length == 0 ? std::string("default") : route.destination.canonical().to_string();
  if (route.destination.prefix_length == 32 && route.type == RouteType::Unicast)
    text = route.destination.address.to_string();
  if (route.gateway) text += " via " + route.gateway->to_string();
  if (const Device* device = world.devices.get(route.device); device && route.type == RouteType::Unicast)
    text += " dev " + device->name;
  // `ip route add` without `proto` makes a "boot" route, which `ip route` does not label.
  if (route.protocol != RouteProtocol::Boot && route.protocol != RouteProtocol::Flannel && route.protocol != RouteProtocol::Lab)
    text += std::string(" proto ") + route_protocol_name(route.protocol);
  if (route.scope == RouteScope::Link) text += " scope link";
  if (route.scope == RouteScope::Host) text += " scope host";
  if (route.source) text += " src " + route.source->to_string();
  if (route.onlink) text += " onlink";
  return text;
}

// [SECTION] Traces

size_t Network::start_trace(std::optional<size_t> caused_by) {
  traces_.emplace_back();
  caused_by_.push_back(caused_by);
  return traces_.size() - 1;
}

std::optional<size_t> Network::reply_to(size_t index) const {
  for (size_t i = 0; i < caused_by_.size(); ++i)
    if (caused_by_[i] == index) return i;
  return std::nullopt;
}

void Network::hop(size_t trace, SimTime time, NetnsId netns, DeviceId device, HopAction action, std::string detail,
                  const net::Packet& packet) {
  const Netns* space = world_.namespaces_net.get(netns);
  traces_[trace].hops.push_back(
      Hop{time, space ? space->node : NodeId{}, netns, device, action, std::move(detail), packet});
}

void Network::drop(size_t trace, SimTime time, NetnsId netns, DeviceId device, std::string reason,
                   const net::Packet& packet) {
  hop(trace, time, netns, device, HopAction::Drop, reason, packet);
  pending_.erase(trace);
  traces_[trace].delivered = false;
  traces_[trace].reason = std::move(reason);
}

void Network::schedule(Event event) {
  event.sequence = next_sequence_++;
  queue_.push(std::move(event));
}

size_t Network::send(NetnsId netns, net::Packet packet, SimTime at) {
  const size_t trace = start_trace(std::nullopt);
  schedule(Event{at, 0, DeviceId{}, netns, trace, std::move(packet)});
  return trace;
}

void Network::run(SimTime until) {
  while (!queue_.empty() && queue_.top().time <= until) {
    Event event = queue_.top();
    queue_.pop();
    if (world_.now < event.time) world_.now = event.time;
    if (event.device.valid()) {
      receive_frame(event.trace, event.time, event.device, std::move(event.packet));
    } else {
      // The stack picks the source address from the route before the packet is built.
      auto& ip = *event.packet.find<net::Ipv4Header>();
      if (ip.source.is_unspecified()) {
        if (local_device_for(world_, event.netns, ip.destination).valid()) ip.source = ip.destination;
        else if (const Route* route = lookup_route(world_, event.netns, ip.destination)) ip.source = pick_source(world_, *route);
      }
      hop(event.trace, event.time, event.netns, DeviceId{}, HopAction::Send, net::summarize(event.packet), event.packet);
      output_ip(event.trace, event.time, event.netns, std::move(event.packet), DeviceId{});
    }
  }
}

// [SECTION] IP output: routing and next hop

void Network::output_ip(size_t trace, SimTime time, NetnsId netns, net::Packet packet, DeviceId ingress) {
  net::Ipv4Header* ip = packet.find<net::Ipv4Header>();
  PODLAB_ASSERT(ip != nullptr);
  if (!ingress.valid()) {
    // A locally generated packet meets OUTPUT, where kube-proxy's DNAT may send it elsewhere.
    DeviceId out = local_device_for(world_, netns, ip->destination);
    if (const Route* route = out.valid() ? nullptr : lookup_route(world_, netns, ip->destination)) out = route->device;
    if (!local_out(trace, time, netns, out, packet)) return;
    ip = packet.find<net::Ipv4Header>();
  }
  // Local destinations go through loopback, as the kernel's local table does.
  if (DeviceId local = local_device_for(world_, netns, ip->destination); local.valid()) {
    if (ip->source.is_unspecified()) ip->source = ip->destination;
    hop(trace, time, netns, local, HopAction::Route, "local " + ip->destination.to_string() + " dev lo table local",
        packet);
    // Through lo the packet keeps its connection: no second PREROUTING, INPUT sees it as tracked.
    const auto flow = pending_.find(trace);
    const std::optional<PendingFlow> carried = flow != pending_.end() ? std::optional(flow->second) : std::nullopt;
    if (!postrouting(trace, time, netns, find_device(world_, netns, "lo"), packet)) return;
    if (carried && carried->netns == netns) pending_[trace] = PendingFlow{netns, carried->original, true, carried->conntrack_state, carried->mark};
    input_ip(trace, time + stack_latency, local, std::move(packet));
    return;
  }
  const Route* route = lookup_route(world_, netns, ip->destination);
  if (!route) {
    drop(trace, time, netns, DeviceId{}, "no route to " + ip->destination.to_string() + ": Network is unreachable",
         packet);
    if (ingress.valid()) send_icmp_error(trace, time, netns, ingress, packet, net::IcmpType::DestinationUnreachable, 0, 0);
    return;
  }
  if (route->type == RouteType::Blackhole) {
    drop(trace, time, netns, DeviceId{}, "route " + format_route(world_, *route) + " discards it", packet);
    return;
  }
  if (ip->source.is_unspecified()) ip->source = pick_source(world_, *route);
  const Device& device = world_.devices.at(route->device);
  hop(trace, time, netns, route->device, HopAction::Route, format_route(world_, *route), packet);
  if (ingress.valid() && !forward_hook(trace, time, netns, ingress, route->device, packet)) return;

  const size_t ip_size = net::wire_size(packet, *packet.index_of<net::Ipv4Header>());
  if (static_cast<int>(ip_size) > device.mtu) {
    const std::string reason = "packet of " + std::to_string(ip_size) + " bytes is larger than the MTU " +
                               std::to_string(device.mtu) + " of " + device.name + " and may not be fragmented";
    drop(trace, time, netns, route->device, reason, packet);
    if (ingress.valid())
      send_icmp_error(trace, time, netns, ingress, packet, net::IcmpType::DestinationUnreachable, 4,
                      static_cast<uint16_t>(device.mtu));
    return;
  }
  const Ipv4Address next_hop = route->gateway ? *route->gateway : ip->destination;
  if (!postrouting(trace, time, netns, route->device, packet)) return;
  transmit(trace, time, route->device, std::move(packet), next_hop);
}

void Network::transmit(size_t trace, SimTime time, DeviceId device_id, net::Packet packet, Ipv4Address next_hop) {
  const Device& device = world_.devices.at(device_id);
  const NetnsId netns = device.netns;
  switch (device.kind) {
    case DeviceKind::Loopback:
      input_ip(trace, time, device_id, std::move(packet));
      return;
    case DeviceKind::Ipip: {
      const Ipv4Address remote = device.remote.is_unspecified() ? next_hop : device.remote;
      net::Ipv4Header outer;
      outer.protocol = net::IpProtocol::Ipip;
      outer.destination = remote;
      outer.source = device.local;
      // tunl0 has no local address: the kernel routes the outer packet first and takes that
      // route's source, so the header is never built with 0.0.0.0.
      if (outer.source.is_unspecified())
        if (const Route* underlay = lookup_route(world_, netns, remote)) outer.source = pick_source(world_, *underlay);
      outer.ttl = 64;
      packet.headers.insert(packet.headers.begin(), outer);
      hop(trace, time, netns, device_id, HopAction::Encapsulate,
          "ipip: outer IP " + (outer.source.is_unspecified() ? std::string("(source chosen by route)") : outer.source.to_string()) +
              " > " + remote.to_string() + ", protocol 4",
          packet);
      output_ip(trace, time + stack_latency, netns, std::move(packet), DeviceId{});
      return;
    }
    case DeviceKind::Vxlan: {
      const auto mac = resolve_neighbour(trace, time, device_id, next_hop);
      if (!mac) {
        drop(trace, time, netns, device_id,
             "no neighbour entry for " + next_hop.to_string() + " on " + device.name +
                 " (flannel installs one per remote node; ARP is not used there)",
             packet);
        return;
      }
      std::optional<Ipv4Address> remote;
      for (const FdbEntry& entry : device.fdb)
        if (entry.mac == *mac && entry.remote) remote = entry.remote;
      if (!remote && !device.remote.is_unspecified()) remote = device.remote;
      if (!remote) {
        drop(trace, time, netns, device_id,
             "no forwarding-database entry on " + device.name + " for " + mac->to_string() + ": no VTEP to send to",
             packet);
        return;
      }
      const uint16_t source_port = flow_source_port(packet);
      packet.headers.insert(packet.headers.begin(), net::EthernetHeader{*mac, device.mac, net::EtherType::Ipv4});
      net::Ipv4Header outer;
      outer.protocol = net::IpProtocol::Udp;
      outer.source = device.local;
      outer.destination = *remote;
      packet.headers.insert(packet.headers.begin(),
                            {outer, net::UdpHeader{source_port, device.udp_port}, net::VxlanHeader{device.vni}});
      hop(trace, time, netns, device_id, HopAction::Encapsulate,
          "vxlan: fdb " + mac->to_string() + " dst " + remote->to_string() + ", VNI " + std::to_string(device.vni) +
              ", UDP port " + std::to_string(device.udp_port),
          packet);
      output_ip(trace, time + stack_latency, netns, std::move(packet), DeviceId{});
      return;
    }
    case DeviceKind::Ethernet:
    case DeviceKind::Veth:
    case DeviceKind::Bridge: {
      const auto mac = resolve_neighbour(trace, time, device_id, next_hop);
      if (!mac) {
        drop(trace, time, netns, device_id,
             "no answer to ARP for " + next_hop.to_string() + " on " + device.name + ": Destination Host Unreachable",
             packet);
        return;
      }
      packet.headers.insert(packet.headers.begin(), net::EthernetHeader{*mac, device.mac, net::EtherType::Ipv4});
      transmit_frame(trace, time, device_id, std::move(packet));
      return;
    }
  }
}

// [SECTION] Link layer

void Network::transmit_frame(size_t trace, SimTime time, DeviceId device_id, net::Packet frame) {
  const Device& device = world_.devices.at(device_id);
  hop(trace, time, device.netns, device_id, HopAction::Transmit, "out " + device.name, frame);
  captured_.emplace_back(time, frame);
  const auto& ethernet = std::get<net::EthernetHeader>(frame.headers.front());
  switch (device.kind) {
    case DeviceKind::Veth: {
      if (!device.peer.valid()) {
        drop(trace, time, device.netns, device_id, device.name + " has no peer", frame);
        return;
      }
      schedule(Event{time + veth_latency, 0, device.peer, NetnsId{}, trace, std::move(frame)});
      return;
    }
    case DeviceKind::Bridge: {
      // The host sends into the bridge: the bridge delivers to the port its FDB names, or floods.
      for (const FdbEntry& entry : device.fdb) {
        if (entry.mac == ethernet.destination && entry.port.valid()) {
          hop(trace, time, device.netns, device_id, HopAction::Bridge,
              "fdb " + entry.mac.to_string() + " dev " + world_.devices.at(entry.port).name + " master " + device.name,
              frame);
          transmit_frame(trace, time, entry.port, std::move(frame));
          return;
        }
      }
      for (DeviceId port : bridge_ports(world_, device_id)) {
        const Device& port_device = world_.devices.at(port);
        const Device* peer = world_.devices.get(port_device.peer);
        if (peer && (peer->mac == ethernet.destination || is_broadcast(ethernet.destination))) {
          hop(trace, time, device.netns, device_id, HopAction::Bridge,
              "flood: " + ethernet.destination.to_string() + " not in the fdb of " + device.name, frame);
          transmit_frame(trace, time, port, std::move(frame));
          return;
        }
      }
      drop(trace, time, device.netns, device_id, "no port of " + device.name + " leads to " + ethernet.destination.to_string(),
           frame);
      return;
    }
    case DeviceKind::Ethernet: {
      const Segment* segment = world_.segments.get(device.segment);
      if (!segment) {
        drop(trace, time, device.netns, device_id, device.name + " is not connected to a network", frame);
        return;
      }
      for (DeviceId member : segment->members) {
        if (member == device_id) continue;
        const Device& other = world_.devices.at(member);
        if (other.mac == ethernet.destination) {
          schedule(Event{time + wire_latency, 0, member, NetnsId{}, trace, std::move(frame)});
          return;
        }
      }
      drop(trace, time, device.netns, device_id,
           "no host on " + segment->name + " has MAC " + ethernet.destination.to_string(), frame);
      return;
    }
    default:
      drop(trace, time, device.netns, device_id, device.name + " cannot carry Ethernet frames", frame);
  }
}

void Network::receive_frame(size_t trace, SimTime time, DeviceId device_id, net::Packet frame) {
  Device& device = world_.devices.at(device_id);
  hop(trace, time, device.netns, device_id, HopAction::Receive, "in " + device.name, frame);
  if (!device.up) {
    drop(trace, time, device.netns, device_id, device.name + " is down", frame);
    return;
  }
  const auto ethernet = std::get<net::EthernetHeader>(frame.headers.front());
  if (Device* bridge = world_.devices.get(device.master); bridge && bridge->kind == DeviceKind::Bridge) {
    // Learning, then forwarding by destination MAC.
    learn(*bridge, ethernet.source, device_id);
    if (ethernet.destination == bridge->mac) {
      hop(trace, time, bridge->netns, device.master, HopAction::Bridge,
          "to the bridge's own address: up to the host's IP stack", frame);
      frame.headers.erase(frame.headers.begin());
      input_ip(trace, time + stack_latency, device.master, std::move(frame));
      return;
    }
    // br_netfilter (bridge-nf-call-iptables=1, which kubeadm requires): frames bridged between
    // ports still meet iptables, so a Service's reply from a pod on the same bridge is un-DNATed.
    if (frame.index_of<net::Ipv4Header>()) {
      const NetnsId bridge_netns = bridge->netns;
      const DeviceId master = device.master;
      if (!prerouting(trace, time, bridge_netns, master, frame) || !forward_hook(trace, time, bridge_netns, master, master, frame) ||
          !postrouting(trace, time, bridge_netns, master, frame))
        return;
    }
    for (const FdbEntry& entry : bridge->fdb) {
      if (entry.mac == ethernet.destination && entry.port.valid() && entry.port != device_id) {
        hop(trace, time, bridge->netns, device.master, HopAction::Bridge,
            "fdb " + entry.mac.to_string() + " dev " + world_.devices.at(entry.port).name + " master " + bridge->name,
            frame);
        transmit_frame(trace, time + stack_latency, entry.port, std::move(frame));
        return;
      }
    }
    for (DeviceId port : bridge_ports(world_, device.master)) {
      if (port == device_id) continue;
      const Device* peer = world_.devices.get(world_.devices.at(port).peer);
      if (peer && peer->mac == ethernet.destination) {
        hop(trace, time, bridge->netns, device.master, HopAction::Bridge,
            "flood: " + ethernet.destination.to_string() + " not yet in the fdb of " + bridge->name, frame);
        transmit_frame(trace, time + stack_latency, port, std::move(frame));
        return;
      }
    }
    drop(trace, time, bridge->netns, device.master,
         "no port of " + bridge->name + " leads to " + ethernet.destination.to_string(), frame);
    return;
  }
  if (ethernet.destination != device.mac && !is_broadcast(ethernet.destination)) {
    drop(trace, time, device.netns, device_id,
         "frame for " + ethernet.destination.to_string() + " is not for " + device.name + " (" + device.mac.to_string() + ")",
         frame);
    return;
  }
  frame.headers.erase(frame.headers.begin());
  input_ip(trace, time + stack_latency, device_id, std::move(frame));
}

// [SECTION] IP input: local delivery or forwarding

void Network::input_ip(size_t trace, SimTime time, DeviceId device_id, net::Packet packet) {
  const Device& device = world_.devices.at(device_id);
  const NetnsId netns_id = device.netns;
  const Netns& netns = world_.namespaces_net.at(netns_id);
  if (!prerouting(trace, time, netns_id, device_id, packet)) return;
  net::Ipv4Header& ip = *packet.find<net::Ipv4Header>();
  if (local_device_for(world_, netns_id, ip.destination).valid()) {
    if (!local_in(trace, time, netns_id, device_id, packet)) return;
    deliver_local(trace, time, device_id, std::move(packet));
    return;
  }
  if (!netns.ip_forward) {
    drop(trace, time, netns_id, device_id,
         ip.destination.to_string() + " is not an address of this namespace, and it does not forward (ip_forward=0)",
         packet);
    return;
  }
  if (ip.ttl <= 1) {
    drop(trace, time, netns_id, device_id, "TTL exceeded", packet);
    send_icmp_error(trace, time, netns_id, device_id, packet, net::IcmpType::TimeExceeded, 0, 0);
    return;
  }
  --ip.ttl;
  hop(trace, time, netns_id, device_id, HopAction::Forward, "ip_forward: ttl " + std::to_string(ip.ttl), packet);
  output_ip(trace, time, netns_id, std::move(packet), device_id);
}

void Network::deliver_local(size_t trace, SimTime time, DeviceId device_id, net::Packet packet) {
  const NetnsId netns_id = world_.devices.at(device_id).netns;
  Netns& netns = world_.namespaces_net.at(netns_id);
  const net::Ipv4Header ip = *packet.find<net::Ipv4Header>();
  const size_t ip_index = *packet.index_of<net::Ipv4Header>();

  // Tunnels: the kernel hands IPIP and VXLAN packets to the matching tunnel device.
  if (ip.protocol == net::IpProtocol::Ipip) {
    for (DeviceId id : netns.devices) {
      const Device& tunnel = world_.devices.at(id);
      if (tunnel.kind != DeviceKind::Ipip || !tunnel.up) continue;
      if (!tunnel.remote.is_unspecified() && tunnel.remote != ip.source) continue;
      packet.headers.erase(packet.headers.begin(), packet.headers.begin() + static_cast<long>(ip_index) + 1);
      hop(trace, time, netns_id, id, HopAction::Decapsulate, "ipip from " + ip.source.to_string() + " on " + tunnel.name,
          packet);
      input_ip(trace, time + stack_latency, id, std::move(packet));
      return;
    }
    drop(trace, time, netns_id, device_id, "IPIP packet from " + ip.source.to_string() + " but no tunnel device takes it",
         packet);
    return;
  }
  if (const auto* udp = packet.find<net::UdpHeader>(ip_index); udp && packet.find<net::VxlanHeader>(ip_index)) {
    const uint32_t vni = packet.find<net::VxlanHeader>(ip_index)->vni;
    for (DeviceId id : netns.devices) {
      const Device& tunnel = world_.devices.at(id);
      if (tunnel.kind != DeviceKind::Vxlan || tunnel.udp_port != udp->destination_port || tunnel.vni != vni) continue;
      const size_t inner = *packet.index_of<net::EthernetHeader>(ip_index);
      packet.headers.erase(packet.headers.begin(), packet.headers.begin() + static_cast<long>(inner));
      hop(trace, time, netns_id, id, HopAction::Decapsulate,
          "vxlan VNI " + std::to_string(vni) + " from " + ip.source.to_string() + " on " + tunnel.name, packet);
      receive_frame(trace, time + stack_latency, id, std::move(packet));
      return;
    }
  }

  traces_[trace].received = packet;
  // An ICMP error quotes the packet it is about (headers included): it goes to the socket that
  // sent that packet, never to the quoted protocol's handling below.
  if (const auto* icmp = packet.find<net::IcmpHeader>(ip_index); icmp && ip.protocol == net::IpProtocol::Icmp &&
                                                                  icmp->type != net::IcmpType::EchoRequest &&
                                                                  icmp->type != net::IcmpType::EchoReply) {
    traces_[trace].delivered = true;
    hop(trace, time, netns_id, device_id, HopAction::Deliver, "ICMP to the socket that sent the packet it quotes", packet);
    arrivals_.push_back(Arrival{time, netns_id, trace, packet});
    return;
  }
  if (const auto* icmp = packet.find<net::IcmpHeader>(ip_index); icmp && icmp->type == net::IcmpType::EchoRequest) {
    traces_[trace].delivered = true;
    hop(trace, time, netns_id, device_id, HopAction::Deliver, "ICMP echo request: the kernel answers", packet);
    net::Packet reply;
    net::Ipv4Header reply_ip;
    reply_ip.source = ip.destination;
    reply_ip.destination = ip.source;
    reply_ip.protocol = net::IpProtocol::Icmp;
    reply.headers = {reply_ip, net::IcmpHeader{net::IcmpType::EchoReply, 0, icmp->identifier, icmp->sequence}};
    reply.payload = packet.payload;
    answer(trace, time, netns_id, std::move(reply));
    return;
  }
  if (const auto* tcp = packet.find<net::TcpHeader>(ip_index); tcp && (tcp->flags & net::tcp_flags::syn) &&
                                                                 !(tcp->flags & net::tcp_flags::ack)) {
    const auto listener = std::find_if(netns.listeners.begin(), netns.listeners.end(), [&](const ListeningSocket& s) {
      return s.protocol == 6 && s.port == tcp->destination_port;
    });
    net::Packet reply;
    net::Ipv4Header reply_ip;
    reply_ip.source = ip.destination;
    reply_ip.destination = ip.source;
    reply_ip.protocol = net::IpProtocol::Tcp;
    net::TcpHeader reply_tcp{tcp->destination_port, tcp->source_port, 0, tcp->sequence + 1, 0};
    if (listener != netns.listeners.end()) {
      traces_[trace].delivered = true;
      hop(trace, time, netns_id, device_id, HopAction::Deliver,
          "TCP SYN to port " + std::to_string(tcp->destination_port) + ": " + listener->owner + " accepts", packet);
      reply_tcp.flags = net::tcp_flags::syn | net::tcp_flags::ack;
      reply_tcp.sequence = 1000000 + world_.rng.below(1000000);
    } else {
      drop(trace, time, netns_id, device_id,
           "nothing listens on TCP port " + std::to_string(tcp->destination_port) + ": Connection refused", packet);
      reply_tcp.flags = net::tcp_flags::rst | net::tcp_flags::ack;
    }
    reply.headers = {reply_ip, reply_tcp};
    answer(trace, time, netns_id, std::move(reply));
    return;
  }
  if (const auto* tcp = packet.find<net::TcpHeader>(ip_index); tcp && !(tcp->flags & net::tcp_flags::rst) &&
                                                                 serve_tcp(trace, time, device_id, packet, *tcp))
    return;
  if (const auto* udp = packet.find<net::UdpHeader>(ip_index)) {
    const bool listening = std::any_of(netns.listeners.begin(), netns.listeners.end(), [&](const ListeningSocket& s) {
      return s.protocol == 17 && s.port == udp->destination_port;
    });
    if (!listening && udp->destination_port >= 33434 && udp->destination_port < 33534) {
      // traceroute's probe reached its target: the port is closed, the kernel says so.
      traces_[trace].delivered = true;
      hop(trace, time, netns_id, device_id, HopAction::Deliver,
          "UDP port " + std::to_string(udp->destination_port) + " is closed: ICMP port unreachable", packet);
      send_icmp_error(trace, time, netns_id, device_id, packet, net::IcmpType::DestinationUnreachable, 3, 0);
      return;
    }
  }
  traces_[trace].delivered = true;
  hop(trace, time, netns_id, device_id, HopAction::Deliver, "to the socket of a process", packet);
  arrivals_.push_back(Arrival{time, netns_id, trace, packet});
  if (packet.find<net::UdpHeader>(ip_index) && servers_.udp)
    if (auto reply = servers_.udp(world_, netns_id, packet)) answer(trace, time + server_latency, netns_id, std::move(*reply));
}

bool Network::serve_tcp(size_t trace, SimTime time, DeviceId device_id, const net::Packet& packet, const net::TcpHeader& tcp) {
  const NetnsId netns_id = world_.devices.at(device_id).netns;
  const Netns& netns = world_.namespaces_net.at(netns_id);
  const auto listener = std::find_if(netns.listeners.begin(), netns.listeners.end(), [&](const ListeningSocket& s) {
    return s.protocol == 6 && s.port == tcp.destination_port;
  });
  if (listener == netns.listeners.end()) return false;  // the client's end: its process reads it
  const auto& ip = *packet.find<net::Ipv4Header>();
  net::Packet reply;
  net::Ipv4Header reply_ip;
  reply_ip.source = ip.destination;
  reply_ip.destination = ip.source;
  reply_ip.protocol = net::IpProtocol::Tcp;
  net::TcpHeader reply_tcp{tcp.destination_port, tcp.source_port, tcp.acknowledgement,
                           tcp.sequence + static_cast<uint32_t>(packet.payload.size()), net::tcp_flags::ack};
  traces_[trace].delivered = true;
  if (!packet.payload.empty()) {
    hop(trace, time, netns_id, device_id, HopAction::Deliver,
        std::to_string(packet.payload.size()) + " bytes to port " + std::to_string(tcp.destination_port) + ": " +
            listener->owner + " reads them",
        packet);
    arrivals_.push_back(Arrival{time, netns_id, trace, packet});
    auto response = servers_.tcp ? servers_.tcp(world_, netns_id, packet) : std::nullopt;
    if (!response) return true;
    reply_tcp.flags = net::tcp_flags::psh | net::tcp_flags::ack;
    reply.headers = {reply_ip, reply_tcp};
    reply.payload = std::move(*response);
    answer(trace, time + server_latency, netns_id, std::move(reply));
    return true;
  }
  if (tcp.flags & net::tcp_flags::fin) {
    // The client closes; the server closes its end at once (FIN with the ACK of the client's FIN).
    hop(trace, time, netns_id, device_id, HopAction::Deliver, "FIN: " + listener->owner + " closes its end too", packet);
    reply_tcp.acknowledgement = tcp.sequence + 1;
    reply_tcp.flags = net::tcp_flags::fin | net::tcp_flags::ack;
    reply.headers = {reply_ip, reply_tcp};
    answer(trace, time, netns_id, std::move(reply));
    return true;
  }
  hop(trace, time, netns_id, device_id, HopAction::Deliver, "ACK for port " + std::to_string(tcp.destination_port), packet);
  return true;
}

void Network::answer(size_t trace, SimTime time, NetnsId netns, net::Packet reply) {
  const size_t reply_trace = start_trace(trace);
  hop(reply_trace, time, netns, DeviceId{}, HopAction::Send, net::summarize(reply), reply);
  output_ip(reply_trace, time + stack_latency, netns, std::move(reply), DeviceId{});
}

void Network::send_icmp_error(size_t trace, SimTime time, NetnsId netns, DeviceId ingress, const net::Packet& offending,
                              net::IcmpType type, uint8_t code, uint16_t mtu) {
  const auto* original = offending.find<net::Ipv4Header>();
  if (!original || original->protocol == net::IpProtocol::Icmp) {
    // No ICMP errors about ICMP errors; echo requests still get them, as the kernel does.
    const auto* icmp = offending.find<net::IcmpHeader>();
    if (!icmp || icmp->type != net::IcmpType::EchoRequest) return;
  }
  const Device& device = world_.devices.at(ingress);
  net::Packet error;
  net::Ipv4Header ip;
  ip.protocol = net::IpProtocol::Icmp;
  ip.destination = original->source;
  ip.source = device.addresses.empty() ? Ipv4Address{} : device.addresses.front().address;
  error.headers.push_back(ip);
  error.headers.push_back(net::IcmpHeader{type, code, 0, mtu});
  // The offending packet's IP header and first 8 bytes ride along, as RFC 792 says.
  const size_t index = *offending.index_of<net::Ipv4Header>();
  for (size_t i = index; i < offending.headers.size() && i <= index + 1; ++i) error.headers.push_back(offending.headers[i]);
  answer(trace, time, netns, std::move(error));
}

// [SECTION] Neighbours

std::optional<MacAddress> Network::resolve_neighbour(size_t trace, SimTime time, DeviceId device_id,
                                                     Ipv4Address address) {
  Device& device = world_.devices.at(device_id);
  Netns& netns = world_.namespaces_net.at(device.netns);
  for (const NeighbourEntry& entry : netns.neighbours)
    if (entry.device == device_id && entry.address == address) return entry.mac;
  if (device.kind == DeviceKind::Vxlan && device.remote.is_unspecified()) return std::nullopt;

  // ARP: ask every device on the same link who has the address.
  for (DeviceId candidate : link_neighbours(world_, device_id)) {
    const Device& other = world_.devices.at(candidate);
    const bool owns = std::any_of(other.addresses.begin(), other.addresses.end(),
                                  [&](const Ipv4Cidr& cidr) { return cidr.address == address; });
    // Proxy ARP answers for any address the host routes out of another device (Calico's cali*
    // host ends, which is how pods reach their gateway 169.254.1.1).
    bool by_proxy = false;
    if (!owns && other.proxy_arp) {
      const Route* route = lookup_route(world_, other.netns, address);
      by_proxy = route && route->device != candidate;
    }
    if (!owns && !by_proxy) continue;
    netns.neighbours.push_back(NeighbourEntry{address, other.mac, device_id, false});
    // The request crossed the bridge between the two ends and the reply came back across it: the
    // bridge learned both MACs, so the frame that follows is forwarded by its fdb, not flooded.
    learn_sender(world_, device_id);
    learn_sender(world_, candidate);
    net::Packet empty;
    hop(trace, time, device.netns, device_id, HopAction::Arp,
        "who-has " + address.to_string() + "? " + address.to_string() + " is-at " + other.mac.to_string() +
            (by_proxy ? " (proxy ARP by " + other.name + ")" : ""),
        empty);
    return other.mac;
  }
  return std::nullopt;
}

}  // namespace podlab
