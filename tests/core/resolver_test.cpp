// The stub resolver's search-list walk, checked against the facts sheet's worked examples (a pod in
// namespace prod, ndots:5) for glibc, and the places where musl differs.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "core/k8s/resolver.h"

using namespace podlab;
using namespace podlab::k8s;
using net::DnsRcode;
using net::DnsType;

namespace {

const ResolverConfig prod_pod = [] {
  auto parsed = parse_resolver_config(
      "search prod.svc.cluster.local svc.cluster.local cluster.local\n"
      "nameserver 10.96.0.10\n"
      "options ndots:5\n");
  PODLAB_ASSERT(parsed.ok());
  return *parsed;
}();

// A cluster with IPv4 records for a few names; AAAA for them is NODATA, everything else NXDOMAIN.
// `overrides` replace the rcode for one name (both types).
struct FakeDns {
  std::set<std::string> with_a = {"web.prod.svc.cluster.local", "web.staging.svc.cluster.local", "www.example.com"};
  std::map<std::string, DnsRcode> overrides;
  std::set<std::string> nodata;  // names that exist without any address

  QueryAnswer operator()(const std::string& name, DnsType type) const {
    if (auto it = overrides.find(name); it != overrides.end()) return {it->second, false};
    if (nodata.count(name)) return {DnsRcode::NoError, false};
    if (with_a.count(name)) return {DnsRcode::NoError, type == DnsType::A};
    return {DnsRcode::NxDomain, false};
  }
};

// "name TYPE RCODE" per query, as a test reads best.
std::vector<std::string> lines(const ResolverResult& result) {
  std::vector<std::string> out;
  for (const auto& q : result.queries)
    out.push_back(q.name + " " + net::dns_type_name(q.type) + " " + net::dns_rcode_name(q.rcode));
  return out;
}

ResolverResult run(std::string_view name, ResolverFlavour flavour, const FakeDns& dns = {},
                   const ResolverConfig& config = prod_pod, AddressFamily family = AddressFamily::Unspec) {
  return resolve_name(name, config, flavour, family, dns);
}

}  // namespace

TEST_CASE("resolver: resolv.conf as the kubelet writes it") {
  CHECK(prod_pod.nameservers == std::vector<std::string>{"10.96.0.10"});
  CHECK(prod_pod.searches == std::vector<std::string>{"prod.svc.cluster.local", "svc.cluster.local", "cluster.local"});
  CHECK(prod_pod.ndots == 5);
  auto other = parse_resolver_config("# node file\ndomain corp\nsearch a b ; comment\noptions ndots:30 rotate timeout:2\n");
  REQUIRE(other.ok());
  CHECK(other->searches == std::vector<std::string>{"a", "b"});
  CHECK(other->ndots == 15);  // clamped, as both libraries do
  CHECK(other->timeout == 2);
  CHECK(other->other_options == std::vector<std::string>{"rotate"});
  auto bad = parse_resolver_config("nameserver 1.1.1.1\noptions ndots:x\n");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == "resolv.bad-option");
  CHECK(bad.error().where.line == 2);
  CHECK(bad.error().where.column == 9);
}

TEST_CASE("resolver glibc: web (0 dots) succeeds at the first search candidate") {
  const auto result = run("web", ResolverFlavour::Glibc);
  CHECK(lines(result) == std::vector<std::string>{"web.prod.svc.cluster.local A NOERROR",
                                                  "web.prod.svc.cluster.local AAAA NOERROR"});
  CHECK(result.outcome == ResolverOutcome::Found);
  CHECK(result.answered_name == "web.prod.svc.cluster.local");
}

TEST_CASE("resolver glibc: web.staging (1 dot) succeeds at the second candidate") {
  const auto result = run("web.staging", ResolverFlavour::Glibc);
  CHECK(lines(result) == std::vector<std::string>{
                             "web.staging.prod.svc.cluster.local A NXDOMAIN",
                             "web.staging.prod.svc.cluster.local AAAA NXDOMAIN",
                             "web.staging.svc.cluster.local A NOERROR",
                             "web.staging.svc.cluster.local AAAA NOERROR",
                         });
  CHECK(result.answered_name == "web.staging.svc.cluster.local");
}

TEST_CASE("resolver glibc: web.staging.svc (2 dots) succeeds at the third candidate") {
  const auto result = run("web.staging.svc", ResolverFlavour::Glibc);
  CHECK(lines(result) == std::vector<std::string>{
                             "web.staging.svc.prod.svc.cluster.local A NXDOMAIN",
                             "web.staging.svc.prod.svc.cluster.local AAAA NXDOMAIN",
                             "web.staging.svc.svc.cluster.local A NXDOMAIN",
                             "web.staging.svc.svc.cluster.local AAAA NXDOMAIN",
                             "web.staging.svc.cluster.local A NOERROR",
                             "web.staging.svc.cluster.local AAAA NOERROR",
                         });
  CHECK(result.outcome == ResolverOutcome::Found);
}

TEST_CASE("resolver glibc: www.example.com walks all three search domains first: 8 wire queries") {
  const auto result = run("www.example.com", ResolverFlavour::Glibc);
  CHECK(lines(result) == std::vector<std::string>{
                             "www.example.com.prod.svc.cluster.local A NXDOMAIN",
                             "www.example.com.prod.svc.cluster.local AAAA NXDOMAIN",
                             "www.example.com.svc.cluster.local A NXDOMAIN",
                             "www.example.com.svc.cluster.local AAAA NXDOMAIN",
                             "www.example.com.cluster.local A NXDOMAIN",
                             "www.example.com.cluster.local AAAA NXDOMAIN",
                             "www.example.com A NOERROR",
                             "www.example.com AAAA NOERROR",
                         });
  CHECK(result.answered_name == "www.example.com");
}

TEST_CASE("resolver glibc and musl: a trailing dot is one absolute candidate") {
  for (auto flavour : {ResolverFlavour::Glibc, ResolverFlavour::Musl}) {
    const auto result = run("www.example.com.", flavour);
    CHECK(lines(result) == std::vector<std::string>{"www.example.com A NOERROR", "www.example.com AAAA NOERROR"});
    CHECK(result.outcome == ResolverOutcome::Found);
    const auto missing = run("nothere.example.com.", flavour);
    CHECK(missing.queries.size() == 2);
    CHECK(missing.outcome == ResolverOutcome::NoName);
  }
}

TEST_CASE("resolver glibc: web.prod.svc.cluster.local has 4 dots (< 5): searched first, as-is last of 4") {
  const auto result = run("web.prod.svc.cluster.local", ResolverFlavour::Glibc);
  CHECK(lines(result) == std::vector<std::string>{
                             "web.prod.svc.cluster.local.prod.svc.cluster.local A NXDOMAIN",
                             "web.prod.svc.cluster.local.prod.svc.cluster.local AAAA NXDOMAIN",
                             "web.prod.svc.cluster.local.svc.cluster.local A NXDOMAIN",
                             "web.prod.svc.cluster.local.svc.cluster.local AAAA NXDOMAIN",
                             "web.prod.svc.cluster.local.cluster.local A NXDOMAIN",
                             "web.prod.svc.cluster.local.cluster.local AAAA NXDOMAIN",
                             "web.prod.svc.cluster.local A NOERROR",
                             "web.prod.svc.cluster.local AAAA NOERROR",
                         });
}

TEST_CASE("resolver musl: the same worked examples send the same queries when every miss is NXDOMAIN") {
  for (const char* name : {"web", "web.staging", "web.staging.svc", "www.example.com", "web.prod.svc.cluster.local"})
    CHECK(lines(run(name, ResolverFlavour::Musl)) == lines(run(name, ResolverFlavour::Glibc)));
}

TEST_CASE("resolver: with dots >= ndots glibc falls back to the search list, musl never does") {
  ResolverConfig ndots1 = prod_pod;
  ndots1.ndots = 1;
  const auto glibc = run("web.staging", ResolverFlavour::Glibc, {}, ndots1);
  CHECK(lines(glibc) == std::vector<std::string>{
                            "web.staging A NXDOMAIN", "web.staging AAAA NXDOMAIN",
                            "web.staging.prod.svc.cluster.local A NXDOMAIN",
                            "web.staging.prod.svc.cluster.local AAAA NXDOMAIN",
                            "web.staging.svc.cluster.local A NOERROR", "web.staging.svc.cluster.local AAAA NOERROR",
                        });
  CHECK(glibc.outcome == ResolverOutcome::Found);
  const auto musl = run("web.staging", ResolverFlavour::Musl, {}, ndots1);
  CHECK(lines(musl) == std::vector<std::string>{"web.staging A NXDOMAIN", "web.staging AAAA NXDOMAIN"});
  CHECK(musl.outcome == ResolverOutcome::NoName);
}

TEST_CASE("resolver: NODATA on a search candidate continues in glibc and ends the search in musl") {
  FakeDns dns;
  dns.nodata = {"web.staging.prod.svc.cluster.local"};
  const auto glibc = run("web.staging", ResolverFlavour::Glibc, dns);
  CHECK(glibc.queries.size() == 4);
  CHECK(glibc.outcome == ResolverOutcome::Found);
  const auto musl = run("web.staging", ResolverFlavour::Musl, dns);
  CHECK(lines(musl) == std::vector<std::string>{"web.staging.prod.svc.cluster.local A NOERROR",
                                                "web.staging.prod.svc.cluster.local AAAA NOERROR"});
  CHECK(musl.outcome == ResolverOutcome::NoData);
  // glibc reports NODATA when nothing else succeeds.
  FakeDns empty;
  empty.with_a.clear();
  empty.nodata = {"db.svc.cluster.local"};
  CHECK(run("db", ResolverFlavour::Glibc, empty).outcome == ResolverOutcome::NoData);
  CHECK(run("db", ResolverFlavour::Glibc, empty).queries.size() == 8);
}

TEST_CASE("resolver: SERVFAIL is noted and skipped by glibc, and stops musl with EAI_AGAIN") {
  FakeDns dns;
  dns.overrides = {{"web.staging.prod.svc.cluster.local", DnsRcode::ServFail}};
  const auto glibc = run("web.staging", ResolverFlavour::Glibc, dns);
  CHECK(glibc.queries.size() == 4);
  CHECK(glibc.outcome == ResolverOutcome::Found);
  const auto musl = run("web.staging", ResolverFlavour::Musl, dns);
  CHECK(musl.queries.size() == 2);
  CHECK(musl.outcome == ResolverOutcome::TryAgain);
  // Everything failing with SERVFAIL: glibc reports TRY_AGAIN (EAI_AGAIN) after the whole walk.
  FakeDns broken;
  broken.with_a.clear();
  for (const char* name : {"x.prod.svc.cluster.local", "x.svc.cluster.local", "x.cluster.local", "x"})
    broken.overrides[name] = DnsRcode::ServFail;
  const auto all_failed = run("x", ResolverFlavour::Glibc, broken);
  CHECK(all_failed.queries.size() == 8);
  CHECK(all_failed.outcome == ResolverOutcome::TryAgain);
}

TEST_CASE("resolver: REFUSED ends glibc's search list (the bare name is still tried) and fails musl") {
  FakeDns dns;
  dns.overrides = {{"www.example.com.prod.svc.cluster.local", DnsRcode::Refused}};
  const auto glibc = run("www.example.com", ResolverFlavour::Glibc, dns);
  CHECK(lines(glibc) == std::vector<std::string>{
                            "www.example.com.prod.svc.cluster.local A REFUSED",
                            "www.example.com.prod.svc.cluster.local AAAA REFUSED",
                            "www.example.com A NOERROR",
                            "www.example.com AAAA NOERROR",
                        });
  CHECK(glibc.outcome == ResolverOutcome::Found);
  const auto musl = run("www.example.com", ResolverFlavour::Musl, dns);
  CHECK(musl.queries.size() == 2);
  CHECK(musl.outcome == ResolverOutcome::Fail);
}

TEST_CASE("resolver: AF_INET sends only A; a name nowhere is EAI_NONAME after the full walk") {
  const auto v4 = run("web", ResolverFlavour::Glibc, {}, prod_pod, AddressFamily::Inet);
  CHECK(lines(v4) == std::vector<std::string>{"web.prod.svc.cluster.local A NOERROR"});
  const auto v6 = run("web", ResolverFlavour::Glibc, {}, prod_pod, AddressFamily::Inet6);
  CHECK(v6.queries.size() == 4 * 1);  // AAAA NODATA everywhere it exists, NXDOMAIN elsewhere
  CHECK(v6.outcome == ResolverOutcome::NoData);
  const auto missing = run("nothere", ResolverFlavour::Musl);
  CHECK(missing.queries.size() == 8);
  CHECK(missing.outcome == ResolverOutcome::NoName);
  CHECK(std::string(resolver_outcome_name(missing.outcome)) == "EAI_NONAME");
  CHECK(run("", ResolverFlavour::Glibc).queries.empty());
  CHECK(run("a..", ResolverFlavour::Musl).queries.empty());
}
