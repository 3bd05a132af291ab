// A Session owns one lab: its World, the files commands may read, what traffic was captured, and the
// history of lines run. Every input (the web console, a lesson step, the CLI, a test) is a console
// line given to run(); the grammar is the tools' own: kubectl, ip, ping, curl, traceroute …, plus
// `lab …` lines for what kubectl has no word for.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/lab/lesson_format.h"
#include "core/lab/progress.h"
#include "core/net/dns_message.h"
#include "core/net/packet.h"
#include "core/net/trace.h"
#include "core/sim/world.h"

namespace podlab::lab {

struct Context;
struct Catalog;

// The DNS side of a command that looked a name up: every query it put on the wire, in the order
// sent, and the answer it acted on.
struct DnsQueryReport {
  std::string name;
  net::DnsType type = net::DnsType::A;
  std::string server;                  // the nameserver asked
  uint16_t id = 0;                     // the query's random id
  std::optional<net::DnsRcode> rcode;  // none: no reply after every try (timed out)
  std::vector<size_t> traces;          // the query's packet(s) in CommandResult::traces, one per try
  std::optional<size_t> reply_trace;   // the reply's packet
};

struct DnsReport {
  std::vector<DnsQueryReport> queries;
  std::optional<net::DnsRcode> rcode;  // of the reply the tool acted on; none when nothing answered
  std::vector<net::DnsRecord> answers;  // that reply's answer section (both families for getaddrinfo)
};

struct CommandResult {
  std::string command;
  bool ok = true;
  std::string output;  // what the tool prints (stdout and stderr, in order)
  std::vector<Trace> traces;  // traffic commands: every packet they sent or caused, in order
  std::optional<size_t> main_trace;  // the trace reported as `trace`: the first probe
  std::optional<size_t> reply_trace;  // its answer, when one came back
  std::optional<DnsReport> dns;       // commands that looked a name up

  // {command, ok, output, trace?, queries?, rcode?, answers?}: one line of the CLI's --json output.
  // A lookup adds `queries` (name, type, server, id, rcode, trace with its reply), `rcode` and
  // `answers` (name, type, ttl, data).
  nlohmann::json to_json(const World& world) const;
};

class Session {
 public:
  explicit Session(uint64_t seed = 1);

  uint64_t seed() const { return seed_; }

  CommandResult run(const std::string& line);
  // run() with the wall clock pinned to `clock` for this line, when there is one: a lab replayed from
  // its saved lines feeds each line the time it read when it first ran (history_clock()), so an
  // exercise keeps its start time across a reload and its report says what the first run said.
  CommandResult replay(const std::string& line, std::optional<int64_t> clock);
  // Runs lines that only read (ip route, iptables-save -t nat, lab cni result …) on a copy of the
  // World, and returns what each printed: for views that show a tool's output. This lab, its
  // history and its revision stay as they are.
  std::vector<CommandResult> run_on_copy(const std::vector<std::string>& lines) const;
  // Files `kubectl apply -f NAME` can read (the CLI adds the files it is given).
  void add_file(const std::string& name, const std::string& text) { files_[name] = text; }

  World& world() { return world_; }
  const World& world() const { return world_; }
  // The lines run since the lab began, `lab reset` or `lab cluster init` (which start a new history
  // with their own line), and whether each succeeded: with the seed, what replays the lab.
  const std::vector<std::string>& history() const { return history_; }
  const std::vector<bool>& history_ok() const { return history_ok_; }
  // The wall-clock time (Unix milliseconds) each line of history() read, if it read one (`lab
  // exercise start`, `status` and `submit` do): with the seed, what a faithful replay needs.
  const std::vector<std::optional<int64_t>>& history_clock() const { return history_clock_; }
  // Bumped by every line run (and kept across `lab reset`): views of the World are rebuilt only
  // when it moves.
  uint64_t revision() const { return revision_; }
  // The session's random seed: the same seed and lines give the same run.

  // [SECTION] Lessons and exercises
  // The lessons and exercises `lab lesson start` and `lab exercise start` know: the shipped ones
  // unless the host gives others (`podlab lesson check DIR`).
  void use_catalog(std::shared_ptr<const Catalog> catalog) { catalog_ = std::move(catalog); }
  const Catalog& catalog() const;
  // The language lesson text is printed in; a display choice, not part of the lab.
  void set_language(Language language) { language_ = language; }
  Language language() const { return language_; }
  // The host's wall clock (Unix milliseconds) for an exercise's start and submit times; the core
  // has no clock of its own. Without one, reports carry no times.
  using WallClock = std::function<std::optional<int64_t>()>;
  void set_wall_clock(WallClock clock) { wall_clock_ = std::move(clock); }
  std::optional<int64_t> wall_time() const { return wall_clock_ ? wall_clock_() : std::nullopt; }
  // What a line reads as the time: the replayed value when one is pinned, else the wall clock;
  // recorded in history_clock() for the line being run.
  std::optional<int64_t> read_clock();
  const std::optional<LessonProgress>& lesson() const { return lesson_; }
  const std::optional<ExerciseProgress>& exercise() const { return exercise_; }

  // Runs `line` on a copy of this lab (its World and files) and returns the copy, with the line's
  // result in `result`: checks see what a command would do without changing the learner's lab.
  Session probe(const std::string& line, CommandResult& result) const;

  // Every frame that crossed a link during the session, for pcap export.
  const std::vector<std::pair<SimTime, net::Packet>>& captured() const { return captured_; }
  // The last traffic command's packets, which `lab step` walks through hop by hop.
  const std::vector<Trace>& last_traces() const { return last_traces_; }
  // Bumped whenever last_traces() is replaced (a traffic command ran, or `lab reset` cleared it), so
  // a view of the traces knows when to start again from their first hop.
  uint64_t traffic_revision() const { return traffic_revision_; }
  // A session that takes the place of `before` (a lab opened from a file) carries its revisions on
  // past before's, so every view of the old one sees that the lab changed.
  // It also keeps what belongs to the host, not the lab: the catalog, the language and the clock.
  void follow(const Session& before) {
    revision_ += before.revision_ + 1;
    traffic_revision_ += before.traffic_revision_ + 1;
    catalog_ = before.catalog_;
    language_ = before.language_;
    wall_clock_ = before.wall_clock_;
  }

 private:
  friend bool run_lab_command(Context&, const std::vector<std::string>&, Session&);
  friend bool run_lesson_command(Context&, const std::vector<std::string>&, Session&);
  friend bool run_exercise_command(Context&, const std::vector<std::string>&, Session&);
  friend void enter_lesson_step(Context&, Session&, size_t);
  // The last traffic's packets no longer match the lab (a new cluster, a rebuilt datapath): drop them.
  void forget_traffic();
  // A line's effect without recording it: start and action lines of lessons, probes.
  CommandResult execute(const std::string& line);
  // Back to the default cluster; the catalog, language, clock and revisions survive. With `line`,
  // the history starts again with it (a `lab lesson start` line replays the whole start).
  void reset_lab(std::optional<std::string> line);
  // After every line: re-evaluate the goals of the lesson step and the exercise's tasks.
  void update_progress(const CommandResult* learner_line);
  // A kubectl line that would change an exercise's locked object: the error to print instead.
  std::optional<std::string> locked_change(const std::string& line) const;

  struct ProbeCopy {};
  Session(const Session& from, ProbeCopy);

  World world_;
  uint64_t seed_;
  std::map<std::string, std::string> files_;
  std::vector<std::string> history_;
  std::vector<bool> history_ok_;
  std::vector<std::optional<int64_t>> history_clock_;
  std::optional<int64_t> pinned_clock_;  // while replay() runs a line that read the clock
  std::vector<std::pair<SimTime, net::Packet>> captured_;
  std::vector<Trace> last_traces_;
  uint64_t revision_ = 0;
  uint64_t traffic_revision_ = 0;
  size_t step_trace_ = 0;
  size_t step_hop_ = 0;
  std::shared_ptr<const Catalog> catalog_;
  Language language_ = Language::English;
  WallClock wall_clock_;
  std::optional<LessonProgress> lesson_;
  std::optional<ExerciseProgress> exercise_;
};

}  // namespace podlab::lab
