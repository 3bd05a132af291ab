// Several programs write one table (kube-proxy and flanneld both write nat and filter): what
// iptables-save prints is their rules together, each chain's rules in one run.
#include <algorithm>

#include "core/net/netfilter.h"

namespace podlab::net {

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end == std::string::npos ? text.size() : end + 1;
  }
  return lines;
}

std::string chain_of_rule(const std::string& line) {
  const size_t end = line.find(' ', 3);
  return line.substr(3, end - 3);
}

}  // namespace

std::string merge_iptables_table(const std::string& first, const std::string& second) {
  std::vector<std::string> out = lines_of(first);
  const auto commit = std::find(out.begin(), out.end(), "COMMIT");
  if (commit == out.end()) return first + second;
  for (const std::string& line : lines_of(second)) {
    if (line.starts_with(":")) {
      // A new chain's declaration goes after the last one; a built-in chain is declared already.
      const std::string name = line.substr(1, line.find(' ') - 1);
      const bool declared = std::any_of(out.begin(), out.end(), [&](const std::string& existing) {
        return existing.starts_with(":" + name + " ");
      });
      if (declared) continue;
      auto last_declaration = std::find_if(out.rbegin(), out.rend(), [](const std::string& l) { return l.starts_with(":"); });
      out.insert(last_declaration.base(), line);
    } else if (line.starts_with("-A ")) {
      // After the chain's last rule, or, for a chain with none yet, before COMMIT.
      const std::string chain = chain_of_rule(line);
      auto last_rule = std::find_if(out.rbegin(), out.rend(), [&](const std::string& l) {
        return l.starts_with("-A ") && chain_of_rule(l) == chain;
      });
      if (last_rule != out.rend()) out.insert(last_rule.base(), line);
      else out.insert(std::find(out.begin(), out.end(), "COMMIT"), line);
    }
  }
  std::string text;
  for (const std::string& line : out) text += line + "\n";
  return text;
}

}  // namespace podlab::net
