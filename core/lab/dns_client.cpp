#include "core/lab/dns_client.h"

#include <algorithm>

#include "core/k8s/dns_server.h"
#include "core/k8s/pod_dns.h"
#include "core/lab/http_server.h"
#include "core/lab/probes.h"

namespace podlab::lab {

namespace {

bool is_reply_to(const net::DnsMessage& reply, uint16_t id, const std::string& name, net::DnsType type) {
  return reply.header.qr && reply.header.id == id && reply.questions.size() == 1 &&
         net::dns_names_equal(reply.questions[0].name, name) && reply.questions[0].type == type;
}

}  // namespace

std::string etc_hosts(const World& world, NetnsId netns_id, PodId pod_id) {
  std::string text = "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
                     "fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n";
  if (const PodRecord* pod = world.pods.get(pod_id)) {
    const std::string hostname = pod->pod.spec.hostname.empty() ? pod->pod.metadata.name : pod->pod.spec.hostname;
    if (!pod->pod.spec.host_network) text += pod->ip.to_string() + "\t" + hostname + "\n";
  } else if (const Node* node = world.nodes.get(world.namespaces_net.at(netns_id).node)) {
    text = "127.0.0.1\tlocalhost\n" + node->internal_ip.to_string() + "\t" + node->name + "\n";
  } else {
    // The external host: its own name and address.
    const Netns& netns = world.namespaces_net.at(netns_id);
    text = "127.0.0.1\tlocalhost\n";
    for (DeviceId id : netns.devices) {
      const Device& device = world.devices.at(id);
      if (device.kind != DeviceKind::Loopback && !device.addresses.empty())
        text += device.addresses.front().address.to_string() + "\t" + netns.name + "\n";
    }
  }
  return text;
}

std::optional<Ipv4Address> hosts_file_address(const World& world, NetnsId netns, PodId pod, const std::string& name) {
  const std::string hosts = etc_hosts(world, netns, pod);
  size_t start = 0;
  while (start < hosts.size()) {
    const size_t end = hosts.find('\n', start);
    const std::string line = hosts.substr(start, end - start);
    start = end == std::string::npos ? hosts.size() : end + 1;
    const size_t tab = line.find('\t');
    if (tab == std::string::npos || line[0] == '#' || line.substr(tab + 1) != name) continue;
    if (auto address = Ipv4Address::parse(line.substr(0, tab))) return address;
  }
  return std::nullopt;
}

ResolverSetup resolver_setup(const World& world, NetnsId, PodId pod_id) {
  ResolverSetup setup;
  const PodRecord* pod = world.pods.get(pod_id);
  const k8s::ResolvConf conf = pod ? k8s::pod_resolv_conf(world, *pod) : k8s::node_resolv_conf(world);
  // The kubelet's file always parses, except for an option value a pod's dnsConfig got wrong:
  // the C library then keeps its defaults, as here.
  if (auto parsed = k8s::parse_resolver_config(conf.to_text())) setup.config = *parsed;
  else setup.config.nameservers = conf.nameservers;
  // The tools are the first container's (a hostNetwork pod's too); a node's are Debian's.
  setup.traits = pod && !pod->pod.spec.containers.empty() ? k8s::image_traits(pod->pod.spec.containers.front().image)
                                                          : k8s::node_traits;
  return setup;
}

SimTime resolver_try_timeout(const ResolverSetup& setup) {
  const int timeout = std::max(1, setup.config.timeout);
  if (setup.traits.libc == k8s::ResolverFlavour::Musl)
    return SimTime::from_ms(timeout * 1000 / std::max(1, setup.config.attempts));
  return SimTime::from_seconds(timeout);
}

const char* gai_error_text(k8s::ResolverOutcome outcome) {
  switch (outcome) {
    case k8s::ResolverOutcome::Found: return "Success";
    case k8s::ResolverOutcome::NoName: return "Name or service not known";
    case k8s::ResolverOutcome::NoData: return "No address associated with hostname";
    case k8s::ResolverOutcome::TryAgain: return "Temporary failure in name resolution";
    case k8s::ResolverOutcome::Fail: return "Non-recoverable failure in name resolution";
  }
  return "Unknown error";
}

DnsClient::DnsClient(Context& context, NetnsId netns)
    : context_(context), netns_(netns), network_(context.world, lab_servers()),
      base_(context.result.traces.size()) {
  if (!context_.result.dns) context_.result.dns.emplace();
}

std::vector<std::optional<net::DnsMessage>> DnsClient::ask(Ipv4Address server, const std::string& name,
                                                           const std::vector<net::DnsType>& types, SimTime timeout,
                                                           int tries) {
  World& world = context_.world;
  const uint16_t port = ephemeral_port(world);
  struct Pending {
    net::DnsType type;
    uint16_t id;
    size_t report;
    std::optional<net::DnsMessage> reply;
  };
  std::vector<Pending> pending;
  for (net::DnsType type : types) {
    const uint16_t id = static_cast<uint16_t>(world.rng.below(65536));
    DnsQueryReport report;
    report.name = name;
    report.type = type;
    report.server = server.to_string();
    report.id = id;
    context_.result.dns->queries.push_back(report);
    pending.push_back(Pending{type, id, context_.result.dns->queries.size() - 1, std::nullopt});
  }
  // The socket is bound while the lookup waits, so the kernel hands the reply to it (and does not
  // answer it with an ICMP port unreachable, as it does for closed ports).
  world.namespaces_net.at(netns_).listeners.push_back(ListeningSocket{17, port, "resolver"});
  std::vector<std::pair<size_t, size_t>> sent;  // (report, network trace)
  std::vector<std::pair<size_t, size_t>> replies;
  for (int attempt = 0; attempt < std::max(1, tries); ++attempt) {
    const SimTime start = world.now;
    for (const Pending& query : pending) {
      if (query.reply) continue;
      auto bytes = net::encode_dns_message(net::make_dns_query(query.id, name, query.type));
      if (!bytes) continue;  // a name that cannot be encoded: the library refuses it before sending
      net::Ipv4Header ip;
      ip.destination = server;
      ip.protocol = net::IpProtocol::Udp;
      net::Packet packet;
      packet.headers = {ip, net::UdpHeader{port, k8s::dns_port}};
      packet.payload = std::move(*bytes);
      sent.emplace_back(query.report, network_.send(netns_, std::move(packet), start));
    }
    network_.run(start + timeout);
    const auto& arrivals = network_.arrivals();
    for (; seen_arrivals_ < arrivals.size(); ++seen_arrivals_) {
      const Arrival& arrival = arrivals[seen_arrivals_];
      const auto* ip = arrival.packet.find<net::Ipv4Header>();
      const auto* udp = arrival.packet.find<net::UdpHeader>();
      if (arrival.netns != netns_ || !ip || !udp || udp->source_port != k8s::dns_port ||
          udp->destination_port != port || ip->source != server)
        continue;
      auto message = net::decode_dns_message(arrival.packet.payload);
      if (!message) continue;
      for (Pending& query : pending)
        if (!query.reply && is_reply_to(*message, query.id, name, query.type)) {
          query.reply = *message;
          replies.emplace_back(query.report, arrival.trace);
        }
    }
    const bool all_answered =
        std::all_of(pending.begin(), pending.end(), [](const Pending& query) { return query.reply.has_value(); });
    if (all_answered) break;
    if (world.now < start + timeout) world.now = start + timeout;  // the library waited out the timeout
  }
  std::erase_if(world.namespaces_net.at(netns_).listeners,
                [&](const ListeningSocket& socket) { return socket.protocol == 17 && socket.port == port && socket.owner == "resolver"; });
  // Hand the packets to the command's result and the session's capture.
  PODLAB_ASSERT(context_.result.traces.size() == base_ + copied_traces_);
  for (; copied_traces_ < network_.traces().size(); ++copied_traces_)
    context_.result.traces.push_back(network_.traces()[copied_traces_]);
  for (; copied_frames_ < network_.captured().size(); ++copied_frames_)
    context_.captured.push_back(network_.captured()[copied_frames_]);
  DnsReport& report = *context_.result.dns;
  for (const auto& [index, trace] : sent) report.queries[index].traces.push_back(base_ + trace);
  for (const auto& [index, trace] : replies) report.queries[index].reply_trace = base_ + trace;
  std::vector<std::optional<net::DnsMessage>> out;
  for (const Pending& query : pending) {
    if (query.reply) report.queries[query.report].rcode = query.reply->header.rcode;
    out.push_back(query.reply);
    last_report_ = query.report;
  }
  if (!context_.result.main_trace && !report.queries.empty() && !report.queries.front().traces.empty()) {
    context_.result.main_trace = report.queries.front().traces.front();
    context_.result.reply_trace = report.queries.front().reply_trace;
  }
  return out;
}

RecordLookup lookup_records(Context& context, NetnsId netns, PodId pod, const std::string& name,
                            k8s::AddressFamily family) {
  RecordLookup lookup;
  if (!context.result.dns) context.result.dns.emplace();
  const ResolverSetup setup = resolver_setup(context.world, netns, pod);
  const auto server = setup.config.nameservers.empty() ? std::nullopt : Ipv4Address::parse(setup.config.nameservers.front());
  if (!server) {
    // No usable nameserver line: both libraries fall back to 127.0.0.1, where nothing listens.
    lookup.no_nameserver = true;
    lookup.result.outcome = k8s::ResolverOutcome::TryAgain;
    return lookup;
  }
  DnsClient client(context, netns);
  std::optional<net::DnsRcode> last_rcode, found_rcode;
  const k8s::BatchAnswerFunction answer = [&](const std::string& candidate, const std::vector<net::DnsType>& types) {
    const auto replies =
        client.ask(*server, candidate, types, resolver_try_timeout(setup), std::max(1, setup.config.attempts));
    std::vector<k8s::QueryAnswer> answers;
    for (size_t i = 0; i < replies.size(); ++i) {
      k8s::QueryAnswer reply;
      reply.timed_out = !replies[i];
      if (replies[i]) {
        reply.rcode = replies[i]->header.rcode;
        last_rcode = reply.rcode;
        for (const net::DnsRecord& record : replies[i]->answers) reply.has_records |= record.type == types[i];
        if (reply.has_records) {
          found_rcode = reply.rcode;
          lookup.records.insert(lookup.records.end(), replies[i]->answers.begin(), replies[i]->answers.end());
        }
      }
      answers.push_back(reply);
    }
    return answers;
  };
  lookup.result = k8s::resolve_name_batched(name, setup.config, setup.traits.libc, family, answer);
  lookup.rcode = lookup.records.empty() ? last_rcode : found_rcode;
  context.result.dns->rcode = lookup.rcode;
  context.result.dns->answers = lookup.records;
  return lookup;
}

AddressLookup resolve_address(Context& context, NetnsId netns, PodId pod, const std::string& name) {
  AddressLookup lookup;
  if (auto address = Ipv4Address::parse(name)) {
    lookup.address = address;
    return lookup;
  }
  if (name == "localhost") {
    lookup.address = Ipv4Address::from_octets(127, 0, 0, 1);
    return lookup;
  }
  // files before dns, as nsswitch.conf (glibc) and musl both read them.
  if (auto address = hosts_file_address(context.world, netns, pod, name)) {
    lookup.address = address;
    return lookup;
  }
  const RecordLookup records = lookup_records(context, netns, pod, name, k8s::AddressFamily::Unspec);
  lookup.outcome = records.result.outcome;
  const std::vector<net::DnsRecord>& found = records.records;
  for (const net::DnsRecord& record : found)
    if (const auto* a = std::get_if<net::DnsA>(&record.data); a && !lookup.address) lookup.address = a->address;
  // An IPv6-only answer: the lab's tools speak IPv4 only, so there is no address to use.
  if (records.result.outcome == k8s::ResolverOutcome::Found && !lookup.address) lookup.outcome = k8s::ResolverOutcome::NoData;
  return lookup;
}

}  // namespace podlab::lab
