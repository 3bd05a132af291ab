# Writes a C++ source that holds every file under lessons/ (its top-level files, such as the
# authors' README, excepted), so `lab lesson start ID` works in the CLI and the page without a file
# system. Run at build time: cmake -DLESSONS_DIR=… -DOUTPUT=… -P EmbedLessons.cmake
file(GLOB_RECURSE files RELATIVE "${LESSONS_DIR}" "${LESSONS_DIR}/*")
list(SORT files)
set(arrays "")
set(entries "")
set(index 0)
foreach(name IN LISTS files)
  if(NOT name MATCHES "/")
    continue()
  endif()
  file(READ "${LESSONS_DIR}/${name}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND arrays "const unsigned char file_${index}[] = {${bytes}0};\n")
  string(APPEND entries "      {\"${name}\", std::string(reinterpret_cast<const char*>(file_${index}), sizeof file_${index} - 1)},\n")
  math(EXPR index "${index} + 1")
endforeach()
set(text "// Generated from lessons/ by cmake/EmbedLessons.cmake; do not edit.
#include \"core/lab/catalog.h\"

namespace podlab::lab {

namespace {

${arrays}
}  // namespace

const std::map<std::string, std::string>& shipped_lesson_files() {
  static const std::map<std::string, std::string> files = {
${entries}  };
  return files;
}

}  // namespace podlab::lab
")
set(previous "")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" previous)
endif()
if(NOT previous STREQUAL text)
  file(WRITE "${OUTPUT}" "${text}")
endif()
