#include "core/lab/lesson_format.h"

#include <algorithm>
#include <set>

#include "core/base/sha256.h"
#include "core/k8s/manifest_decoder.h"
#include "core/k8s/yaml_tree.h"
#include "core/lab/pattern_check.h"

namespace podlab::lab {

using k8s::field_path;
using k8s::item_path;
using k8s::ManifestDecoder;
using k8s::YamlNode;

const char* language_code(Language language) { return language == Language::Vietnamese ? "vi" : "en"; }

std::string Reference::to_string() const {
  switch (kind) {
    case Kind::Pod: return "pod " + (namespace_name == "default" ? name : namespace_name + "/" + name);
    case Kind::Node: return "node " + name;
    case Kind::Address: return address.to_string();
  }
  return name;
}

namespace {

std::optional<net::DnsRcode> rcode_from_name(const std::string& text) {
  for (int value = 0; value <= 5; ++value) {
    const auto rcode = static_cast<net::DnsRcode>(value);
    if (net::dns_rcode_name(rcode) == text) return rcode;
  }
  return std::nullopt;
}

std::optional<HopAction> hop_action_from_name(const std::string& text) {
  for (int value = 0; value <= static_cast<int>(HopAction::Drop); ++value) {
    const auto action = static_cast<HopAction>(value);
    if (text == hop_action_name(action)) return action;
  }
  return std::nullopt;
}

// Reads the lesson and exercise files: the same ManifestDecoder as manifests, with the readers
// for the fields only lessons have (texts in two languages, console lines, checks).
class FormatReader {
 public:
  FormatReader(const std::string& file, std::vector<Diagnostic>& diagnostics) : decoder_(file, diagnostics) {}
  ManifestDecoder& decoder() { return decoder_; }

  // {en: ..., vi: ...}, both present and non-empty.
  void text(const YamlNode& parent, std::string_view key, const std::string& path, LocalizedText& out,
            bool required = true) {
    const YamlNode* node = parent.find(key);
    const std::string here = field_path(path, key);
    if (!node || node->is_null()) {
      if (required) decoder_.required(parent, here, "a text in both languages: {en: \"...\", vi: \"...\"}");
      return;
    }
    text_value(*node, here, out);
  }

  void text_value(const YamlNode& node, const std::string& path, LocalizedText& out) {
    if (!node.is_mapping()) {
      decoder_.report_at(node, "lesson.text-languages",
                         path + ": expected a text in both languages, {en: \"...\", vi: \"...\"}, got " +
                             k8s::describe_node(node));
      return;
    }
    decoder_.expect_fields(node, path, {"en", "vi"});
    for (const auto& [code, target] : {std::pair{"en", &out.en}, std::pair{"vi", &out.vi}}) {
      const YamlNode* value = node.find(code);
      const std::string language = code == std::string("en") ? "English" : "Vietnamese";
      if (!value || value->is_null()) {
        decoder_.report_at(node, "lesson.missing-translation",
                           field_path(path, code) + ": Required value: the " + language + " text is missing");
        continue;
      }
      if (!decoder_.as_string(*value, field_path(path, code), *target)) continue;
      if (target->find_first_not_of(" \t\n") == std::string::npos)
        decoder_.report_at(*value, "lesson.missing-translation",
                           field_path(path, code) + ": the " + language + " text is empty");
    }
  }

  std::vector<LocalizedText> texts(const YamlNode& parent, std::string_view key, const std::string& path) {
    std::vector<LocalizedText> out;
    const YamlNode* list = decoder_.list(parent, key, path);
    if (!list) return out;
    for (size_t i = 0; i < list->children.size(); ++i) {
      out.emplace_back();
      text_value(list->children[i], item_path(field_path(path, key), i), out.back());
    }
    return out;
  }

  // A list of console lines; a line with ": " in it reads as a mapping unless quoted.
  std::vector<std::string> lines(const YamlNode& parent, std::string_view key, const std::string& path) {
    std::vector<std::string> out;
    const YamlNode* list = decoder_.list(parent, key, path);
    if (!list) return out;
    for (size_t i = 0; i < list->children.size(); ++i) {
      const YamlNode& item = list->children[i];
      const std::string here = item_path(field_path(path, key), i);
      if (item.is_mapping()) {
        decoder_.report_at(item, "lesson.line-not-text",
                           here + ": expected a console line, got a mapping (a line containing \": \" must be quoted)");
        continue;
      }
      if (item.is_scalar() && !item.is_null()) {
        out.push_back(item.value);  // numbers and words alike are the line's text
        continue;
      }
      decoder_.wrong_type(item, here, "a console line");
    }
    return out;
  }

  void text_tests(const YamlNode& node, const std::string& path, std::vector<TextTest>& out) {
    if (node.is_sequence()) {
      for (size_t i = 0; i < node.children.size(); ++i) text_tests(node.children[i], item_path(path, i), out);
      return;
    }
    if (!decoder_.expect_fields(node, path, {"contains", "matches", "lacks"})) return;
    if (node.children.size() != 1) {
      decoder_.report_at(node, "lesson.text-test", path + ": expected one of contains, matches or lacks");
      return;
    }
    const YamlNode& value = node.children[0];
    TextTest test;
    test.kind = value.key == "contains" ? TextTest::Kind::Contains
                : value.key == "matches" ? TextTest::Kind::Matches
                                         : TextTest::Kind::Lacks;
    if (!value.is_scalar() || value.is_null()) {
      decoder_.wrong_type(value, field_path(path, value.key), "a string");
      return;
    }
    test.text = value.value;
    if (test.kind == TextTest::Kind::Matches) {
      if (auto problem = pattern_problem(test.text)) {
        decoder_.report_at(value, "lesson.bad-regex",
                           field_path(path, "matches") + ": " + k8s::quoted(test.text) + " is not a regular expression: " + *problem);
        return;
      }
    }
    out.push_back(std::move(test));
  }

  std::optional<Reference> reference(const YamlNode& node, const std::string& path, bool address_allowed) {
    if (node.is_scalar() && address_allowed) {
      if (auto address = Ipv4Address::parse(node.value)) return Reference{Reference::Kind::Address, "", "", *address};
      decoder_.invalid_value(node, path, "expected an IP address, {pod: NAME} or {node: NAME}");
      return std::nullopt;
    }
    if (!decoder_.expect_fields(node, path, {"pod", "node"})) return std::nullopt;
    if (node.children.size() != 1) {
      decoder_.report_at(node, "lesson.reference", path + ": expected {pod: NAME} or {node: NAME}");
      return std::nullopt;
    }
    const YamlNode& value = node.children[0];
    Reference reference;
    if (!decoder_.as_string(value, field_path(path, value.key), reference.name)) return std::nullopt;
    if (value.key == "node") {
      reference.kind = Reference::Kind::Node;
      reference.namespace_name.clear();
    } else if (const size_t slash = reference.name.find('/'); slash != std::string::npos) {
      reference.namespace_name = reference.name.substr(0, slash);
      reference.name = reference.name.substr(slash + 1);
    }
    return reference;
  }

  void trace(const YamlNode& node, const std::string& path, TraceTest& out) {
    if (!decoder_.expect_fields(node, path, {"reaches", "source", "destination", "through", "action", "rule"})) return;
    if (const YamlNode* value = node.find("reaches")) out.reaches = reference(*value, field_path(path, "reaches"), false);
    if (const YamlNode* value = node.find("source")) out.source = reference(*value, field_path(path, "source"), true);
    if (const YamlNode* value = node.find("destination"))
      out.destination = reference(*value, field_path(path, "destination"), true);
    if (const YamlNode* through = decoder_.mapping(node, "through", path)) {
      const std::string here = field_path(path, "through");
      decoder_.expect_fields(*through, here, {"node", "device"});
      std::string text;
      if (decoder_.read(*through, "node", here, text)) out.through_node = text;
      if (decoder_.read(*through, "device", here, text)) out.through_device = text;
      if (!out.through_node && !out.through_device) decoder_.required(*through, here + ".node", "node, device or both");
    }
    std::string action;
    if (decoder_.read(node, "action", path, action)) {
      out.action = hop_action_from_name(action);
      if (!out.action)
        decoder_.invalid_value(*node.find("action"), field_path(path, "action"),
                               "a hop action: send, route, arp, transmit, receive, bridge, encapsulate, decapsulate, "
                               "forward, deliver, netfilter, conntrack or drop");
    }
    if (const YamlNode* rule = node.find("rule")) text_tests(*rule, field_path(path, "rule"), out.rule);
  }

  std::optional<net::DnsRcode> rcode(const YamlNode& parent, const std::string& path) {
    std::string text;
    if (!decoder_.read(parent, "rcode", path, text)) return std::nullopt;
    auto value = rcode_from_name(text);
    if (!value)
      decoder_.invalid_value(*parent.find("rcode"), field_path(path, "rcode"),
                             "an answer code: NOERROR, FORMERR, SERVFAIL, NXDOMAIN, NOTIMP or REFUSED");
    return value;
  }

  void dns(const YamlNode& node, const std::string& path, DnsTest& out) {
    if (!decoder_.expect_fields(node, path, {"query", "rcode"})) return;
    if (const YamlNode* query = decoder_.mapping(node, "query", path)) {
      const std::string here = field_path(path, "query");
      decoder_.expect_fields(*query, here, {"name", "rcode"});
      std::string name;
      if (decoder_.read(*query, "name", here, name)) out.query_name = name;
      else decoder_.required(*query, here + ".name");
      out.query_rcode = rcode(*query, here);
    }
    out.rcode = rcode(node, path);
  }

  void model(const YamlNode& node, const std::string& path, ModelTest& out) {
    if (!decoder_.expect_fields(node, path, {"pod", "route", "service"})) return;
    if (const YamlNode* pod = decoder_.mapping(node, "pod", path)) {
      const std::string here = field_path(path, "pod");
      decoder_.expect_fields(*pod, here, {"name", "namespace", "phase", "node", "ip_unchanged"});
      PodFact fact;
      if (!decoder_.read(*pod, "name", here, fact.name)) decoder_.required(*pod, here + ".name");
      decoder_.read(*pod, "namespace", here, fact.namespace_name);
      std::string text;
      if (decoder_.read(*pod, "phase", here, text)) {
        if (text != "Pending" && text != "Running" && text != "Succeeded" && text != "Failed")
          decoder_.invalid_value(*pod->find("phase"), here + ".phase", "a pod phase: Pending, Running, Succeeded or Failed");
        fact.phase = text;
      }
      if (decoder_.read(*pod, "node", here, text)) fact.node = text;
      decoder_.read(*pod, "ip_unchanged", here, fact.ip_unchanged);
      out.pod = fact;
    }
    if (const YamlNode* route = decoder_.mapping(node, "route", path)) {
      const std::string here = field_path(path, "route");
      decoder_.expect_fields(*route, here, {"node", "to", "dev", "via"});
      RouteFact fact;
      if (!decoder_.read(*route, "node", here, fact.node)) decoder_.required(*route, here + ".node");
      std::string text;
      if (decoder_.read(*route, "to", here, text)) {
        auto cidr = text == "default" ? std::optional<Ipv4Cidr>(Ipv4Cidr::any()) : Ipv4Cidr::parse(text);
        if (cidr) fact.to = cidr->canonical();
        else decoder_.invalid_value(*route->find("to"), here + ".to", "a CIDR such as 10.244.2.0/24, or default");
      } else {
        decoder_.required(*route, here + ".to");
      }
      if (decoder_.read(*route, "dev", here, text)) fact.dev = text;
      if (decoder_.read(*route, "via", here, text)) {
        fact.via = Ipv4Address::parse(text);
        if (!fact.via) decoder_.invalid_value(*route->find("via"), here + ".via", "an IPv4 address");
      }
      out.route = fact;
    }
    if (const YamlNode* service = decoder_.mapping(node, "service", path)) {
      const std::string here = field_path(path, "service");
      decoder_.expect_fields(*service, here, {"name", "namespace", "endpoints"});
      ServiceFact fact;
      if (!decoder_.read(*service, "name", here, fact.name)) decoder_.required(*service, here + ".name");
      decoder_.read(*service, "namespace", here, fact.namespace_name);
      int endpoints = 0;
      if (decoder_.read(*service, "endpoints", here, endpoints)) fact.endpoints = endpoints;
      out.service = fact;
    }
  }

  Check check(const YamlNode& node, const std::string& path) {
    Check out;
    out.line = node.line;
    if (!decoder_.expect_fields(node, path,
                                {"run", "command", "ok", "output", "delivered", "trace", "dns", "model"}))
      return out;
    std::string text;
    if (decoder_.read(node, "run", path, text)) out.run = text;
    if (decoder_.read(node, "command", path, text)) {
      auto words = text;
      size_t at = 0;
      while (at < words.size()) {
        const size_t start = words.find_first_not_of(' ', at);
        if (start == std::string::npos) break;
        const size_t end = std::min(words.find(' ', start), words.size());
        out.command.push_back(words.substr(start, end - start));
        at = end;
      }
      if (out.run) decoder_.report_at(*node.find("command"), "lesson.check-run-and-command",
                                      field_path(path, "command") + ": a check with run tests that line; command only applies without run");
    }
    bool flag = false;
    if (decoder_.read(node, "ok", path, flag)) out.ok = flag;
    if (decoder_.read(node, "delivered", path, flag)) out.delivered = flag;
    if (const YamlNode* output = node.find("output")) text_tests(*output, field_path(path, "output"), out.output);
    if (const YamlNode* trace = decoder_.mapping(node, "trace", path)) {
      out.trace.emplace();
      this->trace(*trace, field_path(path, "trace"), *out.trace);
    }
    if (const YamlNode* dns = decoder_.mapping(node, "dns", path)) {
      out.dns.emplace();
      this->dns(*dns, field_path(path, "dns"), *out.dns);
    }
    if (const YamlNode* model = decoder_.mapping(node, "model", path)) {
      out.model.emplace();
      this->model(*model, field_path(path, "model"), *out.model);
    }
    if (!out.tests_result() && !out.model)
      decoder_.report_at(node, "lesson.empty-check",
                         path + ": a check needs something to test: ok, output, delivered, trace, dns or model");
    return out;
  }

  std::vector<Goal> goals(const YamlNode& parent, const std::string& path) {
    std::vector<Goal> out;
    const YamlNode* list = decoder_.list(parent, "goals", path);
    const std::string here = field_path(path, "goals");
    if (!list || list->children.empty()) {
      decoder_.required(list ? *list : parent, here, "at least one goal: {text: {en, vi}, check: {...}}");
      return out;
    }
    for (size_t i = 0; i < list->children.size(); ++i) {
      const YamlNode& item = list->children[i];
      const std::string item_here = item_path(here, i);
      if (!decoder_.expect_fields(item, item_here, {"text", "check"})) continue;
      Goal goal;
      text(item, "text", item_here, goal.text);
      if (const YamlNode* check = decoder_.mapping(item, "check", item_here))
        goal.check = this->check(*check, field_path(item_here, "check"));
      else
        decoder_.required(item, field_path(item_here, "check"));
      out.push_back(std::move(goal));
    }
    return out;
  }

  // apiVersion, kind and metadata.name (which must be the folder's name); the spec mapping.
  const YamlNode* header(const YamlNode& root, const std::string& kind, const std::string& folder_id) {
    if (!decoder_.expect_fields(root, "", {"apiVersion", "kind", "metadata", "spec"})) return nullptr;
    std::string text;
    if (!decoder_.read(root, "apiVersion", "", text)) decoder_.required(root, "apiVersion", "podlab.dev/v1");
    else if (text != "podlab.dev/v1") decoder_.invalid_value(*root.find("apiVersion"), "apiVersion", "expected podlab.dev/v1");
    text.clear();
    if (!decoder_.read(root, "kind", "", text)) decoder_.required(root, "kind", kind);
    else if (text != kind) decoder_.invalid_value(*root.find("kind"), "kind", "expected " + kind);
    if (const YamlNode* metadata = decoder_.mapping(root, "metadata", "")) {
      decoder_.expect_fields(*metadata, "metadata", {"name"});
      std::string name;
      if (!decoder_.read(*metadata, "name", "metadata", name)) decoder_.required(*metadata, "metadata.name");
      else if (name != folder_id)
        decoder_.invalid_value(*metadata->find("name"), "metadata.name", "must be the folder's name, " + k8s::quoted(folder_id));
    } else {
      decoder_.required(root, "metadata");
    }
    const YamlNode* spec = decoder_.mapping(root, "spec", "");
    if (!spec) decoder_.required(root, "spec");
    return spec;
  }

 private:
  ManifestDecoder decoder_;
};

// The one document of FOLDER/NAME, or diagnostics.
Result<YamlNode> read_document(const std::string& folder_id, const FolderFiles& files, const std::string& name) {
  const std::string file = folder_id + "/" + name;
  const auto found = files.find(name);
  if (found == files.end()) return Diagnostic{"lesson.missing-file", "the folder has no " + name, {file, 0, 0}};
  auto documents = k8s::parse_yaml(found->second, file);
  if (!documents) return documents.diagnostics();
  if (documents->size() != 1)
    return Diagnostic{"lesson.documents", name + " must hold exactly one YAML document", {file, 1, 1}};
  return std::move((*documents)[0].root);
}

void check_unique_id(ManifestDecoder& decoder, std::set<std::string>& seen, const YamlNode& item,
                     const std::string& path, const std::string& id) {
  if (id.empty()) return;
  if (!seen.insert(id).second) decoder.invalid_value(*item.find("id"), field_path(path, "id"), "another item already has this id");
}

}  // namespace

Result<Lesson> load_lesson(const std::string& folder_id, const FolderFiles& files) {
  auto root = read_document(folder_id, files, "lesson.yaml");
  if (!root) return root.diagnostics();
  std::vector<Diagnostic> diagnostics;
  FormatReader reader(folder_id + "/lesson.yaml", diagnostics);
  ManifestDecoder& decoder = reader.decoder();
  Lesson lesson;
  lesson.id = folder_id;
  lesson.files = files;
  const YamlNode* spec = reader.header(*root, "Lesson", folder_id);
  if (spec) {
    decoder.expect_fields(*spec, "spec", {"title", "summary", "minutes", "section", "start", "steps"});
    reader.text(*spec, "title", "spec", lesson.title);
    reader.text(*spec, "summary", "spec", lesson.summary);
    decoder.read(*spec, "minutes", "spec", lesson.minutes);
    decoder.read(*spec, "section", "spec", lesson.section);
    lesson.start = reader.lines(*spec, "start", "spec");
    const YamlNode* steps = decoder.list(*spec, "steps", "spec");
    if (!steps || steps->children.empty()) decoder.required(steps ? *steps : *spec, "spec.steps", "at least one step");
    std::set<std::string> ids;
    for (size_t i = 0; steps && i < steps->children.size(); ++i) {
      const YamlNode& item = steps->children[i];
      const std::string path = item_path("spec.steps", i);
      if (!decoder.expect_fields(item, path, {"id", "text", "action", "question", "goals", "hints", "solution"})) continue;
      Step step;
      if (!decoder.read(item, "id", path, step.id)) decoder.required(item, field_path(path, "id"));
      check_unique_id(decoder, ids, item, path, step.id);
      reader.text(item, "text", path, step.text);
      step.action = reader.lines(item, "action", path);
      if (const YamlNode* question = decoder.mapping(item, "question", path)) {
        const std::string here = field_path(path, "question");
        decoder.expect_fields(*question, here, {"prompt", "choices", "answer", "explain"});
        Question value;
        reader.text(*question, "prompt", here, value.prompt);
        value.choices = reader.texts(*question, "choices", here);
        if (value.choices.size() < 2) decoder.required(*question, field_path(here, "choices"), "at least two choices");
        if (!decoder.read(*question, "answer", here, value.answer)) {
          decoder.required(*question, field_path(here, "answer"), "the index of the right choice, from 0");
        } else if (value.answer < 0 || value.answer >= static_cast<int>(value.choices.size())) {
          decoder.invalid_value(*question->find("answer"), field_path(here, "answer"),
                                "the index of a choice, from 0 to " + std::to_string(value.choices.size() - 1));
        }
        reader.text(*question, "explain", here, value.explain);
        step.question = std::move(value);
      }
      step.goals = reader.goals(item, path);
      step.hints = reader.texts(item, "hints", path);
      step.solution = reader.lines(item, "solution", path);
      if (step.solution.empty()) decoder.required(item, field_path(path, "solution"), "the console lines that meet the goals");
      lesson.steps.push_back(std::move(step));
    }
  }
  if (!diagnostics.empty()) return diagnostics;
  return lesson;
}

Result<Exercise> load_exercise(const std::string& folder_id, const FolderFiles& files) {
  auto root = read_document(folder_id, files, "exercise.yaml");
  if (!root) return root.diagnostics();
  std::vector<Diagnostic> diagnostics;
  FormatReader reader(folder_id + "/exercise.yaml", diagnostics);
  ManifestDecoder& decoder = reader.decoder();
  Exercise exercise;
  exercise.id = folder_id;
  exercise.files = files;
  exercise.files_sha256 = folder_sha256(files);
  const YamlNode* spec = reader.header(*root, "Exercise", folder_id);
  if (spec) {
    decoder.expect_fields(*spec, "spec", {"title", "summary", "minutes", "timeLimitMinutes", "faultFinding", "start",
                                          "locked", "tasks"});
    reader.text(*spec, "title", "spec", exercise.title);
    reader.text(*spec, "summary", "spec", exercise.summary);
    decoder.read(*spec, "minutes", "spec", exercise.minutes);
    int limit = 0;
    if (decoder.read(*spec, "timeLimitMinutes", "spec", limit)) {
      if (limit <= 0) decoder.invalid_value(*spec->find("timeLimitMinutes"), "spec.timeLimitMinutes", "must be positive");
      exercise.time_limit_minutes = limit;
    }
    decoder.read(*spec, "faultFinding", "spec", exercise.fault_finding);
    exercise.start = reader.lines(*spec, "start", "spec");
    const YamlNode* locked = decoder.list(*spec, "locked", "spec");
    for (size_t i = 0; locked && i < locked->children.size(); ++i) {
      const YamlNode& item = locked->children[i];
      const std::string path = item_path("spec.locked", i);
      if (!decoder.expect_fields(item, path, {"kind", "namespace", "name"})) continue;
      LockedObject object;
      if (!decoder.read(item, "kind", path, object.kind)) decoder.required(item, field_path(path, "kind"));
      static const std::vector<std::string> kinds = {"Service", "Pod", "Deployment", "ReplicaSet", "ConfigMap",
                                                     "Namespace", "Node"};
      if (!object.kind.empty() && std::find(kinds.begin(), kinds.end(), object.kind) == kinds.end())
        decoder.invalid_value(*item.find("kind"), field_path(path, "kind"),
                              "one of Service, Pod, Deployment, ReplicaSet, ConfigMap, Namespace, Node");
      if (object.kind == "Namespace" || object.kind == "Node") object.namespace_name.clear();
      decoder.read(item, "namespace", path, object.namespace_name);
      if (!decoder.read(item, "name", path, object.name)) decoder.required(item, field_path(path, "name"));
      exercise.locked.push_back(std::move(object));
    }
    const YamlNode* tasks = decoder.list(*spec, "tasks", "spec");
    if (!tasks || tasks->children.empty()) decoder.required(tasks ? *tasks : *spec, "spec.tasks", "at least one task");
    std::set<std::string> ids;
    for (size_t i = 0; tasks && i < tasks->children.size(); ++i) {
      const YamlNode& item = tasks->children[i];
      const std::string path = item_path("spec.tasks", i);
      if (!decoder.expect_fields(item, path, {"id", "text", "points", "goals", "hints", "solution"})) continue;
      Task task;
      if (!decoder.read(item, "id", path, task.id)) decoder.required(item, field_path(path, "id"));
      check_unique_id(decoder, ids, item, path, task.id);
      reader.text(item, "text", path, task.text);
      if (!decoder.read(item, "points", path, task.points)) decoder.required(item, field_path(path, "points"));
      else if (task.points <= 0) decoder.invalid_value(*item.find("points"), field_path(path, "points"), "must be positive");
      task.goals = reader.goals(item, path);
      task.hints = reader.texts(item, "hints", path);
      task.solution = reader.lines(item, "solution", path);
      if (task.solution.empty()) decoder.required(item, field_path(path, "solution"), "the console lines that meet the goals");
      exercise.tasks.push_back(std::move(task));
    }
  }
  if (!diagnostics.empty()) return diagnostics;
  return exercise;
}

std::string folder_sha256(const FolderFiles& files) {
  std::string all;
  for (const auto& [name, text] : files) {  // a std::map: sorted by name
    all += name;
    all += '\0';
    all += std::to_string(text.size());
    all += '\0';
    all += text;
  }
  return sha256_hex(all);
}

}  // namespace podlab::lab
