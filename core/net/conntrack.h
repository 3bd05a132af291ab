// Connection tracking, as nf_conntrack does it for the lab: the first packet of a flow goes
// through the nat table and creates an entry holding its original tuple and the tuple its replies
// will carry (the inverse of the translated packet). Later packets in either direction are found
// by tuple and rewritten from the entry, without the nat table: that is why only the first packet
// of a Service connection picks an endpoint, and why replies must come back through the node that
// translated them. Entries age with simulated time; `conntrack -L` text for the lab's views.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>

#include "core/base/ip.h"
#include "core/base/sim_time.h"
#include "core/net/netfilter.h"
#include "core/net/packet.h"

namespace podlab::net {

// proto, src ip:port, dst ip:port; for ICMP echo both ports hold the identifier.
struct ConntrackTuple {
  IpProtocol protocol = IpProtocol::Tcp;
  Ipv4Address source, destination;
  uint16_t source_port = 0, destination_port = 0;
  friend auto operator<=>(const ConntrackTuple&, const ConntrackTuple&) = default;
};

ConntrackTuple tuple_of(const NetfilterPacket& packet);
// The tuple of the answer: addresses and ports swapped.
ConntrackTuple inverted(const ConntrackTuple& tuple);

// TCP states as `conntrack -L` names them; UDP and ICMP entries have none.
enum class TcpConnState { None, SynSent, SynRecv, Established, FinWait, CloseWait, LastAck, TimeWait, Close };
std::string tcp_state_name(TcpConnState state);  // "ESTABLISHED", ...

// Timeouts: Linux defaults, with the two kube-proxy changes (conntrack.tcpEstablishedTimeout 24h,
// tcpCloseWaitTimeout 1h).
struct ConntrackConfig {
  int64_t tcp_syn_sent = 120, tcp_syn_recv = 60, tcp_established = 86400, tcp_fin_wait = 120,
          tcp_close_wait = 3600, tcp_last_ack = 30, tcp_time_wait = 120, tcp_close = 10;
  int64_t udp = 30, udp_stream = 120, icmp = 30;  // seconds
};

enum class FlowDirection { Original, Reply };

struct ConntrackEntry {
  uint64_t id = 0;  // creation order: the listing order
  ConntrackTuple original, reply;
  TcpConnState tcp_state = TcpConnState::None;
  bool seen_reply = false;
  bool assured = false;
  uint32_t mark = 0;
  SimTime expires;
  bool dnat() const { return reply.source != original.destination || reply.source_port != original.destination_port; }
  bool snat() const { return reply.destination != original.source || reply.destination_port != original.source_port; }
};

struct TrackResult {
  const ConntrackEntry* entry = nullptr;  // null: a new flow, not yet confirmed
  FlowDirection direction = FlowDirection::Original;
  uint32_t conntrack_state = ct_state::new_connection;  // for -m conntrack --ctstate
};

class ConntrackTable {
 public:
  explicit ConntrackTable(ConntrackConfig config = {}) : config_(config) {}

  // Looks the packet up (original or reply direction), advances the TCP state and timeout, and
  // rewrites its addresses and ports from the entry: DNAT/SNAT forward, un-NAT on replies.
  TrackResult track(NetfilterPacket& packet, SimTime now);

  // Confirms a new flow once the nat hooks ran: `translated` is the packet as it leaves (after
  // DNAT and SNAT/MASQUERADE). A source port already used by another flow's reply is moved, as
  // nf_nat does. Returns the entry; the packet is rewritten to the translated tuple.
  const ConntrackEntry& confirm(NetfilterPacket& packet, const ConntrackTuple& original, ConntrackTuple translated,
                                SimTime now);

  // Applies a nat verdict to a tuple: DNAT rewrites the destination, SNAT/MASQUERADE the source
  // (MASQUERADE uses `masquerade_address`, the outgoing interface's address).
  static ConntrackTuple nat_applied(ConntrackTuple tuple, const NatAction& action, Ipv4Address masquerade_address);

  void expire(SimTime now);
  const ConntrackEntry* find(const ConntrackTuple& tuple, FlowDirection* direction = nullptr) const;
  size_t size() const { return entries_.size(); }
  // Deletes entries whose reply comes from `address` (kube-proxy's cleanup of removed UDP endpoints).
  size_t delete_by_reply_source(IpProtocol protocol, Ipv4Address address);

  // `conntrack -L`: one line per entry, in creation order.
  std::string list(SimTime now) const;

 private:
  int64_t timeout_seconds(const ConntrackEntry& entry) const;
  void erase(std::map<uint64_t, ConntrackEntry>::iterator it);

  ConntrackConfig config_;
  uint64_t next_id_ = 1;
  // No entry expires before this: expire() skips its scan until then (a bound, maybe too early).
  SimTime earliest_expiry_ = SimTime::from_ns(INT64_MAX);
  std::map<uint64_t, ConntrackEntry> entries_;
  std::map<ConntrackTuple, uint64_t> by_original_, by_reply_;
};

}  // namespace podlab::net
