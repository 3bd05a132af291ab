#include "core/lab/session.h"

#include <algorithm>

#include "core/k8s/cluster.h"
#include "core/k8s/kubelet.h"
#include "core/k8s/object_json.h"
#include "core/k8s/services.h"
#include "core/lab/catalog.h"
#include "core/lab/checks.h"
#include "core/lab/commands.h"
#include "core/lab/text.h"

namespace podlab::lab {

namespace {

// A line written as a shell here-document, "kubectl apply -f - <<EOF", its input, and a last line
// "EOF": the command without the marker, and the input without the terminator.
void strip_here_document(std::string& first_line, std::string& input) {
  const size_t marker = first_line.find("<<");
  if (marker == std::string::npos) return;
  std::string terminator = first_line.substr(marker + 2);
  if (!terminator.empty() && terminator.front() == '-') terminator.erase(0, 1);
  std::erase_if(terminator, [](char c) { return c == ' ' || c == '\'' || c == '"'; });
  if (terminator.empty() || terminator.find_first_of("<>|&;") != std::string::npos) return;
  first_line.erase(marker);
  while (!first_line.empty() && first_line.back() == ' ') first_line.pop_back();
  while (!input.empty() && input.back() == '\n') input.pop_back();
  const size_t last = input.rfind('\n');
  const size_t last_start = last == std::string::npos ? 0 : last + 1;
  if (std::string_view(input).substr(last_start) == terminator) input.erase(last_start);
  else if (!input.empty()) input += '\n';
}

const char* usage_text =
    "Podlab console: the commands you would type on a real cluster.\n"
    "  kubectl apply -f FILE | get | describe | delete | run | exec POD -- CMD\n"
    "  node NODE -- ip addr | ip route | ip neigh | bridge fdb | ping | curl | traceroute\n"
    "  lab cluster | node add|delete | datapath flannel-vxlan|calico-ipip|routed|manual\n"
    "  lab tunnel add|delete | route add|delete | container restart | step | run | reset\n"
    "  lab lesson list|start ID | lab exercise list|start ID|status|submit\n";

bool is_progress_line(const std::vector<std::string>& words) {
  return words.size() >= 2 && words[0] == "lab" && (words[1] == "lesson" || words[1] == "exercise");
}

// kubectl verbs that only read (everything else may change an object).
bool is_read_only_verb(const std::string& verb) {
  for (const char* known : {"get", "describe", "exec", "logs", "explain", "api-resources", "api-versions",
                            "cluster-info", "version", "top", "config", "auth", "diff"})
    if (verb == known) return true;
  return false;
}

// The verb of a kubectl line, skipping global flags such as `-n shop`.
std::string kubectl_verb(const std::vector<std::string>& words) {
  for (size_t i = 1; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word == "-n" || word == "--namespace" || word == "--context" || word == "-s" || word == "--server") {
      ++i;
      continue;
    }
    if (!word.starts_with("-")) return word;
  }
  return "";
}

// The locked object as the API would return it (spec and metadata), or null when it does not exist.
nlohmann::json locked_state(const World& world, const LockedObject& object) {
  if (object.kind == "Service") {
    const ServiceRecord* service = k8s::find_service(world, object.namespace_name, object.name);
    return service ? k8s::to_json(service->service) : nlohmann::json();
  }
  if (object.kind == "Pod") {
    const PodRecord* pod = world.pods.get(k8s::find_pod(world, object.namespace_name, object.name));
    return pod ? k8s::to_json(pod->pod) : nlohmann::json();
  }
  if (object.kind == "ConfigMap") {
    for (const ConfigMapRecord& record : world.config_maps)
      if (record.config_map.metadata.namespace_name == object.namespace_name && record.config_map.metadata.name == object.name)
        return k8s::to_json(record.config_map);
    return nlohmann::json();
  }
  if (object.kind == "Deployment" || object.kind == "ReplicaSet") {
    const auto kind = object.kind == "Deployment" ? WorkloadRecord::Kind::Deployment : WorkloadRecord::Kind::ReplicaSet;
    for (const WorkloadRecord& record : world.workloads)
      if (record.kind == kind && record.namespace_name == object.namespace_name && record.name == object.name)
        return workload_json(record);
    return nlohmann::json();
  }
  if (object.kind == "Namespace") {
    for (const NamespaceRecord& record : world.namespaces)
      if (record.name == object.name) return nlohmann::json{{"name", record.name}, {"labels", record.labels}};
    return nlohmann::json();
  }
  const Node* node = world.nodes.get(k8s::find_node(world, object.name));
  return node ? nlohmann::json{{"name", node->name}, {"labels", node->labels}} : nlohmann::json();
}

// How kubectl names the resource in an error: services, deployments.apps.
std::string resource_name(const std::string& kind) {
  if (kind == "Deployment") return "deployments.apps";
  if (kind == "ReplicaSet") return "replicasets.apps";
  std::string lower;
  for (char c : kind) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return lower + "s";
}

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

Session::Session(const Session& from, ProbeCopy)
    : world_(from.world_), seed_(from.seed_), files_(from.files_), catalog_(from.catalog_), language_(from.language_) {}

const Catalog& Session::catalog() const {
  if (!catalog_) return *shipped_catalog();
  return *catalog_;
}

CommandResult Session::replay(const std::string& line, std::optional<int64_t> clock) {
  pinned_clock_ = clock;
  CommandResult result = run(line);
  pinned_clock_.reset();
  return result;
}

std::optional<int64_t> Session::read_clock() {
  const std::optional<int64_t> now = pinned_clock_ ? pinned_clock_ : wall_time();
  if (!history_.empty() && now) {
    history_clock_.resize(history_.size());
    history_clock_.back() = now;
  }
  return now;
}

CommandResult Session::run(const std::string& line) {
  history_.push_back(line);
  history_clock_.resize(history_.size());
  if (auto refused = locked_change(line)) {
    CommandResult result;
    result.command = line.substr(0, line.find('\n'));
    result.ok = false;
    result.output = *refused;
    history_ok_.resize(history_.size(), false);
    history_clock_.resize(history_.size());
    ++revision_;
    return result;
  }
  CommandResult result = execute(line);
  // `lab reset` emptied the history and `lab cluster init` restarted it from its own line.
  history_ok_.resize(history_.size(), result.ok);
  history_clock_.resize(history_.size());
  const auto words = split_words(result.command);
  update_progress(words && is_progress_line(*words) ? nullptr : &result);
  return result;
}

Session Session::probe(const std::string& line, CommandResult& result) const {
  Session copy(*this, ProbeCopy{});
  result = copy.execute(line);
  return copy;
}

CommandResult Session::execute(const std::string& line) {
  CommandResult result;
  const size_t newline = line.find('\n');
  std::string first_line = line.substr(0, newline);
  result.command = first_line;
  std::string input = newline == std::string::npos ? std::string() : line.substr(newline + 1);
  strip_here_document(first_line, input);
  Context context{world_, result, files_, captured_, seed_, std::move(input)};
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

void Session::forget_traffic() {
  last_traces_.clear();
  ++traffic_revision_;
  step_trace_ = 0;
  step_hop_ = 0;
}

void Session::reset_lab(std::optional<std::string> line) {
  Session fresh(seed_);
  fresh.revision_ = revision_;
  fresh.traffic_revision_ = traffic_revision_ + 1;  // the last packets are gone
  fresh.catalog_ = catalog_;
  fresh.language_ = language_;
  fresh.wall_clock_ = wall_clock_;
  fresh.pinned_clock_ = pinned_clock_;
  if (line) fresh.history_.push_back(*line);
  fresh.history_clock_.resize(fresh.history_.size());
  *this = std::move(fresh);
}

void Session::update_progress(const CommandResult* learner_line) {
  if (lesson_ && !lesson_->finished) {
    const Step& step = lesson_->current();
    for (size_t i = 0; i < step.goals.size(); ++i)
      update_goal(step.goals[i].check, lesson_->goals[i], *this, learner_line, lesson_->at_step_start);
  }
  if (exercise_) {
    const Exercise& exercise = *exercise_->exercise;
    for (size_t task = 0; task < exercise.tasks.size(); ++task)
      for (size_t i = 0; i < exercise.tasks[task].goals.size(); ++i)
        update_goal(exercise.tasks[task].goals[i].check, exercise_->goals[task][i], *this, learner_line,
                    exercise_->at_start);
  }
}

std::optional<std::string> Session::locked_change(const std::string& line) const {
  if (!exercise_ || exercise_->exercise->locked.empty()) return std::nullopt;
  const auto words = split_words(line.substr(0, line.find('\n')));
  if (!words || words->empty()) return std::nullopt;
  const std::string& program = (*words)[0];
  const bool may_change = ((program == "kubectl" || program == "k") && !is_read_only_verb(kubectl_verb(*words))) ||
                          (program == "lab" && words->size() > 2 && (*words)[1] == "node");
  if (!may_change) return std::nullopt;
  CommandResult result;
  const Session after = probe(line, result);
  for (const LockedObject& object : exercise_->exercise->locked) {
    if (locked_state(world_, object) == locked_state(after.world_, object)) continue;
    const std::string where = object.namespace_name.empty() ? "" : " in namespace \"" + object.namespace_name + "\"";
    return "Error from server (Forbidden): " + resource_name(object.kind) + " \"" + object.name + "\"" + where +
           " is locked by exercise \"" + exercise_->exercise->id +
           "\": the exercise keeps it as it is, so this change was refused\n";
  }
  return std::nullopt;
}

std::vector<CommandResult> Session::run_on_copy(const std::vector<std::string>& lines) const {
  Session copy(*this, ProbeCopy{});
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
