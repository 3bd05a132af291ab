// CoreDNS answers, record by record, against the Kubernetes DNS spec 1.1.0 and CoreDNS's kubernetes
// plugin behaviour (facts sheet section 4), and the Corefile parser on kubeadm's default text.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "core/k8s/coredns.h"

using namespace podlab;
using namespace podlab::k8s;
using net::DnsRcode;
using net::DnsType;

namespace {

ClusterDnsView cluster() {
  ClusterDnsView view;
  view.namespaces = {"default", "kube-system", "prod", "testns"};
  view.local_ips = {"10.244.0.2"};  // the CoreDNS pod that answers
  view.services = {
      {"default", "kubernetes", ServiceType::ClusterIP, {"10.96.0.1"}, {{"https", Protocol::TCP, 443}}, "", {}, false},
      {"prod", "web", ServiceType::ClusterIP, {"10.96.0.7"}, {{"http", Protocol::TCP, 80}, {"", Protocol::TCP, 8080}}, "",
       {{"10.244.1.5", "", true}}, false},
      {"prod", "db", ServiceType::ClusterIP, {"None"}, {{"pg", Protocol::TCP, 5432}}, "",
       {{"10.244.1.10", "db-0", true}, {"10.244.2.11", "", true}, {"10.244.2.12", "db-2", false}}, false},
      {"prod", "empty", ServiceType::ClusterIP, {"None"}, {}, "", {{"10.244.2.13", "", false}}, false},
      {"prod", "foo", ServiceType::ExternalName, {}, {}, "www.example.com", {}, false},
  };
  view.pods = {{"prod", "10.244.1.5"}};
  return view;
}

CorefileConfig kubeadm() {
  auto config = parse_corefile(kubeadm_corefile());
  PODLAB_ASSERT(config.ok());
  return *config;
}

std::vector<SimulatedUpstream> upstreams() {
  return {{"/etc/resolv.conf", true,
           {net::make_a_record("www.example.com", 28715, Ipv4Address::from_octets(192, 0, 2, 53)),
            net::make_cname_record("alias.example.com", 300, "www.example.com")}},
          {"10.0.0.53", true, {net::make_a_record("db.example.local", 60, Ipv4Address::from_octets(10, 0, 0, 7))}}};
}

CoreDnsAnswer ask(const std::string& name, DnsType type, const CorefileConfig& config = kubeadm(),
                  const ClusterDnsView& view = cluster()) {
  return answer_dns_query(view, config, upstreams(), name, type);
}

std::vector<std::string> records(const std::vector<net::DnsRecord>& section) {
  std::vector<std::string> out;
  for (const auto& record : section) out.push_back(record.to_string());
  return out;
}

const std::string soa_line = "cluster.local. 30 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 30";

}  // namespace

TEST_CASE("CoreDNS: A for a ClusterIP service, authoritative, TTL 30 under kubeadm") {
  const auto a = ask("kubernetes.default.svc.cluster.local", DnsType::A);
  CHECK(a.handled_by == DnsHandler::Kubernetes);
  CHECK(a.response.header.rcode == DnsRcode::NoError);
  CHECK(a.response.header.aa);
  CHECK_FALSE(a.response.header.ra);
  CHECK(a.response.header.qr);
  CHECK(records(a.response.answers) == std::vector<std::string>{"kubernetes.default.svc.cluster.local. 30 IN A 10.96.0.1"});
  CHECK(a.response.authority.empty());
  CHECK_FALSE(a.cached);  // kubeadm: `disable success cluster.local`
  // Names are case-insensitive; the answer echoes the question's spelling.
  CHECK(records(ask("Kubernetes.Default.SVC.cluster.local.", DnsType::A).response.answers) ==
        std::vector<std::string>{"Kubernetes.Default.SVC.cluster.local. 30 IN A 10.96.0.1"});
  CorefileConfig plugin_default = kubeadm();
  plugin_default.ttl = 5;
  CHECK(ask("web.prod.svc.cluster.local", DnsType::A, plugin_default).response.answers[0].ttl == 5);
}

TEST_CASE("CoreDNS: NODATA (NOERROR, SOA) for existing names without the type") {
  for (const auto& [query_name, query_type] : std::vector<std::pair<std::string, DnsType>>{
           {"kubernetes.default.svc.cluster.local", DnsType::AAAA},
           {"kubernetes.default.svc.cluster.local", DnsType::TXT},
           {"svc.cluster.local", DnsType::A},
           {"testns.svc.cluster.local", DnsType::A},
           {"pod.cluster.local", DnsType::A},
           {"cluster.local", DnsType::A}}) {
    // Clang 14 cannot capture structured bindings, which CAPTURE does through a lambda.
    const std::string name = query_name;
    CAPTURE(name);
    const auto a = ask(name, query_type);
    CHECK(a.response.header.rcode == DnsRcode::NoError);
    CHECK(a.response.answers.empty());
    CHECK(records(a.response.authority) == std::vector<std::string>{soa_line});
  }
}

TEST_CASE("CoreDNS: NXDOMAIN with the SOA for missing services, namespaces and labels") {
  for (const char* name : {"nothere.default.svc.cluster.local", "web.nons.svc.cluster.local", "nons.svc.cluster.local",
                           "bogus.web.prod.svc.cluster.local", "foo.cluster.local", "a.b.c.d.e.f.svc.cluster.local",
                           "*.prod.svc.cluster.local"}) {
    CAPTURE(name);
    const auto a = ask(name, DnsType::A);
    CHECK(a.response.header.rcode == DnsRcode::NxDomain);
    CHECK(a.response.header.aa);
    CHECK(records(a.response.authority) == std::vector<std::string>{soa_line});
  }
}

TEST_CASE("CoreDNS: headless services answer one A per ready endpoint, and by endpoint hostname") {
  const auto a = ask("db.prod.svc.cluster.local", DnsType::A);
  CHECK(records(a.response.answers) == std::vector<std::string>{"db.prod.svc.cluster.local. 30 IN A 10.244.1.10",
                                                                "db.prod.svc.cluster.local. 30 IN A 10.244.2.11"});
  CHECK(records(ask("db-0.db.prod.svc.cluster.local", DnsType::A).response.answers) ==
        std::vector<std::string>{"db-0.db.prod.svc.cluster.local. 30 IN A 10.244.1.10"});
  CHECK(records(ask("10-244-2-11.db.prod.svc.cluster.local", DnsType::A).response.answers) ==
        std::vector<std::string>{"10-244-2-11.db.prod.svc.cluster.local. 30 IN A 10.244.2.11"});
  CHECK(ask("db-2.db.prod.svc.cluster.local", DnsType::A).response.header.rcode == DnsRcode::NxDomain);  // not ready
  CHECK(ask("empty.prod.svc.cluster.local", DnsType::A).response.header.rcode == DnsRcode::NxDomain);
  CHECK(ask("db.prod.svc.cluster.local", DnsType::AAAA).response.header.rcode == DnsRcode::NoError);
  auto tolerant = cluster();
  tolerant.services[2].publish_not_ready_addresses = true;
  CHECK(ask("db.prod.svc.cluster.local", DnsType::A, kubeadm(), tolerant).response.answers.size() == 3);
}

TEST_CASE("CoreDNS: SRV for a ClusterIP service targets the service name, with its A as glue") {
  const auto named = ask("_https._tcp.kubernetes.default.svc.cluster.local", DnsType::SRV);
  CHECK(records(named.response.answers) ==
        std::vector<std::string>{"_https._tcp.kubernetes.default.svc.cluster.local. 30 IN SRV 0 100 443 "
                                 "kubernetes.default.svc.cluster.local."});
  CHECK(records(named.response.additional) ==
        std::vector<std::string>{"kubernetes.default.svc.cluster.local. 30 IN A 10.96.0.1"});
  // On the service name every port counts: two targets, weight 100/2.
  CHECK(records(ask("web.prod.svc.cluster.local", DnsType::SRV).response.answers) ==
        std::vector<std::string>{"web.prod.svc.cluster.local. 30 IN SRV 0 50 80 web.prod.svc.cluster.local.",
                                 "web.prod.svc.cluster.local. 30 IN SRV 0 50 8080 web.prod.svc.cluster.local."});
  CHECK(ask("_http._udp.web.prod.svc.cluster.local", DnsType::SRV).response.header.rcode == DnsRcode::NxDomain);
  CHECK(ask("_nope._tcp.web.prod.svc.cluster.local", DnsType::SRV).response.header.rcode == DnsRcode::NxDomain);
}

TEST_CASE("CoreDNS: SRV for a headless service: one per ready endpoint, hostname or dashed IP") {
  const auto srv = ask("_pg._tcp.db.prod.svc.cluster.local", DnsType::SRV);
  CHECK(records(srv.response.answers) == std::vector<std::string>{
                                             "_pg._tcp.db.prod.svc.cluster.local. 30 IN SRV 0 50 5432 db-0.db.prod.svc.cluster.local.",
                                             "_pg._tcp.db.prod.svc.cluster.local. 30 IN SRV 0 50 5432 10-244-2-11.db.prod.svc.cluster.local.",
                                         });
  CHECK(records(srv.response.additional) ==
        std::vector<std::string>{"db-0.db.prod.svc.cluster.local. 30 IN A 10.244.1.10",
                                 "10-244-2-11.db.prod.svc.cluster.local. 30 IN A 10.244.2.11"});
}

TEST_CASE("CoreDNS: PTR for service IPs and endpoint IPs; unknown IPs fall through to forward") {
  CHECK(reverse_pointer_name("10.96.0.1") == "1.0.96.10.in-addr.arpa");
  CHECK(reverse_pointer_name("2001:db8::1") == "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
  CHECK(records(ask("1.0.96.10.in-addr.arpa", DnsType::PTR).response.answers) ==
        std::vector<std::string>{"1.0.96.10.in-addr.arpa. 30 IN PTR kubernetes.default.svc.cluster.local."});
  CHECK(records(ask("10.1.244.10.in-addr.arpa", DnsType::PTR).response.answers) ==
        std::vector<std::string>{"10.1.244.10.in-addr.arpa. 30 IN PTR db-0.db.prod.svc.cluster.local."});
  // A pod IP selected by a ClusterIP service also has its endpoint name.
  CHECK(records(ask("5.1.244.10.in-addr.arpa", DnsType::PTR).response.answers) ==
        std::vector<std::string>{"5.1.244.10.in-addr.arpa. 30 IN PTR 10-244-1-5.web.prod.svc.cluster.local."});
  const auto unknown = ask("9.9.9.10.in-addr.arpa", DnsType::PTR);
  CHECK(unknown.handled_by == DnsHandler::Forward);  // `fallthrough in-addr.arpa ip6.arpa`
  CHECK(unknown.response.header.rcode == DnsRcode::NxDomain);
  CorefileConfig no_fallthrough = kubeadm();
  no_fallthrough.fallthrough_zones.clear();
  const auto closed = ask("9.9.9.10.in-addr.arpa", DnsType::PTR, no_fallthrough);
  CHECK(closed.handled_by == DnsHandler::Kubernetes);
  CHECK(records(closed.response.authority) ==
        std::vector<std::string>{"in-addr.arpa. 30 IN SOA ns.dns.in-addr.arpa. hostmaster.in-addr.arpa. 1700000000 7200 1800 86400 30"});
}

TEST_CASE("CoreDNS: ExternalName is a CNAME, and an A query also gets the target's address") {
  const auto cname = ask("foo.prod.svc.cluster.local", DnsType::CNAME);
  CHECK(records(cname.response.answers) ==
        std::vector<std::string>{"foo.prod.svc.cluster.local. 30 IN CNAME www.example.com."});
  const auto a = ask("foo.prod.svc.cluster.local", DnsType::A);
  // The target is looked up through CoreDNS's own chain, whose `cache 30` caps the upstream's 28715.
  CHECK(records(a.response.answers) == std::vector<std::string>{"foo.prod.svc.cluster.local. 30 IN CNAME www.example.com.",
                                                                "www.example.com. 30 IN A 192.0.2.53"});
  CorefileConfig uncached = kubeadm();
  uncached.cache = false;
  CHECK(records(ask("foo.prod.svc.cluster.local", DnsType::A, uncached).response.answers).back() ==
        "www.example.com. 28715 IN A 192.0.2.53");
}

TEST_CASE("CoreDNS: dns-version TXT 1.1.0 with TTL 28800; NS and SOA at the apex") {
  CHECK(records(ask("dns-version.cluster.local", DnsType::TXT).response.answers) ==
        std::vector<std::string>{"dns-version.cluster.local. 28800 IN TXT \"1.1.0\""});
  CHECK(records(ask("cluster.local", DnsType::SOA).response.answers) == std::vector<std::string>{soa_line});
}

TEST_CASE("CoreDNS: NS at the apex names the Services whose endpoints hold the answering pod (ns.go nsAddrs)") {
  ClusterDnsView view = cluster();
  view.services.push_back({"kube-system", "kube-dns", ServiceType::ClusterIP, {"10.96.0.10"}, {{"dns", Protocol::UDP, 53}}, "",
                           {{"10.244.0.2", "", true}, {"10.244.1.2", "", true}}, false});
  const auto ns = ask("cluster.local", DnsType::NS, kubeadm(), view);
  CHECK(records(ns.response.answers) ==
        std::vector<std::string>{"cluster.local. 30 IN NS kube-dns.kube-system.svc.cluster.local."});
  CHECK(records(ns.response.additional) ==
        std::vector<std::string>{"kube-dns.kube-system.svc.cluster.local. 30 IN A 10.96.0.10"});
  CHECK(ns.response.header.aa);
  // ns.dns.<zone> is answered with the same address, under the name asked.
  CHECK(records(ask("ns.dns.cluster.local", DnsType::A, kubeadm(), view).response.answers) ==
        std::vector<std::string>{"ns.dns.cluster.local. 30 IN A 10.96.0.10"});
  // The query's spelling is kept in the owner name.
  CHECK(records(ask("Cluster.Local", DnsType::NS, kubeadm(), view).response.answers) ==
        std::vector<std::string>{"Cluster.Local. 30 IN NS kube-dns.kube-system.svc.cluster.local."});

  // A CoreDNS pod that no Service selects answers for itself: ns.dns.<zone> with its own address.
  ClusterDnsView alone = view;
  alone.local_ips = {"10.244.2.9"};
  const auto self = ask("cluster.local", DnsType::NS, kubeadm(), alone);
  CHECK(records(self.response.answers) == std::vector<std::string>{"cluster.local. 30 IN NS ns.dns.cluster.local."});
  CHECK(records(self.response.additional) == std::vector<std::string>{"ns.dns.cluster.local. 30 IN A 10.244.2.9"});

  // A headless Service over the CoreDNS pods: each endpoint by its own name, one NS per name, and an
  // address per endpoint even when two share a hostname.
  ClusterDnsView headless = cluster();
  headless.services.push_back({"kube-system", "dns-peers", ServiceType::ClusterIP, {"None"}, {{"dns", Protocol::UDP, 53}}, "",
                               {{"10.244.0.2", "coredns", true}, {"10.244.1.2", "coredns", true}}, false});
  CorefileConfig ordered = kubeadm();
  ordered.loadbalance = false;
  const auto peers = ask("cluster.local", DnsType::NS, ordered, headless);
  CHECK(records(peers.response.answers) ==
        std::vector<std::string>{"cluster.local. 30 IN NS coredns.dns-peers.kube-system.svc.cluster.local."});
  CHECK(records(peers.response.additional) ==
        std::vector<std::string>{"coredns.dns-peers.kube-system.svc.cluster.local. 30 IN A 10.244.0.2",
                                 "coredns.dns-peers.kube-system.svc.cluster.local. 30 IN A 10.244.1.2"});
}

TEST_CASE("CoreDNS: SRV glue keeps one address per endpoint when endpoints share a hostname") {
  ClusterDnsView view = cluster();
  view.services.push_back({"prod", "twins", ServiceType::ClusterIP, {"None"}, {{"http", Protocol::TCP, 80}}, "",
                           {{"10.244.1.20", "web", true}, {"10.244.2.20", "web", true}}, false});
  CorefileConfig ordered = kubeadm();
  ordered.loadbalance = false;
  const auto srv = ask("twins.prod.svc.cluster.local", DnsType::SRV, ordered, view);
  CHECK(records(srv.response.answers) ==
        std::vector<std::string>{"twins.prod.svc.cluster.local. 30 IN SRV 0 50 80 web.twins.prod.svc.cluster.local."});
  CHECK(records(srv.response.additional) ==
        std::vector<std::string>{"web.twins.prod.svc.cluster.local. 30 IN A 10.244.1.20",
                                 "web.twins.prod.svc.cluster.local. 30 IN A 10.244.2.20"});
}

TEST_CASE("CoreDNS: loadbalance shuffles the address records of each answer, as round_robin does") {
  ClusterDnsView view = cluster();
  std::vector<DnsEndpoint> endpoints;
  for (int i = 1; i <= 6; ++i) endpoints.push_back({"10.244.1." + std::to_string(i), "", true});
  view.services.push_back({"prod", "many", ServiceType::ClusterIP, {"None"}, {{"http", Protocol::TCP, 80}}, "", endpoints, false});
  CorefileConfig plain = kubeadm();
  plain.loadbalance = false;
  const auto in_order = records(ask("many.prod.svc.cluster.local", DnsType::A, plain, view).response.answers);
  REQUIRE(in_order.size() == 6);
  CHECK(in_order.front() == "many.prod.svc.cluster.local. 30 IN A 10.244.1.1");
  std::set<std::vector<std::string>> orders;
  for (uint16_t id = 1; id <= 20; ++id) {
    auto shuffled = records(answer_dns_query(view, kubeadm(), upstreams(),
                                             net::make_dns_query(id, "many.prod.svc.cluster.local", DnsType::A)).response.answers);
    orders.insert(shuffled);
    std::sort(shuffled.begin(), shuffled.end());
    CHECK(shuffled == in_order);  // the same records, in another order
  }
  CHECK(orders.size() > 10);
}

TEST_CASE("CoreDNS: pod records by pods mode") {
  const auto insecure = ask("10-244-9-9.prod.pod.cluster.local", DnsType::A);
  CHECK(records(insecure.response.answers) ==
        std::vector<std::string>{"10-244-9-9.prod.pod.cluster.local. 30 IN A 10.244.9.9"});
  CHECK(ask("10-244-9.prod.pod.cluster.local", DnsType::A).response.header.rcode == DnsRcode::NxDomain);
  CHECK(ask("10-244-9-9.prod.pod.cluster.local", DnsType::AAAA).response.header.rcode == DnsRcode::NoError);
  CorefileConfig verified = kubeadm();
  verified.pods = PodsMode::Verified;
  CHECK(ask("10-244-1-5.prod.pod.cluster.local", DnsType::A, verified).response.answers.size() == 1);
  CHECK(ask("10-244-9-9.prod.pod.cluster.local", DnsType::A, verified).response.header.rcode == DnsRcode::NxDomain);
  CHECK(ask("10-244-1-5.default.pod.cluster.local", DnsType::A, verified).response.header.rcode == DnsRcode::NxDomain);
  CorefileConfig disabled = kubeadm();
  disabled.pods = PodsMode::Disabled;
  CHECK(ask("10-244-1-5.prod.pod.cluster.local", DnsType::A, disabled).response.header.rcode == DnsRcode::NxDomain);
}

TEST_CASE("CoreDNS: outside names go to forward, stub domains to their server; cache caps TTLs") {
  const auto outside = ask("www.example.com", DnsType::A);
  CHECK(outside.handled_by == DnsHandler::Forward);
  CHECK(outside.upstream == "/etc/resolv.conf");
  CHECK_FALSE(outside.response.header.aa);
  CHECK(outside.response.header.ra);
  CHECK(outside.cached);
  CHECK(records(outside.response.answers) == std::vector<std::string>{"www.example.com. 30 IN A 192.0.2.53"});
  CHECK(ask("www.example.com", DnsType::AAAA).response.header.rcode == DnsRcode::NoError);  // NODATA upstream
  CHECK(ask("nothere.example.com", DnsType::A).response.header.rcode == DnsRcode::NxDomain);
  CHECK(records(ask("alias.example.com", DnsType::A).response.answers) ==
        std::vector<std::string>{"alias.example.com. 30 IN CNAME www.example.com.", "www.example.com. 30 IN A 192.0.2.53"});

  auto config = parse_corefile(kubeadm_corefile() + "example.local:53 {\n    forward . 10.0.0.53\n}\n");
  REQUIRE(config.ok());
  const auto stub = ask("db.example.local", DnsType::A, *config);
  CHECK(stub.handled_by == DnsHandler::StubDomain);
  CHECK(stub.upstream == "10.0.0.53");
  CHECK(records(stub.response.answers) == std::vector<std::string>{"db.example.local. 60 IN A 10.0.0.7"});

  config->stub_domains["example.local"] = {"10.0.0.99"};  // nothing answers there
  CHECK(ask("db.example.local", DnsType::A, *config).response.header.rcode == DnsRcode::ServFail);
  auto down = upstreams();
  down[0].reachable = false;
  CHECK(answer_dns_query(cluster(), kubeadm(), down, "www.example.com", DnsType::A).response.header.rcode ==
        DnsRcode::ServFail);
}

TEST_CASE("CoreDNS: FORMERR, NOTIMP, and SERVFAIL before the API is synced") {
  net::DnsMessage empty;
  empty.header.id = 9;
  CHECK(answer_dns_query(cluster(), kubeadm(), upstreams(), empty).response.header.rcode == DnsRcode::FormErr);
  auto notify = net::make_dns_query(9, "cluster.local", DnsType::SOA);
  notify.header.opcode = net::DnsOpcode::Notify;
  CHECK(answer_dns_query(cluster(), kubeadm(), upstreams(), notify).response.header.rcode == DnsRcode::NotImp);
  auto unsynced = cluster();
  unsynced.synced = false;
  const auto reply = answer_dns_query(unsynced, kubeadm(), upstreams(), net::make_dns_query(77, "web.prod.svc.cluster.local", DnsType::A));
  CHECK(reply.response.header.rcode == DnsRcode::ServFail);
  CHECK(reply.response.header.id == 77);
  CHECK(reply.response.questions.size() == 1);
  // Every answer encodes and decodes back unchanged.
  for (const char* name : {"web.prod.svc.cluster.local", "_pg._tcp.db.prod.svc.cluster.local", "nothere.cluster.local"}) {
    const auto response = ask(name, DnsType::SRV).response;
    auto bytes = net::encode_dns_message(response);
    REQUIRE(bytes.ok());
    CHECK(*net::decode_dns_message(*bytes) == response);
  }
}

TEST_CASE("CoreDNS Corefile: kubeadm's default text gives kubeadm's settings") {
  const CorefileConfig config = kubeadm();
  CHECK(config.kubernetes_zones == std::vector<std::string>{"cluster.local", "in-addr.arpa", "ip6.arpa"});
  CHECK(config.pods == PodsMode::Insecure);
  CHECK(config.ttl == 30);
  CHECK(config.fallthrough_zones == std::vector<std::string>{"in-addr.arpa", "ip6.arpa"});
  CHECK(config.forward_to == std::vector<std::string>{"/etc/resolv.conf"});
  CHECK(config.stub_domains.empty());
  CHECK(config.cache);
  CHECK(config.cache_ttl_cap == 30);
  CHECK(config.cache_disable_success == std::vector<std::string>{"cluster.local"});
  CHECK(config.cache_disable_denial == std::vector<std::string>{"cluster.local"});
  CHECK(config.plugins == std::vector<std::string>{"errors", "health", "ready", "kubernetes", "prometheus", "forward",
                                                   "cache", "loop", "reload", "loadbalance"});
  CHECK(parse_corefile(kubeadm_corefile("corp.internal"))->kubernetes_zones[0] == "corp.internal");
}

TEST_CASE("CoreDNS Corefile: edits (ttl, pods verified, a stub domain, one-line blocks)") {
  std::string text = kubeadm_corefile();
  text.replace(text.find("ttl 30"), 6, "ttl 5");
  text.replace(text.find("pods insecure"), 13, "pods verified");
  text += "example.local:53 {\n    errors\n    cache 30\n    forward . 10.0.0.53\n}\n";
  const auto config = parse_corefile(text);
  REQUIRE(config.ok());
  CHECK(config->ttl == 5);
  CHECK(config->pods == PodsMode::Verified);
  CHECK(config->stub_domains.at("example.local") == std::vector<std::string>{"10.0.0.53"});
  CHECK(config->stub_cache_caps.at("example.local") == 30);
  const auto inline_block = parse_corefile(".:53 {\n  health { lameduck 5s }   # comment\n  kubernetes cluster.local\n}\n");
  REQUIRE(inline_block.ok());
  CHECK(inline_block->plugins == std::vector<std::string>{"health", "kubernetes"});
  CHECK(inline_block->pods == PodsMode::Disabled);
  CHECK(inline_block->ttl == 5);
}

TEST_CASE("CoreDNS Corefile: errors name their line and column") {
  const auto unclosed = parse_corefile(".:53 {\n    errors\n    kubernetes cluster.local {\n       ttl 30\n}\n");
  REQUIRE_FALSE(unclosed.ok());
  CHECK(unclosed.error().code == "corefile.syntax");
  CHECK(unclosed.error().where.line == 1);
  CHECK(unclosed.error().to_string() == "Corefile:1:6: this '{' is never closed with '}'");
  const auto stray = parse_corefile(".:53 {\n    errors\n}\n}\n");
  CHECK(stray.error().where.line == 4);
  CHECK(stray.error().code == "corefile.syntax");
  std::string text = kubeadm_corefile();
  text.replace(text.find("ttl 30"), 6, "ttl 9000");
  const auto bad_ttl = parse_corefile(text);
  CHECK(bad_ttl.error().code == "corefile.bad-value");
  CHECK(bad_ttl.error().where.line == 10);
  CHECK(bad_ttl.error().where.column == 12);
  const auto bad_pods = parse_corefile(".:53 {\n kubernetes cluster.local {\n  pods sometimes\n }\n}\n");
  CHECK(bad_pods.error().to_string() == "Corefile:3:8: pods takes disabled, insecure or verified");
}

TEST_CASE("CoreDNS Corefile: `ignore empty_service` and `noendpoints` change answers as the plugin does") {
  ClusterDnsView view = cluster();
  view.services.push_back({"prod", "lonely", ServiceType::ClusterIP, {"10.96.0.9"}, {{"http", Protocol::TCP, 80}}, "", {}, false});
  CHECK(ask("lonely.prod.svc.cluster.local", DnsType::A, kubeadm(), view).response.header.rcode == DnsRcode::NoError);
  std::string text = kubeadm_corefile();
  text.insert(text.find("       ttl 30"), "       ignore empty_service\n");
  const auto ignoring = parse_corefile(text);
  REQUIRE(ignoring.ok());
  CHECK(ignoring->ignore_empty_service);
  CHECK(ask("lonely.prod.svc.cluster.local", DnsType::A, *ignoring, view).response.header.rcode == DnsRcode::NxDomain);
  CHECK(ask("web.prod.svc.cluster.local", DnsType::A, *ignoring, view).response.header.rcode == DnsRcode::NoError);
  CHECK(ask("db.prod.svc.cluster.local", DnsType::A, *ignoring, view).response.header.rcode == DnsRcode::NoError);

  text = kubeadm_corefile();
  text.insert(text.find("       ttl 30"), "       noendpoints\n");
  const auto blind = parse_corefile(text);
  REQUIRE(blind.ok());
  CHECK(ask("db.prod.svc.cluster.local", DnsType::A, *blind, view).response.header.rcode == DnsRcode::NxDomain);
  CHECK(ask("db-0.db.prod.svc.cluster.local", DnsType::A, *blind, view).response.header.rcode == DnsRcode::NxDomain);
  CHECK(ask("web.prod.svc.cluster.local", DnsType::A, *blind, view).response.header.rcode == DnsRcode::NoError);
}

TEST_CASE("CoreDNS Corefile: settings the lab does not model are refused at their line, never ignored") {
  auto refused = [](const std::string& text) {
    const auto parsed = parse_corefile(text);
    REQUIRE_FALSE(parsed.ok());
    return parsed.error().to_string();
  };
  CHECK(refused(".:53 {\n    kubernetes cluster.local {\n       namespaces prod\n    }\n}\n") ==
        "Corefile:3:8: the kubernetes plugin's option 'namespaces' is not modelled by Podlab");
  CHECK(refused(".:53 {\n    kubernetes cluster.local {\n       ignore everything\n    }\n}\n") ==
        "Corefile:3:15: ignore takes empty_service");
  CHECK(refused(".:53 {\n    errors\n    autopath @kubernetes\n}\n") ==
        "Corefile:3:5: the plugin 'autopath' is not modelled by Podlab");
  CHECK(refused(".:53 {\n    errors\n    frobnicate\n}\n") == "Corefile:3:5: Unknown directive 'frobnicate'");
  CHECK(refused(".:53 {\n    forward . /etc/resolv.conf {\n       policy sequential\n    }\n}\n") ==
        "Corefile:3:8: the forward plugin's option 'policy' is not modelled by Podlab");
  CHECK(refused(".:53 {\n    cache 30 {\n       prefetch 10\n    }\n}\n") ==
        "Corefile:3:8: the cache plugin's option 'prefetch' is not modelled by Podlab");
  CHECK(refused(".:53 {\n    cache 30 {\n       disable sucess cluster.local\n    }\n}\n") ==
        "Corefile:3:16: disable takes success or denial, then zones");
  CHECK(refused("corp.local:53 {\n    hosts {\n       10.0.0.1 db.corp.local\n    }\n    forward . 10.0.0.53\n}\n") ==
        "Corefile:2:5: in a stub-domain block, the plugin 'hosts' is not modelled by Podlab");
  // Plugins that cannot change an answer are accepted as written.
  CHECK(parse_corefile(".:53 {\n    errors\n    log\n    health {\n       lameduck 5s\n    }\n    ready\n    prometheus :9153\n"
                       "    loop\n    reload\n    kubernetes cluster.local\n}\n").ok());
}
