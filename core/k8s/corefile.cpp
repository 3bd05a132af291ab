// The Corefile (Caddyfile syntax): server blocks `zone:port { ... }` holding one directive per line,
// each with arguments and an optional `{ ... }` block. We read it into a small tree, then pick out
// the settings that change answers: the kubernetes plugin's zones, pods mode, ttl, fallthrough,
// `ignore empty_service` and `noendpoints`, forward targets, stub-domain blocks, the cache plugin
// and loadbalance. Plugins that cannot change an answer are accepted; any other setting is refused
// with its line, so nothing in the Corefile is silently ignored.
#include <algorithm>

#include "core/k8s/coredns.h"

namespace podlab::k8s {

namespace {

struct Token {
  std::string text;
  int line = 0;
  int column = 0;
  bool newline_before = false;  // the first token on its line
};

struct Directive {
  Token name;
  std::vector<Token> args;
  std::vector<Directive> block;
};

Diagnostic at(const Token& token, std::string code, std::string message) {
  return Diagnostic{std::move(code), std::move(message), {"Corefile", token.line, token.column}};
}

Result<std::vector<Token>> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  int line = 1, column = 1;
  bool line_start = true;
  size_t i = 0;
  auto advance = [&] {
    if (text[i] == '\n') ++line, column = 1, line_start = true;
    else ++column;
    ++i;
  };
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      advance();
      continue;
    }
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') advance();
      continue;
    }
    Token token{"", line, column, line_start};
    line_start = false;
    if (c == '"') {
      advance();
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < text.size()) advance();
        token.text += text[i];
        advance();
      }
      if (i == text.size()) return at(token, "corefile.syntax", "this quoted string is never closed");
      advance();
    } else if (c == '{' || c == '}') {
      token.text = c;
      advance();
    } else {
      while (i < text.size() && std::string_view(" \t\r\n{}").find(text[i]) == std::string_view::npos) {
        token.text += text[i];
        advance();
      }
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

// Blocks a Corefile nests: a server block, a plugin's block inside it (`kubernetes … { … }`), and
// one more for the few plugins with sub-blocks. No CoreDNS plugin reads deeper; the limit also keeps
// the recursive parser's stack small on every build (a share link can carry any text).
constexpr int max_block_depth = 3;

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  // Directives until a closing brace (inside a block) or the end of the text (top level).
  // `depth` is the number of blocks open around them.
  Result<std::vector<Directive>> directives(const Token* opened_by, int depth = 0) {
    std::vector<Directive> out;
    while (pos_ < t_.size()) {
      const Token& first = t_[pos_];
      if (first.text == "}") {
        if (!opened_by) return at(first, "corefile.syntax", "unexpected '}': no block is open here");
        ++pos_;
        return out;
      }
      if (first.text == "{") return at(first, "corefile.syntax", "'{' must follow a directive or server address");
      Directive directive{first, {}, {}};
      ++pos_;
      while (pos_ < t_.size() && !t_[pos_].newline_before && t_[pos_].text != "{" && t_[pos_].text != "}")
        directive.args.push_back(t_[pos_++]);
      if (pos_ < t_.size() && t_[pos_].text == "{") {
        const Token& brace = t_[pos_++];
        if (depth == max_block_depth)
          return at(brace, "corefile.syntax", "blocks nest too deep: a Corefile has a server block, a plugin's block inside it, "
                                              "and at most one more level (" + std::to_string(max_block_depth) + " in all)");
        auto inner = directives(&brace, depth + 1);
        if (!inner) return inner.diagnostics();
        directive.block = std::move(*inner);
      }
      out.push_back(std::move(directive));
    }
    if (opened_by) return at(*opened_by, "corefile.syntax", "this '{' is never closed with '}'");
    return out;
  }

 private:
  std::vector<Token> t_;
  size_t pos_ = 0;
};

// "dns://example.local.:53" -> "example.local"; "." stays ".".
std::string zone_of(const std::string& key) {
  std::string zone = key;
  if (zone.rfind("dns://", 0) == 0) zone = zone.substr(6);
  if (const size_t colon = zone.rfind(':'); colon != std::string::npos) zone = zone.substr(0, colon);
  if (zone.empty() || zone == ".") return ".";
  return net::dns_lowercase(net::dns_strip_final_dot(zone));
}

std::vector<std::string> zones(const std::vector<Token>& args, size_t from) {
  std::vector<std::string> out;
  for (size_t i = from; i < args.size(); ++i) out.push_back(zone_of(args[i].text));
  return out;
}

Result<uint32_t> number(const Token& token, uint32_t low, uint32_t high, const char* what) {
  uint64_t value = 0;
  bool valid = !token.text.empty() && token.text.size() <= 9;
  for (char c : token.text) {
    if (c < '0' || c > '9') valid = false;
    else value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (!valid || value < low || value > high)
    return at(token, "corefile.bad-value", std::string(what) + " must be a number from " + std::to_string(low) +
                                               " to " + std::to_string(high) + ", not \"" + token.text + "\"");
  return static_cast<uint32_t>(value);
}

// A real CoreDNS directive whose effect the lab does not reproduce: refused with its line, so
// no setting is silently ignored.
Diagnostic not_modelled(const Token& token, const std::string& what) {
  return at(token, "corefile.not-modelled", what + " '" + token.text + "' is not modelled by Podlab");
}

// Plugins that never change an answer the lab gives: logging, metrics, health and readiness
// endpoints, reloading (the lab reloads on every edit), and loop detection (no upstream of the
// lab's forwards back to CoreDNS).
bool answer_neutral(const std::string& plugin) {
  for (const char* name : {"errors", "log", "debug", "health", "ready", "prometheus", "reload", "loop"})
    if (plugin == name) return true;
  return false;
}

// CoreDNS's plugin.cfg: real directives the lab does not model (refused as such); any other word
// is not a directive at all.
bool known_directive(const std::string& plugin) {
  for (const char* name : {"root", "metadata", "geoip", "cancel", "tls", "timeouts", "multisocket", "reload", "nsid",
                           "bufsize", "bind", "debug", "trace", "ready", "health", "pprof", "prometheus", "errors",
                           "log", "dnstap", "local", "dns64", "acl", "any", "chaos", "loadbalance", "tsig", "cache",
                           "rewrite", "header", "dnssec", "autopath", "minimal", "template", "transfer", "hosts",
                           "route53", "azure", "clouddns", "k8s_external", "kubernetes", "file", "auto", "secondary",
                           "etcd", "loop", "forward", "grpc", "erratic", "whoami", "on", "sign", "view", "nomad"})
    if (plugin == name) return true;
  return false;
}

std::optional<Diagnostic> read_kubernetes(const Directive& d, const std::vector<std::string>& block_zones,
                                          CorefileConfig& config) {
  config.kubernetes_zones = d.args.empty() ? block_zones : zones(d.args, 0);
  for (const auto& option : d.block) {
    const std::string& name = option.name.text;
    if (name == "pods") {
      const std::string mode = option.args.empty() ? "" : option.args[0].text;
      if (mode == "disabled") config.pods = PodsMode::Disabled;
      else if (mode == "insecure") config.pods = PodsMode::Insecure;
      else if (mode == "verified") config.pods = PodsMode::Verified;
      else
        return at(option.args.empty() ? option.name : option.args[0], "corefile.bad-value",
                  "pods takes disabled, insecure or verified");
    } else if (name == "ttl") {
      if (option.args.size() != 1) return at(option.name, "corefile.bad-value", "ttl takes one number of seconds");
      auto ttl = number(option.args[0], 0, 3600, "ttl");  // the plugin's own bounds
      if (!ttl) return ttl.error();
      config.ttl = *ttl;
    } else if (name == "fallthrough") {
      config.fallthrough_zones = option.args.empty() ? std::vector<std::string>{"."} : zones(option.args, 0);
    } else if (name == "ignore") {
      if (option.args.size() != 1 || option.args[0].text != "empty_service")
        return at(option.args.empty() ? option.name : option.args[0], "corefile.bad-value", "ignore takes empty_service");
      config.ignore_empty_service = true;
    } else if (name == "noendpoints") {
      if (!option.args.empty()) return at(option.args[0], "corefile.bad-value", "noendpoints takes no arguments");
      config.no_endpoints = true;
    } else {
      return not_modelled(option.name, "the kubernetes plugin's option");
    }
  }
  return std::nullopt;
}

Result<std::vector<std::string>> forward_targets(const Directive& d) {
  if (d.args.size() < 2) return at(d.name, "corefile.bad-value", "forward needs a zone and at least one target");
  // max_concurrent only matters under load; the lab's clients ask one query at a time.
  for (const auto& option : d.block) {
    if (option.name.text != "max_concurrent") return not_modelled(option.name, "the forward plugin's option");
    if (option.args.size() != 1) return at(option.name, "corefile.bad-value", "max_concurrent takes one number");
    if (auto limit = number(option.args[0], 1, 1000000, "max_concurrent"); !limit) return limit.error();
  }
  std::vector<std::string> targets;
  for (size_t i = 1; i < d.args.size(); ++i) targets.push_back(d.args[i].text);
  return targets;
}

std::optional<Diagnostic> read_cache(const Directive& d, CorefileConfig& config) {
  config.cache = true;
  if (!d.args.empty()) {
    auto cap = number(d.args[0], 0, 86400 * 7, "the cache TTL");
    if (!cap) return cap.error();
    config.cache_ttl_cap = *cap;
  }
  for (const auto& option : d.block) {
    if (option.name.text != "disable") return not_modelled(option.name, "the cache plugin's option");
    if (option.args.empty() || (option.args[0].text != "success" && option.args[0].text != "denial"))
      return at(option.args.empty() ? option.name : option.args[0], "corefile.bad-value", "disable takes success or denial, then zones");
    auto& list = option.args[0].text == "success" ? config.cache_disable_success : config.cache_disable_denial;
    const auto listed = zones(option.args, 1);
    list.insert(list.end(), listed.begin(), listed.end());
  }
  return std::nullopt;
}

}  // namespace

const char* pods_mode_name(PodsMode mode) {
  switch (mode) {
    case PodsMode::Disabled: return "disabled";
    case PodsMode::Insecure: return "insecure";
    case PodsMode::Verified: return "verified";
  }
  return "?";
}

std::string kubeadm_corefile(std::string_view cluster_domain) {
  const std::string domain(cluster_domain);
  return ".:53 {\n"
         "    errors\n"
         "    health {\n"
         "       lameduck 5s\n"
         "    }\n"
         "    ready\n"
         "    kubernetes " + domain + " in-addr.arpa ip6.arpa {\n"
         "       pods insecure\n"
         "       fallthrough in-addr.arpa ip6.arpa\n"
         "       ttl 30\n"
         "    }\n"
         "    prometheus :9153\n"
         "    forward . /etc/resolv.conf {\n"
         "       max_concurrent 1000\n"
         "    }\n"
         "    cache 30 {\n"
         "       disable success " + domain + "\n"
         "       disable denial " + domain + "\n"
         "    }\n"
         "    loop\n"
         "    reload\n"
         "    loadbalance\n"
         "}\n";
}

Result<CorefileConfig> parse_corefile(std::string_view text) {
  auto tokens = tokenize(text);
  if (!tokens) return tokens.diagnostics();
  auto tree = Parser(std::move(*tokens)).directives(nullptr);
  if (!tree) return tree.diagnostics();
  CorefileConfig config;
  config.kubernetes_zones.clear();  // only what the text says
  config.forward_to.clear();
  for (const auto& server : *tree) {
    // A server block is its addresses ("name" + args of the top-level directive) and a body.
    std::vector<Token> keys = server.args;
    keys.insert(keys.begin(), server.name);
    if (server.block.empty() && server.args.empty())
      return at(server.name, "corefile.syntax", "expected a server block: \"" + server.name.text + " { ... }\"");
    std::vector<std::string> block_zones;
    for (const auto& key : keys) block_zones.push_back(zone_of(key.text));
    const bool root = std::find(block_zones.begin(), block_zones.end(), ".") != block_zones.end();
    for (const auto& directive : server.block) {
      const std::string& name = directive.name.text;
      if (root) config.plugins.push_back(name);
      if (name == "kubernetes" && root) {
        if (auto bad = read_kubernetes(directive, block_zones, config)) return *bad;
      } else if (name == "forward") {
        auto targets = forward_targets(directive);
        if (!targets) return targets.diagnostics();
        if (root) config.forward_to = *targets;
        else for (const auto& zone : block_zones) config.stub_domains[zone] = *targets;
      } else if (name == "cache" && root) {
        if (auto bad = read_cache(directive, config)) return *bad;
      } else if (name == "cache") {
        // A stub domain's own cache: a TTL cap for that block's answers.
        if (!directive.block.empty()) return not_modelled(directive.block[0].name, "in a stub-domain block, the cache plugin's option");
        uint32_t cap = 3600;
        if (!directive.args.empty()) {
          auto parsed = number(directive.args[0], 0, 86400 * 7, "the cache TTL");
          if (!parsed) return parsed.error();
          cap = *parsed;
        }
        for (const auto& zone : block_zones) config.stub_cache_caps[zone] = cap;
      } else if (name == "loadbalance" && root) {
        if (!directive.args.empty() && directive.args[0].text != "round_robin")
          return at(directive.args[0], "corefile.bad-value", "loadbalance takes round_robin");
        config.loadbalance = true;
      } else if (!answer_neutral(name)) {
        if (!known_directive(name))
          return at(directive.name, "corefile.unknown-directive", "Unknown directive '" + name + "'");
        return not_modelled(directive.name, root ? "the plugin" : "in a stub-domain block, the plugin");
      }
    }
  }
  return config;
}

}  // namespace podlab::k8s
