// Several programs write one table (kube-proxy and flanneld both write nat and filter): what
// iptables-save prints is their rules together, each chain's rules in one run.
#include <algorithm>
#include <map>
#include <string_view>

#include "core/net/netfilter.h"

namespace podlab::net {

namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    start = end == std::string_view::npos ? text.size() : end + 1;
  }
  return lines;
}

std::string_view chain_of_rule(std::string_view line) {
  const size_t end = line.find(' ', 3);
  return line.substr(3, end == std::string_view::npos ? std::string_view::npos : end - 3);
}

std::string_view declared_name(std::string_view line) { return line.substr(1, line.find(' ') - 1); }

}  // namespace

// One pass over each table (they can hold hundreds of thousands of rules): where `second`'s lines go
// is worked out first, then the text is written once.
std::string merge_iptables_table(const std::string& first, const std::string& second) {
  const std::vector<std::string_view> out = lines_of(first);
  const auto commit = std::find(out.begin(), out.end(), "COMMIT");
  if (commit == out.end()) return first + second;
  const std::vector<std::string_view> added = lines_of(second);
  // Only the chains `second` names are looked up in `first` (which can be long).
  std::map<std::string_view, bool> declared;      // chain `second` declares -> declared already
  std::map<std::string_view, size_t> last_rule;  // chain `second` adds to -> index of its last rule in `first`
  for (std::string_view line : added) {
    if (line.starts_with(":")) declared.emplace(declared_name(line), false);
    if (line.starts_with("-A ")) last_rule.emplace(chain_of_rule(line), out.size());
  }
  size_t last_declaration = 0;  // insert new declarations before this index
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i].starts_with(":")) {
      if (auto found = declared.find(declared_name(out[i])); found != declared.end()) found->second = true;
      last_declaration = i + 1;
    } else if (out[i].starts_with("-A ")) {
      if (auto found = last_rule.find(chain_of_rule(out[i])); found != last_rule.end()) found->second = i;
    }
  }
  std::vector<std::string_view> new_declarations;
  std::map<size_t, std::vector<std::string_view>> after;  // index in `first` -> rules that follow it
  std::vector<std::pair<std::string_view, std::vector<std::string_view>>> new_chains;  // rules before COMMIT
  for (std::string_view line : added) {
    if (line.starts_with(":")) {
      // A new chain's declaration goes after the last one; a built-in chain is declared already.
      bool& seen = declared[declared_name(line)];
      if (!seen) new_declarations.push_back(line);
      seen = true;
    } else if (line.starts_with("-A ")) {
      // After the chain's last rule, or, for a chain with none yet, before COMMIT (grouped by chain).
      const std::string_view chain = chain_of_rule(line);
      if (auto found = last_rule.find(chain); found != last_rule.end() && found->second < out.size()) {
        after[found->second].push_back(line);
        continue;
      }
      auto group = std::find_if(new_chains.begin(), new_chains.end(), [&](const auto& g) { return g.first == chain; });
      if (group == new_chains.end()) group = new_chains.insert(new_chains.end(), {chain, {}});
      group->second.push_back(line);
    }
  }
  std::string text;
  text.reserve(first.size() + second.size() + 1);
  auto write = [&](std::string_view line) {
    text += line;
    text += '\n';
  };
  const size_t commit_index = static_cast<size_t>(commit - out.begin());
  for (size_t i = 0; i <= out.size(); ++i) {
    if (i == last_declaration)
      for (std::string_view line : new_declarations) write(line);
    if (i == commit_index)
      for (const auto& group : new_chains)
        for (std::string_view line : group.second) write(line);
    if (i == out.size()) break;
    write(out[i]);
    if (auto rules = after.find(i); rules != after.end())
      for (std::string_view line : rules->second) write(line);
  }
  return text;
}

}  // namespace podlab::net
