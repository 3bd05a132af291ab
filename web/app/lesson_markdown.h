// Lesson text on screen: the Markdown subset lessons are written in (core/lab/markdown.h), parsed
// into styled runs, then wrapped to a width with the caller's text measure. The lessons panel draws
// the placed pieces as they come; a piece of code that is a console line can be clicked to put that
// line in the console's input.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lab/markdown.h"
#include "web/app/canvas_view.h"

namespace podlab::web {

using lab::BlockKind;
using lab::RunStyle;
using lab::TextBlock;
using lab::TextRun;

inline std::vector<TextBlock> parse_lesson_markdown(std::string_view text) { return lab::parse_markdown(text); }

// A console line a learner can run as written: its first word is a program the console knows.
bool is_console_line(std::string_view code);

// One piece of text at its place, relative to the top left of the text's area.
struct PlacedRun {
  std::string text;
  RunStyle style = RunStyle::Plain;
  Vec2 position;
  float width = 0;
  bool in_code_block = false;
  int line_of = -1;  // index into WrappedText::lines when the piece belongs to a console line
};

struct WrappedText {
  std::vector<PlacedRun> pieces;
  std::vector<Vec2> bullets;           // where each list item's bullet goes
  std::vector<Rect> code_blocks;       // backgrounds of the fenced blocks
  std::vector<std::string> lines;      // the console lines the text shows, for clicking
  float height = 0;
  float width = 0;  // the width it was wrapped to
};

struct TextMetrics {
  std::function<float(std::string_view, RunStyle)> measure;  // width of a piece in its style
  float line_height = 18;
  float paragraph_gap = 8;
  float list_indent = 18;
  float code_padding = 6;
};

WrappedText wrap_lesson_text(const std::vector<TextBlock>& blocks, float width, const TextMetrics& metrics);

}  // namespace podlab::web
