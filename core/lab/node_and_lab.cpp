// `node NODE -- CMD` (a shell on a node) and the `lab …` lines for what kubectl has no word for:
// the cluster's shape, nodes, the datapath, hand-made tunnels and routes, container restarts,
// stepping through the last packet's hops, and reset.
#include <algorithm>

#include "core/k8s/api.h"
#include "core/k8s/cluster.h"
#include "core/k8s/cni.h"
#include "core/k8s/kubelet.h"
#include "core/lab/commands.h"
#include "core/lab/json_text.h"
#include "core/lab/text.h"
#include "core/net/forwarding.h"
#include "core/sim/fingerprint.h"

namespace podlab::lab {

namespace {

const char* lab_usage =
    "usage:\n"
    "  lab cluster                                   show the cluster's networks and datapath\n"
    "  lab cluster init [--pod-network-cidr CIDR] [--service-cidr CIDR] [--node-network CIDR]\n"
    "                   [--nodes N] [--datapath NAME] a new cluster, as kubeadm init leaves it\n"
    "  lab node add NAME [--ip IP] [--label K=V]     add a worker node\n"
    "  lab node delete NAME                          remove a node and its pods\n"
    "  lab datapath flannel-vxlan|calico-ipip|routed|manual\n"
    "  lab tunnel add NAME --from NODE --to NODE    an IPIP tunnel between two nodes\n"
    "  lab tunnel delete NAME --node NODE\n"
    "  lab route add|delete NODE CIDR (via IP | dev DEVICE) [onlink]\n"
    "  lab container restart POD [-c CONTAINER] [-n NAMESPACE]\n"
    "  lab cni result|check POD [-n NAMESPACE]       the CNI ADD result, or a CNI CHECK\n"
    "  lab external -- COMMAND                       run a command on the external host (192.168.56.254)\n"
    "  lab step | lab run                            walk through the last packet's hops\n"
    "  lab fingerprint                               the run's fingerprint (same lines and seed: same value)\n"
    "  lab export                                    the lab's objects as one manifest (kubectl apply -f takes it back)\n"
    "  lab reset                                     start again from the default cluster\n"
    "  lab lesson [list|start ID|next|back|hint|answer N|check]   follow a lesson\n"
    "  lab exercise [list|start ID|status|hint TASK|submit]       work on a classroom exercise\n";

bool cluster_summary(Context& context) {
  const auto& spec = context.world.cluster;
  std::string text = "cluster " + spec.name + "\n  node network:    " + spec.node_network.to_string() +
                     "\n  pod network:     " + spec.pod_network.to_string() + " (--pod-network-cidr), /" +
                     std::to_string(spec.node_cidr_mask_size) + " per node\n  service network: " +
                     spec.service_network.to_string() + " (--service-cidr)\n  cluster domain:  " + spec.cluster_domain +
                     "\n  datapath:        " + k8s::datapath_name(spec.datapath) + " (pod MTU " +
                     std::to_string(k8s::pod_mtu(context.world)) + ")\n";
  Table table({"NODE", "INTERNAL-IP", "POD-CIDR", "TUNNEL"});
  std::vector<NodeId> nodes = context.world.nodes.ids();
  for (NodeId id : nodes) {
    const Node& node = context.world.nodes.at(id);
    const Device* tunnel = context.world.devices.get(node.tunnel);
    table.add({node.name, node.internal_ip.to_string(), node.pod_cidr.to_string(), tunnel ? tunnel->name : "-"});
  }
  context.print(text + "\n" + table.to_string());
  return true;
}

// `lab cluster init`: what `kubeadm init` (and joining workers) leaves, with its flags' names.
bool cluster_init(Context& context, const std::vector<std::string>& args, Session& session) {
  auto parsed = Options::parse(args, {{"--pod-network-cidr"}, {"--service-cidr"}, {"--node-network"}, {"--nodes"},
                                      {"--datapath"}, {"--service-dns-domain"}, {"--node-cidr-mask-size"}}, {});
  if (!parsed) return context.fail(parsed.error().message);
  k8s::ClusterSpec spec;
  auto cidr = [&](const char* flag, Ipv4Cidr* target) {
    if (auto text = parsed->value(flag)) {
      auto value = Ipv4Cidr::parse(*text);
      if (!value) return context.fail(std::string("error: ") + flag + " \"" + *text + "\" is not a CIDR such as 10.244.0.0/16");
      *target = value->canonical();
    }
    return true;
  };
  if (!cidr("--pod-network-cidr", &spec.pod_network) || !cidr("--service-cidr", &spec.service_network) ||
      !cidr("--node-network", &spec.node_network))
    return false;
  if (auto domain = parsed->value("--service-dns-domain")) spec.cluster_domain = *domain;
  if (auto mask = parsed->value("--node-cidr-mask-size")) {
    spec.node_cidr_mask_size = std::atoi(mask->c_str());
    if (spec.node_cidr_mask_size <= spec.pod_network.prefix_length || spec.node_cidr_mask_size > 30)
      return context.fail("error: --node-cidr-mask-size must be longer than the pod network's prefix and at most 30");
  }
  if (auto datapath = parsed->value("--datapath")) {
    auto value = k8s::datapath_from_name(*datapath);
    if (!value) return context.fail("error: unknown datapath \"" + *datapath + "\": flannel-vxlan, calico-ipip, routed or manual");
    spec.datapath = *value;
  }
  const int count = std::atoi(parsed->value("--nodes").value_or("3").c_str());
  if (count < 1 || count > 200) return context.fail("error: --nodes takes 1 to 200");
  for (int i = 1; i <= count; ++i)
    spec.nodes.push_back({"node-" + std::to_string(i), i == 1 ? k8s::NodeRole::ControlPlane : k8s::NodeRole::Worker, std::nullopt, {}});
  auto world = k8s::make_world(spec, context.seed);
  if (!world) return context.fail("error: " + world.error().message);
  session.world() = std::move(*world);
  context.print("cluster initialised: " + std::to_string(count) + " node(s), pod network " + spec.pod_network.to_string() +
                ", service network " + spec.service_network.to_string() + ", datapath " + k8s::datapath_name(spec.datapath) +
                "\n");
  return true;
}

bool node_command(Context& context, const std::vector<std::string>& args) {
  auto parsed = Options::parse(args, {{"--ip"}, {"--label"}}, {});
  if (!parsed || parsed->positional().size() < 2) return context.fail(std::string("error: ") + lab_usage);
  const std::string& action = parsed->positional()[0];
  const std::string& name = parsed->positional()[1];
  if (action == "add") {
    k8s::ClusterNodeSpec spec;
    spec.name = name;
    if (auto ip = parsed->value("--ip")) {
      spec.address = Ipv4Address::parse(*ip);
      if (!spec.address) return context.fail("error: \"" + *ip + "\" is not an IPv4 address");
    }
    if (auto label = parsed->value("--label")) {
      const size_t equals = label->find('=');
      if (equals == std::string::npos) return context.fail("error: --label takes KEY=VALUE");
      spec.labels[label->substr(0, equals)] = label->substr(equals + 1);
    }
    auto added = k8s::add_node(context.world, spec);
    if (!added) return context.fail("error: " + added.error().message);
    const Node& node = context.world.nodes.at(*added);
    context.print("node/" + name + " joined: " + node.internal_ip.to_string() + ", podCIDR " + node.pod_cidr.to_string() + "\n");
    k8s::reconcile(context.world);
    return true;
  }
  if (action == "delete") {
    auto deleted = k8s::delete_node(context.world, name);
    if (!deleted) return context.fail("Error from server (NotFound): " + deleted.error().message);
    k8s::reconcile(context.world);
    context.print("node \"" + name + "\" deleted\n");
    return true;
  }
  return context.fail(std::string("error: unknown action \"") + action + "\"\n" + lab_usage);
}

bool tunnel_command(Context& context, const std::vector<std::string>& args) {
  auto parsed = Options::parse(args, {{"--from"}, {"--to"}, {"--type"}, {"--node"}}, {});
  if (!parsed || parsed->positional().size() < 2) return context.fail(std::string("error: ") + lab_usage);
  World& world = context.world;
  const std::string& action = parsed->positional()[0];
  const std::string& name = parsed->positional()[1];
  if (name.empty() || name.size() > 15) return context.fail("error: a device name has 1 to 15 characters (IFNAMSIZ)");
  if (action == "delete") {
    const auto node_name = parsed->value("--node");
    int removed = 0;
    for (NodeId id : world.nodes.ids()) {
      const Node& node = world.nodes.at(id);
      if (node_name && node.name != *node_name) continue;
      const DeviceId device = find_device(world, node.host_netns, name);
      if (!device.valid()) continue;
      const DeviceKind kind = world.devices.at(device).kind;
      if (kind != DeviceKind::Ipip && kind != DeviceKind::Vxlan) return context.fail("error: " + name + " is not a tunnel");
      remove_device(world, device);
      if (world.nodes.at(id).tunnel == device) world.nodes.at(id).tunnel = DeviceId{};
      ++removed;
      context.print("tunnel " + name + " deleted on " + node.name + "\n");
    }
    if (!removed) return context.fail("error: no tunnel named " + name + (node_name ? " on " + *node_name : ""));
    return true;
  }
  if (action != "add") return context.fail(std::string("error: unknown action \"") + action + "\"\n" + lab_usage);
  const auto from = parsed->value("--from");
  const auto to = parsed->value("--to");
  if (!from || !to) return context.fail("error: lab tunnel add NAME --from NODE --to NODE");
  const NodeId a = k8s::find_node(world, *from);
  const NodeId b = k8s::find_node(world, *to);
  if (!a.valid()) return context.fail("error: nodes \"" + *from + "\" not found");
  if (!b.valid()) return context.fail("error: nodes \"" + *to + "\" not found");
  if (a == b) return context.fail("error: a tunnel joins two different nodes");
  const std::string type = parsed->value("--type").value_or("ipip");
  if (type != "ipip") return context.fail("error: hand-made tunnels are IPIP tunnels (--type ipip) in this lab");
  for (NodeId id : {a, b})
    if (find_device(world, world.nodes.at(id).host_netns, name).valid())
      return context.fail("RTNETLINK answers: File exists (" + world.nodes.at(id).name + " already has " + name + ")");
  // Both ends, as `ip link add NAME type ipip local A remote B` makes them.
  for (const auto& [here, there] : {std::pair{a, b}, std::pair{b, a}}) {
    const Node& local = world.nodes.at(here);
    const Node& remote = world.nodes.at(there);
    Device device;
    device.name = name;
    device.local = local.internal_ip;
    device.remote = remote.internal_ip;
    device.underlay = local.eth0;
    device.kind = DeviceKind::Ipip;
    device.no_arp = true;
    device.mtu = world.cluster.node_mtu - 20;
    add_device(world, local.host_netns, device);
    world.log.add(world.now, "tunnel.added", "node/" + local.name, "tunnel " + name + " to " + remote.name);
    context.print("ip link add " + name + " type ipip local " + local.internal_ip.to_string() + " remote " +
                  remote.internal_ip.to_string() + "   # on " + local.name + "\n");
  }
  context.print("Now route the other node's podCIDR through it: lab route add " + *from + " " +
                world.nodes.at(b).pod_cidr.to_string() + " dev " + name + "\n");
  return true;
}

bool route_command(Context& context, const std::vector<std::string>& args) {
  if (args.size() < 3) return context.fail(std::string("error: ") + lab_usage);
  World& world = context.world;
  const std::string& action = args[0];
  const NodeId node_id = k8s::find_node(world, args[1]);
  if (!node_id.valid()) return context.fail("error: nodes \"" + args[1] + "\" not found");
  const Node& node = world.nodes.at(node_id);
  Netns& netns = world.namespaces_net.at(node.host_netns);
  std::optional<Ipv4Cidr> destination = args[2] == "default" ? Ipv4Cidr::any() : Ipv4Cidr::parse(args[2]);
  if (!destination) {
    if (auto host = Ipv4Address::parse(args[2])) destination = Ipv4Cidr::host_route(*host);
  }
  if (!destination) return context.fail("Error: any valid prefix is expected rather than \"" + args[2] + "\".");
  Route route;
  route.destination = destination->canonical();
  route.protocol = RouteProtocol::Lab;
  for (size_t i = 3; i < args.size(); ++i) {
    if (args[i] == "via" && i + 1 < args.size()) {
      route.gateway = Ipv4Address::parse(args[++i]);
      if (!route.gateway) return context.fail("Error: inet address is expected rather than \"" + args[i] + "\".");
    } else if (args[i] == "dev" && i + 1 < args.size()) {
      route.device = find_device(world, node.host_netns, args[++i]);
      if (!route.device.valid()) return context.fail("Cannot find device \"" + args[i] + "\"");
    } else if (args[i] == "onlink") {
      route.onlink = true;
    } else {
      return context.fail("Error: either \"to\" is duplicate, or \"" + args[i] + "\" is a garbage.");
    }
  }
  if (action == "delete" || action == "del") {
    const auto before = netns.routes.size();
    std::erase_if(netns.routes, [&](const Route& existing) {
      return existing.destination.canonical() == route.destination &&
             (!route.device.valid() || existing.device == route.device) &&
             (!route.gateway || existing.gateway == route.gateway);
    });
    if (netns.routes.size() == before) return context.fail("RTNETLINK answers: No such process");
    world.log.add(world.now, "route.deleted", "node/" + node.name, "ip route del " + args[2]);
    context.print("ip route del " + route.destination.to_string() + "   # on " + node.name + "\n");
    return true;
  }
  if (action != "add") return context.fail(std::string("error: unknown action \"") + action + "\"\n" + lab_usage);
  if (!route.device.valid() && route.gateway) {
    // The kernel picks the device that reaches the gateway directly.
    const Route* via = lookup_route(world, node.host_netns, *route.gateway);
    if (!via || via->gateway) return context.fail("Error: Nexthop has invalid gateway.");
    route.device = via->device;
  }
  if (!route.device.valid()) return context.fail("Error: either \"dev\" or \"via\" is required.");
  for (const Route& existing : netns.routes)
    if (existing.destination.canonical() == route.destination && existing.type == RouteType::Unicast)
      return context.fail("RTNETLINK answers: File exists");
  netns.routes.push_back(route);
  world.log.add(world.now, "route.added", "node/" + node.name, "ip route add " + format_route(world, route));
  context.print("ip route add " + format_route(world, route) + "   # on " + node.name + "\n");
  return true;
}

bool container_command(Context& context, const std::vector<std::string>& args) {
  auto parsed = Options::parse(args, {{"-n", "--namespace"}, {"-c", "--container"}}, {});
  if (!parsed || parsed->positional().size() < 2 || parsed->positional()[0] != "restart")
    return context.fail("error: lab container restart POD [-c CONTAINER] [-n NAMESPACE]");
  const std::string ns = parsed->value("--namespace").value_or("default");
  const std::string& name = parsed->positional()[1];
  const PodId id = k8s::find_pod(context.world, ns, name);
  if (!id.valid()) return context.fail("Error from server (NotFound): pods \"" + name + "\" not found");
  const PodRecord& pod = context.world.pods.at(id);
  const std::string container = parsed->value("--container").value_or(pod.containers.empty() ? "" : pod.containers[0].name);
  auto restarted = k8s::restart_container(context.world, id, container);
  if (!restarted) return context.fail("error: " + restarted.error().message);
  const PodRecord& after = context.world.pods.at(id);
  context.print("container " + container + " of pod " + name + " restarted (restart count " +
                std::to_string(k8s::restart_count(*std::find_if(after.containers.begin(), after.containers.end(),
                                                                 [&](const ContainerStatus& s) { return s.name == container; }),
                                                   context.world.now)) +
                "); the pause container kept the network namespace: IP " + after.ip.to_string() + "\n");
  return true;
}

bool cni_command(Context& context, const std::vector<std::string>& args) {
  auto parsed = Options::parse(args, {{"-n", "--namespace"}}, {});
  if (!parsed || parsed->positional().size() < 2 ||
      (parsed->positional()[0] != "result" && parsed->positional()[0] != "check"))
    return context.fail("error: lab cni result|check POD [-n NAMESPACE]");
  const std::string& name = parsed->positional()[1];
  const PodId id = k8s::find_pod(context.world, parsed->value("--namespace").value_or("default"), name);
  if (!id.valid()) return context.fail("Error from server (NotFound): pods \"" + name + "\" not found");
  const PodRecord& pod = context.world.pods.at(id);
  if (pod.pod.spec.host_network) return context.fail("pod " + name + " uses the node's network: no CNI call was made for it");
  if (parsed->positional()[0] == "result") {
    if (pod.cni_result.is_null()) return context.fail("pod " + name + " has no CNI result: " + pod.status_message);
    context.print(json_text(pod.cni_result, 2) + "\n");
    return true;
  }
  auto checked = k8s::cni_check(context.world, id);
  if (!checked) return context.fail("CNI CHECK failed: " + checked.error().message);
  context.print("CNI CHECK passed: eth0, its addresses and routes match the ADD result\n");
  return true;
}

std::string describe_hop(const World& world, const Hop& hop, size_t number) {
  const Node* node = world.nodes.get(hop.node);
  const Netns* netns = world.namespaces_net.get(hop.netns);
  const Device* device = world.devices.get(hop.device);
  std::string where = node ? node->name : "?";
  if (netns && netns->pod.valid()) where += "/" + pod_display_name(world, netns->pod);
  if (device) where += " " + device->name;
  char time[32];
  std::snprintf(time, sizeof time, "%9.3f ms", static_cast<double>(hop.time.ns) / 1e6);
  return std::to_string(number) + ". " + time + "  " + where + "  " + hop_action_name(hop.action) + ": " + hop.detail + "\n";
}

}  // namespace

std::string pod_display_name(const World& world, PodId pod) {
  const PodRecord* record = world.pods.get(pod);
  if (!record) return "?";
  return record->pod.metadata.namespace_name == "default" ? record->pod.metadata.name
                                                         : record->pod.metadata.namespace_name + "/" + record->pod.metadata.name;
}

bool run_node_command(Context& context, const std::vector<std::string>& words) {
  if (words.size() < 4 || words[2] != "--")
    return context.fail("usage: node NODE -- COMMAND (ip addr, ip route, ip neigh, bridge fdb, ping, curl, traceroute)");
  const NodeId node = k8s::find_node(context.world, words[1]);
  if (!node.valid()) return context.fail("Error from server (NotFound): nodes \"" + words[1] + "\" not found");
  return run_in_namespace(context, context.world.nodes.at(node).host_netns, PodId{},
                          std::vector<std::string>(words.begin() + 3, words.end()));
}

bool run_lab_command(Context& context, const std::vector<std::string>& words, Session& session) {
  if (words.size() < 2) return context.fail(lab_usage);
  const std::string& what = words[1];
  const std::vector<std::string> args(words.begin() + 2, words.end());
  if (what == "cluster") {
    if (!args.empty() && args[0] == "init") {
      if (!cluster_init(context, {args.begin() + 1, args.end()}, session)) return false;
      session.forget_traffic();  // the old cluster's packets name devices that are gone
      // Nothing before this line shapes the new cluster: its history starts here, unless a lesson or
      // an exercise is running, whose progress replays from its own start line.
      if (!session.lesson_ && !session.exercise_ && !session.history_.empty()) {
        session.history_.erase(session.history_.begin(), session.history_.end() - 1);
        session.history_ok_.clear();
        session.history_clock_.erase(session.history_clock_.begin(), session.history_clock_.end() - 1);
      }
      return true;
    }
    if (!args.empty()) return context.fail(std::string("error: lab cluster [init …]\n") + lab_usage);
    return cluster_summary(context);
  }
  if (what == "node") return node_command(context, args);
  if (what == "external") {
    if (args.size() < 2 || args[0] != "--") return context.fail("usage: lab external -- COMMAND (curl, ping, traceroute, ip …)");
    return run_in_namespace(context, context.world.external_host, PodId{}, {args.begin() + 1, args.end()});
  }
  if (what == "tunnel") return tunnel_command(context, args);
  if (what == "route") return route_command(context, args);
  if (what == "container") return container_command(context, args);
  if (what == "cni") return cni_command(context, args);
  if (what == "datapath") {
    if (args.empty()) {
      context.print(std::string(k8s::datapath_name(context.world.cluster.datapath)) + "\n");
      return true;
    }
    const auto datapath = k8s::datapath_from_name(args[0]);
    if (!datapath) return context.fail("error: unknown datapath \"" + args[0] + "\": flannel-vxlan, calico-ipip, routed or manual");
    k8s::set_datapath(context.world, *datapath);
    session.forget_traffic();  // every pod's plumbing was rebuilt: the last packets' hops are gone
    context.print(std::string("datapath is now ") + k8s::datapath_name(*datapath) + " (pod MTU " +
                  std::to_string(k8s::pod_mtu(context.world)) + "); every pod was re-attached and kept its IP\n");
    return true;
  }
  if (what == "step" || what == "run") {
    const auto& traces = session.last_traces();
    if (traces.empty()) return context.fail("no packet to follow yet: send one first, e.g. kubectl exec POD -- ping -c 1 IP");
    bool printed = false;
    while (session.step_trace_ < traces.size()) {
      const Trace& trace = traces[session.step_trace_];
      if (session.step_hop_ < trace.hops.size()) {
        context.print(describe_hop(context.world, trace.hops[session.step_hop_], session.step_hop_ + 1));
        ++session.step_hop_;
        printed = true;
        if (what == "step") return true;
        continue;
      }
      ++session.step_trace_;
      session.step_hop_ = 0;
      if (session.step_trace_ < traces.size()) context.print("-- packet " + std::to_string(session.step_trace_ + 1) + " --\n");
    }
    if (!printed) context.print("the last packets have no more hops (lab step starts again after the next traffic command)\n");
    return true;
  }
  if (what == "fingerprint") {
    context.print(fingerprint_hex(fingerprint(context.world)) + "\n");
    return true;
  }
  if (what == "export") {
    context.print(export_manifests(context.world));
    return true;
  }
  if (what == "reset") {
    session.reset_lab(std::nullopt);
    context.print("the lab is back to the default cluster\n");
    return true;
  }
  if (what == "lesson") return run_lesson_command(context, words, session);
  if (what == "exercise") return run_exercise_command(context, words, session);
  return context.fail("error: unknown lab command \"" + what + "\"\n" + lab_usage);
}

}  // namespace podlab::lab
