// podlab [-f FILE]... [-c LINE]... [--seed N] [--lang en|vi] [--lessons DIR] [--json] [--pcap FILE] [SCRIPT]
// podlab lesson check DIR | exercise check DIR | exercise verify REPORT [--exercises DIR]
//
// Loads manifests (each -f is `kubectl apply -f FILE`), runs console lines (-c, then the lines of
// SCRIPT, or of standard input when SCRIPT is "-"), in order, and prints each line's output. With
// --json every line prints one JSON object. Exits 1 if any line failed, 2 on a usage error.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "core/base/version.h"
#include "core/cli/lesson_cli.h"
#include "core/lab/json_text.h"
#include "core/lab/session.h"
#include "core/net/pcap.h"

namespace {

const char* usage =
    "usage: podlab [-f FILE]... [-c LINE]... [--seed N] [--lang en|vi] [--lessons DIR] [--json] [--pcap FILE] [SCRIPT|-]\n"
    "       podlab lesson check DIR | exercise check DIR | exercise verify REPORT [--exercises DIR]\n"
    "  -f FILE      apply a manifest (kubectl apply -f FILE)\n"
    "  -c LINE      run a console line, e.g. -c 'kubectl get pods -o wide'\n"
    "  SCRIPT       a file of console lines ('-' reads standard input); a line ending in '<<EOF'\n"
    "               takes the following lines up to 'EOF' as its input (a pasted manifest)\n"
    "  --seed N     the run's random seed (default 1): the same seed gives the same run\n"
    "  --lang L     the language of lesson and exercise text: en (default) or vi\n"
    "  --lessons DIR  lessons and exercises from DIR instead of the built-in ones (a lessons/ tree\n"
    "               or one lesson or exercise folder), for lab lesson start and lab exercise start\n"
    "  --json       print one JSON object per line: command, ok, output, trace\n"
    "  --pcap FILE  write every packet of the run to FILE (tshark -d udp.port==8472,vxlan -r FILE)\n";

struct Step {
  std::string line;
};

bool read_file(const std::string& path, std::string* text) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return false;
  std::ostringstream buffer;
  buffer << file.rdbuf();
  *text = buffer.str();
  return true;
}

// Script lines; "CMD <<EOF" collects the following lines up to "EOF" and hands them to CMD as input.
std::vector<std::string> script_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const size_t marker = line.find("<<");
    if (marker != std::string::npos) {
      std::string terminator = line.substr(marker + 2);
      while (!terminator.empty() && (terminator[0] == ' ' || terminator[0] == '\'' || terminator[0] == '"')) terminator.erase(0, 1);
      while (!terminator.empty() && (terminator.back() == '\'' || terminator.back() == '"' || terminator.back() == ' '))
        terminator.pop_back();
      std::string command = line.substr(0, marker);
      while (!command.empty() && command.back() == ' ') command.pop_back();
      std::string body;
      while (std::getline(stream, line) && line != terminator) body += line + "\n";
      lines.push_back(command + "\n" + body);
      continue;
    }
    lines.push_back(line);
  }
  return lines;
}

}  // namespace

int main(int argc, char** argv) {
  if (const auto code = podlab::cli::run_lesson_subcommand(argc, argv)) return *code;
  uint64_t seed = 1;
  podlab::lab::Language language = podlab::lab::Language::English;
  std::shared_ptr<const podlab::lab::Catalog> catalog;
  bool json = false;
  std::string pcap_path;
  std::vector<std::string> lines;
  std::vector<std::pair<std::string, std::string>> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](const char* what) -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "podlab: %s needs %s\n%s", arg.c_str(), what, usage);
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "-f") {
      const std::string path = value("a file");
      std::string text;
      if (!read_file(path, &text)) {
        std::fprintf(stderr, "podlab: cannot read %s\n", path.c_str());
        return 2;
      }
      files.emplace_back(path, text);
      lines.push_back("kubectl apply -f " + path);
    } else if (arg == "-c") {
      lines.push_back(value("a console line"));
    } else if (arg == "--seed") {
      const std::string text = value("a number");
      char* end = nullptr;
      seed = std::strtoull(text.c_str(), &end, 10);
      if (text.empty() || *end) {
        std::fprintf(stderr, "podlab: --seed takes a whole number, not \"%s\"\n", text.c_str());
        return 2;
      }
    } else if (arg == "--lang") {
      const std::string code = value("en or vi");
      if (code != "en" && code != "vi") {
        std::fprintf(stderr, "podlab: --lang takes en or vi, not \"%s\"\n", code.c_str());
        return 2;
      }
      language = code == "vi" ? podlab::lab::Language::Vietnamese : podlab::lab::Language::English;
    } else if (arg == "--lessons") {
      catalog = podlab::cli::catalog_from_directory(value("a folder"));
      if (!catalog) return 2;
    } else if (arg == "--json") {
      json = true;
    } else if (arg == "--pcap") {
      pcap_path = value("a file");
    } else if (arg == "-h" || arg == "--help") {
      std::printf("podlab %s: a Kubernetes networking lab\n%s", podlab::version_string, usage);
      return 0;
    } else if (arg == "--version") {
      std::printf("podlab %s\n", podlab::version_string);
      return 0;
    } else if (arg == "-" || arg[0] != '-') {
      std::string text;
      if (arg == "-") {
        std::ostringstream buffer;
        buffer << std::cin.rdbuf();
        text = buffer.str();
      } else if (!read_file(arg, &text)) {
        std::fprintf(stderr, "podlab: cannot read %s\n", arg.c_str());
        return 2;
      }
      for (std::string& line : script_lines(text)) lines.push_back(std::move(line));
    } else {
      std::fprintf(stderr, "podlab: unknown option %s\n%s", arg.c_str(), usage);
      return 2;
    }
  }

  podlab::lab::Session session(seed);
  session.set_language(language);
  if (catalog) session.use_catalog(catalog);
  session.set_wall_clock([]() -> std::optional<int64_t> {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  });
  for (const auto& [path, text] : files) session.add_file(path, text);
  bool all_ok = true;
  for (const std::string& line : lines) {
    const auto result = session.run(line);
    all_ok = all_ok && result.ok;
    if (json) {
      std::printf("%s\n", podlab::lab::json_text(result.to_json(session.world())).c_str());
    } else {
      std::printf("$ %s\n%s", result.command.c_str(), result.output.c_str());
    }
  }
  if (!pcap_path.empty()) {
    podlab::net::PcapWriter writer;
    for (const auto& [time, packet] : session.captured()) writer.add(time, packet);
    std::ofstream out(pcap_path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(writer.bytes().data()), static_cast<std::streamsize>(writer.bytes().size()));
    if (!out) {
      std::fprintf(stderr, "podlab: cannot write %s\n", pcap_path.c_str());
      return 2;
    }
  }
  return all_ok ? 0 : 1;
}
