#include "core/cli/lesson_cli.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/lab/catalog.h"
#include "core/lab/exercise_report.h"
#include "core/lab/folder_check.h"

namespace podlab::cli {

namespace {

namespace fs = std::filesystem;

const char* usage =
    "usage: podlab lesson check DIR\n"
    "       podlab exercise check DIR\n"
    "       podlab exercise verify REPORT [--exercises DIR]\n";

bool read_text(const fs::path& path, std::string& text) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return false;
  std::ostringstream buffer;
  buffer << file.rdbuf();
  text = buffer.str();
  return true;
}

// Every regular file under `directory`, by its path relative to it ("lesson.yaml", "e1/exercise.yaml").
std::optional<std::map<std::string, std::string>> read_tree(const fs::path& directory) {
  std::error_code error;
  if (!fs::is_directory(directory, error)) return std::nullopt;
  std::map<std::string, std::string> files;
  for (auto it = fs::recursive_directory_iterator(directory, error); !error && it != fs::recursive_directory_iterator();
       it.increment(error)) {
    if (!it->is_regular_file()) continue;
    std::string text;
    if (!read_text(it->path(), text)) return std::nullopt;
    files[fs::relative(it->path(), directory).generic_string()] = text;
  }
  return files;
}

// The folder's own name, also for "." or "lessons/01-network-model/".
std::string folder_name(const fs::path& directory) {
  std::error_code error;
  fs::path path = fs::absolute(directory, error).lexically_normal();
  if (path.filename().empty()) path = path.parent_path();
  return path.filename().string();
}

int check_folder(const std::string& kind, const std::string& directory) {
  const auto files = read_tree(directory);
  if (!files) {
    std::fprintf(stderr, "podlab: cannot read the folder %s\n", directory.c_str());
    return 2;
  }
  const std::string id = folder_name(directory);
  const lab::FolderCheck check =
      kind == "lesson" ? lab::check_lesson_folder(id, *files) : lab::check_exercise_folder(id, *files);
  for (const std::string& line : check.lines) std::printf("%s\n", line.c_str());
  std::printf("%s %s: %s\n", kind.c_str(), id.c_str(), check.ok ? "passed" : "FAILED");
  return check.ok ? 0 : 1;
}

int verify(const std::string& report_path, const std::string& exercises_directory) {
  std::string report;
  if (!read_text(report_path, report)) {
    std::fprintf(stderr, "podlab: cannot read %s\n", report_path.c_str());
    return 2;
  }
  std::shared_ptr<const lab::Catalog> catalog = lab::shipped_catalog();
  if (!exercises_directory.empty()) {
    catalog = catalog_from_directory(exercises_directory);
    if (!catalog) return 2;
  }
  const lab::ReportVerdict verdict = lab::verify_exercise_report(report, catalog);
  if (verdict.genuine) {
    std::printf("genuine: replaying the report's lines gives its tasks, score and fingerprint\n");
    return 0;
  }
  std::printf("NOT genuine:\n");
  for (const std::string& difference : verdict.differences) std::printf("  %s\n", difference.c_str());
  return 1;
}

}  // namespace

std::shared_ptr<const lab::Catalog> catalog_from_directory(const std::string& directory) {
  const auto files = read_tree(directory);
  if (!files) {
    std::fprintf(stderr, "podlab: cannot read the folder %s\n", directory.c_str());
    return nullptr;
  }
  const std::string name = folder_name(directory);
  std::map<std::string, std::string> under_lessons;
  for (const auto& [path, text] : *files) {
    if (files->count("lesson.yaml")) {
      under_lessons[name + "/" + path] = text;
    } else if (files->count("exercise.yaml")) {
      under_lessons["exercises/" + name + "/" + path] = text;
    } else {
      // A lessons/ tree, or a folder of exercise folders.
      const std::string folder = path.substr(0, path.find('/'));
      under_lessons[(files->count(folder + "/exercise.yaml") ? "exercises/" : "") + path] = text;
    }
  }
  auto catalog = std::make_shared<lab::Catalog>(lab::make_catalog(under_lessons));
  for (const Diagnostic& problem : catalog->problems) std::fprintf(stderr, "%s\n", problem.to_string().c_str());
  return catalog;
}

std::optional<int> run_lesson_subcommand(int argc, char** argv) {
  if (argc < 2) return std::nullopt;
  const std::string kind = argv[1];
  if (kind != "lesson" && kind != "exercise") return std::nullopt;
  const std::string action = argc > 2 ? argv[2] : "";
  if (action == "check" && argc == 4) return check_folder(kind, argv[3]);
  if (kind == "exercise" && action == "verify" && (argc == 4 || (argc == 6 && std::string(argv[4]) == "--exercises")))
    return verify(argv[3], argc == 6 ? argv[5] : "");
  std::fprintf(stderr, "%s", usage);
  return 2;
}

}  // namespace podlab::cli
