// The netfilter tools of a node's shell: `iptables-save` prints the tables kube-proxy wrote,
// `iptables -t nat -S CHAIN` one chain of them, and `conntrack -L` the connections the kernel
// tracks (and -F empties them), as on a real node.
#include <algorithm>

#include "core/lab/commands.h"

namespace podlab::lab {

namespace {

bool iptables_save(Context& context, const NetfilterState* state, const std::vector<std::string>& argv) {
  std::string table;
  for (size_t i = 1; i < argv.size(); ++i) {
    if ((argv[i] == "-t" || argv[i] == "--table") && i + 1 < argv.size()) table = argv[++i];
    else if (argv[i].starts_with("--table=")) table = argv[i].substr(8);
    else if (argv[i] == "-c" || argv[i] == "--counters") continue;  // every counter is [0:0] here
    else return context.fail("iptables-save: unknown option \"" + argv[i] + "\"\nTry `iptables-save -h' for more information.");
  }
  if (!table.empty() && table != "nat" && table != "filter")
    return context.fail("iptables-save: Table '" + table + "' is not modelled in this lab (it has filter and nat).");
  if (!state) return true;  // no rules here: iptables-save prints nothing
  if (table.empty() || table == "filter") context.print(state->filter_text);
  if (table.empty() || table == "nat") context.print(state->nat_text);
  return true;
}

// `iptables -t TABLE -S [CHAIN]`: the rules as iptables-save writes them, with each chain's policy
// (-P for the built-in chains) or creation (-N) first; with a chain, that chain alone.
bool iptables_list_rules(Context& context, const NetfilterState* state, const std::vector<std::string>& argv) {
  std::string table = "filter";
  std::optional<std::string> chain;
  bool list = false;
  for (size_t i = 1; i < argv.size(); ++i) {
    if ((argv[i] == "-t" || argv[i] == "--table") && i + 1 < argv.size()) table = argv[++i];
    else if (argv[i] == "-S" || argv[i] == "--list-rules") {
      list = true;
      if (i + 1 < argv.size() && !argv[i + 1].starts_with("-")) chain = argv[++i];
    } else if (argv[i] == "-w" || argv[i] == "--wait") continue;
    else return context.fail("iptables v1.8.9 (nf_tables): unknown option \"" + argv[i] + "\"\nTry `iptables -h' or 'iptables --help' for more information.");
  }
  if (!list)
    return context.fail("iptables: this lab lists rules only: iptables -t nat -S [CHAIN] (kube-proxy writes the tables)");
  if (table != "nat" && table != "filter")
    return context.fail("iptables: Table '" + table + "' is not modelled in this lab (it has filter and nat).");
  const std::string text = state ? (table == "nat" ? state->nat_text : state->filter_text) : std::string();
  std::vector<std::string> declarations, rules;
  bool found = !chain;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.starts_with(":")) {
      const size_t space = line.find(' ');
      const std::string name = line.substr(1, space - 1);
      const std::string policy = line.substr(space + 1, line.find(' ', space + 1) - space - 1);
      if (chain && name != *chain) continue;
      found = true;
      declarations.push_back(policy == "-" ? "-N " + name : "-P " + name + " " + policy);
    } else if (line.starts_with("-A ") && (!chain || line.starts_with("-A " + *chain + " "))) {
      rules.push_back(line);
    }
  }
  if (!found) return context.fail("iptables: No chain/target/match by that name.");
  for (const std::string& line : declarations) context.print(line + "\n");
  for (const std::string& line : rules) context.print(line + "\n");
  return true;
}

bool conntrack(Context& context, NetfilterState* state, const std::vector<std::string>& argv) {
  const std::string version = "conntrack v1.4.7 (conntrack-tools): ";
  bool list = false, flush = false;
  std::optional<std::string> protocol;
  std::optional<Ipv4Address> source, destination;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& word = argv[i];
    const bool has_value = i + 1 < argv.size();
    if (word == "-L" || word == "--dump") list = true;
    else if (word == "-F" || word == "--flush") flush = true;
    else if (word == "-n" || word == "--src-nat" || word == "-g" || word == "--dst-nat") continue;
    else if ((word == "-p" || word == "--proto") && has_value) protocol = argv[++i];
    else if ((word == "-s" || word == "--orig-src" || word == "--src") && has_value) {
      source = Ipv4Address::parse(argv[++i]);
      if (!source) return context.fail(version + "Bad parameter `" + argv[i] + "'");
    } else if ((word == "-d" || word == "--orig-dst" || word == "--dst") && has_value) {
      destination = Ipv4Address::parse(argv[++i]);
      if (!destination) return context.fail(version + "Bad parameter `" + argv[i] + "'");
    } else {
      return context.fail(version + "Invalid argument `" + word + "'\nTry `conntrack -h' or 'conntrack --help' for more information.");
    }
  }
  if (!list && !flush) return context.fail(version + "no command specified\nTry `conntrack -h' or 'conntrack --help' for more information.");
  if (flush) {
    if (state) state->conntrack = net::ConntrackTable{};
    context.print(version + "connection tracking table has been emptied.\n");
    return true;
  }
  size_t shown = 0;
  if (state) {
    state->conntrack.expire(context.world.now);
    // One line per entry, filtered on the original direction as conntrack's -p/-s/-d do.
    const std::string all = state->conntrack.list(context.world.now);
    size_t start = 0;
    while (start < all.size()) {
      const size_t end = all.find('\n', start);
      const std::string line = all.substr(start, end - start + 1);
      start = end + 1;
      if (protocol && !line.starts_with(*protocol + " ")) continue;
      if (source && line.find(" src=" + source->to_string() + " ") == std::string::npos) continue;
      if (destination && line.find(" dst=" + destination->to_string() + " ") == std::string::npos) continue;
      context.print(line);
      ++shown;
    }
  }
  context.print(version + std::to_string(shown) + " flow entries have been shown.\n");
  return true;
}

}  // namespace

std::optional<bool> run_netfilter_tool(Context& context, NetnsId netns, PodId pod, const std::vector<std::string>& argv) {
  const std::string& program = argv.front();
  if (program != "iptables-save" && program != "iptables" && program != "conntrack") return std::nullopt;
  // Inside a pod these tools have no privileges over the pod's namespace here; the lab shows the
  // node's, where kube-proxy writes.
  if (pod.valid() && !context.world.pods.at(pod).pod.spec.host_network)
    return context.fail(program + ": this lab models netfilter on the nodes; run it with `node NODE -- " + program + "`");
  auto found = context.world.netfilter.find(netns);
  NetfilterState* state = found == context.world.netfilter.end() ? nullptr : &found->second;
  if (program == "iptables-save") return iptables_save(context, state, argv);
  if (program == "iptables") return iptables_list_rules(context, state, argv);
  return conntrack(context, state, argv);
}

}  // namespace podlab::lab
