// Parsing iptables-save text and walking packets through it.
#include <doctest/doctest.h>

#include "core/net/netfilter.h"

using namespace podlab;
using namespace podlab::net;

namespace {
Ipv4Address ip(const char* text) { return *Ipv4Address::parse(text); }

NetfilterPacket tcp_packet(const char* source, uint16_t sport, const char* destination, uint16_t dport) {
  NetfilterPacket packet;
  packet.ip.source = ip(source);
  packet.ip.destination = ip(destination);
  packet.ip.protocol = IpProtocol::Tcp;
  packet.transport = TcpHeader{.source_port = sport, .destination_port = dport, .flags = tcp_flags::syn};
  return packet;
}

const char* const small_nat = R"(*nat
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SEP-A - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-SERVICES -m comment --comment "ns/web:http cluster IP" -m tcp -p tcp -d 10.96.0.20 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ
-A KUBE-SERVICES -m comment --comment "ns/web:http cluster IP" -m tcp -p tcp -d 10.96.0.20 --dport 80 -j KUBE-SEP-A
-A KUBE-SEP-A -m recent --name KUBE-SEP-A --set -m tcp -p tcp -j DNAT --to-destination 10.244.1.5:8080
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
COMMIT
)";
}  // namespace

TEST_CASE("netfilter parses iptables-save text into chains and rules") {
  auto parsed = parse_iptables_save(small_nat);
  REQUIRE(parsed.ok());
  const auto& nat = parsed->nat;
  CHECK(nat.at("PREROUTING").builtin);
  CHECK_FALSE(nat.at("KUBE-SEP-A").builtin);
  const Rule& masq = nat.at("KUBE-SERVICES").rules[0];
  CHECK(masq.destination == Ipv4Cidr{ip("10.96.0.20"), 32});
  CHECK(masq.source_negated);
  CHECK(masq.protocol == IpProtocol::Tcp);
  CHECK(masq.target.kind == TargetKind::Jump);
  CHECK(masq.matches[0].kind == MatchKind::Comment);
  CHECK(masq.matches[0].text == "ns/web:http cluster IP");
  CHECK(masq.matches[1].kind == MatchKind::DestinationPort);
  const Rule& dnat = nat.at("KUBE-SEP-A").rules[0];
  CHECK(dnat.target.kind == TargetKind::Dnat);
  CHECK(dnat.target.nat_port == 8080);
  CHECK(dnat.matches[0].recent_mode == RecentMode::Set);
  CHECK(nat.at("KUBE-POSTROUTING").rules[2].target.random_fully);
  CHECK(nat.at("KUBE-POSTROUTING").rules[0].matches[0].negated);
}

TEST_CASE("netfilter parse errors carry the line and a stable code") {
  auto unknown_option = parse_iptables_save("*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING --frobnicate 1 -j ACCEPT\nCOMMIT\n");
  REQUIRE_FALSE(unknown_option.ok());
  CHECK(unknown_option.error().code == "netfilter.unknown-option");
  CHECK(unknown_option.error().where.line == 3);
  CHECK(unknown_option.error().where.column == 15);

  auto unknown_chain = parse_iptables_save("*filter\n-A NOPE -j ACCEPT\nCOMMIT\n");
  REQUIRE_FALSE(unknown_chain.ok());
  CHECK(unknown_chain.error().code == "netfilter.unknown-chain");

  auto unknown_target = parse_iptables_save("*filter\n:X - [0:0]\n-A X -j KUBE-NOWHERE\nCOMMIT\n");
  REQUIRE_FALSE(unknown_target.ok());
  CHECK(unknown_target.error().code == "netfilter.unknown-target");
  CHECK(unknown_target.error().where.line == 3);

  auto unknown_match = parse_iptables_save("*filter\n-A INPUT -m string --algo bm -j DROP\nCOMMIT\n");
  REQUIRE_FALSE(unknown_match.ok());
  CHECK(unknown_match.error().code == "netfilter.unknown-match");

  auto unknown_table = parse_iptables_save("*mangle\nCOMMIT\n");
  REQUIRE_FALSE(unknown_table.ok());
  CHECK(unknown_table.error().code == "netfilter.unknown-table");
}

TEST_CASE("netfilter nat: DNAT for a pod client, masquerade mark for an off-cluster one") {
  auto rules = parse_iptables_save(small_nat);
  REQUIRE(rules.ok());
  Rng rng(1);
  RecentLists recent;
  NetfilterContext context{rng, SimTime::from_seconds(5), recent, nullptr};

  NetfilterPacket from_pod = tcp_packet("10.244.0.7", 40000, "10.96.0.20", 80);
  Verdict verdict = evaluate_hook(*rules, Hook::Prerouting, from_pod, context);
  REQUIRE(verdict.nat);
  CHECK(verdict.nat->kind == NatAction::Kind::Dnat);
  CHECK(verdict.nat->address == ip("10.244.1.5"));
  CHECK(verdict.nat->port == 8080);
  CHECK(verdict.mark == 0);
  REQUIRE(verdict.matched.size() == 3);
  CHECK(verdict.matched[0].chain == "PREROUTING");
  CHECK(verdict.matched[1].rule.find("-j KUBE-SEP-A") != std::string::npos);
  CHECK(verdict.matched[2].chain == "KUBE-SEP-A");
  CHECK(recent.lists["KUBE-SEP-A"].count(ip("10.244.0.7")) == 1);
  // The pod's packet is not marked: POSTROUTING returns without MASQUERADE.
  Verdict post = evaluate_hook(*rules, Hook::Postrouting, from_pod, context);
  CHECK_FALSE(post.nat);

  NetfilterPacket from_outside = tcp_packet("192.168.0.50", 40000, "10.96.0.20", 80);
  verdict = evaluate_hook(*rules, Hook::Prerouting, from_outside, context);
  CHECK(verdict.mark == 0x4000);
  CHECK(from_outside.mark == 0x4000);
  post = evaluate_hook(*rules, Hook::Postrouting, from_outside, context);
  REQUIRE(post.nat);
  CHECK(post.nat->kind == NatAction::Kind::Masquerade);
  CHECK(post.nat->random_fully);
  CHECK(post.mark == 0);  // --xor-mark cleared it
  CHECK(post.matched.back().rule.find("MASQUERADE") != std::string::npos);

  NetfilterPacket other_port = tcp_packet("10.244.0.7", 40000, "10.96.0.20", 443);
  CHECK_FALSE(evaluate_hook(*rules, Hook::Prerouting, other_port, context).nat);
}

TEST_CASE("netfilter filter: REJECT, DROP policy, RETURN, interfaces, marks and conntrack state") {
  auto rules = parse_iptables_save(R"(*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:KUBE-SERVICES - [0:0]
:CHECK - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -i eth+ -p udp --dport 53 -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A FORWARD -j CHECK
-A FORWARD -m mark --mark 0x1/0x1 -j DROP
-A CHECK -s 10.1.0.0/16 -j RETURN
-A CHECK -j MARK --set-xmark 0x1/0x1
-A KUBE-SERVICES -m comment --comment "ns/empty:p has no endpoints" -m tcp -p tcp -d 10.96.0.30 --dport 80 -j REJECT
COMMIT
)");
  REQUIRE(rules.ok());
  Rng rng(1);
  RecentLists recent;
  NetfilterContext context{rng, {}, recent, nullptr};

  NetfilterPacket to_empty = tcp_packet("10.1.0.2", 40000, "10.96.0.30", 80);
  Verdict verdict = evaluate_hook(*rules, Hook::Forward, to_empty, context);
  CHECK(verdict.disposition == Disposition::Reject);
  CHECK(verdict.reject_with == "icmp-port-unreachable");

  NetfilterPacket from_allowed = tcp_packet("10.1.0.2", 40000, "10.2.0.2", 80);
  CHECK(evaluate_hook(*rules, Hook::Forward, from_allowed, context).disposition == Disposition::Accept);
  NetfilterPacket from_other = tcp_packet("10.3.0.2", 40000, "10.2.0.2", 80);
  verdict = evaluate_hook(*rules, Hook::Forward, from_other, context);
  CHECK(verdict.disposition == Disposition::Drop);
  CHECK(verdict.mark == 1);

  NetfilterPacket input = tcp_packet("10.3.0.2", 40000, "10.2.0.2", 22);
  input.in_interface = "eth0";
  CHECK(evaluate_hook(*rules, Hook::Input, input, context).disposition == Disposition::Drop);  // policy
  input.conntrack_state = ct_state::established;
  CHECK(evaluate_hook(*rules, Hook::Input, input, context).disposition == Disposition::Accept);
  NetfilterPacket dns;
  dns.ip = {.source = ip("10.3.0.2"), .destination = ip("10.2.0.2"), .protocol = IpProtocol::Udp};
  dns.transport = UdpHeader{5353, 53};
  dns.in_interface = "eth1";
  CHECK(evaluate_hook(*rules, Hook::Input, dns, context).disposition == Disposition::Accept);
  dns.in_interface = "cni0";
  CHECK(evaluate_hook(*rules, Hook::Input, dns, context).disposition == Disposition::Drop);
}

TEST_CASE("netfilter -m recent: --rcheck within --seconds, --reap forgets old clients") {
  auto rules = parse_iptables_save(R"(*nat
:PREROUTING ACCEPT [0:0]
:STICKY - [0:0]
-A PREROUTING -m recent --name STICKY --rcheck --seconds 10 --reap -j STICKY
-A PREROUTING -m recent --name STICKY --set -j ACCEPT
-A STICKY -j DNAT --to-destination 10.0.0.1
COMMIT
)");
  REQUIRE(rules.ok());
  Rng rng(1);
  RecentLists recent;
  NetfilterContext context{rng, SimTime::from_seconds(100), recent, nullptr};
  NetfilterPacket packet = tcp_packet("10.9.9.9", 1, "10.96.0.1", 80);
  CHECK_FALSE(evaluate_hook(*rules, Hook::Prerouting, packet, context).nat);  // first: set
  context.now = SimTime::from_seconds(109);
  CHECK(evaluate_hook(*rules, Hook::Prerouting, packet, context).nat);  // within 10 s
  context.now = SimTime::from_seconds(111);
  CHECK_FALSE(evaluate_hook(*rules, Hook::Prerouting, packet, context).nat);  // expired, set again
  CHECK(recent.lists["STICKY"].at(ip("10.9.9.9")) == SimTime::from_seconds(111));
}

TEST_CASE("netfilter -m statistic draws from the seeded generator") {
  auto rules = parse_iptables_save(R"(*nat
:OUTPUT ACCEPT [0:0]
-A OUTPUT -m statistic --mode random --probability 0.2500000000 -j DNAT --to-destination 10.0.0.1:1
COMMIT
)");
  REQUIRE(rules.ok());
  Rng rng(42);
  RecentLists recent;
  NetfilterContext context{rng, {}, recent, nullptr};
  int hits = 0;
  for (int i = 0; i < 8000; ++i) {
    NetfilterPacket packet = tcp_packet("10.0.0.9", 1, "10.0.0.2", 2);
    if (evaluate_hook(*rules, Hook::Output, packet, context).nat) ++hits;
  }
  CHECK(hits == doctest::Approx(2000).epsilon(0.06));
}
