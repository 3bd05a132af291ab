#include "core/net/trace.h"

#include "core/sim/world.h"

namespace podlab {

const char* hop_action_name(HopAction action) {
  switch (action) {
    case HopAction::Send: return "send";
    case HopAction::Route: return "route";
    case HopAction::Arp: return "arp";
    case HopAction::Transmit: return "transmit";
    case HopAction::Receive: return "receive";
    case HopAction::Bridge: return "bridge";
    case HopAction::Encapsulate: return "encapsulate";
    case HopAction::Decapsulate: return "decapsulate";
    case HopAction::Forward: return "forward";
    case HopAction::Deliver: return "deliver";
    case HopAction::Drop: return "drop";
    case HopAction::Netfilter: return "netfilter";
    case HopAction::Conntrack: return "conntrack";
  }
  return "unknown";
}

namespace {

// The tunnel the packet is inside at this hop, from its headers: VXLAN (outer IPv4, UDP, VXLAN)
// or IPIP (an IPv4 header with protocol 4 followed by another IPv4 header).
nlohmann::json encapsulation(const net::Packet& packet) {
  const auto outer_index = packet.index_of<net::Ipv4Header>();
  if (!outer_index) return nullptr;
  const auto& outer = std::get<net::Ipv4Header>(packet.headers[*outer_index]);
  if (const auto* vxlan = packet.find<net::VxlanHeader>(*outer_index)) {
    const auto* udp = packet.find<net::UdpHeader>(*outer_index);
    return {{"type", "vxlan"},
            {"vni", vxlan->vni},
            {"outer_src", outer.source.to_string()},
            {"outer_dst", outer.destination.to_string()},
            {"udp_dst_port", udp ? udp->destination_port : 0}};
  }
  if (outer.protocol == net::IpProtocol::Ipip && packet.find<net::Ipv4Header>(*outer_index + 1))
    return {{"type", "ipip"},
            {"vni", nullptr},
            {"outer_src", outer.source.to_string()},
            {"outer_dst", outer.destination.to_string()},
            {"udp_dst_port", nullptr}};
  return nullptr;
}

// The innermost IPv4 header and what follows it.
const net::Ipv4Header* innermost_ip(const net::Packet& packet, size_t* index) {
  const net::Ipv4Header* found = nullptr;
  for (size_t i = 0; i < packet.headers.size(); ++i)
    if (const auto* ip = std::get_if<net::Ipv4Header>(&packet.headers[i])) {
      found = ip;
      *index = i;
    }
  return found;
}

}  // namespace

nlohmann::json trace_to_json(const World& world, const Trace& trace) {
  nlohmann::json hops = nlohmann::json::array();
  for (const Hop& hop : trace.hops) {
    const Node* node = world.nodes.get(hop.node);
    const Netns* netns = world.namespaces_net.get(hop.netns);
    const Device* device = world.devices.get(hop.device);
    std::string netns_name = netns ? netns->name : "";
    if (netns && netns->pod.valid())
      if (const PodRecord* pod = world.pods.get(netns->pod))
        netns_name = "pod/" + pod->pod.metadata.namespace_name + "/" + pod->pod.metadata.name + " (" + netns->name + ")";
    hops.push_back({{"time_ns", hop.time.ns},
                    {"node", node ? node->name : ""},
                    {"netns", netns_name},
                    {"device", device ? device->name : ""},
                    {"action", hop_action_name(hop.action)},
                    {"detail", hop.detail},
                    {"packet", hop.packet.headers.empty() ? "" : net::summarize(hop.packet)},
                    {"encap", encapsulation(hop.packet)}});
    if (!hop.rules.empty()) hops.back()["rules"] = hop.rules;
  }
  nlohmann::json json = {{"delivered", trace.delivered}, {"hops", hops}};
  json["reason"] = trace.delivered ? nlohmann::json(nullptr) : nlohmann::json(trace.reason);
  json["received"] = nullptr;
  if (trace.received) {
    size_t index = 0;
    if (const auto* ip = innermost_ip(*trace.received, &index)) {
      nlohmann::json port = nullptr;
      if (const auto* tcp = trace.received->find<net::TcpHeader>(index)) port = tcp->destination_port;
      if (const auto* udp = trace.received->find<net::UdpHeader>(index)) port = udp->destination_port;
      json["received"] = {{"src_ip", ip->source.to_string()}, {"dst_ip", ip->destination.to_string()}, {"dst_port", port}};
    }
  }
  return json;
}

}  // namespace podlab
