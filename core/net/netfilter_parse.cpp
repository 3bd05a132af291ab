// iptables-save text to a Ruleset. Options are read the way iptables reads them: the -s/-d/-p/-i/-o
// header fields anywhere on the line, "-m module" then that module's options, "-j TARGET" then the
// target's options, "!" negating the next option.
#include <charconv>
#include <cstdlib>
#include <set>

#include "core/net/netfilter.h"

namespace podlab::net {

namespace {

// IPPROTO_SCTP. The lab sends no SCTP packets (IpProtocol lists the headers it models), but
// kube-proxy writes -p sctp for SCTP Services, and such a rule matches by protocol number.
constexpr IpProtocol sctp_protocol = static_cast<IpProtocol>(132);

struct Token {
  std::string text;
  int column = 0;
};

// Splits on blanks; double quotes group words (comments), as iptables-restore does.
std::vector<Token> tokenize(std::string_view line) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) break;
    Token token{"", static_cast<int>(i) + 1};
    bool quoted = false;
    while (i < line.size() && (quoted || (line[i] != ' ' && line[i] != '\t'))) {
      if (line[i] == '"') quoted = !quoted;
      else token.text += line[i];
      ++i;
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

std::optional<uint32_t> parse_number(const std::string& text) {
  uint32_t value = 0;
  const bool hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  const char* begin = text.data() + (hex ? 2 : 0);
  const char* end = text.data() + text.size();
  auto [ptr, error] = std::from_chars(begin, end, value, hex ? 16 : 10);
  if (error != std::errc() || ptr != end || begin == end) return std::nullopt;
  return value;
}

// "value" or "value/mask".
std::optional<std::pair<uint32_t, uint32_t>> parse_mark(const std::string& text) {
  const size_t slash = text.find('/');
  auto value = parse_number(text.substr(0, slash));
  if (!value) return std::nullopt;
  if (slash == std::string::npos) return std::pair{*value, 0xffffffffu};
  auto mask = parse_number(text.substr(slash + 1));
  if (!mask) return std::nullopt;
  return std::pair{*value, *mask};
}

std::optional<Ipv4Cidr> parse_address(const std::string& text) {
  if (text.find('/') != std::string::npos) return Ipv4Cidr::parse(text);
  if (auto address = Ipv4Address::parse(text)) return Ipv4Cidr::host_route(*address);
  return std::nullopt;
}

std::optional<std::pair<uint16_t, uint16_t>> parse_ports(const std::string& text) {
  const size_t colon = text.find(':');
  auto low = parse_number(text.substr(0, colon));
  auto high = colon == std::string::npos ? low : parse_number(text.substr(colon + 1));
  if (!low || !high || *low > 65535 || *high > 65535 || *low > *high) return std::nullopt;
  return std::pair{static_cast<uint16_t>(*low), static_cast<uint16_t>(*high)};
}

std::optional<uint32_t> parse_states(const std::string& text) {
  static const std::map<std::string, uint32_t> names = {
      {"INVALID", ct_state::invalid}, {"ESTABLISHED", ct_state::established}, {"RELATED", ct_state::related},
      {"NEW", ct_state::new_connection}, {"UNTRACKED", ct_state::untracked}, {"SNAT", ct_state::snat},
      {"DNAT", ct_state::dnat}};
  uint32_t states = 0;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = text.find(',', start);
    auto found = names.find(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (found == names.end()) return std::nullopt;
    states |= found->second;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return states;
}

class LineParser {
 public:
  LineParser(std::vector<Token> tokens, int line, const std::string& file) : tokens_(std::move(tokens)), line_(line), file_(file) {}

  // tokens_[0] is "-A", tokens_[1] the chain.
  Result<Rule> parse();

 private:
  Diagnostic error(const std::string& code, const std::string& message, size_t index) const {
    const int column = index < tokens_.size() ? tokens_[index].column : 0;
    return Diagnostic{code, message, SourceLocation{file_, line_, column}};
  }
  // The argument after option i, or nullopt.
  const std::string* argument(size_t i) const { return i + 1 < tokens_.size() ? &tokens_[i + 1].text : nullptr; }
  std::optional<Diagnostic> module_option(Rule& rule, const std::string& module, size_t& i, bool negated);
  std::optional<Diagnostic> target_option(Target& target, size_t& i);

  std::vector<Token> tokens_;
  int line_;
  const std::string& file_;
};

std::optional<Diagnostic> LineParser::module_option(Rule& rule, const std::string& module, size_t& i, bool negated) {
  const std::string& option = tokens_[i].text;
  const std::string* value = argument(i);
  auto needs_value = [&]() -> std::optional<Diagnostic> {
    if (!value) return error("netfilter.missing-argument", option + " needs a value", i);
    return std::nullopt;
  };
  Match match;
  match.negated = negated;
  if (module == "comment" && option == "--comment") {
    if (auto e = needs_value()) return e;
    match.kind = MatchKind::Comment, match.text = *value, ++i;
  } else if ((module == "tcp" || module == "udp" || module == "sctp") &&
             (option == "--dport" || option == "--destination-port" || option == "--sport" || option == "--source-port")) {
    if (auto e = needs_value()) return e;
    auto ports = parse_ports(*value);
    if (!ports) return error("netfilter.bad-port", "not a port or port range: " + *value, i + 1);
    match.kind = option == "--dport" || option == "--destination-port" ? MatchKind::DestinationPort : MatchKind::SourcePort;
    match.port_low = ports->first, match.port_high = ports->second, ++i;
  } else if (module == "statistic" && option == "--mode") {
    if (!value || *value != "random")
      return error("netfilter.unsupported", "only statistic --mode random is modelled", i);
    ++i;
    return std::nullopt;
  } else if (module == "statistic" && option == "--probability") {
    if (auto e = needs_value()) return e;
    char* end = nullptr;
    match.probability = std::strtod(value->c_str(), &end);
    if (end != value->c_str() + value->size() || match.probability < 0 || match.probability > 1)
      return error("netfilter.bad-probability", "not a probability between 0 and 1: " + *value, i + 1);
    match.kind = MatchKind::Statistic, ++i;
  } else if (module == "recent") {
    // --name and --seconds/--reap refine the check or set that the line already holds (or will).
    Match* recent = nullptr;
    for (auto& m : rule.matches)
      if (m.kind == MatchKind::Recent) recent = &m;
    if (!recent) {
      rule.matches.push_back(Match{.kind = MatchKind::Recent, .text = "DEFAULT"});
      recent = &rule.matches.back();
    }
    if (option == "--name") {
      if (auto e = needs_value()) return e;
      recent->text = *value, ++i;
    } else if (option == "--rcheck" || option == "--update" || option == "--set" || option == "--remove") {
      recent->recent_mode = option == "--rcheck" ? RecentMode::Check
                            : option == "--update" ? RecentMode::Update
                            : option == "--set"    ? RecentMode::Set
                                                   : RecentMode::Remove;
      recent->negated = negated;
    } else if (option == "--seconds") {
      if (auto e = needs_value()) return e;
      auto seconds = parse_number(*value);
      if (!seconds) return error("netfilter.bad-number", "not a number of seconds: " + *value, i + 1);
      recent->seconds = *seconds, ++i;
    } else if (option == "--reap") {
      recent->reap = true;
    } else if (option != "--rsource" && option != "--mask") {
      return error("netfilter.unknown-option", "unknown option " + option + " for -m recent", i);
    } else if (option == "--mask") {
      ++i;
    }
    return std::nullopt;
  } else if (module == "addrtype" && (option == "--src-type" || option == "--dst-type")) {
    if (!value || *value != "LOCAL")
      return error("netfilter.unsupported", "only address type LOCAL is modelled", i);
    match.kind = MatchKind::AddrType, match.source_type = option == "--src-type", ++i;
  } else if (module == "mark" && option == "--mark") {
    if (auto e = needs_value()) return e;
    auto mark = parse_mark(*value);
    if (!mark) return error("netfilter.bad-mark", "not a mark value[/mask]: " + *value, i + 1);
    match.kind = MatchKind::Mark, match.value = mark->first, match.mask = mark->second, ++i;
  } else if (module == "conntrack" && option == "--ctstate") {
    if (auto e = needs_value()) return e;
    auto states = parse_states(*value);
    if (!states) return error("netfilter.bad-ctstate", "unknown conntrack state in " + *value, i + 1);
    match.kind = MatchKind::ConnState, match.value = *states, ++i;
  } else if (module == "nfacct" && option == "--nfacct-name") {
    if (auto e = needs_value()) return e;
    match.kind = MatchKind::Nfacct, match.text = *value, ++i;
  } else {
    return error("netfilter.unknown-option",
                 "unknown option " + option + (module.empty() ? "" : " for -m " + module), i);
  }
  rule.matches.push_back(match);
  return std::nullopt;
}

std::optional<Diagnostic> LineParser::target_option(Target& target, size_t& i) {
  const std::string& option = tokens_[i].text;
  const std::string* value = argument(i);
  if (target.kind == TargetKind::Mark &&
      (option == "--set-xmark" || option == "--set-mark" || option == "--or-mark" || option == "--xor-mark" || option == "--and-mark")) {
    auto mark = value ? parse_mark(*value) : std::nullopt;
    if (!mark) return error("netfilter.bad-mark", option + " needs value[/mask]", i);
    target.mark_value = mark->first, target.mark_mask = mark->second;
    // --set-mark v/m is --set-xmark v/(m|v): clear the mask bits, then set v.
    if (option == "--set-mark") target.mark_mask |= target.mark_value;
    target.mark_operation = option == "--or-mark"    ? MarkOperation::Or
                            : option == "--xor-mark" ? MarkOperation::Xor
                            : option == "--and-mark" ? MarkOperation::And
                                                     : MarkOperation::SetXmark;
    ++i;
  } else if ((target.kind == TargetKind::Dnat && option == "--to-destination") ||
             (target.kind == TargetKind::Snat && option == "--to-source")) {
    if (!value) return error("netfilter.missing-argument", option + " needs ip[:port]", i);
    const size_t colon = value->find(':');
    auto address = Ipv4Address::parse(value->substr(0, colon));
    auto port = colon == std::string::npos ? std::optional<uint32_t>{0} : parse_number(value->substr(colon + 1));
    if (!address || !port || *port > 65535) return error("netfilter.bad-nat", "not ip[:port]: " + *value, i + 1);
    target.nat_address = *address, target.nat_port = static_cast<uint16_t>(*port), ++i;
  } else if ((target.kind == TargetKind::Masquerade || target.kind == TargetKind::Snat) && option == "--random-fully") {
    target.random_fully = true;
  } else if ((target.kind == TargetKind::Masquerade || target.kind == TargetKind::Snat) && option == "--random") {
  } else if (target.kind == TargetKind::Reject && option == "--reject-with") {
    if (!value) return error("netfilter.missing-argument", "--reject-with needs a type", i);
    target.reject_with = *value, ++i;
  } else {
    return error("netfilter.unknown-option", "unknown target option " + option, i);
  }
  return std::nullopt;
}

Result<Rule> LineParser::parse() {
  Rule rule;
  rule.chain = tokens_[1].text;
  rule.line = line_;
  std::string module;  // the latest -m, whose options follow
  bool in_target = false, negated = false;
  for (size_t i = 2; i < tokens_.size(); ++i) {
    const std::string& option = tokens_[i].text;
    if (option == "!") {
      negated = true;
      continue;
    }
    const std::string* value = argument(i);
    auto header = [&](const char* what) -> std::optional<Diagnostic> {
      if (!value) return error("netfilter.missing-argument", option + " needs " + what, i);
      return std::nullopt;
    };
    if (option == "-s" || option == "--source" || option == "-d" || option == "--destination") {
      if (auto e = header("an address")) return *e;
      auto address = parse_address(*value);
      if (!address) return error("netfilter.bad-address", "not an address or CIDR: " + *value, i + 1);
      const bool source = option == "-s" || option == "--source";
      (source ? rule.source : rule.destination) = address;
      (source ? rule.source_negated : rule.destination_negated) = negated;
      ++i;
    } else if (option == "-p" || option == "--protocol") {
      if (auto e = header("a protocol")) return *e;
      if (*value == "tcp") rule.protocol = IpProtocol::Tcp;
      else if (*value == "udp") rule.protocol = IpProtocol::Udp;
      else if (*value == "icmp") rule.protocol = IpProtocol::Icmp;
      else if (*value == "sctp") rule.protocol = sctp_protocol;
      else if (*value != "all") return error("netfilter.unsupported", "protocol not modelled: " + *value, i + 1);
      rule.protocol_negated = negated;
      if (!in_target && module.empty() && *value != "all") module = *value;  // implicit -m tcp/udp/sctp
      ++i;
    } else if (option == "-i" || option == "--in-interface" || option == "-o" || option == "--out-interface") {
      if (auto e = header("an interface")) return *e;
      (option == "-i" || option == "--in-interface" ? rule.in_interface : rule.out_interface) = InterfaceMatch{*value, negated};
      ++i;
    } else if (option == "-m" || option == "--match") {
      if (auto e = header("a module")) return *e;
      static const std::set<std::string> modules = {"comment", "tcp", "udp", "sctp", "statistic", "recent",
                                                    "addrtype", "mark", "conntrack", "nfacct", "icmp"};
      if (!modules.count(*value)) return error("netfilter.unknown-match", "match module not modelled: " + *value, i + 1);
      module = *value, in_target = false, ++i;
    } else if (option == "-j" || option == "--jump") {
      if (auto e = header("a target")) return *e;
      static const std::map<std::string, TargetKind> builtin = {
          {"RETURN", TargetKind::Return}, {"ACCEPT", TargetKind::Accept}, {"DROP", TargetKind::Drop},
          {"REJECT", TargetKind::Reject}, {"MARK", TargetKind::Mark},     {"DNAT", TargetKind::Dnat},
          {"SNAT", TargetKind::Snat},     {"MASQUERADE", TargetKind::Masquerade}};
      auto found = builtin.find(*value);
      rule.target.kind = found != builtin.end() ? found->second : TargetKind::Jump;
      if (found == builtin.end()) rule.target.chain = *value;
      in_target = true, ++i;
    } else if (option.rfind("--", 0) == 0) {
      if (in_target) {
        if (auto e = target_option(rule.target, i)) return *e;
      } else if (auto e = module_option(rule, module, i, negated)) {
        return *e;
      }
    } else {
      return error("netfilter.unknown-option", "unknown option " + option, i);
    }
    negated = false;
  }
  if ((rule.target.kind == TargetKind::Dnat || rule.target.kind == TargetKind::Snat) && rule.target.nat_address.is_unspecified())
    return error("netfilter.missing-argument", "DNAT/SNAT needs --to-destination/--to-source", tokens_.size() - 1);
  return rule;
}

}  // namespace

Result<Ruleset> parse_iptables_save(std::string_view text, const std::string& file_name) {
  Ruleset ruleset;
  std::vector<Diagnostic> diagnostics;
  std::map<std::string, Chain>* table = nullptr;
  auto fail = [&](const std::string& code, const std::string& message, int line, int column = 1) {
    diagnostics.push_back({code, message, {file_name, line, column}});
  };
  int line_number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto tokens = tokenize(line);
    if (tokens.empty() || tokens[0].text[0] == '#') continue;
    const std::string& head = tokens[0].text;
    if (head == "*filter" || head == "*nat") {
      table = head == "*filter" ? &ruleset.filter : &ruleset.nat;
      static const std::map<std::string, std::vector<std::string>> builtins = {
          {"*filter", {"INPUT", "FORWARD", "OUTPUT"}}, {"*nat", {"PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"}}};
      for (const auto& name : builtins.at(head)) (*table)[name] = Chain{name, true, TargetKind::Accept, {}};
    } else if (head[0] == '*') {
      fail("netfilter.unknown-table", "table not modelled: " + head.substr(1), line_number);
      table = nullptr;
    } else if (head == "COMMIT") {
      table = nullptr;
    } else if (!table) {
      fail("netfilter.outside-table", "a line outside a *table ... COMMIT section", line_number);
    } else if (head[0] == ':') {
      const std::string name = head.substr(1);
      auto found = table->find(name);
      if (found != table->end() && found->second.builtin) {
        const std::string policy = tokens.size() > 1 ? tokens[1].text : "ACCEPT";
        if (policy != "ACCEPT" && policy != "DROP")
          fail("netfilter.bad-policy", "a built-in chain policy is ACCEPT or DROP", line_number, tokens[1].column);
        found->second.policy = policy == "DROP" ? TargetKind::Drop : TargetKind::Accept;
      } else {
        (*table)[name] = Chain{name, false, TargetKind::Return, {}};
      }
    } else if (head == "-A" || head == "--append") {
      if (tokens.size() < 2) {
        fail("netfilter.missing-argument", "-A needs a chain", line_number);
        continue;
      }
      auto chain = table->find(tokens[1].text);
      if (chain == table->end()) {
        fail("netfilter.unknown-chain", "chain not declared: " + tokens[1].text, line_number, tokens[1].column);
        continue;
      }
      LineParser parser(std::move(tokens), line_number, file_name);
      auto rule = parser.parse();
      if (!rule) {
        diagnostics.push_back(rule.error());
        continue;
      }
      rule->text = std::string(line);
      chain->second.rules.push_back(std::move(*rule));
    } else {
      fail("netfilter.unknown-command", "unknown line: " + head, line_number);
    }
  }
  // Jumps are checked at the end: iptables-save may print a rule before the chain it jumps to.
  for (auto* tables : {&ruleset.filter, &ruleset.nat})
    for (const auto& [name, chain] : *tables)
      for (const auto& rule : chain.rules)
        if (rule.target.kind == TargetKind::Jump && !tables->count(rule.target.chain))
          fail("netfilter.unknown-target", "no chain or target named " + rule.target.chain, rule.line);
  if (!diagnostics.empty()) return diagnostics;
  return ruleset;
}

}  // namespace podlab::net
