// podlab-fuzz-seeds OUTDIR: writes each fuzz target's seed corpus (OUTDIR/<target>/) and dictionary
// (OUTDIR/<target>.dict) from what the repository already holds, so nothing derived is committed:
//   console lines: the lessons' and exercises' start, action and solution lines, the README's
//     console examples, and the lines the core tests run (the golden traces' among them);
//   manifests: the lessons' files and here-documents, and `lab export` of every solved lesson;
//   saved labs and exercise reports: made by running those lines;
//   Corefile: kubeadm's; iptables-save: every solved lesson's nodes;
//   packets and DNS messages: the frames those runs put on the wire (as --pcap writes them).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/k8s/coredns.h"
#include "core/lab/catalog.h"
#include "core/lab/exercise_report.h"
#include "core/lab/session.h"
#include "core/net/dns_message.h"
#include "web/app/saved_lab.h"

namespace fs = std::filesystem;
using namespace podlab;

namespace {

std::map<std::string, std::set<std::string>> seeds;  // target -> inputs

void add(const std::string& target, const std::string& input) {
  if (!input.empty() && input.size() <= 64 * 1024) seeds[target].insert(input);
}

std::string read(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string unescape(const std::string& literal) {
  std::string text;
  for (size_t i = 0; i < literal.size(); ++i) {
    if (literal[i] != '\\' || i + 1 == literal.size()) {
      text += literal[i];
      continue;
    }
    const char next = literal[++i];
    text += next == 'n' ? '\n' : next == 't' ? '\t' : next;
  }
  return text;
}

// A line with input (a here-document's) as a script writes it: "CMD <<EOF", the input, "EOF".
std::string script_form(const std::string& line) {
  const size_t newline = line.find('\n');
  if (newline == std::string::npos) return line;
  std::string body = line.substr(newline + 1);
  if (!body.empty() && body.back() != '\n') body += '\n';
  return line.substr(0, newline) + " <<EOF\n" + body + "EOF";
}

// Console lines from the README's examples and the tests' source.
std::vector<std::string> repository_lines(const fs::path& source) {
  std::vector<std::string> lines;
  std::istringstream readme(read(source / "README.md"));
  std::string line;
  const std::regex dash_c(R"(-c '([^']+)')");
  while (std::getline(readme, line)) {
    if (line.starts_with("$ ") && line.find("podlab") == std::string::npos) lines.push_back(line.substr(2));
    for (std::sregex_iterator it(line.begin(), line.end(), dash_c), end; it != end; ++it) lines.push_back((*it)[1]);
  }
  // session.run("…"), run_ok(session, "…"): the lines the core tests (and the golden traces) run.
  // Scanned by hand: std::regex recurses once per character and long literals would overflow it.
  for (const fs::directory_entry& entry : fs::directory_iterator(source / "tests" / "core")) {
    const std::string text = read(entry.path());
    for (size_t at = text.find("run"); at != std::string::npos; at = text.find("run", at + 3)) {
      size_t open = text.find('(', at);
      if (open == std::string::npos || open > at + 7) continue;
      size_t quote = text.find('"', open);
      if (quote == std::string::npos || quote > open + 24 || text.find(')', open) < quote) continue;
      std::string literal;
      size_t i = quote + 1;
      for (; i < text.size() && text[i] != '"'; ++i) {
        literal += text[i];
        if (text[i] == '\\' && i + 1 < text.size()) literal += text[++i];
      }
      if (i < text.size() && i + 1 < text.size() && text[i + 1] == ')') lines.push_back(unescape(literal));
    }
  }
  return lines;
}

// Runs a lab's lines and keeps what they leave as seeds: the saved lab, the tables, the frames.
void seeds_from_lab(const std::string& start, const std::vector<std::string>& lines, bool exercise) {
  lab::Session session;
  session.run(start);
  for (const std::string& line : lines) session.run(line);
  add("saved-lab", web::saved_lab_json(web::saved_lab_of(session)));
  std::string script = start;
  for (const std::string& line : lines) script += "\n" + script_form(line);
  add("console-lines", script);
  const auto views = session.run_on_copy({"lab export", "node node-1 -- iptables-save", "node node-2 -- iptables-save"});
  if (views[0].ok) add("manifest", views[0].output);
  for (size_t i = 1; i < views.size(); ++i)
    if (views[i].ok) add("iptables-save", views[i].output);
  size_t frames = 0;
  for (const auto& [time, packet] : session.captured()) {
    if (net::decode_dns_message(packet.payload).ok())
      add("dns-message", std::string(packet.payload.begin(), packet.payload.end()));
    if (frames++ % 7 == 0) {  // a sample: most frames of one run differ only in addresses
      const std::vector<uint8_t> bytes = net::serialize(packet);
      add("packet", std::string(bytes.begin(), bytes.end()));
    }
  }
  if (exercise) add("exercise-report", lab::exercise_report(session, session.history(), std::nullopt).dump(2));
}

// A libFuzzer dictionary: the words of the target's seeds.
void write_dictionary(const fs::path& path, const std::set<std::string>& inputs) {
  std::set<std::string> words;
  for (const std::string& input : inputs) {
    std::string word;
    for (size_t i = 0; i <= input.size(); ++i) {
      const char c = i < input.size() ? input[i] : ' ';
      if (c == ' ' || c == '\n' || c == '\t' || c == '"' || c == '\\' || c == ',' || c == '{' || c == '}' ||
          c == '[' || c == ']' || static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
        if (word.size() >= 2 && word.size() <= 32) words.insert(word);
        word.clear();
      } else {
        word += c;
      }
    }
  }
  std::ofstream out(path);
  size_t count = 0;
  for (const std::string& word : words)
    if (count++ < 2000) out << '"' << word << "\"\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: podlab-fuzz-seeds OUTDIR\n");
    return 2;
  }
  const fs::path out = argv[1];
  const fs::path source = PODLAB_SOURCE_DIR;
  const auto catalog = lab::shipped_catalog();

  std::vector<std::string> lines = repository_lines(source);
  for (const lab::Lesson& lesson : catalog->lessons) {
    std::vector<std::string> solved;
    for (const lab::Step& step : lesson.steps) {
      solved.insert(solved.end(), step.action.begin(), step.action.end());
      solved.insert(solved.end(), step.solution.begin(), step.solution.end());
    }
    lines.push_back("lab lesson start " + lesson.id);
    lines.insert(lines.end(), lesson.start.begin(), lesson.start.end());
    lines.insert(lines.end(), solved.begin(), solved.end());
    seeds_from_lab("lab lesson start " + lesson.id, solved, false);
  }
  for (const lab::Exercise& exercise : catalog->exercises) {
    std::vector<std::string> solved;
    for (const lab::Task& task : exercise.tasks) solved.insert(solved.end(), task.solution.begin(), task.solution.end());
    lines.push_back("lab exercise start " + exercise.id);
    lines.insert(lines.end(), exercise.start.begin(), exercise.start.end());
    lines.insert(lines.end(), solved.begin(), solved.end());
    seeds_from_lab("lab exercise start " + exercise.id, solved, true);
  }
  seeds_from_lab("lab reset", repository_lines(source), false);
  for (const std::string& line : lines) {
    add("console-line", line);
    add("json-output", line);
    const size_t newline = line.find('\n');
    if (newline != std::string::npos && line.starts_with("kubectl apply -f -")) add("manifest", line.substr(newline + 1));
  }
  for (const auto& [name, text] : lab::shipped_lesson_files()) {
    if (name.ends_with("/lesson.yaml") || name.ends_with("/exercise.yaml")) add("lesson", text);
    else if (name.ends_with(".yaml")) add("manifest", text);
  }
  add("corefile", k8s::kubeadm_corefile());
  add("corefile", k8s::kubeadm_corefile("example.org"));

  for (const auto& [target, inputs] : seeds) {
    const fs::path folder = out / target;
    fs::remove_all(folder);
    fs::create_directories(folder);
    size_t index = 0;
    for (const std::string& input : inputs) {
      char name[32];
      std::snprintf(name, sizeof name, "seed-%04zu", index++);
      std::ofstream(folder / name, std::ios::binary) << input;
    }
    write_dictionary(out / (target + ".dict"), inputs);
    std::printf("seeds: %-16s %zu\n", target.c_str(), inputs.size());
  }
  return 0;
}
