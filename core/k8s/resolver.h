// The stub resolver inside a container: which names it asks the nameserver for, in which order,
// and when it gives up. This is where `ndots:5` turns one lookup of "www.example.com" into eight
// wire queries. Two flavours, because they differ in ways a learner hits:
//   glibc (Debian, Ubuntu images): resolv/res_query.c __res_context_search
//   musl (Alpine, busybox:musl):   src/network/lookup_name.c name_from_dns_search
// Pure: the caller supplies the resolv.conf contents and a function that answers one query (in the
// lab, CoreDNS behind the kube-dns Service); nothing here knows about the World.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/net/dns_message.h"

namespace podlab::k8s {

// What the resolver reads from /etc/resolv.conf.
struct ResolverConfig {
  std::vector<std::string> nameservers;
  std::vector<std::string> searches;
  int ndots = 1;     // the resolver's own default; the kubelet writes ndots:5 for ClusterFirst
  int timeout = 5;   // seconds per try (kept for display; answers here are immediate)
  int attempts = 2;  // tries per nameserver (likewise)
  std::vector<std::string> other_options;  // "rotate", "edns0", "single-request"... as written
};

// Reads resolv.conf text: nameserver, search (and the older domain), options; "#" and ";" start
// comments. Unknown keywords are ignored as the C libraries do; a bad ndots value is a diagnostic.
// As in glibc and musl, ndots is capped at 15 and the last search/domain line wins.
Result<ResolverConfig> parse_resolver_config(std::string_view text);

enum class ResolverFlavour { Glibc, Musl };

// The address families getaddrinfo() is asked for: AF_INET sends A, AF_INET6 AAAA, and AF_UNSPEC
// (what curl, wget and most programs use) sends A then AAAA for every candidate name.
enum class AddressFamily { Inet, Inet6, Unspec };

// What the nameserver said to one query: its rcode and whether the answer section had records of
// the asked type (NOERROR without them is NODATA).
struct QueryAnswer {
  net::DnsRcode rcode = net::DnsRcode::NoError;
  bool has_records = false;
  bool timed_out = false;  // no reply after every try: both libraries give up with EAI_AGAIN
};
using AnswerFunction = std::function<QueryAnswer(const std::string& name, net::DnsType type)>;
// Both libraries send a candidate's A and AAAA queries together from one socket and then wait for
// both replies: a function that answers them together sees them as the wire does. Answers come
// back in the order of `types`.
using BatchAnswerFunction =
    std::function<std::vector<QueryAnswer>(const std::string& name, const std::vector<net::DnsType>& types)>;

struct SentQuery {
  std::string name;  // absolute, written without the final dot, as on the wire
  net::DnsType type = net::DnsType::A;
  net::DnsRcode rcode = net::DnsRcode::NoError;
  bool has_records = false;
  bool timed_out = false;
};

// How getaddrinfo() ends, named by the error a program sees.
enum class ResolverOutcome {
  Found,     // 0: some candidate had records
  NoName,    // EAI_NONAME: "Name or service not known" (NXDOMAIN everywhere)
  NoData,    // EAI_NODATA (glibc: the name exists, no address) / musl's NODATA stop
  TryAgain,  // EAI_AGAIN: "Temporary failure in name resolution" (SERVFAIL)
  Fail,      // EAI_FAIL: REFUSED, NOTIMP, FORMERR
};
const char* resolver_outcome_name(ResolverOutcome outcome);  // "Found", "EAI_NONAME", ...

struct ResolverResult {
  std::vector<SentQuery> queries;   // in the order they went on the wire
  ResolverOutcome outcome = ResolverOutcome::NoName;
  std::string answered_name;        // the candidate that succeeded, when outcome is Found
};

// Resolves `name` as getaddrinfo() would, asking `answer` for each query it sends. Queries go to
// the first nameserver (failover after timeouts is not modelled).
ResolverResult resolve_name(std::string_view name, const ResolverConfig& config, ResolverFlavour flavour,
                            AddressFamily family, const AnswerFunction& answer);
ResolverResult resolve_name_batched(std::string_view name, const ResolverConfig& config, ResolverFlavour flavour,
                                    AddressFamily family, const BatchAnswerFunction& answer);

// The order in which the C library tries names: the candidates of the search-list walk, without
// asking anything (what dig +search, host and nslookup walk through in the same order as glibc).
std::vector<std::string> search_candidates(std::string_view name, const ResolverConfig& config);

}  // namespace podlab::k8s
