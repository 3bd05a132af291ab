# Compiler warnings for Podlab's own targets (never for third-party code).
add_library(podlab_warnings INTERFACE)
target_compile_options(podlab_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wimplicit-fallthrough -Wno-missing-field-initializers)
