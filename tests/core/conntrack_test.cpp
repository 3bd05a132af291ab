// Connection tracking: NAT on the first packet, the same translation for the rest, reversed on replies.
#include <doctest/doctest.h>

#include "core/net/conntrack.h"

using namespace podlab;
using namespace podlab::net;

namespace {
Ipv4Address ip(const char* text) { return *Ipv4Address::parse(text); }

NetfilterPacket tcp(const char* source, uint16_t sport, const char* destination, uint16_t dport, uint8_t flags) {
  NetfilterPacket packet;
  packet.ip = {.source = ip(source), .destination = ip(destination), .protocol = IpProtocol::Tcp};
  packet.transport = TcpHeader{.source_port = sport, .destination_port = dport, .flags = flags};
  return packet;
}

// The first packet of a flow: track (miss), the nat verdict, confirm.
const ConntrackEntry& open_flow(ConntrackTable& table, NetfilterPacket& packet, std::optional<NatAction> dnat,
                                std::optional<NatAction> snat, Ipv4Address out_address, SimTime now) {
  REQUIRE(table.track(packet, now).entry == nullptr);
  const ConntrackTuple original = tuple_of(packet);
  ConntrackTuple translated = original;
  if (dnat) translated = ConntrackTable::nat_applied(translated, *dnat, out_address);
  if (snat) translated = ConntrackTable::nat_applied(translated, *snat, out_address);
  return table.confirm(packet, original, translated, now);
}
}  // namespace

TEST_CASE("conntrack DNAT: later packets follow it, replies are un-DNATed") {
  ConntrackTable table;
  NetfilterPacket syn = tcp("10.244.2.2", 41000, "10.96.0.1", 443, tcp_flags::syn);
  const NatAction dnat{NatAction::Kind::Dnat, ip("10.244.1.2"), 6443};
  const ConntrackEntry& entry = open_flow(table, syn, dnat, std::nullopt, {}, {});
  CHECK(syn.ip.destination == ip("10.244.1.2"));
  CHECK(std::get<TcpHeader>(syn.transport).destination_port == 6443);
  CHECK(entry.dnat());
  CHECK_FALSE(entry.snat());
  CHECK(table.list({}) ==
        "tcp      6 120 SYN_SENT src=10.244.2.2 dst=10.96.0.1 sport=41000 dport=443 [UNREPLIED] "
        "src=10.244.1.2 dst=10.244.2.2 sport=6443 dport=41000 mark=0 use=1\n");

  NetfilterPacket syn_ack = tcp("10.244.1.2", 6443, "10.244.2.2", 41000, tcp_flags::syn | tcp_flags::ack);
  TrackResult reply = table.track(syn_ack, SimTime::from_ms(1));
  REQUIRE(reply.entry);
  CHECK(reply.direction == FlowDirection::Reply);
  CHECK(syn_ack.ip.source == ip("10.96.0.1"));  // the client sees the Service address again
  CHECK(std::get<TcpHeader>(syn_ack.transport).source_port == 443);
  CHECK((reply.conntrack_state & ct_state::established));
  CHECK((reply.conntrack_state & ct_state::dnat));

  NetfilterPacket ack = tcp("10.244.2.2", 41000, "10.96.0.1", 443, tcp_flags::ack);
  TrackResult forward = table.track(ack, SimTime::from_ms(2));
  REQUIRE(forward.entry);
  CHECK(ack.conntrack_confirmed);
  CHECK(ack.ip.destination == ip("10.244.1.2"));
  CHECK(table.list(SimTime::from_ms(1002)) ==  // a second after the last packet
        "tcp      6 86399 ESTABLISHED src=10.244.2.2 dst=10.96.0.1 sport=41000 dport=443 "
        "src=10.244.1.2 dst=10.244.2.2 sport=6443 dport=41000 [ASSURED] mark=0 use=1\n");
}

TEST_CASE("conntrack masquerade: the reply goes back to the original client, ports kept or moved on clash") {
  ConntrackTable table;
  const NatAction dnat{NatAction::Kind::Dnat, ip("10.244.1.5"), 8080};
  const NatAction masquerade{NatAction::Kind::Masquerade, {}, 0, false};
  NetfilterPacket first = tcp("192.168.0.50", 50000, "192.168.0.11", 30080, tcp_flags::syn);
  const ConntrackEntry& a = open_flow(table, first, dnat, masquerade, ip("10.244.0.0"), {});
  CHECK(first.ip.source == ip("10.244.0.0"));
  CHECK(std::get<TcpHeader>(first.transport).source_port == 50000);
  CHECK(a.snat());
  CHECK(a.reply.destination == ip("10.244.0.0"));

  // Another client with the same source port: the masqueraded tuple would collide, so it moves.
  NetfilterPacket second = tcp("192.168.0.51", 50000, "192.168.0.11", 30080, tcp_flags::syn);
  open_flow(table, second, dnat, masquerade, ip("10.244.0.0"), {});
  CHECK(std::get<TcpHeader>(second.transport).source_port != 50000);

  NetfilterPacket answer = tcp("10.244.1.5", 8080, "10.244.0.0", 50000, tcp_flags::syn | tcp_flags::ack);
  REQUIRE(table.track(answer, {}).entry);
  CHECK(answer.ip.source == ip("192.168.0.11"));
  CHECK(std::get<TcpHeader>(answer.transport).source_port == 30080);
  CHECK(answer.ip.destination == ip("192.168.0.50"));
  CHECK(std::get<TcpHeader>(answer.transport).destination_port == 50000);
}

TEST_CASE("conntrack UDP and ICMP entries expire; the text names them like conntrack -L") {
  ConntrackTable table;
  NetfilterPacket query;
  query.ip = {.source = ip("10.244.0.2"), .destination = ip("10.96.0.10"), .protocol = IpProtocol::Udp};
  query.transport = UdpHeader{33000, 53};
  open_flow(table, query, NatAction{NatAction::Kind::Dnat, ip("10.244.0.3"), 53}, std::nullopt, {}, {});
  NetfilterPacket ping;
  ping.ip = {.source = ip("10.244.0.2"), .destination = ip("10.244.1.2"), .protocol = IpProtocol::Icmp};
  ping.transport = IcmpHeader{.identifier = 7};
  open_flow(table, ping, std::nullopt, std::nullopt, {}, {});
  CHECK(table.list(SimTime::from_seconds(1)) ==
        "udp      17 29 src=10.244.0.2 dst=10.96.0.10 sport=33000 dport=53 [UNREPLIED] src=10.244.0.3 dst=10.244.0.2 "
        "sport=53 dport=33000 mark=0 use=1\n"
        "icmp     1 29 src=10.244.0.2 dst=10.244.1.2 type=8 code=0 id=7 [UNREPLIED] src=10.244.1.2 dst=10.244.0.2 "
        "type=0 code=0 id=7 mark=0 use=1\n");
  CHECK(table.delete_by_reply_source(IpProtocol::Udp, ip("10.244.0.3")) == 1);
  table.expire(SimTime::from_seconds(30));
  CHECK(table.size() == 0);
}
