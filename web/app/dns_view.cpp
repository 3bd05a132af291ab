#include "web/app/dns_view.h"

#include "core/k8s/resolver.h"

namespace podlab::web {

namespace {

// Where a packet was sent from, as a console line would name it: "kubectl exec -n NS POD --" or
// "node NODE --"; empty for the external host.
std::string shell_prefix(const World& world, NetnsId netns_id) {
  const Netns* netns = world.namespaces_net.get(netns_id);
  if (!netns) return "";
  if (const PodRecord* pod = world.pods.get(netns->pod)) {
    const k8s::ObjectMeta& metadata = pod->pod.metadata;
    const std::string flag = metadata.namespace_name == "default" ? "" : "-n " + metadata.namespace_name + " ";
    return "kubectl exec " + flag + metadata.name + " --";
  }
  if (const Node* node = world.nodes.get(netns->node)) return "node " + node->name + " --";
  return "";
}

// The pod that owns `address` on the pod network, as "namespace/name address".
std::string pod_with_address(const World& world, Ipv4Address address) {
  std::string found = address.to_string();
  world.pods.for_each([&](PodId, const PodRecord& pod) {
    if (pod.ip == address && !pod.pod.spec.host_network)
      found = pod.pod.metadata.namespace_name + "/" + pod.pod.metadata.name + "  " + address.to_string();
  });
  return found;
}

std::vector<std::string> answer_lines(const Trace& reply) {
  std::vector<std::string> lines;
  if (!reply.received) return lines;
  auto message = net::decode_dns_message(reply.received->payload);
  if (!message) return lines;
  for (const net::DnsRecord& record : message->answers)
    lines.push_back(record.name + " " + std::to_string(record.ttl) + " IN " + net::dns_type_name(record.type) + " " +
                    net::dns_rdata_text(record));
  return lines;
}

}  // namespace

void record_lookup(DnsView& view, const lab::Session& session, const lab::CommandResult& result) {
  if (!result.dns) return;
  const World& world = session.world();
  const lab::DnsReport& report = *result.dns;
  view = DnsView{};
  view.present = true;
  view.visible = true;
  view.command = result.command;
  view.traffic_revision = session.traffic_revision();
  view.outcome = report.rcode ? net::dns_rcode_name(*report.rcode) : "";
  for (const lab::DnsQueryReport& query : report.queries) {
    DnsQueryRow row;
    row.name = query.name;
    row.type = net::dns_type_name(query.type);
    row.rcode = query.rcode ? net::dns_rcode_name(*query.rcode) : "";
    row.server = query.server;
    if (!query.traces.empty() && query.traces.front() < result.traces.size()) {
      row.trace = query.traces.front();
      // The query's last try reached a CoreDNS pod: its destination after kube-proxy's DNAT.
      const Trace& sent = result.traces[query.traces.back()];
      if (sent.delivered && sent.received)
        if (const net::Ipv4Header* ip = sent.received->find<net::Ipv4Header>()) row.answered_by = pod_with_address(world, ip->destination);
    }
    if (query.reply_trace && *query.reply_trace < result.traces.size()) row.answers = answer_lines(result.traces[*query.reply_trace]);
    view.queries.push_back(std::move(row));
  }
  // resolv.conf of where the lookup ran: the first query's first hop.
  if (view.queries.empty() || view.queries.front().trace == SIZE_MAX) return;
  const Trace& first = result.traces[view.queries.front().trace];
  if (first.hops.empty()) return;
  const std::string prefix = shell_prefix(world, first.hops.front().netns);
  if (prefix.empty()) return;
  view.resolv_conf_command = prefix + " cat /etc/resolv.conf";
  const std::vector<lab::CommandResult> read = session.run_on_copy({view.resolv_conf_command});
  view.resolv_conf = read.front().output;
  if (auto config = k8s::parse_resolver_config(view.resolv_conf)) {
    for (const std::string& search : config->searches) view.search += (view.search.empty() ? "" : " ") + search;
    view.ndots = config->ndots;
  }
}

size_t dns_query_event(const DnsView& view, const Timeline& timeline, const lab::Session& session, size_t query) {
  if (query >= view.queries.size() || view.traffic_revision != session.traffic_revision() ||
      timeline.traffic_revision != session.traffic_revision())
    return SIZE_MAX;
  const size_t trace = view.queries[query].trace;
  for (size_t i = 0; i < timeline.events.size(); ++i)
    if (timeline.events[i].trace == trace) return i;
  return SIZE_MAX;
}

}  // namespace podlab::web
