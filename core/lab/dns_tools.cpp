// The DNS tools, run inside a pod or on a node, with the output of the real ones: bind9's dig,
// host and nslookup (Debian's dnsutils), BusyBox's nslookup (busybox and Alpine images), and
// getent hosts (glibc: an AF_INET6 lookup, then AF_INET). Every query is a packet (dns_client.h).
// dig asks exactly the name it is given unless +search; host and nslookup walk the search list
// and stop at the first candidate that is not NXDOMAIN, as the bind9 tools do.
#include <algorithm>
#include <cstdio>

#include "core/k8s/coredns.h"
#include "core/lab/commands.h"
#include "core/lab/dns_client.h"

namespace podlab::lab {

namespace {

constexpr const char* dig_version = "9.18.33-1~deb12u2-Debian";

std::string absolute(const std::string& name) { return name.empty() || name.back() != '.' ? name + "." : name; }

// bind's master-file columns: owner to 24, TTL to 32, class to 40, type to 48; a field that
// already passes its column is followed by one space.
void pad_to(std::string& line, size_t& column, size_t target) {
  if (column >= target) {
    line += ' ';
    ++column;
    return;
  }
  while (column < target) {
    line += '\t';
    column = (column / 8 + 1) * 8;
  }
}

std::string dig_record(const net::DnsRecord& record) {
  std::string line = absolute(record.name);
  size_t column = line.size();
  pad_to(line, column, 24);
  const std::string ttl = std::to_string(record.ttl);
  line += ttl;
  column += ttl.size();
  pad_to(line, column, 32);
  line += "IN";
  column += 2;
  pad_to(line, column, 40);
  const std::string type = net::dns_type_name(record.type);
  line += type;
  column += type.size();
  pad_to(line, column, 48);
  return line + net::dns_rdata_text(record) + "\n";
}

std::string dig_question(const net::DnsQuestion& question) {
  std::string line = ";" + absolute(question.name);
  size_t column = line.size();
  pad_to(line, column, 32);
  line += "IN";
  column += 2;
  pad_to(line, column, 40);
  return line + net::dns_type_name(question.type) + "\n";
}

std::string dig_when(SimTime now) {
  const int64_t seconds = now.ns / 1000000000;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "Thu Jan 01 %02d:%02d:%02d UTC 2026", static_cast<int>(seconds / 3600 % 24),
                static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  return buffer;
}

std::string flags_text(const net::DnsHeader& header) {
  std::string flags;
  auto add = [&](bool on, const char* name) {
    if (!on) return;
    if (!flags.empty()) flags += ' ';
    flags += name;
  };
  add(header.qr, "qr");
  add(header.aa, "aa");
  add(header.tc, "tc");
  add(header.rd, "rd");
  add(header.ra, "ra");
  return flags;
}

// The answer a lookup tool ended with: its reply (none if every try timed out) and the query's
// place in the report.
struct ToolAnswer {
  std::optional<net::DnsMessage> reply;
  std::string name;  // the candidate asked last
  std::optional<size_t> report;
};

struct Lookup {
  Context& context;
  NetnsId netns;
  Ipv4Address server;
  SimTime timeout;
  int tries;
  DnsClient client;

  Lookup(Context& c, NetnsId n, Ipv4Address s, SimTime t, int r) : context(c), netns(n), server(s), timeout(t), tries(r), client(c, n) {}

  ToolAnswer ask(const std::string& name, net::DnsType type) {
    ToolAnswer answer;
    answer.name = name;
    answer.reply = client.ask(server, name, {type}, timeout, tries).front();
    answer.report = client.last_report_index();
    return answer;
  }
  // bind9's search: each candidate until one is not NXDOMAIN (a timeout stops too).
  ToolAnswer search(const std::vector<std::string>& candidates, net::DnsType type) {
    ToolAnswer answer;
    for (const std::string& candidate : candidates) {
      answer = ask(candidate, type);
      if (!answer.reply || answer.reply->header.rcode != net::DnsRcode::NxDomain) break;
    }
    return answer;
  }
  // Marks `answer` as what the tool acted on, in the report and as the command's trace.
  void decided(const ToolAnswer& answer) {
    DnsReport& report = *context.result.dns;
    report.rcode = answer.reply ? std::optional<net::DnsRcode>(answer.reply->header.rcode) : std::nullopt;
    if (answer.reply) report.answers.insert(report.answers.end(), answer.reply->answers.begin(), answer.reply->answers.end());
    if (answer.report && !report.queries[*answer.report].traces.empty()) {
      context.result.main_trace = report.queries[*answer.report].traces.back();
      context.result.reply_trace = report.queries[*answer.report].reply_trace;
    }
  }
};

std::optional<Ipv4Address> default_server(const ResolverSetup& setup) {
  if (setup.config.nameservers.empty()) return Ipv4Address::from_octets(127, 0, 0, 1);
  return Ipv4Address::parse(setup.config.nameservers.front());
}

std::vector<std::string> bind_candidates(const std::string& name, const ResolverSetup& setup, bool use_search) {
  if (!use_search) return {net::dns_strip_final_dot(name)};
  return k8s::search_candidates(name, setup.config);
}

// [SECTION] dig

bool dig(Context& context, NetnsId netns, PodId pod, const std::vector<std::string>& args) {
  const ResolverSetup setup = resolver_setup(context.world, netns, pod);
  std::optional<Ipv4Address> server;
  std::string name;
  std::optional<net::DnsType> type;
  bool search = false, short_form = false, reverse = false;
  std::string arguments;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    arguments += (arguments.empty() ? "" : " ") + arg;
    if (arg.starts_with("@")) {
      server = Ipv4Address::parse(arg.substr(1));
      if (!server) return context.fail("dig: couldn't get address for '" + arg.substr(1) + "': not found");
    } else if (arg == "+search") {
      search = true;
    } else if (arg == "+nosearch") {
      search = false;
    } else if (arg == "+short") {
      short_form = true;
    } else if (arg.starts_with("+")) {
      continue;  // other display options change nothing the lab shows
    } else if (arg == "-x" && i + 1 < args.size()) {
      const std::string ip = args[++i];
      arguments += " " + ip;
      name = k8s::reverse_pointer_name(ip);
      if (name.empty()) return context.fail("Invalid IP address " + ip);
      reverse = true;
    } else if (arg == "-t" && i + 1 < args.size()) {
      arguments += " " + args[i + 1];
      type = net::parse_dns_type(args[++i]);
      if (!type) return context.fail("dig: invalid type: " + args[i]);
    } else if (!arg.empty() && arg[0] == '-') {
      return context.fail("Invalid option: " + arg + "\nUsage:  dig [@server] [-x addr] [-t type] [name] [type] [+search] [+short]");
    } else if (auto parsed = net::parse_dns_type(arg); parsed && !type) {
      type = parsed;  // a word that names a type is the type, before or after the name (`dig NS cluster.local`)
    } else {
      name = arg;
    }
  }
  // Without a name dig asks the root for NS records.
  if (name.empty()) name = ".";
  if (!type) type = reverse ? net::DnsType::PTR : (name == "." ? net::DnsType::NS : net::DnsType::A);
  const bool from_resolv_conf = !server;
  if (!server) server = default_server(setup);
  if (!server) return context.fail(";; no servers could be reached");
  Lookup lookup(context, netns, *server, SimTime::from_seconds(5), 3);
  const SimTime started = context.world.now;
  const std::vector<std::string> candidates =
      name == "." ? std::vector<std::string>{""} : bind_candidates(name, setup, search && !reverse);
  const ToolAnswer answer = lookup.search(candidates, *type);
  lookup.decided(answer);
  const std::string banner = "\n; <<>> DiG " + std::string(dig_version) + " <<>> " + arguments + "\n" +
                             (from_resolv_conf ? "" : "; (1 server found)\n") + ";; global options: +cmd\n";
  const std::string where = server->to_string() + "#53";
  if (!answer.reply) {
    std::string text;
    for (int i = 0; i < 3; ++i) text += ";; communications error to " + where + ": timed out\n";
    if (short_form) return context.fail(text);
    return context.fail(text + banner + ";; no servers could be reached\n");
  }
  const net::DnsMessage& reply = *answer.reply;
  if (short_form) {
    for (const net::DnsRecord& record : reply.answers) context.print(net::dns_rdata_text(record) + "\n");
    return true;
  }
  std::string text = banner + ";; Got answer:\n;; ->>HEADER<<- opcode: QUERY, status: " +
                     net::dns_rcode_name(reply.header.rcode) + ", id: " + std::to_string(reply.header.id) + "\n;; flags: " +
                     flags_text(reply.header) + "; QUERY: " + std::to_string(reply.questions.size()) + ", ANSWER: " +
                     std::to_string(reply.answers.size()) + ", AUTHORITY: " + std::to_string(reply.authority.size()) +
                     ", ADDITIONAL: " + std::to_string(reply.additional.size()) + "\n";
  if (reply.header.rd && !reply.header.ra) text += ";; WARNING: recursion requested but not available\n";
  text += "\n;; QUESTION SECTION:\n";
  for (const net::DnsQuestion& question : reply.questions) text += dig_question(question);
  auto section = [&](const char* title, const std::vector<net::DnsRecord>& records) {
    if (records.empty()) return;
    text += std::string("\n;; ") + title + " SECTION:\n";
    for (const net::DnsRecord& record : records) text += dig_record(record);
  };
  section("ANSWER", reply.answers);
  section("AUTHORITY", reply.authority);
  section("ADDITIONAL", reply.additional);
  const auto bytes = net::encode_dns_message(reply);
  text += "\n;; Query time: " + std::to_string((context.world.now - started).ns / 1000000) + " msec\n;; SERVER: " + where +
          "(" + server->to_string() + ") (UDP)\n;; WHEN: " + dig_when(context.world.now) + "\n;; MSG SIZE  rcvd: " +
          std::to_string(bytes ? bytes->size() : 0) + "\n\n";
  context.print(text);
  return true;
}

// [SECTION] nslookup

std::string address_text(const net::DnsRecord& record) {
  if (const auto* a = std::get_if<net::DnsA>(&record.data)) return a->address.to_string();
  if (const auto* aaaa = std::get_if<net::DnsAaaa>(&record.data)) return net::ipv6_to_string(aaaa->address);
  return net::dns_rdata_text(record);
}

// bind9's nslookup lines for the answer section of one reply.
std::string nslookup_records(const net::DnsMessage& reply) {
  std::string text;
  for (const net::DnsRecord& record : reply.answers) {
    const std::string owner = net::dns_strip_final_dot(record.name);
    switch (record.type) {
      case net::DnsType::A:
      case net::DnsType::AAAA: text += "Name:\t" + owner + "\nAddress: " + address_text(record) + "\n"; break;
      case net::DnsType::CNAME: text += owner + "\tcanonical name = " + net::dns_rdata_text(record) + "\n"; break;
      case net::DnsType::PTR: text += owner + "\tname = " + net::dns_rdata_text(record) + "\n"; break;
      case net::DnsType::SRV: text += owner + "\tservice = " + net::dns_rdata_text(record) + "\n"; break;
      case net::DnsType::TXT: text += owner + "\ttext = " + net::dns_rdata_text(record) + "\n"; break;
      default: text += owner + "\t" + net::dns_type_name(record.type) + " = " + net::dns_rdata_text(record) + "\n";
    }
  }
  return text;
}

bool nslookup(Context& context, NetnsId netns, PodId pod, const std::vector<std::string>& args) {
  const ResolverSetup setup = resolver_setup(context.world, netns, pod);
  const bool busybox = setup.traits.userland == k8s::Userland::Busybox;
  std::string name;
  std::optional<Ipv4Address> server;
  std::optional<net::DnsType> type;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.starts_with("-type=") || arg.starts_with("-query=") || arg.starts_with("-q=")) {
      type = net::parse_dns_type(arg.substr(arg.find('=') + 1));
      if (!type) return context.fail("unknown query type: " + arg.substr(arg.find('=') + 1));
    } else if (!arg.empty() && arg[0] == '-') {
      return context.fail(busybox ? "nslookup: unrecognized option '" + arg + "'\nUsage: nslookup [-type=QUERY_TYPE] HOST [DNS_SERVER]"
                                  : "Invalid option: " + arg);
    } else if (name.empty()) {
      name = arg;
    } else {
      server = Ipv4Address::parse(arg);
      if (!server) return context.fail(busybox ? "nslookup: bad address '" + arg + "'" : ";; couldn't get address for '" + arg + "': not found");
    }
  }
  if (name.empty()) return context.fail(busybox ? "Usage: nslookup [-type=QUERY_TYPE] HOST [DNS_SERVER]" : "nslookup: no name given (this lab has no interactive mode)");
  if (!server) server = default_server(setup);
  if (!server) return context.fail(";; connection timed out; no servers could be reached");
  Lookup lookup(context, netns, *server, SimTime::from_seconds(5), 2);
  const std::string port_text = busybox ? ":53" : "#53";
  std::string text = "Server:\t\t" + server->to_string() + "\nAddress:\t" + server->to_string() + port_text + "\n\n";

  // An address is looked up backwards, as a PTR of its in-addr.arpa name.
  if (Ipv4Address::parse(name)) {
    const ToolAnswer answer = lookup.ask(k8s::reverse_pointer_name(name), net::DnsType::PTR);
    lookup.decided(answer);
    if (!answer.reply) return context.fail(text + ";; connection timed out; no servers could be reached\n\n");
    if (answer.reply->header.rcode != net::DnsRcode::NoError || answer.reply->answers.empty())
      return context.fail(text + "** server can't find " + answer.name + ": " +
                          net::dns_rcode_name(answer.reply->header.rcode) + "\n\n");
    context.print(text + nslookup_records(*answer.reply) + "\n");
    return true;
  }
  const std::vector<net::DnsType> types = type ? std::vector<net::DnsType>{*type}
                                               : std::vector<net::DnsType>{net::DnsType::A, net::DnsType::AAAA};
  const std::vector<std::string> candidates = k8s::search_candidates(name, setup.config);
  bool found = false;
  bool non_authoritative_said = false;
  auto print_answers = [&](const net::DnsMessage& reply) {
    if (reply.answers.empty()) return;
    if (!reply.header.aa && !non_authoritative_said) {
      text += "Non-authoritative answer:\n";
      non_authoritative_said = true;
    }
    text += nslookup_records(reply);
    found = true;
  };
  if (busybox) {
    // BusyBox asks A and AAAA for each candidate; it reports every miss on the way.
    for (const std::string& candidate : candidates) {
      bool answered = false;
      for (net::DnsType query_type : types) {
        const ToolAnswer answer = lookup.ask(candidate, query_type);
        if (!answer.reply) return context.fail(text + ";; connection timed out; no servers could be reached\n\n");
        if (answer.reply->header.rcode == net::DnsRcode::NxDomain) {
          if (query_type == types.front()) text += "** server can't find " + candidate + ": NXDOMAIN\n\n";
          continue;
        }
        lookup.decided(answer);
        answered = true;
        if (!answer.reply->answers.empty()) {
          print_answers(*answer.reply);
          text += "\n";
        }
      }
      if (answered) break;
    }
    context.print(text);
    if (!found) context.result.ok = false;
    return found;
  }
  // bind9: the first type decides the candidate; the others are asked for that name only.
  ToolAnswer first = lookup.search(candidates, types.front());
  lookup.decided(first);
  if (!first.reply) return context.fail(text + ";; connection timed out; no servers could be reached\n\n");
  if (first.reply->header.rcode != net::DnsRcode::NoError)
    return context.fail(text + "** server can't find " + net::dns_strip_final_dot(name) + ": " +
                        net::dns_rcode_name(first.reply->header.rcode) + "\n\n");
  print_answers(*first.reply);
  for (size_t i = 1; i < types.size(); ++i) {
    const ToolAnswer more = lookup.ask(first.name, types[i]);
    if (more.reply) {
      print_answers(*more.reply);
      context.result.dns->answers.insert(context.result.dns->answers.end(), more.reply->answers.begin(),
                                         more.reply->answers.end());
    }
  }
  if (!found) return context.fail(text + "*** Can't find " + first.name + ": No answer\n\n");
  context.print(text + "\n");
  return true;
}

// [SECTION] host

bool host(Context& context, NetnsId netns, PodId pod, const std::vector<std::string>& args) {
  const ResolverSetup setup = resolver_setup(context.world, netns, pod);
  std::string name;
  std::optional<Ipv4Address> server;
  std::optional<net::DnsType> type;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "-t" && i + 1 < args.size()) {
      type = net::parse_dns_type(args[++i]);
      if (!type) return context.fail("host: invalid type: " + args[i]);
    } else if (!args[i].empty() && args[i][0] == '-') {
      return context.fail("host: invalid option -- '" + args[i].substr(1) + "'\nUsage: host [-t type] hostname [server]");
    } else if (name.empty()) {
      name = args[i];
    } else {
      server = Ipv4Address::parse(args[i]);
      if (!server) return context.fail("host: couldn't get address for '" + args[i] + "': not found");
    }
  }
  if (name.empty()) return context.fail("Usage: host [-t type] hostname [server]");
  std::string text;
  if (server) text = "Using domain server:\nName: " + server->to_string() + "\nAddress: " + server->to_string() + "#53\nAliases: \n\n";
  if (!server) server = default_server(setup);
  if (!server) return context.fail(";; connection timed out; no servers could be reached");
  Lookup lookup(context, netns, *server, SimTime::from_seconds(5), 2);
  auto describe = [&](const net::DnsMessage& reply) {
    for (const net::DnsRecord& record : reply.answers) {
      const std::string owner = net::dns_strip_final_dot(record.name);
      switch (record.type) {
        case net::DnsType::A: text += owner + " has address " + address_text(record) + "\n"; break;
        case net::DnsType::AAAA: text += owner + " has IPv6 address " + address_text(record) + "\n"; break;
        case net::DnsType::CNAME: text += owner + " is an alias for " + net::dns_rdata_text(record) + "\n"; break;
        case net::DnsType::PTR: text += owner + " domain name pointer " + net::dns_rdata_text(record) + "\n"; break;
        case net::DnsType::SRV: text += owner + " has SRV record " + net::dns_rdata_text(record) + "\n"; break;
        case net::DnsType::TXT: text += owner + " descriptive text " + net::dns_rdata_text(record) + "\n"; break;
        default: text += owner + " has " + net::dns_type_name(record.type) + " record " + net::dns_rdata_text(record) + "\n";
      }
    }
  };
  const bool reverse = Ipv4Address::parse(name).has_value();
  std::vector<net::DnsType> types;
  if (type) types = {*type};
  else if (reverse) types = {net::DnsType::PTR};
  else types = {net::DnsType::A, net::DnsType::AAAA};
  const std::vector<std::string> candidates =
      reverse ? std::vector<std::string>{k8s::reverse_pointer_name(name)} : k8s::search_candidates(name, setup.config);
  const ToolAnswer first = lookup.search(candidates, types.front());
  lookup.decided(first);
  if (!first.reply) return context.fail(text + ";; connection timed out; no servers could be reached\n");
  const net::DnsRcode rcode = first.reply->header.rcode;
  if (rcode != net::DnsRcode::NoError)
    return context.fail(text + "Host " + (reverse ? first.name : net::dns_strip_final_dot(name)) + " not found: " +
                        std::to_string(static_cast<int>(rcode)) + "(" + net::dns_rcode_name(rcode) + ")\n");
  describe(*first.reply);
  for (size_t i = 1; i < types.size(); ++i) {
    const ToolAnswer more = lookup.ask(first.name, types[i]);
    if (!more.reply) continue;
    // An alias is said once, with the first type's answer.
    net::DnsMessage without_aliases = *more.reply;
    std::erase_if(without_aliases.answers, [](const net::DnsRecord& r) { return r.type == net::DnsType::CNAME; });
    describe(without_aliases);
    context.result.dns->answers.insert(context.result.dns->answers.end(), without_aliases.answers.begin(),
                                       without_aliases.answers.end());
  }
  if (type && first.reply->answers.empty()) text += first.name + " has no " + net::dns_type_name(*type) + " record\n";
  context.print(text);
  return true;
}

// [SECTION] getent hosts

bool getent(Context& context, NetnsId netns, PodId pod, const std::vector<std::string>& args) {
  if (args.size() < 3 || (args[1] != "hosts" && args[1] != "ahosts"))
    return context.fail("Usage: getent hosts NAME (this lab's getent knows the hosts database)");
  const std::string& name = args[2];
  if (auto address = Ipv4Address::parse(name)) {
    context.print(address->to_string() + std::string(address->to_string().size() < 15 ? 15 - address->to_string().size() : 0, ' ') + " " + name + "\n");
    return true;
  }
  // /etc/hosts first.
  if (auto address = hosts_file_address(context.world, netns, pod, name)) {
    const std::string ip = address->to_string();
    context.print(ip + std::string(ip.size() < 15 ? 15 - ip.size() : 0, ' ') + " " + name + "\n");
    return true;
  }
  // getent.c: gethostbyname2(AF_INET6), and only if that finds nothing, AF_INET.
  RecordLookup lookup = lookup_records(context, netns, pod, name, k8s::AddressFamily::Inet6);
  net::DnsType wanted = net::DnsType::AAAA;
  if (lookup.result.outcome != k8s::ResolverOutcome::Found && !lookup.no_nameserver) {
    lookup = lookup_records(context, netns, pod, name, k8s::AddressFamily::Inet);
    wanted = net::DnsType::A;
  }
  if (lookup.result.outcome != k8s::ResolverOutcome::Found) {
    context.result.ok = false;  // exit status 2: not found; getent prints nothing
    return false;
  }
  std::vector<std::string> aliases;
  std::string canonical = lookup.result.answered_name;
  for (const net::DnsRecord& record : lookup.records)
    if (record.type == net::DnsType::CNAME) {
      aliases.push_back(net::dns_strip_final_dot(record.name));
      canonical = net::dns_strip_final_dot(std::get<net::DnsCname>(record.data).target);
    }
  for (const net::DnsRecord& record : lookup.records) {
    if (record.type != wanted) continue;
    const std::string ip = address_text(record);
    std::string line = ip + std::string(ip.size() < 15 ? 15 - ip.size() : 0, ' ') + " " + canonical;
    for (const std::string& alias : aliases) line += " " + alias;
    context.print(line + "\n");
  }
  return true;
}

}  // namespace

bool run_dns_tool(Context& context, NetnsId netns, PodId pod, const std::vector<std::string>& argv) {
  const std::string& program = argv[0];
  if (program == "dig") return dig(context, netns, pod, argv);
  if (program == "nslookup") return nslookup(context, netns, pod, argv);
  if (program == "host") return host(context, netns, pod, argv);
  if (program == "getent") return getent(context, netns, pod, argv);
  return false;
}

bool is_dns_tool(const std::string& program) {
  return program == "dig" || program == "nslookup" || program == "host" || program == "getent";
}

}  // namespace podlab::lab
