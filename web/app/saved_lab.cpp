#include "web/app/saved_lab.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/lab/json_text.h"
#include "web/app/fill_text.h"
#include "web/app/page_guard.h"

namespace podlab::web {

namespace {

using nlohmann::json;

// Finds where a text stops being JSON, without exceptions: a SAX handler that accepts everything
// and remembers the parser's complaint.
struct JsonErrorFinder {
  size_t position = 0;
  std::string message;
  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(json::number_integer_t) { return true; }
  bool number_unsigned(json::number_unsigned_t) { return true; }
  bool number_float(json::number_float_t, const std::string&) { return true; }
  bool string(std::string&) { return true; }
  bool binary(json::binary_t&) { return true; }
  bool start_object(size_t) { return true; }
  bool key(std::string&) { return true; }
  bool end_object() { return true; }
  bool start_array(size_t) { return true; }
  bool end_array() { return true; }
  bool parse_error(size_t byte, const std::string&, const nlohmann::detail::exception& error) {
    position = byte;
    message = error.what();
    return false;
  }
};

LabProblem not_json(std::string_view text) {
  JsonErrorFinder finder;
  json::sax_parse(text, &finder);
  LabProblem problem{.kind = LabProblemKind::NotJson};
  // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error while …"
  const size_t column = finder.message.find("column ");
  const size_t colon = column == std::string::npos ? std::string::npos : finder.message.find(": ", column);
  // The message quotes the last bytes read, which may end inside a UTF-8 sequence.
  problem.detail = lab::valid_utf8(colon == std::string::npos ? finder.message : finder.message.substr(colon + 2));
  problem.line = 1;
  problem.column = 1;
  const size_t end = std::min(finder.position == 0 ? 0 : finder.position - 1, text.size());
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++problem.line;
      problem.column = 1;
    } else {
      ++problem.column;
    }
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) problem.detail = "the text is empty";
  return problem;
}

LabProblem bad_field(std::string where, FieldExpectation expected) {
  return LabProblem{.kind = LabProblemKind::BadField, .where = std::move(where), .expected = expected};
}

std::string first_line(std::string_view text) {
  const size_t newline = text.find('\n');
  return std::string(text.substr(0, newline));
}

}  // namespace

SavedLab saved_lab_of(const lab::Session& session) {
  SavedLab lab{.seed = session.seed()};
  const auto& lines = session.history();
  const auto& ok = session.history_ok();
  const auto& clock = session.history_clock();
  lab.lines.reserve(lines.size());
  for (size_t i = 0; i < lines.size(); ++i)
    lab.lines.push_back(SavedLine{lines[i], i < ok.size() ? ok[i] : true, i < clock.size() ? clock[i] : std::nullopt});
  return lab;
}

std::string saved_lab_json(const SavedLab& lab) {
  json lines = json::array();
  for (const SavedLine& line : lab.lines) {
    lines.push_back({{"line", line.line}, {"ok", line.ok}});
    if (line.clock) lines.back()["clock"] = *line.clock;
  }
  const json document = {{"format", std::string(saved_lab_format)}, {"version", saved_lab_version}, {"seed", lab.seed}, {"lines", lines}};
  return lab::json_text(document);
}

ParsedLab parse_saved_lab(std::string_view text) {
  const json document = json::parse(text, nullptr, false);
  if (document.is_discarded()) return {std::nullopt, not_json(text)};
  const auto format = document.is_object() ? document.find("format") : document.end();
  if (!document.is_object() || format == document.end() || !format->is_string() || format->get<std::string>() != saved_lab_format)
    return {std::nullopt, LabProblem{.kind = LabProblemKind::NotALabFile,
                                     .detail = document.is_object() && format != document.end() ? lab::json_text(*format) : ""}};
  const auto version = document.find("version");
  if (version == document.end() || !version->is_number_integer() || version->get<long long>() < 1)
    return {std::nullopt, bad_field("version", FieldExpectation::WholeNumber)};
  if (version->get<long long>() > saved_lab_version)
    return {std::nullopt, LabProblem{.kind = LabProblemKind::NewerVersion, .line = version->get<long long>()}};
  const auto seed = document.find("seed");
  if (seed == document.end() || !seed->is_number_unsigned()) return {std::nullopt, bad_field("seed", FieldExpectation::WholeNumber)};
  const auto lines = document.find("lines");
  if (lines == document.end() || !lines->is_array()) return {std::nullopt, bad_field("lines", FieldExpectation::List)};
  SavedLab lab{.seed = seed->get<uint64_t>()};
  for (size_t i = 0; i < lines->size(); ++i) {
    const json& entry = (*lines)[i];
    const std::string where = "lines[" + std::to_string(i) + "]";
    if (!entry.is_object()) return {std::nullopt, bad_field(where, FieldExpectation::Object)};
    const auto line = entry.find("line");
    if (line == entry.end() || !line->is_string()) return {std::nullopt, bad_field(where + ".line", FieldExpectation::String)};
    const auto ok = entry.find("ok");
    if (ok == entry.end() || !ok->is_boolean()) return {std::nullopt, bad_field(where + ".ok", FieldExpectation::Boolean)};
    const auto clock = entry.find("clock");
    if (clock != entry.end() && !clock->is_number_integer()) return {std::nullopt, bad_field(where + ".clock", FieldExpectation::WholeNumber)};
    lab.lines.push_back(SavedLine{line->get<std::string>(), ok->get<bool>(),
                                  clock == entry.end() ? std::nullopt : std::optional<int64_t>(clock->get<int64_t>())});
  }
  return {std::move(lab), {}};
}

LabReplay::LabReplay(SavedLab lab, LabOrigin origin, std::string source_name)
    : lab_(std::move(lab)), origin_(origin), source_name_(std::move(source_name)), session_(lab_.seed) {}

void LabReplay::run(size_t max_lines) {
  for (size_t count = 0; count < max_lines && !finished(); ++count) {
    const SavedLine& saved = lab_.lines[next_];
    const lab::CommandResult result = console_.submit(session_, saved.line, saved.clock);
    ++next_;
    if (result.ok == saved.ok) continue;
    problem_ = LabProblem{.kind = saved.ok ? LabProblemKind::LineFailed : LabProblemKind::LineWorked,
                          .where = first_line(saved.line),
                          .detail = first_line(result.output),
                          .line = static_cast<long long>(next_)};
  }
}

std::string lab_problem_text(Language language, LabOrigin origin, const LabProblem& problem, std::string_view source_name) {
  auto text = [&](Text key) { return translate(language, key); };
  const std::string size = byte_size_text(static_cast<size_t>(problem.line));
  const std::string limit = byte_size_text(static_cast<size_t>(problem.column));
  // Messages that are not about opening a lab stand alone.
  switch (problem.kind) {
    case LabProblemKind::LinkTooLong:
      return fill_text(text(Text::KeepLinkTooLong), {std::to_string(problem.line), std::to_string(problem.column)});
    case LabProblemKind::InputTooLarge: return fill_text(text(Text::KeepInputTooLarge), {source_name, size, limit});
    case LabProblemKind::AutosaveFull: return text(Text::KeepAutosaveFull);
    default: break;
  }
  std::string message;
  switch (origin) {
    case LabOrigin::Autosave: message = text(Text::KeepFromAutosave); break;
    case LabOrigin::File: message = fill_text(text(Text::KeepFromFile), {source_name}); break;
    case LabOrigin::ShareLink: message = text(Text::KeepFromLink); break;
    case LabOrigin::Recent: message = fill_text(text(Text::KeepFromRecent), {source_name}); break;
  }
  message += "\n";
  const std::string line = std::to_string(problem.line);
  const std::string column = std::to_string(problem.column);
  switch (problem.kind) {
    case LabProblemKind::NotJson: message += fill_text(text(Text::KeepNotJson), {line, column, problem.detail}); break;
    case LabProblemKind::NotALabFile:
      message += problem.detail.empty() ? text(Text::KeepNoFormat) : fill_text(text(Text::KeepWrongFormat), {problem.detail});
      break;
    case LabProblemKind::NewerVersion:
      message += fill_text(text(Text::KeepNewerVersion), {line, std::to_string(saved_lab_version)});
      break;
    case LabProblemKind::BadField: {
      Text expected = Text::KeepExpectObject;
      switch (problem.expected) {
        case FieldExpectation::Object: expected = Text::KeepExpectObject; break;
        case FieldExpectation::String: expected = Text::KeepExpectString; break;
        case FieldExpectation::Boolean: expected = Text::KeepExpectBoolean; break;
        case FieldExpectation::WholeNumber: expected = Text::KeepExpectWholeNumber; break;
        case FieldExpectation::List: expected = Text::KeepExpectList; break;
      }
      message += fill_text(text(Text::KeepBadField), {problem.where, text(expected)});
      break;
    }
    case LabProblemKind::LineFailed: message += fill_text(text(Text::KeepLineFailed), {line, problem.where, problem.detail}); break;
    case LabProblemKind::LineWorked: message += fill_text(text(Text::KeepLineWorked), {line, problem.where}); break;
    case LabProblemKind::LinkNotBase64: message += fill_text(text(Text::KeepLinkNotBase64), {column}); break;
    case LabProblemKind::LinkDamaged: message += text(Text::KeepLinkDamaged); break;
    case LabProblemKind::TooLarge: message += fill_text(text(Text::KeepTooLarge), {limit}); break;
    case LabProblemKind::TooManyLines:
      message += fill_text(text(Text::KeepTooManyLines), {std::to_string(problem.line), std::to_string(problem.column)});
      break;
    case LabProblemKind::LinkTooLong:
    case LabProblemKind::InputTooLarge:
    case LabProblemKind::AutosaveFull: break;  // above
  }
  message += "\n";
  message += text(origin == LabOrigin::Autosave ? Text::KeepKeptAside : Text::KeepLabUntouched);
  return message;
}

std::string saved_lab_file_name(const lab::Session& session) {
  std::string name = session.world().cluster.name;
  if (name.empty()) name = "lab";
  return name + ".podlab.json";
}

}  // namespace podlab::web
