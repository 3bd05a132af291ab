// kube-proxy's generated text, parsed and evaluated as the node would: rules and evaluator agree.
#include <doctest/doctest.h>

#include <map>

#include "core/k8s/kube_proxy.h"
#include "core/net/conntrack.h"
#include "core/net/netfilter.h"

using namespace podlab;
using namespace podlab::k8s;
using namespace podlab::net;

namespace {
Ipv4Address ip(const char* text) { return *Ipv4Address::parse(text); }

ProxyInput node_a_input() {
  ProxyInput input{.node_name = "node-a", .node_ips = {ip("192.168.0.11")}, .cluster_cidr = *Ipv4Cidr::parse("10.244.0.0/16")};
  ProxyService web{.namespace_name = "default", .name = "web", .type = ServiceType::NodePort, .cluster_ip = ip("10.96.120.7")};
  web.ports.push_back({.name = "http", .port = 80, .node_port = 30080,
                       .endpoints = {{.ip = ip("10.244.1.8"), .port = 8080, .node_name = "node-b"},
                                     {.ip = ip("10.244.0.9"), .port = 8080, .node_name = "node-a"},
                                     {.ip = ip("10.244.2.4"), .port = 8080, .node_name = "node-c"}}});
  ProxyService empty{.namespace_name = "default", .name = "empty", .cluster_ip = ip("10.96.0.30")};
  empty.ports.push_back({.name = "", .port = 80});
  ProxyService headless{.namespace_name = "default", .name = "db"};
  headless.ports.push_back({.name = "pg", .port = 5432, .endpoints = {{.ip = ip("10.244.1.9"), .port = 5432}}});
  input.services = {web, empty, headless};
  return input;
}

NetfilterPacket tcp_syn(Ipv4Address source, uint16_t sport, Ipv4Address destination, uint16_t dport) {
  NetfilterPacket packet;
  packet.ip = {.source = source, .destination = destination, .protocol = IpProtocol::Tcp};
  packet.transport = TcpHeader{.source_port = sport, .destination_port = dport, .flags = tcp_flags::syn};
  return packet;
}

struct Node {
  Ruleset rules;
  Rng rng{2024};
  RecentLists recent;
  NetfilterContext context{rng, SimTime::from_seconds(1), recent,
                           [](Ipv4Address a) { return a == ip("192.168.0.11") || a.is_loopback(); }};
};

Ruleset parse_tables(const ProxyRules& generated) {
  auto parsed = parse_iptables_save(generated.filter + generated.nat);
  if (!parsed) FAIL(parsed.error().to_string());
  return *parsed;
}
}  // namespace

TEST_CASE("kube-proxy datapath: headless services get no rules; the tables parse") {
  const ProxyRules generated = generate_proxy_rules(node_a_input());
  CHECK(generated.nat.find("default/db") == std::string::npos);
  CHECK(generated.nat.rfind("*nat\n:PREROUTING ACCEPT [0:0]\n", 0) == 0);
  CHECK(generated.nat.find("-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n") != std::string::npos);
  CHECK(generated.filter.find("-A KUBE-SERVICES -m comment --comment \"default/empty has no endpoints\" -m tcp -p tcp -d 10.96.0.30 --dport 80 -j REJECT\n") !=
        std::string::npos);
  CHECK(generated.nat.find("--probability 0.3333333333 -j KUBE-SEP-") != std::string::npos);
  CHECK(parse_iptables_save(generated.filter + generated.nat).ok());
}

TEST_CASE("kube-proxy datapath: a pod's connections to a ClusterIP spread about 1/3 over 3 endpoints") {
  Node node;
  node.rules = parse_tables(generate_proxy_rules(node_a_input()));
  std::map<Ipv4Address, int> chosen;
  const int connections = 12000;
  for (int i = 0; i < connections; ++i) {
    NetfilterPacket packet = tcp_syn(ip("10.244.0.5"), static_cast<uint16_t>(30000 + i), ip("10.96.120.7"), 80);
    Verdict verdict = evaluate_hook(node.rules, Hook::Prerouting, packet, node.context);
    REQUIRE(verdict.nat);
    CHECK(verdict.nat->port == 8080);
    CHECK(verdict.mark == 0);  // pod source: inside the cluster CIDR, no masquerade
    ++chosen[verdict.nat->address];
  }
  REQUIRE(chosen.size() == 3);
  // Binomial: one standard deviation is about 52 connections (1.3% of the 4000 expected), so
  // 6% is more than 4 of them.
  for (const auto& [address, count] : chosen) CHECK(count == doctest::Approx(connections / 3.0).epsilon(0.06));
}

TEST_CASE("kube-proxy datapath: a Service without endpoints is REJECTed in filter") {
  Node node;
  node.rules = parse_tables(generate_proxy_rules(node_a_input()));
  NetfilterPacket from_pod = tcp_syn(ip("10.244.0.5"), 40000, ip("10.96.0.30"), 80);
  Verdict verdict = evaluate_hook(node.rules, Hook::Prerouting, from_pod, node.context);
  CHECK_FALSE(verdict.nat);
  verdict = evaluate_hook(node.rules, Hook::Forward, from_pod, node.context);
  CHECK(verdict.disposition == Disposition::Reject);
  CHECK(verdict.matched.back().rule.find("\"default/empty has no endpoints\"") != std::string::npos);
  NetfilterPacket from_host = tcp_syn(ip("192.168.0.11"), 40001, ip("10.96.0.30"), 80);
  CHECK(evaluate_hook(node.rules, Hook::Output, from_host, node.context).disposition == Disposition::Reject);
}

TEST_CASE("kube-proxy datapath: NodePort from outside is DNATed, marked, masqueraded; the reply un-NATed") {
  Node node;
  node.rules = parse_tables(generate_proxy_rules(node_a_input()));
  ConntrackTable conntrack;
  NetfilterPacket packet = tcp_syn(ip("192.168.0.50"), 51000, ip("192.168.0.11"), 30080);
  packet.in_interface = "eth0";
  REQUIRE(conntrack.track(packet, node.context.now).entry == nullptr);
  const ConntrackTuple original = tuple_of(packet);

  Verdict pre = evaluate_hook(node.rules, Hook::Prerouting, packet, node.context);
  REQUIRE(pre.nat);
  CHECK(pre.nat->kind == NatAction::Kind::Dnat);
  CHECK(pre.mark == 0x4000);
  std::vector<std::string> chains;
  for (const auto& step : pre.matched) chains.push_back(step.chain);
  REQUIRE(chains.size() >= 6);
  CHECK(chains[0] == "PREROUTING");
  CHECK(chains[1] == "KUBE-SERVICES");  // the last rule: dst-type LOCAL -> KUBE-NODEPORTS
  CHECK(chains[2] == "KUBE-NODEPORTS");
  CHECK(chains[3].rfind("KUBE-EXT-", 0) == 0);
  CHECK(chains[4] == "KUBE-MARK-MASQ");

  packet.out_interface = "flannel.1";
  Verdict forward = evaluate_hook(node.rules, Hook::Forward, packet, node.context);
  CHECK(forward.disposition == Disposition::Accept);  // KUBE-FORWARD accepts the 0x4000 mark
  Verdict post = evaluate_hook(node.rules, Hook::Postrouting, packet, node.context);
  REQUIRE(post.nat);
  CHECK(post.nat->kind == NatAction::Kind::Masquerade);

  ConntrackTuple translated = ConntrackTable::nat_applied(original, *pre.nat, {});
  translated = ConntrackTable::nat_applied(translated, *post.nat, ip("10.244.0.0"));  // flannel.1's address
  const ConntrackEntry& entry = conntrack.confirm(packet, original, translated, node.context.now);
  CHECK(packet.ip.source == ip("10.244.0.0"));
  CHECK(packet.ip.destination == pre.nat->address);

  NetfilterPacket reply = tcp_syn(pre.nat->address, 8080, ip("10.244.0.0"), 51000);
  std::get<TcpHeader>(reply.transport).flags = tcp_flags::syn | tcp_flags::ack;
  REQUIRE(conntrack.track(reply, node.context.now).entry == &entry);
  CHECK(reply.ip.source == ip("192.168.0.11"));
  CHECK(std::get<TcpHeader>(reply.transport).source_port == 30080);
  CHECK(reply.ip.destination == ip("192.168.0.50"));
}

TEST_CASE("kube-proxy datapath: ClientIP affinity keeps a client on one endpoint until the timeout") {
  ProxyInput input = node_a_input();
  input.services[0].session_affinity = SessionAffinity::ClientIP;
  input.services[0].affinity_timeout_seconds = 60;
  Node node;
  node.rules = parse_tables(generate_proxy_rules(input));
  std::map<Ipv4Address, int> chosen;
  for (int i = 0; i < 300; ++i) {
    NetfilterPacket packet = tcp_syn(ip("10.244.0.5"), static_cast<uint16_t>(30000 + i), ip("10.96.120.7"), 80);
    Verdict verdict = evaluate_hook(node.rules, Hook::Prerouting, packet, node.context);
    REQUIRE(verdict.nat);
    ++chosen[verdict.nat->address];
    node.context.now += SimTime::from_seconds(1);  // always within 60 s of the last connection
  }
  CHECK(chosen.size() == 1);
  // After a pause longer than the timeout, the client is balanced again (and sticks anew).
  std::map<Ipv4Address, int> after_pauses;
  for (int i = 0; i < 60; ++i) {
    node.context.now += SimTime::from_seconds(61);
    NetfilterPacket packet = tcp_syn(ip("10.244.0.5"), static_cast<uint16_t>(40000 + i), ip("10.96.120.7"), 80);
    ++after_pauses[evaluate_hook(node.rules, Hook::Prerouting, packet, node.context).nat->address];
  }
  CHECK(after_pauses.size() == 3);
}
