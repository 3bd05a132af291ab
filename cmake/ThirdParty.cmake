# Third-party code, all from Debian: header-only packages from the system, and the C/C++ sources that
# the web build compiles itself from the Debian source packages unpacked by cmake/deps.sh.
#
#   podlab::yaml     libyaml 0.2.5 (both builds: the same parser natively and in the browser)
#   podlab::json     nlohmann-json3 (header only, exception-free)
#   podlab::doctest  doctest (header only)
#   podlab::imgui    Dear ImGui 1.86 with the SDL2 and OpenGL ES 3 backends (web only)
#   podlab::sdl2     SDL 2.26.5 built for Emscripten (web only)

foreach(dir imgui sdl2 yaml)
  if(NOT EXISTS "${PODLAB_DEPS_DIR}/${dir}/.podlab-version")
    message(FATAL_ERROR "Missing ${PODLAB_DEPS_DIR}/${dir}: run 'bash cmake/deps.sh' (or 'make test') first.")
  endif()
endforeach()

# Header-only system packages. Under Emscripten the toolchain re-roots find_* into its sysroot, and
# adding /usr/include would drag in glibc headers, so expose only each package's own folder.
set(PODLAB_SHIM_INCLUDE "${CMAKE_BINARY_DIR}/system-include")
file(MAKE_DIRECTORY "${PODLAB_SHIM_INCLUDE}")
foreach(header_dir doctest nlohmann)
  if(NOT EXISTS "/usr/include/${header_dir}")
    message(FATAL_ERROR "/usr/include/${header_dir} is missing: run 'bash cmake/deps.sh'.")
  endif()
  file(CREATE_LINK "/usr/include/${header_dir}" "${PODLAB_SHIM_INCLUDE}/${header_dir}" SYMBOLIC)
endforeach()

add_library(podlab_json INTERFACE)
target_include_directories(podlab_json SYSTEM INTERFACE "${PODLAB_SHIM_INCLUDE}")
target_compile_definitions(podlab_json INTERFACE JSON_NOEXCEPTION=1)
add_library(podlab::json ALIAS podlab_json)

add_library(podlab_doctest INTERFACE)
target_include_directories(podlab_doctest SYSTEM INTERFACE "${PODLAB_SHIM_INCLUDE}")
add_library(podlab::doctest ALIAS podlab_doctest)

# libyaml
set(yaml_dir "${PODLAB_DEPS_DIR}/yaml")
file(GLOB yaml_sources "${yaml_dir}/src/*.c")
add_library(podlab_yaml STATIC ${yaml_sources})
target_include_directories(podlab_yaml SYSTEM PUBLIC "${yaml_dir}/include")
target_compile_definitions(podlab_yaml
  PUBLIC YAML_DECLARE_STATIC
  PRIVATE YAML_VERSION_MAJOR=0 YAML_VERSION_MINOR=2 YAML_VERSION_PATCH=5 YAML_VERSION_STRING="0.2.5")
target_compile_options(podlab_yaml PRIVATE -w $<$<BOOL:${EMSCRIPTEN}>:-Os>)
set_target_properties(podlab_yaml PROPERTIES POSITION_INDEPENDENT_CODE ON)
add_library(podlab::yaml ALIAS podlab_yaml)

if(NOT EMSCRIPTEN)
  return()
endif()

# SDL2 for Emscripten, compiled inside this graph: SDL's generic sources plus its Emscripten backends,
# configured by the SDL_config_emscripten.h that SDL's tree ships (SDL's own configure never runs).
set(sdl_dir "${PODLAB_DEPS_DIR}/sdl2")
file(GLOB sdl_sources
  "${sdl_dir}/src/*.c"
  "${sdl_dir}/src/atomic/*.c"
  "${sdl_dir}/src/audio/*.c" "${sdl_dir}/src/audio/emscripten/*.c" "${sdl_dir}/src/audio/disk/*.c"
  "${sdl_dir}/src/audio/dummy/*.c"
  "${sdl_dir}/src/cpuinfo/*.c"
  "${sdl_dir}/src/dynapi/*.c"
  "${sdl_dir}/src/events/*.c"
  "${sdl_dir}/src/file/*.c"
  "${sdl_dir}/src/filesystem/emscripten/*.c"
  "${sdl_dir}/src/haptic/*.c" "${sdl_dir}/src/haptic/dummy/*.c"
  "${sdl_dir}/src/hidapi/*.c"
  "${sdl_dir}/src/joystick/*.c" "${sdl_dir}/src/joystick/emscripten/*.c"
  "${sdl_dir}/src/joystick/virtual/*.c"
  "${sdl_dir}/src/libm/*.c"
  "${sdl_dir}/src/loadso/dlopen/*.c"
  "${sdl_dir}/src/locale/*.c" "${sdl_dir}/src/locale/emscripten/*.c"
  "${sdl_dir}/src/misc/*.c" "${sdl_dir}/src/misc/emscripten/*.c"
  "${sdl_dir}/src/power/*.c" "${sdl_dir}/src/power/emscripten/*.c"
  "${sdl_dir}/src/render/*.c" "${sdl_dir}/src/render/*/*.c"
  "${sdl_dir}/src/sensor/*.c" "${sdl_dir}/src/sensor/dummy/*.c"
  "${sdl_dir}/src/stdlib/*.c"
  "${sdl_dir}/src/thread/*.c" "${sdl_dir}/src/thread/generic/*.c"
  "${sdl_dir}/src/timer/*.c" "${sdl_dir}/src/timer/unix/*.c"
  "${sdl_dir}/src/video/*.c" "${sdl_dir}/src/video/emscripten/*.c" "${sdl_dir}/src/video/yuv2rgb/*.c"
)
add_library(podlab_sdl2 STATIC ${sdl_sources})
target_include_directories(podlab_sdl2 SYSTEM PUBLIC "${sdl_dir}/include")
target_compile_options(podlab_sdl2 PRIVATE -w -Os)
add_library(podlab::sdl2 ALIAS podlab_sdl2)

# Dear ImGui with the SDL2 platform backend and the OpenGL ES 3 (WebGL2) renderer backend.
set(imgui_dir "${PODLAB_DEPS_DIR}/imgui")
add_library(podlab_imgui STATIC
  "${imgui_dir}/imgui.cpp" "${imgui_dir}/imgui_draw.cpp" "${imgui_dir}/imgui_tables.cpp"
  "${imgui_dir}/imgui_widgets.cpp"
  "${imgui_dir}/backends/imgui_impl_sdl.cpp" "${imgui_dir}/backends/imgui_impl_opengl3.cpp")
target_include_directories(podlab_imgui SYSTEM PUBLIC "${imgui_dir}" "${imgui_dir}/backends")
# Without IMGUI_IMPL_OPENGL_ES3, ImGui 1.86 silently picks WebGL1 under Emscripten.
target_compile_definitions(podlab_imgui PUBLIC IMGUI_IMPL_OPENGL_ES3 IMGUI_DISABLE_OBSOLETE_FUNCTIONS)
target_compile_options(podlab_imgui PRIVATE -w -Os)
target_link_libraries(podlab_imgui PUBLIC podlab_sdl2)
add_library(podlab::imgui ALIAS podlab_imgui)
