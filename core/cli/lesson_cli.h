// The CLI's lesson and exercise subcommands:
//   podlab lesson check DIR
//   podlab exercise check DIR
//   podlab exercise verify REPORT [--exercises DIR]
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/lab/catalog.h"

namespace podlab::cli {

// The exit code when argv is one of the subcommands above, else nothing.
std::optional<int> run_lesson_subcommand(int argc, char** argv);

// The lessons and exercises under `directory`: one lesson or exercise folder, a folder of exercise
// folders, or a whole lessons/ tree. Folders that do not load are reported on stderr; null when the
// directory cannot be read.
std::shared_ptr<const lab::Catalog> catalog_from_directory(const std::string& directory);

}  // namespace podlab::cli
