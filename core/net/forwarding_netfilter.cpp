// The netfilter hooks of the forwarding pipeline, as the kernel runs them for IPv4:
//   received:  PREROUTING (conntrack, nat) -> routing -> INPUT (filter) | FORWARD (filter) -> POSTROUTING (nat)
//   sent:      routing -> OUTPUT (conntrack, nat, filter) -> POSTROUTING (nat)
// Only the first packet of a connection meets the nat table; conntrack then rewrites the rest of
// the connection in both directions, which is how a reply from a Service's endpoint comes back
// from the ClusterIP. Namespaces without rules (pods, the external host) skip all of this.
#include <algorithm>

#include "core/net/forwarding.h"

namespace podlab {

namespace {

// What conntrack follows in the lab: TCP, UDP and ICMP echo. ICMP errors belong to the
// connection they report on (RELATED) and pass untouched; tunnel packets carry no ports.
bool trackable(const net::Packet& packet, size_t ip_index) {
  const auto& ip = std::get<net::Ipv4Header>(packet.headers[ip_index]);
  if (ip_index + 1 >= packet.headers.size()) return false;
  const net::Header& next = packet.headers[ip_index + 1];
  if (ip.protocol == net::IpProtocol::Tcp) return std::holds_alternative<net::TcpHeader>(next);
  if (ip.protocol == net::IpProtocol::Udp) return std::holds_alternative<net::UdpHeader>(next);
  const auto* icmp = std::get_if<net::IcmpHeader>(&next);
  return icmp && (icmp->type == net::IcmpType::EchoRequest || icmp->type == net::IcmpType::EchoReply);
}

std::string device_name(const World& world, DeviceId id) {
  const Device* device = world.devices.get(id);
  return device ? device->name : "";
}

net::NetfilterPacket netfilter_packet(const World& world, const net::Packet& packet, size_t ip_index, DeviceId in,
                                      DeviceId out) {
  net::NetfilterPacket seen;
  seen.ip = std::get<net::Ipv4Header>(packet.headers[ip_index]);
  // The transport header is the one right after this IP header (an outer VXLAN packet's is UDP,
  // whatever the inner packet carries).
  if (ip_index + 1 < packet.headers.size()) {
    const net::Header& next = packet.headers[ip_index + 1];
    if (const auto* tcp = std::get_if<net::TcpHeader>(&next)) seen.transport = *tcp;
    else if (const auto* udp = std::get_if<net::UdpHeader>(&next)) seen.transport = *udp;
    else if (const auto* icmp = std::get_if<net::IcmpHeader>(&next)) seen.transport = *icmp;
  }
  seen.in_interface = device_name(world, in);
  seen.out_interface = device_name(world, out);
  return seen;
}

// Writes addresses and ports changed by NAT back into the packet.
void write_back(net::Packet& packet, size_t ip_index, const net::NetfilterPacket& seen) {
  auto& ip = std::get<net::Ipv4Header>(packet.headers[ip_index]);
  ip.source = seen.ip.source;
  ip.destination = seen.ip.destination;
  if (ip_index + 1 >= packet.headers.size()) return;
  net::Header& next = packet.headers[ip_index + 1];
  if (auto* tcp = std::get_if<net::TcpHeader>(&next); tcp && std::holds_alternative<net::TcpHeader>(seen.transport)) {
    tcp->source_port = std::get<net::TcpHeader>(seen.transport).source_port;
    tcp->destination_port = std::get<net::TcpHeader>(seen.transport).destination_port;
  }
  if (auto* udp = std::get_if<net::UdpHeader>(&next); udp && std::holds_alternative<net::UdpHeader>(seen.transport)) {
    udp->source_port = std::get<net::UdpHeader>(seen.transport).source_port;
    udp->destination_port = std::get<net::UdpHeader>(seen.transport).destination_port;
  }
}

void set_destination(net::NetfilterPacket& seen, const net::NatAction& action) {
  seen.ip.destination = action.address;
  if (action.port == 0) return;
  if (auto* tcp = std::get_if<net::TcpHeader>(&seen.transport)) tcp->destination_port = action.port;
  if (auto* udp = std::get_if<net::UdpHeader>(&seen.transport)) udp->destination_port = action.port;
}

std::string endpoint_text(Ipv4Address address, uint16_t port, net::IpProtocol protocol) {
  return protocol == net::IpProtocol::Icmp ? address.to_string() : address.to_string() + ":" + std::to_string(port);
}

std::string tuple_text(const net::ConntrackTuple& tuple) {
  const char* protocol = tuple.protocol == net::IpProtocol::Tcp ? "tcp" : tuple.protocol == net::IpProtocol::Udp ? "udp" : "icmp";
  return std::string(protocol) + " " + endpoint_text(tuple.source, tuple.source_port, tuple.protocol) + " > " +
         endpoint_text(tuple.destination, tuple.destination_port, tuple.protocol);
}

std::vector<std::string> rule_lines(const net::Verdict& verdict) {
  std::vector<std::string> lines;
  for (const net::MatchedRule& rule : verdict.matched)
    lines.push_back(std::string(rule.table == net::NetfilterTable::Nat ? "nat" : "filter") + " " + rule.rule);
  return lines;
}

// A verdict worth a hop in the trace: it translated, marked, refused, or jumped somewhere other
// than the always-taken jumps from the built-in chains into kube-proxy's.
bool noteworthy(const net::Verdict& verdict, uint32_t mark_before) {
  if (verdict.nat || verdict.disposition != net::Disposition::Accept || verdict.mark != mark_before) return true;
  return std::any_of(verdict.matched.begin(), verdict.matched.end(), [](const net::MatchedRule& rule) {
    return rule.chain.starts_with("KUBE-SVC-") || rule.chain.starts_with("KUBE-SEP-") || rule.chain.starts_with("KUBE-EXT-") ||
           rule.chain == "KUBE-NODEPORTS";
  });
}

}  // namespace

bool Network::first_hook(size_t trace, SimTime time, NetnsId netns, net::Hook hook, DeviceId in, DeviceId out,
                         net::Packet& packet) {
  auto state_it = world_.netfilter.find(netns);
  if (state_it == world_.netfilter.end()) return true;
  NetfilterState& state = state_it->second;
  // A packet the host sent to itself comes back in through lo already tracked.
  if (auto pending = pending_.find(trace); pending != pending_.end() && pending->second.netns == netns) return true;
  const size_t ip_index = *packet.index_of<net::Ipv4Header>();
  if (!trackable(packet, ip_index)) return true;

  net::NetfilterPacket seen = netfilter_packet(world_, packet, ip_index, in, out);
  const net::ConntrackTuple before = net::tuple_of(seen);
  const net::TrackResult tracked = state.conntrack.track(seen, time);
  if (tracked.entry) {
    pending_[trace] = PendingFlow{netns, tracked.entry->original, true, tracked.conntrack_state, seen.mark};
    const net::ConntrackTuple after = net::tuple_of(seen);
    if (after != before) {
      write_back(packet, ip_index, seen);
      const bool reply = tracked.direction == net::FlowDirection::Reply;
      hop(trace, time, netns, in.valid() ? in : out, HopAction::Conntrack,
          std::string(reply ? "reply of " : "") + "connection " + tuple_text(tracked.entry->original) + " translated to " +
              tuple_text(reply ? tracked.entry->reply : net::inverted(tracked.entry->reply)) + ": " + tuple_text(before) +
              " becomes " + tuple_text(after),
          packet);
    }
    return true;
  }

  pending_[trace] = PendingFlow{netns, before, false, net::ct_state::new_connection, seen.mark};
  net::NetfilterContext context{world_.rng, time, state.recent,
                                [&](Ipv4Address address) { return local_device_for(world_, netns, address).valid(); }};
  const uint32_t mark_before = seen.mark;
  const net::Verdict verdict = net::evaluate_hook(state.rules, hook, seen, context);
  pending_[trace].mark = verdict.mark;
  if (verdict.nat && verdict.nat->kind == net::NatAction::Kind::Dnat) {
    set_destination(seen, *verdict.nat);
    write_back(packet, ip_index, seen);
  }
  if (noteworthy(verdict, mark_before)) {
    std::string detail = net::hook_name(hook) + ": ";
    if (verdict.nat) detail += "DNAT " + tuple_text(before) + " to " + endpoint_text(verdict.nat->address, verdict.nat->port ? verdict.nat->port : before.destination_port, before.protocol);
    else if (verdict.disposition == net::Disposition::Reject) detail += "REJECT";
    else if (verdict.disposition == net::Disposition::Drop) detail += "DROP";
    else detail += verdict.mark != mark_before ? "marked for masquerade" : "accepted";
    Hop& recorded = (hop(trace, time, netns, in.valid() ? in : out, HopAction::Netfilter, detail, packet), traces_[trace].hops.back());
    recorded.rules = rule_lines(verdict);
  }
  if (verdict.disposition == net::Disposition::Accept) return true;
  const std::string reason = net::hook_name(hook) + ": " +
                             (verdict.disposition == net::Disposition::Reject ? "rejected" : "dropped") + " by iptables";
  if (verdict.disposition == net::Disposition::Reject) reject(trace, time, netns, in, packet);
  drop(trace, time, netns, in.valid() ? in : out, reason, packet);
  return false;
}

bool Network::filter_hook(size_t trace, SimTime time, NetnsId netns, net::Hook hook, DeviceId in, DeviceId out,
                          net::Packet& packet) {
  auto state_it = world_.netfilter.find(netns);
  auto pending = pending_.find(trace);
  if (state_it == world_.netfilter.end() || pending == pending_.end() || pending->second.netns != netns) return true;
  const size_t ip_index = *packet.index_of<net::Ipv4Header>();
  net::NetfilterPacket seen = netfilter_packet(world_, packet, ip_index, in, out);
  seen.mark = pending->second.mark;
  seen.conntrack_state = pending->second.conntrack_state;
  seen.conntrack_confirmed = true;  // the filter table does not care; nat already ran
  net::NetfilterContext context{world_.rng, time, state_it->second.recent,
                                [&](Ipv4Address address) { return local_device_for(world_, netns, address).valid(); }};
  const net::Verdict verdict = net::evaluate_hook(state_it->second.rules, hook, seen, context);
  pending->second.mark = verdict.mark;
  if (verdict.disposition == net::Disposition::Accept) return true;
  Hop& recorded = (hop(trace, time, netns, in.valid() ? in : out, HopAction::Netfilter,
                       net::hook_name(hook) + ": " + (verdict.disposition == net::Disposition::Reject ? "REJECT" : "DROP"), packet),
                   traces_[trace].hops.back());
  recorded.rules = rule_lines(verdict);
  if (verdict.disposition == net::Disposition::Reject) reject(trace, time, netns, in, packet);
  drop(trace, time, netns, in.valid() ? in : out,
       net::hook_name(hook) + ": " + (verdict.disposition == net::Disposition::Reject ? "rejected" : "dropped") + " by iptables",
       packet);
  return false;
}

bool Network::prerouting(size_t trace, SimTime time, NetnsId netns, DeviceId in, net::Packet& packet) {
  return first_hook(trace, time, netns, net::Hook::Prerouting, in, DeviceId{}, packet);
}

bool Network::local_out(size_t trace, SimTime time, NetnsId netns, DeviceId out, net::Packet& packet) {
  return first_hook(trace, time, netns, net::Hook::Output, DeviceId{}, out, packet);
}

bool Network::forward_hook(size_t trace, SimTime time, NetnsId netns, DeviceId in, DeviceId out, net::Packet& packet) {
  return filter_hook(trace, time, netns, net::Hook::Forward, in, out, packet);
}

bool Network::local_in(size_t trace, SimTime time, NetnsId netns, DeviceId in, net::Packet& packet) {
  if (!filter_hook(trace, time, netns, net::Hook::Input, in, DeviceId{}, packet)) return false;
  auto pending = pending_.find(trace);
  if (pending == pending_.end() || pending->second.netns != netns) return true;
  if (!pending->second.known) {
    const size_t ip_index = *packet.index_of<net::Ipv4Header>();
    net::NetfilterPacket seen = netfilter_packet(world_, packet, ip_index, in, DeviceId{});
    seen.mark = pending->second.mark;
    world_.netfilter.at(netns).conntrack.confirm(seen, pending->second.original, net::tuple_of(seen), time);
  }
  pending_.erase(pending);
  return true;
}

bool Network::postrouting(size_t trace, SimTime time, NetnsId netns, DeviceId out, net::Packet& packet) {
  auto state_it = world_.netfilter.find(netns);
  auto pending = pending_.find(trace);
  if (state_it == world_.netfilter.end() || pending == pending_.end() || pending->second.netns != netns) return true;
  const PendingFlow flow = pending->second;
  pending_.erase(pending);
  if (flow.known) return true;
  NetfilterState& state = state_it->second;
  const size_t ip_index = *packet.index_of<net::Ipv4Header>();
  net::NetfilterPacket seen = netfilter_packet(world_, packet, ip_index, DeviceId{}, out);
  seen.mark = flow.mark;
  seen.conntrack_state = flow.conntrack_state;
  net::NetfilterContext context{world_.rng, time, state.recent,
                                [&](Ipv4Address address) { return local_device_for(world_, netns, address).valid(); }};
  const uint32_t mark_before = seen.mark;
  const net::Verdict verdict = net::evaluate_hook(state.rules, net::Hook::Postrouting, seen, context);
  const net::ConntrackTuple before = net::tuple_of(seen);
  net::ConntrackTuple translated = before;
  if (verdict.nat) {
    Ipv4Address masquerade_address;
    if (const Device* device = world_.devices.get(out); device && !device->addresses.empty())
      masquerade_address = device->addresses.front().address;
    translated = net::ConntrackTable::nat_applied(before, *verdict.nat, masquerade_address);
  }
  state.conntrack.confirm(seen, flow.original, translated, time);
  if (!verdict.nat && !noteworthy(verdict, mark_before)) return true;
  write_back(packet, ip_index, seen);
  const net::ConntrackTuple after = net::tuple_of(seen);
  std::string detail = "POSTROUTING: ";
  if (verdict.nat) detail += std::string(verdict.nat->kind == net::NatAction::Kind::Masquerade ? "MASQUERADE " : "SNAT ") +
                             tuple_text(before) + " to source " + endpoint_text(after.source, after.source_port, after.protocol);
  else detail += "accepted";
  Hop& recorded = (hop(trace, time, netns, out, HopAction::Netfilter, detail, packet), traces_[trace].hops.back());
  recorded.rules = rule_lines(verdict);
  return true;
}

void Network::reject(size_t trace, SimTime time, NetnsId netns, DeviceId in, const net::Packet& packet) {
  // iptables' REJECT answers with ICMP port unreachable, which TCP reports as "Connection
  // refused". From a local process there is no ingress device: the error comes from the address
  // the packet was sent to.
  const auto* ip = packet.find<net::Ipv4Header>();
  if (!ip) return;
  net::Packet error;
  net::Ipv4Header error_ip;
  error_ip.protocol = net::IpProtocol::Icmp;
  error_ip.destination = ip->source;
  const Device* device = world_.devices.get(in);
  error_ip.source = device && !device->addresses.empty() ? device->addresses.front().address : ip->destination;
  error.headers = {error_ip, net::IcmpHeader{net::IcmpType::DestinationUnreachable, 3, 0, 0}};
  const size_t index = *packet.index_of<net::Ipv4Header>();
  for (size_t i = index; i < packet.headers.size() && i <= index + 1; ++i) error.headers.push_back(packet.headers[i]);
  answer(trace, time, netns, std::move(error));
}

}  // namespace podlab
