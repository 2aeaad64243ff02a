# libFuzzer builds (-DPGO_FUZZ=ON, clang only; scripts/fuzz.sh configures
# one in build-fuzz).  Every library is compiled with
# -fsanitize=fuzzer-no-link,address,undefined, so the fuzzer sees coverage
# of the code under test; each target links -fsanitize=fuzzer.
#
# pgo_add_fuzz_target(NAME SOURCES src... LIBS libs... [SEEDS dir...]
#                     [DEPENDS targets...] [OPTIONS libfuzzer-flag...]
#                     [ENV VAR=value...])
# builds ${PROJECT_BINARY_DIR}/fuzz/NAME (NAME must start with fuzz_) and
# writes NAME.conf beside it, which scripts/fuzz.sh reads: the seed corpus
# directories (read, never written), extra libFuzzer flags (-dict=,
# -max_len=) and environment (sanitizer options) for the run.  A target
# added this way is run by scripts/fuzz.sh without editing the script, and
# is built by the pgo_fuzz_all target.
if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "PGO_FUZZ needs clang (libFuzzer): "
                      "-DCMAKE_C_COMPILER=clang-19")
endif()
if(PGO_SANITIZE)
  message(FATAL_ERROR "PGO_FUZZ brings its own sanitizers; drop PGO_SANITIZE")
endif()
# The main (gcc) build enforces -Werror; here clang-only warnings must not
# stop a campaign, so they stay warnings.
add_compile_options(-Wno-error)
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined
                    -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
add_link_options(-fsanitize=address,undefined)
add_custom_target(pgo_fuzz_all)
set(PGO_FUZZ_DIR ${PROJECT_BINARY_DIR}/fuzz)

function(pgo_add_fuzz_target name)
  cmake_parse_arguments(A "" "" "SOURCES;LIBS;SEEDS;DEPENDS;OPTIONS;ENV" ${ARGN})
  if(NOT name MATCHES "^fuzz_")
    message(FATAL_ERROR "fuzz target ${name}: the name must start with fuzz_")
  endif()
  add_executable(${name} ${A_SOURCES})
  target_link_libraries(${name} PRIVATE ${A_LIBS})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PGO_FUZZ_DIR})
  if(A_DEPENDS)
    add_dependencies(${name} ${A_DEPENDS})
  endif()
  add_dependencies(pgo_fuzz_all ${name})
  # NAME.conf: shell assignments, one per line, values single-quoted.
  string(REPLACE ";" " " seeds "${A_SEEDS}")
  string(REPLACE ";" " " opts "${A_OPTIONS}")
  string(REPLACE ";" " " env "${A_ENV}")
  file(WRITE ${PGO_FUZZ_DIR}/${name}.conf
       "# written by pgo_add_fuzz_target (cmake/PgoFuzz.cmake)\n"
       "seeds='${seeds}'\n"
       "options='${opts}'\n"
       "env='${env}'\n")
endfunction()
