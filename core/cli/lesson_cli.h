// The CLI's lesson and exercise subcommands:
//   podlab lesson check DIR
//   podlab exercise check DIR
//   podlab exercise verify REPORT [--exercises DIR]
#pragma once

#include <optional>

namespace podlab::cli {

// The exit code when argv is one of the subcommands above, else nothing.
std::optional<int> run_lesson_subcommand(int argc, char** argv);

}  // namespace podlab::cli
