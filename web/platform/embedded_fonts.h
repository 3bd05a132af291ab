// Font files compiled into the binary; the data is generated at build time (web/CMakeLists.txt).
#pragma once

namespace podlab::web::embedded {

extern const unsigned char sans_ttf[];
extern const unsigned int sans_ttf_size;
extern const unsigned char mono_ttf[];
extern const unsigned int mono_ttf_size;
// Pairs of first/last code points, zero-terminated: exactly the ranges the fonts were subset to.
extern const unsigned short glyph_ranges[];

}  // namespace podlab::web::embedded
