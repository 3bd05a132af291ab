// Commands that run inside a network namespace, with the output of the real tools: iproute2's
// `ip addr|route|neigh|link` (and `ip link set DEV mtu N` on a node), `bridge fdb`, iputils `ping`,
// `traceroute`, `curl`, `cat`, `hostname`.
// Traffic commands send real packets through the forwarding pipeline and report what came back.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/k8s/cluster.h"
#include "core/k8s/cni.h"
#include "core/k8s/pod_dns.h"
#include "core/lab/commands.h"
#include "core/lab/dns_client.h"
#include "core/lab/json_text.h"
#include "core/lab/probes.h"
#include "core/lab/text.h"
#include "core/net/forwarding.h"

namespace podlab::lab {

namespace {


const Netns& netns_of(const World& world, NetnsId id) { return world.namespaces_net.at(id); }

// [SECTION] ip addr, ip link, ip route, ip neigh, bridge fdb

std::string link_flags(const Device& device) {
  std::string flags;
  switch (device.kind) {
    case DeviceKind::Loopback: flags = "LOOPBACK"; break;
    case DeviceKind::Ipip: flags = "NOARP"; break;
    default: flags = "BROADCAST,MULTICAST"; break;
  }
  if (device.up) flags += ",UP,LOWER_UP";
  return "<" + flags + ">";
}

std::string link_line(const World& world, const Device& device) {
  std::string name = device.name;
  if (device.kind == DeviceKind::Veth) {
    if (const Device* peer = world.devices.get(device.peer)) name += "@if" + std::to_string(peer->ifindex);
  }
  if (device.kind == DeviceKind::Ipip) name += "@NONE";
  std::string text = std::to_string(device.ifindex) + ": " + name + ": " + link_flags(device) + " mtu " +
                     std::to_string(device.mtu) + " qdisc noqueue";
  if (const Device* master = world.devices.get(device.master)) text += " master " + master->name;
  const char* state = device.kind == DeviceKind::Loopback || device.kind == DeviceKind::Vxlan ||
                              device.kind == DeviceKind::Ipip
                          ? "UNKNOWN"
                          : (device.up ? "UP" : "DOWN");
  text += std::string(" state ") + state + " group default";
  if (device.kind == DeviceKind::Loopback) text += " qlen 1000";
  text += "\n";
  switch (device.kind) {
    case DeviceKind::Loopback: text += "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"; break;
    case DeviceKind::Ipip:
      text += device.remote.is_unspecified()
                  ? "    link/ipip 0.0.0.0 brd 0.0.0.0\n"
                  : "    link/ipip " + device.local.to_string() + " peer " + device.remote.to_string() + "\n";
      break;
    default: {
      text += "    link/ether " + device.mac.to_string() + " brd ff:ff:ff:ff:ff:ff";
      if (device.kind == DeviceKind::Veth && world.devices.get(device.peer)) {
        const Device& peer = world.devices.at(device.peer);
        // link-netnsid: the peer's namespace as this namespace numbers it (0 for the host side).
        if (peer.netns != device.netns) text += " link-netnsid 0";
      }
      text += "\n";
    }
  }
  return text;
}

std::string addr_lines(const World& world, const Device& device) {
  std::string text = link_line(world, device);
  for (const Ipv4Cidr& address : device.addresses) {
    text += "    inet " + address.to_string();
    if (address.prefix_length < 31 && device.kind != DeviceKind::Loopback)
      text += " brd " + address.broadcast().to_string();
    text += device.kind == DeviceKind::Loopback ? " scope host " : " scope global ";
    text += device.name + "\n       valid_lft forever preferred_lft forever\n";
  }
  return text;
}

// `ip addr|link [show [dev] NAME]`: every device of the namespace, or the one named.
bool ip_show(Context& context, NetnsId netns_id, const std::vector<std::string>& args,
             std::string (*lines)(const World&, const Device&)) {
  std::vector<std::string> words(args.begin() + 2, args.end());
  if (!words.empty() && (words[0] == "show" || words[0] == "list" || words[0] == "sh")) words.erase(words.begin());
  if (!words.empty() && words[0] == "dev") words.erase(words.begin());
  std::string text;
  for (DeviceId id : netns_of(context.world, netns_id).devices) {
    const Device& device = context.world.devices.at(id);
    if (words.empty() || device.name == words[0]) text += lines(context.world, device);
  }
  if (!words.empty() && text.empty()) return context.fail("Device \"" + words[0] + "\" does not exist.");
  context.print(text);
  return true;
}

// `ip link set [dev] NAME mtu N`. A pod's container has no CAP_NET_ADMIN, as by default.
bool ip_link_set(Context& context, NetnsId netns_id, PodId pod, const std::vector<std::string>& args) {
  std::vector<std::string> words(args.begin() + 3, args.end());
  if (!words.empty() && words[0] == "dev") words.erase(words.begin());
  if (words.size() != 3 || words[1] != "mtu")
    return context.fail("Usage: ip link set [dev] DEVICE mtu MTU\nThis lab's ip link set changes the MTU");
  const DeviceId id = find_device(context.world, netns_id, words[0]);
  if (!id.valid()) return context.fail("Cannot find device \"" + words[0] + "\"");
  if (pod.valid()) return context.fail("RTNETLINK answers: Operation not permitted");
  const std::string& value = words[2];
  if (value.empty() || value.size() > 9 || value.find_first_not_of("0123456789") != std::string::npos)
    return context.fail("Error: argument \"" + value + "\" is wrong: Invalid \"mtu\" value");
  const int mtu = std::stoi(value);
  if (mtu < 68) return context.fail("Error: mtu less than device minimum.");
  if (mtu > 65535) return context.fail("Error: mtu greater than device maximum.");
  Device& device = context.world.devices.at(id);
  device.mtu = mtu;
  if (const Node* node = context.world.nodes.get(netns_of(context.world, netns_id).node))
    context.world.log.add(context.world.now, "link.mtu", "node/" + node->name, device.name + " mtu " + value);
  return true;
}

std::string ip_route(const World& world, NetnsId netns_id) {
  std::vector<const Route*> routes;
  for (const Route& route : netns_of(world, netns_id).routes) routes.push_back(&route);
  std::stable_sort(routes.begin(), routes.end(), [](const Route* a, const Route* b) {
    if ((a->destination.prefix_length == 0) != (b->destination.prefix_length == 0)) return a->destination.prefix_length == 0;
    if (a->destination.network() != b->destination.network()) return a->destination.network() < b->destination.network();
    return a->destination.prefix_length < b->destination.prefix_length;
  });
  std::string text;
  for (const Route* route : routes) text += format_route(world, *route) + " \n";
  return text;
}

std::string ip_neigh(const World& world, NetnsId netns_id) {
  std::string text;
  for (const NeighbourEntry& entry : netns_of(world, netns_id).neighbours) {
    const Device* device = world.devices.get(entry.device);
    text += entry.address.to_string() + " dev " + (device ? device->name : "?") + " lladdr " + entry.mac.to_string() +
            (entry.permanent ? " PERMANENT" : " REACHABLE") + "\n";
  }
  return text;
}

std::string bridge_fdb(const World& world, NetnsId netns_id) {
  std::string text;
  for (DeviceId id : netns_of(world, netns_id).devices) {
    const Device& device = world.devices.at(id);
    for (const FdbEntry& entry : device.fdb) {
      if (entry.remote) {
        text += entry.mac.to_string() + " dev " + device.name + " dst " + entry.remote->to_string() + " self permanent\n";
      } else if (const Device* port = world.devices.get(entry.port)) {
        text += entry.mac.to_string() + " dev " + port->name + " master " + device.name + "\n";
      }
    }
    if (const Device* master = world.devices.get(device.master))
      text += device.mac.to_string() + " dev " + device.name + " vlan 1 master " + master->name + " permanent\n";
  }
  return text;
}

// [SECTION] Names

// The first address of the namespace that is not loopback.
Ipv4Address primary_address(const World& world, NetnsId netns_id) {
  for (DeviceId id : netns_of(world, netns_id).devices) {
    const Device& device = world.devices.at(id);
    if (device.kind != DeviceKind::Loopback && !device.addresses.empty()) return device.addresses.front().address;
  }
  return {};
}

std::string hostname_of(const World& world, NetnsId netns_id, PodId pod_id) {
  if (const PodRecord* pod = world.pods.get(pod_id); pod && !pod->pod.spec.host_network)
    return pod->pod.spec.hostname.empty() ? pod->pod.metadata.name : pod->pod.spec.hostname;
  if (const Node* node = world.nodes.get(netns_of(world, netns_id).node)) return node->name;
  return netns_of(world, netns_id).name;  // the external host
}

// [SECTION] Traffic

std::string icmp_error_text(const net::IcmpHeader& icmp) {
  if (icmp.type == net::IcmpType::TimeExceeded) return "Time to live exceeded";
  if (icmp.code == 0) return "Destination Net Unreachable";
  if (icmp.code == 1) return "Destination Host Unreachable";
  if (icmp.code == 3) return "Destination Port Unreachable";
  if (icmp.code == 4) return "Frag needed and DF set (mtu = " + std::to_string(icmp.sequence) + ")";
  return "Destination Unreachable, code " + std::to_string(icmp.code);
}

bool ping(Context& context, NetnsId netns, PodId pod, const std::vector<std::string>& args) {
  int count = 4;
  int size = 56;
  std::string target;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "-c" && i + 1 < args.size()) {
      count = std::atoi(args[++i].c_str());
      if (count < 1 || count > 100) return context.fail("ping: invalid argument: '" + args[i] + "': out of range: 1 <= value <= 100 in this lab");
    } else if (args[i] == "-s" && i + 1 < args.size()) {
      size = std::atoi(args[++i].c_str());
      if (size < 0 || size > 65507) return context.fail("ping: invalid argument: '" + args[i] + "': out of range: 0 <= value <= 65507");
    } else if (args[i] == "-M" && i + 1 < args.size()) {
      ++i;  // "-M do": don't fragment, which is how the lab always sends
    } else if (!args[i].empty() && args[i][0] == '-') {
      return context.fail("ping: invalid option -- '" + args[i].substr(1) + "'\nUsage: ping [-c count] [-s packetsize] [-M do] destination");
    } else {
      target = args[i];
    }
  }
  if (target.empty()) return context.fail("ping: usage error: Destination address required");
  const AddressLookup lookup = resolve_address(context, netns, pod, target);
  if (!lookup.address) {
    if (resolver_setup(context.world, netns, pod).traits.userland == k8s::Userland::Busybox)
      return context.fail("ping: bad address '" + target + "'");
    return context.fail("ping: " + target + ": " + gai_error_text(lookup.outcome));
  }
  const auto destination = lookup.address;
  const Route* route = lookup_route(context.world, netns, *destination);
  if (!route && !local_device_for(context.world, netns, *destination).valid())
    return context.fail("ping: connect: Network is unreachable");

  const uint16_t identifier = static_cast<uint16_t>(context.world.rng.below(65536));
  std::vector<Probe> probes;
  const SimTime start = context.world.now;
  for (int seq = 1; seq <= count; ++seq) {
    net::Packet packet = ip_packet(*destination, net::IpProtocol::Icmp);
    packet.headers.push_back(net::IcmpHeader{net::IcmpType::EchoRequest, 0, identifier, static_cast<uint16_t>(seq)});
    packet.payload.assign(static_cast<size_t>(size), 0);
    probes.push_back(Probe{start + SimTime::from_seconds(seq - 1), std::move(packet)});
  }
  const auto outcomes = send_probes(context, netns, probes, start + SimTime::from_seconds(count + 1));
  context.print("PING " + target + " (" + destination->to_string() + ") " + std::to_string(size) + "(" +
                std::to_string(size + 28) + ") bytes of data.\n");
  int received = 0;
  std::vector<double> rtts;
  for (int seq = 1; seq <= count; ++seq) {
    const ProbeOutcome& outcome = outcomes[static_cast<size_t>(seq - 1)];
    const Trace& request = context.result.traces[outcome.request];
    if (!request.delivered && !request.hops.empty() && request.hops.back().netns == netns && !outcome.answer) {
      // Failed before leaving the sender: the C library reports it straight away.
      const std::string& reason = request.reason;
      if (reason.find("MTU") != std::string::npos) {
        const Device* device = context.world.devices.get(request.hops.back().device);
        context.print("ping: local error: message too long, mtu=" + std::to_string(device ? device->mtu : 0) + "\n");
      } else {
        context.print("From " + (request.hops.back().packet.find<net::Ipv4Header>()
                                     ? request.hops.back().packet.find<net::Ipv4Header>()->source.to_string()
                                     : std::string("?")) +
                      " icmp_seq=" + std::to_string(seq) + " Destination Host Unreachable\n");
      }
      continue;
    }
    if (!came_back(context, outcome, netns)) continue;
    const Trace& answer = context.result.traces[*outcome.answer];
    const net::Packet& packet = *answer.received;
    const auto* ip = packet.find<net::Ipv4Header>();
    const auto* icmp = packet.find<net::IcmpHeader>();
    if (icmp && icmp->type == net::IcmpType::EchoReply) {
      ++received;
      const SimTime rtt = answer.hops.back().time - request.hops.front().time;
      rtts.push_back(static_cast<double>(rtt.ns) / 1e6);
      context.print(std::to_string(size + 8) + " bytes from " + ip->source.to_string() + ": icmp_seq=" +
                    std::to_string(seq) + " ttl=" + std::to_string(ip->ttl) + " time=" + format_ms(rtt) + " ms\n");
    } else if (icmp) {
      context.print("From " + ip->source.to_string() + " icmp_seq=" + std::to_string(seq) + " " + icmp_error_text(*icmp) + "\n");
    }
  }
  const int loss = (count - received) * 100 / count;
  context.print("\n--- " + target + " ping statistics ---\n" + std::to_string(count) + " packets transmitted, " +
                std::to_string(received) + " received, " + std::to_string(loss) + "% packet loss, time " +
                std::to_string((count - 1) * 1000) + "ms\n");
  if (!rtts.empty()) {
    double min = rtts[0], max = rtts[0], sum = 0, squares = 0;
    for (double rtt : rtts) {
      min = std::min(min, rtt);
      max = std::max(max, rtt);
      sum += rtt;
      squares += rtt * rtt;
    }
    const double average = sum / static_cast<double>(rtts.size());
    double variance = squares / static_cast<double>(rtts.size()) - average * average;
    if (variance < 0) variance = 0;
    char line[128];
    std::snprintf(line, sizeof line, "rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms\n", min, average, max,
                  std::sqrt(variance));
    context.print(line);
  }
  if (received == 0) context.result.ok = false;
  return received > 0;
}

bool traceroute(Context& context, NetnsId netns, PodId pod, const std::vector<std::string>& args) {
  std::string target;
  for (size_t i = 1; i < args.size(); ++i)
    if (args[i] != "-n") target = args[i];
  if (target.empty()) return context.fail("Usage: traceroute [-n] host");
  const AddressLookup lookup = resolve_address(context, netns, pod, target);
  if (!lookup.address) {
    if (resolver_setup(context.world, netns, pod).traits.userland == k8s::Userland::Busybox)
      return context.fail("traceroute: bad address '" + target + "'");
    return context.fail(target + ": " + gai_error_text(lookup.outcome) + "\nCannot handle \"host\" cmdline arg `" + target +
                        "' on position 1 (argc 1)");
  }
  const auto destination = lookup.address;
  context.print("traceroute to " + target + " (" + destination->to_string() + "), 30 hops max, 60 byte packets\n");
  const uint16_t source_port = ephemeral_port(context.world);
  std::optional<size_t> first_main;
  std::optional<size_t> first_reply;
  for (int ttl = 1; ttl <= 30; ++ttl) {
    std::vector<Probe> probes;
    for (int probe = 0; probe < 3; ++probe) {
      net::Packet packet = ip_packet(*destination, net::IpProtocol::Udp);
      std::get<net::Ipv4Header>(packet.headers[0]).ttl = static_cast<uint8_t>(ttl);
      packet.headers.push_back(net::UdpHeader{source_port, static_cast<uint16_t>(33434 + (ttl - 1) * 3 + probe)});
      packet.payload.assign(32, 0);
      probes.push_back(Probe{context.world.now + SimTime::from_ms(probe), std::move(packet)});
    }
    const auto outcomes = send_probes(context, netns, probes, context.world.now + SimTime::from_seconds(5));
    if (!first_main) {
      first_main = context.result.main_trace;
      first_reply = context.result.reply_trace;
    }
    std::string line = (ttl < 10 ? " " : "") + std::to_string(ttl) + " ";
    std::optional<Ipv4Address> from;
    bool reached = false;
    for (const ProbeOutcome& outcome : outcomes) {
      if (!came_back(context, outcome, netns)) {
        line += " *";
        continue;
      }
      const Trace& answer = context.result.traces[*outcome.answer];
      const Trace& request = context.result.traces[outcome.request];
      const auto* ip = answer.received->find<net::Ipv4Header>();
      const auto* icmp = answer.received->find<net::IcmpHeader>();
      if (!from || *from != ip->source) line += " " + ip->source.to_string();
      from = ip->source;
      line += "  " + format_ms(answer.hops.back().time - request.hops.front().time) + " ms";
      if (icmp && icmp->type == net::IcmpType::DestinationUnreachable) reached = true;
    }
    context.print(line + "\n");
    if (reached || (from && *from == *destination)) break;
    if (!from && ttl >= 3) {
      // Nothing answers any more: the real tool would go on to 30 rows of stars.
      context.print("(no answer from hop " + std::to_string(ttl) + " on: the probes are dropped)\n");
      context.result.ok = false;
      break;
    }
  }
  context.result.main_trace = first_main;
  context.result.reply_trace = first_reply;
  return context.result.ok;
}

// Files on a node that show its CNI set-up: the conflist kubelet's runtime reads and flannel's
// subnet.env.
std::optional<std::string> node_file(const World& world, NetnsId netns, const std::string& path) {
  const NodeId node_id = netns_of(world, netns).node;
  if (!world.nodes.get(node_id)) return std::nullopt;
  const k8s::CniConfigFile config = k8s::cni_config_for(world, node_id);
  if (path == config.path) return json_text(config.config, 2) + "\n";
  if (path == "/run/flannel/subnet.env" && world.cluster.datapath == k8s::Datapath::FlannelVxlan) {
    const Node& node = world.nodes.at(node_id);
    return "FLANNEL_NETWORK=" + world.cluster.pod_network.to_string() + "\nFLANNEL_SUBNET=" +
           Ipv4Cidr{node.pod_cidr.at(1), node.pod_cidr.prefix_length}.to_string() + "\nFLANNEL_MTU=" +
           std::to_string(k8s::pod_mtu(world)) + "\nFLANNEL_IPMASQ=true\n";
  }
  return std::nullopt;
}

}  // namespace

bool run_in_namespace(Context& context, NetnsId netns, PodId pod, const std::vector<std::string>& argv) {
  if (argv.empty()) return context.fail("error: you must specify at least one command for the container");
  const std::string& program = argv[0];
  const std::string sub = argv.size() > 1 ? argv[1] : "";
  if (program == "ip") {
    if (sub == "addr" || sub == "a" || sub == "address") return ip_show(context, netns, argv, addr_lines);
    if (sub == "route" || sub == "r" || sub == "ro") {
      context.print(ip_route(context.world, netns));
      return true;
    }
    if (sub == "neigh" || sub == "n" || sub == "neighbour" || sub == "neighbor") {
      context.print(ip_neigh(context.world, netns));
      return true;
    }
    if (sub == "link" || sub == "l") {
      if (argv.size() > 2 && argv[2] == "set") return ip_link_set(context, netns, pod, argv);
      return ip_show(context, netns, argv, link_line);
    }
    return context.fail("Object \"" + sub + "\" is unknown, try \"ip help\".\nThis lab knows: ip addr, ip route, ip neigh, ip link");
  }
  if (program == "bridge") {
    if (sub == "fdb") {
      context.print(bridge_fdb(context.world, netns));
      return true;
    }
    return context.fail("Object \"" + sub + "\" is unknown, try \"bridge help\".\nThis lab knows: bridge fdb");
  }
  if (auto handled = run_netfilter_tool(context, netns, pod, argv)) return *handled;
  if (program == "ping") return ping(context, netns, pod, argv);
  if (program == "traceroute") return traceroute(context, netns, pod, argv);
  if (program == "curl") return run_curl(context, netns, pod, argv);
  if (is_dns_tool(program)) return run_dns_tool(context, netns, pod, argv);
  if (program == "hostname") {
    if (sub == "-i") {
      const PodRecord* record = context.world.pods.get(pod);
      const Ipv4Address address = record ? record->ip : primary_address(context.world, netns);
      context.print(address.to_string() + " \n");
    } else {
      context.print(hostname_of(context.world, netns, pod) + "\n");
    }
    return true;
  }
  if (program == "ls" && sub == "/etc/cni/net.d" && context.world.nodes.get(netns_of(context.world, netns).node)) {
    const std::string path = k8s::cni_config_for(context.world, netns_of(context.world, netns).node).path;
    context.print(path.substr(path.rfind('/') + 1) + "\n");
    return true;
  }
  if (program == "cat") {
    if (sub == "/etc/hosts") {
      context.print(etc_hosts(context.world, netns, pod));
      return true;
    }
    if (sub == "/etc/resolv.conf") {
      const PodRecord* record = context.world.pods.get(pod);
      context.print(record ? k8s::pod_resolv_conf(context.world, *record).to_text()
                           : k8s::node_resolv_conf(context.world).to_text());
      return true;
    }
    if (!pod.valid()) {
      if (auto text = node_file(context.world, netns, sub)) {
        context.print(*text);
        return true;
      }
    }
    if (sub == "/etc/hostname") {
      context.print(hostname_of(context.world, netns, pod) + "\n");
      return true;
    }
    if (sub.empty()) return context.fail("cat: missing file operand");
    return context.fail("cat: " + sub + ": No such file or directory");
  }
  return context.fail("exec: \"" + program + "\": executable file not found in $PATH\n"
                      "This lab's tools: ip, bridge, ping, traceroute, curl, dig, nslookup, host, getent, hostname, cat, ls,\n"
                      "iptables-save, iptables -S, conntrack");
}

}  // namespace podlab::lab
