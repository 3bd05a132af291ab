#include "core/net/conntrack.h"

#include <algorithm>
#include <cstdio>

namespace podlab::net {

namespace {

void write_tuple(NetfilterPacket& packet, const ConntrackTuple& tuple) {
  packet.ip.source = tuple.source;
  packet.ip.destination = tuple.destination;
  if (auto* tcp = std::get_if<TcpHeader>(&packet.transport)) {
    tcp->source_port = tuple.source_port;
    tcp->destination_port = tuple.destination_port;
  } else if (auto* udp = std::get_if<UdpHeader>(&packet.transport)) {
    udp->source_port = tuple.source_port;
    udp->destination_port = tuple.destination_port;
  }
}

const char* protocol_text(IpProtocol protocol) {
  switch (protocol) {
    case IpProtocol::Tcp: return "tcp";
    case IpProtocol::Udp: return "udp";
    case IpProtocol::Icmp: return "icmp";
    case IpProtocol::Ipip: return "unknown";
  }
  return "unknown";
}

std::string tuple_text(const ConntrackTuple& tuple, bool reply) {
  std::string text = "src=" + tuple.source.to_string() + " dst=" + tuple.destination.to_string();
  if (tuple.protocol == IpProtocol::Icmp)
    return text + (reply ? " type=0" : " type=8") + " code=0 id=" + std::to_string(tuple.source_port);
  return text + " sport=" + std::to_string(tuple.source_port) + " dport=" + std::to_string(tuple.destination_port);
}

}  // namespace

ConntrackTuple tuple_of(const NetfilterPacket& packet) {
  ConntrackTuple tuple{packet.ip.protocol, packet.ip.source, packet.ip.destination, 0, 0};
  if (auto* tcp = std::get_if<TcpHeader>(&packet.transport)) {
    tuple.source_port = tcp->source_port, tuple.destination_port = tcp->destination_port;
  } else if (auto* udp = std::get_if<UdpHeader>(&packet.transport)) {
    tuple.source_port = udp->source_port, tuple.destination_port = udp->destination_port;
  } else if (auto* icmp = std::get_if<IcmpHeader>(&packet.transport)) {
    tuple.source_port = tuple.destination_port = icmp->identifier;
  }
  return tuple;
}

ConntrackTuple inverted(const ConntrackTuple& tuple) {
  return ConntrackTuple{tuple.protocol, tuple.destination, tuple.source, tuple.destination_port, tuple.source_port};
}

std::string tcp_state_name(TcpConnState state) {
  switch (state) {
    case TcpConnState::None: return "";
    case TcpConnState::SynSent: return "SYN_SENT";
    case TcpConnState::SynRecv: return "SYN_RECV";
    case TcpConnState::Established: return "ESTABLISHED";
    case TcpConnState::FinWait: return "FIN_WAIT";
    case TcpConnState::CloseWait: return "CLOSE_WAIT";
    case TcpConnState::LastAck: return "LAST_ACK";
    case TcpConnState::TimeWait: return "TIME_WAIT";
    case TcpConnState::Close: return "CLOSE";
  }
  return "";
}

int64_t ConntrackTable::timeout_seconds(const ConntrackEntry& entry) const {
  switch (entry.original.protocol) {
    case IpProtocol::Udp: return entry.assured ? config_.udp_stream : config_.udp;
    case IpProtocol::Icmp: return config_.icmp;
    default: break;
  }
  switch (entry.tcp_state) {
    case TcpConnState::SynSent: return config_.tcp_syn_sent;
    case TcpConnState::SynRecv: return config_.tcp_syn_recv;
    case TcpConnState::Established: return config_.tcp_established;
    case TcpConnState::FinWait: return config_.tcp_fin_wait;
    case TcpConnState::CloseWait: return config_.tcp_close_wait;
    case TcpConnState::LastAck: return config_.tcp_last_ack;
    case TcpConnState::TimeWait: return config_.tcp_time_wait;
    case TcpConnState::Close: return config_.tcp_close;
    case TcpConnState::None: break;
  }
  return config_.tcp_established;
}

const ConntrackEntry* ConntrackTable::find(const ConntrackTuple& tuple, FlowDirection* direction) const {
  if (auto it = by_original_.find(tuple); it != by_original_.end()) {
    if (direction) *direction = FlowDirection::Original;
    return &entries_.at(it->second);
  }
  if (auto it = by_reply_.find(tuple); it != by_reply_.end()) {
    if (direction) *direction = FlowDirection::Reply;
    return &entries_.at(it->second);
  }
  return nullptr;
}

TrackResult ConntrackTable::track(NetfilterPacket& packet, SimTime now) {
  expire(now);
  FlowDirection direction = FlowDirection::Original;
  const ConntrackEntry* found = find(tuple_of(packet), &direction);
  if (!found) {
    packet.conntrack_state = ct_state::new_connection;
    packet.conntrack_confirmed = false;
    return {};
  }
  ConntrackEntry& entry = entries_.at(found->id);
  const uint8_t flags = std::holds_alternative<TcpHeader>(packet.transport) ? std::get<TcpHeader>(packet.transport).flags : 0;
  const bool reply = direction == FlowDirection::Reply;
  if (reply && !entry.seen_reply) entry.seen_reply = true;
  if (entry.original.protocol == IpProtocol::Tcp) {
    // A simplified nf_conntrack_proto_tcp: enough for handshakes, data and orderly close.
    auto& state = entry.tcp_state;
    if (flags & tcp_flags::rst) state = TcpConnState::Close;
    else if (state == TcpConnState::SynSent && reply && (flags & tcp_flags::syn) && (flags & tcp_flags::ack)) state = TcpConnState::SynRecv;
    else if (state == TcpConnState::SynRecv && !reply && (flags & tcp_flags::ack)) state = TcpConnState::Established, entry.assured = true;
    else if (state == TcpConnState::Established && (flags & tcp_flags::fin)) state = reply ? TcpConnState::CloseWait : TcpConnState::FinWait;
    else if ((state == TcpConnState::FinWait || state == TcpConnState::CloseWait) && (flags & tcp_flags::fin)) state = TcpConnState::LastAck;
    else if (state == TcpConnState::LastAck && (flags & tcp_flags::ack)) state = TcpConnState::TimeWait;
  } else if (reply) {
    entry.assured = entry.original.protocol == IpProtocol::Udp;  // a UDP "stream" once answered
  }
  entry.expires = now + SimTime::from_seconds(timeout_seconds(entry));
  earliest_expiry_ = std::min(earliest_expiry_, entry.expires);

  // Until the first answer the originator's packets are still NEW to -m conntrack; from then on
  // both directions are ESTABLISHED. The nat table is not consulted again either way (confirmed).
  packet.conntrack_state = entry.seen_reply ? ct_state::established : ct_state::new_connection;
  packet.conntrack_confirmed = true;
  if (entry.dnat()) packet.conntrack_state |= ct_state::dnat;
  if (entry.snat()) packet.conntrack_state |= ct_state::snat;
  packet.mark = entry.mark;
  write_tuple(packet, reply ? inverted(entry.original) : inverted(entry.reply));
  return {&entry, direction, packet.conntrack_state};
}

ConntrackTuple ConntrackTable::nat_applied(ConntrackTuple tuple, const NatAction& action, Ipv4Address masquerade_address) {
  switch (action.kind) {
    case NatAction::Kind::Dnat:
      tuple.destination = action.address;
      if (action.port != 0) tuple.destination_port = action.port;
      break;
    case NatAction::Kind::Snat:
      tuple.source = action.address;
      if (action.port != 0) tuple.source_port = action.port;
      break;
    case NatAction::Kind::Masquerade:
      tuple.source = masquerade_address;
      break;
  }
  return tuple;
}

const ConntrackEntry& ConntrackTable::confirm(NetfilterPacket& packet, const ConntrackTuple& original,
                                              ConntrackTuple translated, SimTime now) {
  // Two flows masqueraded to the same address and port would share a reply tuple: nf_nat picks
  // another source port (ICMP: identifier), from the ephemeral range.
  const bool source_changed = translated.source != original.source;
  if (source_changed && translated.protocol != IpProtocol::Icmp) {
    uint16_t port = translated.source_port;
    while (by_reply_.count(inverted(translated))) {
      port = port >= 60999 || port < 32768 ? 32768 : static_cast<uint16_t>(port + 1);
      translated.source_port = port;
    }
  }
  ConntrackEntry entry;
  entry.id = next_id_++;
  entry.original = original;
  entry.reply = inverted(translated);
  entry.mark = packet.mark;
  if (original.protocol == IpProtocol::Tcp) entry.tcp_state = TcpConnState::SynSent;
  entry.expires = now + SimTime::from_seconds(timeout_seconds(entry));
  earliest_expiry_ = std::min(earliest_expiry_, entry.expires);
  by_original_[entry.original] = entry.id;
  by_reply_[entry.reply] = entry.id;
  write_tuple(packet, translated);
  return entries_[entry.id] = entry;
}

void ConntrackTable::erase(std::map<uint64_t, ConntrackEntry>::iterator it) {
  by_original_.erase(it->second.original);
  by_reply_.erase(it->second.reply);
  entries_.erase(it);
}

void ConntrackTable::expire(SimTime now) {
  if (now < earliest_expiry_) return;
  earliest_expiry_ = SimTime::from_ns(INT64_MAX);
  for (auto it = entries_.begin(); it != entries_.end();) {
    auto next = std::next(it);
    if (it->second.expires <= now) erase(it);
    else earliest_expiry_ = std::min(earliest_expiry_, it->second.expires);
    it = next;
  }
}

size_t ConntrackTable::delete_by_reply_source(IpProtocol protocol, Ipv4Address address) {
  size_t deleted = 0;
  for (auto it = entries_.begin(); it != entries_.end();) {
    auto next = std::next(it);
    if (it->second.original.protocol == protocol && it->second.reply.source == address) erase(it), ++deleted;
    it = next;
  }
  return deleted;
}

std::string ConntrackTable::list(SimTime now) const {
  std::string text;
  for (const auto& [id, entry] : entries_) {
    char head[64];
    const int64_t remaining = entry.expires > now ? (entry.expires - now).ns / 1'000'000'000 : 0;
    std::snprintf(head, sizeof head, "%-8s %u %lld ", protocol_text(entry.original.protocol),
                  static_cast<unsigned>(entry.original.protocol), static_cast<long long>(remaining));
    text += head;
    if (entry.tcp_state != TcpConnState::None) text += tcp_state_name(entry.tcp_state) + " ";
    text += tuple_text(entry.original, false);
    if (!entry.seen_reply) text += " [UNREPLIED]";
    text += " " + tuple_text(entry.reply, true);
    if (entry.assured) text += " [ASSURED]";
    text += " mark=" + std::to_string(entry.mark) + " use=1\n";
  }
  return text;
}

}  // namespace podlab::net
