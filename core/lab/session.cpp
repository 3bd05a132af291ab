#include "core/lab/session.h"

#include <algorithm>

#include "core/k8s/cluster.h"
#include "core/lab/commands.h"
#include "core/lab/text.h"

namespace podlab::lab {

namespace {

const char* usage_text =
    "Podlab console: the commands you would type on a real cluster.\n"
    "  kubectl apply -f FILE | get | describe | delete | run | exec POD -- CMD\n"
    "  node NODE -- ip addr | ip route | ip neigh | bridge fdb | ping | curl | traceroute\n"
    "  lab cluster | node add|delete | datapath flannel-vxlan|calico-ipip|routed|manual\n"
    "  lab tunnel add|delete | route add|delete | container restart | step | run | reset\n";

}  // namespace

Result<Options> Options::parse(const std::vector<std::string>& words,
                               const std::vector<std::vector<std::string>>& with_value,
                               const std::vector<std::vector<std::string>>& flags) {
  Options options;
  auto canonical = [](const std::vector<std::vector<std::string>>& table, const std::string& word) -> std::string {
    for (const auto& names : table)
      if (std::find(names.begin(), names.end(), word) != names.end()) return names.back();
    return "";
  };
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word == "--") {
      options.after_dashes_.assign(words.begin() + static_cast<long>(i) + 1, words.end());
      break;
    }
    if (word.size() > 1 && word[0] == '-') {
      std::string name = word;
      std::optional<std::string> inline_value;
      if (const size_t equals = word.find('='); equals != std::string::npos) {
        name = word.substr(0, equals);
        inline_value = word.substr(equals + 1);
      }
      if (const std::string key = canonical(with_value, name); !key.empty()) {
        if (!inline_value) {
          if (i + 1 >= words.size())
            return Diagnostic{"console.missing-value", "error: flag needs an argument: " + name, {}};
          inline_value = words[++i];
        }
        options.values_[key] = *inline_value;
        continue;
      }
      if (const std::string key = canonical(flags, name); !key.empty() && !inline_value) {
        options.flags_.push_back(key);
        continue;
      }
      return Diagnostic{"console.unknown-flag", "error: unknown flag: " + name, {}};
    }
    options.positional_.push_back(word);
  }
  return options;
}

std::optional<std::string> Options::value(const std::string& name) const {
  const auto found = values_.find(name);
  if (found == values_.end()) return std::nullopt;
  return found->second;
}

bool Options::flag(const std::string& name) const {
  return std::find(flags_.begin(), flags_.end(), name) != flags_.end();
}

Session::Session(uint64_t seed) : seed_(seed) {
  auto world = k8s::make_world(k8s::ClusterSpec{}, seed);
  PODLAB_ASSERT(world.ok());  // the default cluster is always valid
  world_ = std::move(*world);
}

CommandResult Session::run(const std::string& line) {
  CommandResult result;
  const size_t newline = line.find('\n');
  const std::string first_line = line.substr(0, newline);
  result.command = first_line;
  history_.push_back(line);
  Context context{world_, result, files_, captured_, seed_,
                  newline == std::string::npos ? std::string() : line.substr(newline + 1)};
  auto words = split_words(first_line);
  if (!words) {
    context.fail("error: " + words.error().message);
    return result;
  }
  if (words->empty() || (*words)[0].starts_with("#")) return result;
  const std::string& program = (*words)[0];
  if (program == "kubectl" || program == "k") {
    run_kubectl(context, *words);
  } else if (program == "node") {
    run_node_command(context, *words);
  } else if (program == "lab") {
    run_lab_command(context, *words, *this);
  } else if (program == "help") {
    context.print(usage_text);
  } else {
    context.fail(program + ": command not found\n" + usage_text);
  }
  ++revision_;
  if (!result.traces.empty()) {
    last_traces_ = result.traces;
    ++traffic_revision_;
    step_trace_ = 0;
    step_hop_ = 0;
  }
  return result;
}

std::vector<CommandResult> Session::run_on_copy(const std::vector<std::string>& lines) const {
  Session copy(world_, seed_);
  std::vector<CommandResult> results;
  results.reserve(lines.size());
  for (const std::string& line : lines) results.push_back(copy.run(line));
  return results;
}

nlohmann::json CommandResult::to_json(const World& world) const {
  nlohmann::json json = {{"command", command}, {"ok", ok}, {"output", output}};
  if (main_trace && *main_trace < traces.size()) {
    nlohmann::json trace = trace_to_json(world, traces[*main_trace]);
    if (reply_trace && *reply_trace < traces.size()) trace["reply"] = trace_to_json(world, traces[*reply_trace]);
    json["trace"] = trace;
  }
  if (dns) {
    nlohmann::json queries = nlohmann::json::array();
    for (const DnsQueryReport& query : dns->queries) {
      nlohmann::json entry = {{"name", query.name},
                              {"type", net::dns_type_name(query.type)},
                              {"server", query.server},
                              {"id", query.id},
                              {"rcode", query.rcode ? nlohmann::json(net::dns_rcode_name(*query.rcode)) : nlohmann::json()}};
      if (!query.rcode) entry["timed_out"] = true;
      if (!query.traces.empty() && query.traces.front() < traces.size()) {
        nlohmann::json trace = trace_to_json(world, traces[query.traces.front()]);
        if (query.reply_trace && *query.reply_trace < traces.size())
          trace["reply"] = trace_to_json(world, traces[*query.reply_trace]);
        entry["trace"] = trace;
      }
      queries.push_back(std::move(entry));
    }
    json["queries"] = queries;
    json["rcode"] = dns->rcode ? nlohmann::json(net::dns_rcode_name(*dns->rcode)) : nlohmann::json();
    nlohmann::json answers = nlohmann::json::array();
    for (const net::DnsRecord& record : dns->answers)
      answers.push_back({{"name", record.name},
                         {"type", net::dns_type_name(record.type)},
                         {"ttl", record.ttl},
                         {"data", net::dns_rdata_text(record)}});
    json["answers"] = answers;
  }
  return json;
}

}  // namespace podlab::lab
