// Name lookups on the wire. A process in a network namespace (a pod's or a node's) sends each DNS
// query as a real UDP datagram: RFC 1035 bytes in the payload, a random id and an ephemeral source
// port drawn from World.rng, to port 53 of the nameserver its resolv.conf names. The forwarding
// pipeline moves it hop by hop; CoreDNS pods answer (k8s/dns_server.h). The client waits for the
// reply (resolv.conf's timeout per try, its attempts as tries) and accepts only a reply from the
// address it asked with the id it sent, as glibc, musl and dig do. Every packet's trace goes into
// the command's result, its frames into the session's capture, every query into the DNS report.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/k8s/container_image.h"
#include "core/k8s/resolver.h"
#include "core/lab/commands.h"
#include "core/net/forwarding.h"

namespace podlab::lab {

// How a namespace resolves: its /etc/resolv.conf and the C library and tools of its image.
struct ResolverSetup {
  k8s::ResolverConfig config;
  k8s::ImageTraits traits;
};
ResolverSetup resolver_setup(const World& world, NetnsId netns, PodId pod);
// /etc/hosts as the kubelet writes it for a pod, or the node's.
std::string etc_hosts(const World& world, NetnsId netns, PodId pod);
// The address /etc/hosts gives `name`, if any (the first line that names it).
std::optional<Ipv4Address> hosts_file_address(const World& world, NetnsId netns, PodId pod, const std::string& name);

class DnsClient {
 public:
  DnsClient(Context& context, NetnsId netns);

  // Sends one query per type for `name` to server:53 from one socket, all at once, then waits for
  // every reply, `tries` times for `timeout` each. Replies in the order of `types`; none: timed out.
  std::vector<std::optional<net::DnsMessage>> ask(Ipv4Address server, const std::string& name,
                                                  const std::vector<net::DnsType>& types, SimTime timeout, int tries);
  // Index in the DNS report of the last query asked for `type`.
  std::optional<size_t> last_report_index() const { return last_report_; }

 private:
  Context& context_;
  NetnsId netns_;
  Network network_;
  size_t base_ = 0;  // result.traces.size() when the client started
  size_t copied_traces_ = 0;
  size_t copied_frames_ = 0;
  size_t seen_arrivals_ = 0;
  std::optional<size_t> last_report_;
};

// The C library's resolver for one address family: the search-list walk with the image's rules
// (resolver.h), each candidate's queries sent on the wire from `netns`. `records` is the answer
// section of the replies that had records; `rcode` that reply's, or the last reply's.
struct RecordLookup {
  k8s::ResolverResult result;
  std::vector<net::DnsRecord> records;
  std::optional<net::DnsRcode> rcode;
  bool no_nameserver = false;
};
RecordLookup lookup_records(Context& context, NetnsId netns, PodId pod, const std::string& name,
                            k8s::AddressFamily family);

// getaddrinfo() for the lab's IPv4 tools: an address literal, then /etc/hosts, then DNS through the
// search list with the rules of the image's C library (AF_UNSPEC: A and AAAA per candidate).
struct AddressLookup {
  std::optional<Ipv4Address> address;
  k8s::ResolverOutcome outcome = k8s::ResolverOutcome::Found;
};
AddressLookup resolve_address(Context& context, NetnsId netns, PodId pod, const std::string& name);

// The resolver's per-try timeout and number of tries: glibc waits `timeout` seconds per try; musl
// spreads its retries over `timeout` seconds in all.
SimTime resolver_try_timeout(const ResolverSetup& setup);

// What getaddrinfo's failure reads like in iputils ping, traceroute and curl ("Name or service not
// known", "Temporary failure in name resolution", ...).
const char* gai_error_text(k8s::ResolverOutcome outcome);

}  // namespace podlab::lab
