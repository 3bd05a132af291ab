#include "web/app/lesson_markdown.h"

#include <algorithm>
#include <array>

namespace podlab::web {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

}  // namespace

bool is_console_line(std::string_view code) {
  constexpr std::array<std::string_view, 4> programs = {"kubectl", "k", "node", "lab"};
  const std::string_view line = trim(code);
  const std::string_view first = line.substr(0, line.find(' '));
  return line.size() > first.size() && std::find(programs.begin(), programs.end(), first) != programs.end();
}

namespace {

// Places runs word by word from `left`, starting a new line when a word would pass `right`.
class Wrapper {
 public:
  Wrapper(WrappedText& out, const TextMetrics& metrics, float left, float right, float top)
      : out_(out), metrics_(metrics), left_(left), right_(right), x_(left), y_(top) {}

  void place(const TextRun& run, bool in_code_block, int line_of) {
    std::string_view rest = run.text;
    std::string piece;
    float piece_x = x_;
    auto flush = [&] {
      if (piece.find_first_not_of(' ') == std::string::npos) {  // a space alone at a line's end
        piece.clear();
        return;
      }
      out_.pieces.push_back({piece, run.style, {piece_x, y_}, metrics_.measure(piece, run.style), in_code_block, line_of});
      piece.clear();
    };
    while (!rest.empty()) {
      size_t word_end = rest.find(' ');
      if (word_end == std::string_view::npos) word_end = rest.size();
      size_t token_end = word_end;
      while (token_end < rest.size() && rest[token_end] == ' ') ++token_end;
      const std::string_view word = rest.substr(0, word_end);
      const std::string_view token = rest.substr(0, token_end);
      rest.remove_prefix(token_end);
      if (!word.empty() && x_ > left_ && x_ + metrics_.measure(word, run.style) > right_) {
        flush();
        new_line();
      }
      if (x_ == left_ && word.empty()) continue;  // no spaces at the start of a line
      if (piece.empty()) piece_x = x_;
      piece += token;
      x_ += metrics_.measure(token, run.style);
    }
    flush();
  }

  void new_line() {
    x_ = left_;
    y_ += metrics_.line_height;
  }
  float bottom() const { return y_ + metrics_.line_height; }

 private:
  WrappedText& out_;
  const TextMetrics& metrics_;
  float left_;
  float right_;
  float x_;
  float y_;
};

int console_line_index(WrappedText& out, const TextRun& run) {
  if (run.style != RunStyle::Code || !is_console_line(run.text)) return -1;
  out.lines.emplace_back(trim(run.text));
  return static_cast<int>(out.lines.size() - 1);
}

}  // namespace

WrappedText wrap_lesson_text(const std::vector<TextBlock>& blocks, float width, const TextMetrics& metrics) {
  WrappedText out;
  out.width = width;
  float y = 0;
  for (const TextBlock& block : blocks) {
    if (&block != &blocks.front()) y += metrics.paragraph_gap;
    if (block.kind == BlockKind::CodeBlock) {
      const float top = y;
      y += metrics.code_padding;
      for (const TextRun& run : block.runs) {
        Wrapper wrapper(out, metrics, metrics.code_padding, width - metrics.code_padding, y);
        wrapper.place(run, true, console_line_index(out, run));
        y = wrapper.bottom();
      }
      y += metrics.code_padding;
      out.code_blocks.push_back({{0, top}, {width, y}});
      continue;
    }
    const float left = block.kind == BlockKind::ListItem ? metrics.list_indent : 0;
    if (block.kind == BlockKind::ListItem) out.bullets.push_back({metrics.list_indent * 0.4f, y});
    Wrapper wrapper(out, metrics, left, width, y);
    for (const TextRun& run : block.runs) wrapper.place(run, false, console_line_index(out, run));
    y = wrapper.bottom();
  }
  out.height = y;
  return out;
}

}  // namespace podlab::web
