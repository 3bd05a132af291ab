// Lessons and classroom exercises as data: what `lesson.yaml` and `exercise.yaml` hold once read
// (lessons/README.md is the format for authors). A folder is read into these structs by
// load_lesson()/load_exercise(), which report every problem with its file, line and field; the
// structs are plain values the Session keeps while a lesson or exercise runs.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/base/ip.h"
#include "core/base/result.h"
#include "core/net/dns_message.h"
#include "core/net/trace.h"

namespace podlab::lab {

enum class Language { English, Vietnamese };
const char* language_code(Language language);  // "en", "vi"

// Every text a learner reads exists in English and Vietnamese.
struct LocalizedText {
  std::string en;
  std::string vi;
  const std::string& in(Language language) const { return language == Language::Vietnamese ? vi : en; }
};

// [SECTION] Checks

// A test on text: output, a netfilter hop's rules.
struct TextTest {
  enum class Kind { Contains, Matches, Lacks };
  Kind kind = Kind::Contains;
  std::string text;  // for Matches, an ECMAScript regular expression
};

// `{pod: NAME}` (NAME or NAMESPACE/NAME), `{node: NAME}`, or an IP literal. A pod or node stands for
// its IP when compared with an address, and for its network namespace when a packet must reach it.
struct Reference {
  enum class Kind { Pod, Node, Address };
  Kind kind = Kind::Pod;
  std::string namespace_name = "default";  // pods only
  std::string name;
  Ipv4Address address;  // Address only
  std::string to_string() const;  // "pod b", "node node-2", "10.244.1.3"
};

struct TraceTest {
  std::optional<Reference> reaches;      // delivered into that pod or node
  std::optional<Reference> source;       // the source IP as received
  std::optional<Reference> destination;  // the destination IP as received
  std::optional<std::string> through_node;
  std::optional<std::string> through_device;
  std::optional<HopAction> action;       // some hop did this
  std::vector<TextTest> rule;            // some netfilter hop has a rule passing all of these
};

struct DnsTest {
  std::optional<std::string> query_name;  // some query asked this name (a trailing dot is ignored)
  std::optional<net::DnsRcode> query_rcode;  // ... and got this answer code
  std::optional<net::DnsRcode> rcode;     // the answer the tool acted on
};

struct PodFact {
  std::string name;
  std::string namespace_name = "default";
  std::optional<std::string> phase;  // Running, Pending, ...
  std::optional<std::string> node;
  bool ip_unchanged = false;  // the pod has the IP it had when the step (or exercise) began
};

struct RouteFact {
  std::string node;
  Ipv4Cidr to;
  std::optional<std::string> dev;
  std::optional<Ipv4Address> via;
};

struct ServiceFact {
  std::string name;
  std::string namespace_name = "default";
  std::optional<int> endpoints;  // ready endpoints over all its EndpointSlices
};

struct ModelTest {
  std::optional<PodFact> pod;
  std::optional<RouteFact> route;
  std::optional<ServiceFact> service;
};

struct Check {
  std::optional<std::string> run;    // a console line run on a copy of the lab
  std::vector<std::string> command;  // without run: the words the learner's line starts with
  std::optional<bool> ok;
  std::vector<TextTest> output;
  std::optional<bool> delivered;
  std::optional<TraceTest> trace;
  std::optional<DnsTest> dns;
  std::optional<ModelTest> model;
  int line = 0;  // where `check:` is written

  // True when the check tests a command's result (rather than only the World).
  bool tests_result() const {
    return !command.empty() || ok || !output.empty() || delivered || trace || dns;
  }
  // True when the learner's own lines are what is tested (no run).
  bool tests_learner_lines() const { return !run && tests_result(); }
};

struct Goal {
  LocalizedText text;
  Check check;
};

// [SECTION] Lessons

struct Question {
  LocalizedText prompt;
  std::vector<LocalizedText> choices;
  int answer = 0;  // index into choices
  LocalizedText explain;
};

struct Step {
  std::string id;
  LocalizedText text;  // Markdown subset
  std::vector<std::string> action;
  std::optional<Question> question;
  std::vector<Goal> goals;
  std::vector<LocalizedText> hints;
  std::vector<std::string> solution;
};

// A folder's files by name ("lesson.yaml", "cluster.yaml"), as `kubectl apply -f NAME` sees them.
using FolderFiles = std::map<std::string, std::string>;

struct Lesson {
  std::string id;  // the folder's name
  LocalizedText title;
  LocalizedText summary;
  int minutes = 0;
  std::string section;
  std::vector<std::string> start;
  std::vector<Step> steps;
  FolderFiles files;
};

// [SECTION] Exercises

struct LockedObject {
  std::string kind;  // as in a manifest: Service, Pod, Deployment, ReplicaSet, ConfigMap, Namespace, Node
  std::string namespace_name = "default";  // empty for Namespace and Node
  std::string name;
};

struct Task {
  std::string id;
  LocalizedText text;
  int points = 0;
  std::vector<Goal> goals;
  std::vector<LocalizedText> hints;
  std::vector<std::string> solution;
};

struct Exercise {
  std::string id;
  LocalizedText title;
  LocalizedText summary;
  int minutes = 0;
  std::optional<int> time_limit_minutes;
  bool fault_finding = false;
  std::vector<std::string> start;
  std::vector<LockedObject> locked;
  std::vector<Task> tasks;
  FolderFiles files;
  std::string files_sha256;  // of every file of the folder, see folder_sha256()
};

// Reads `folder_id/lesson.yaml` (or exercise.yaml) among `files`. Diagnostics name the file as
// "FOLDER/lesson.yaml", the line and column, and the field path ("spec.steps[1].goals[0].check.trace").
Result<Lesson> load_lesson(const std::string& folder_id, const FolderFiles& files);
Result<Exercise> load_exercise(const std::string& folder_id, const FolderFiles& files);

// A digest of a folder's files, names and contents both, independent of the order they were read in.
std::string folder_sha256(const FolderFiles& files);

}  // namespace podlab::lab
