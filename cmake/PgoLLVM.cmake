# Find LLVM 19 through llvm-config-19 (or LLVM_CONFIG), and expose it as the
# imported target pgo_llvm_c linking the shared libLLVM.
find_program(LLVM_CONFIG NAMES llvm-config-19 llvm-config
             HINTS ${LLVM_DIR}/../../../bin /usr/lib/llvm-19/bin)
if(NOT LLVM_CONFIG)
  message(FATAL_ERROR "llvm-config-19 not found: apt-get install llvm-19-dev (or set LLVM_CONFIG)")
endif()
execute_process(COMMAND ${LLVM_CONFIG} --version OUTPUT_VARIABLE LLVM_VERSION
                OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT LLVM_VERSION MATCHES "^19\\.")
  message(FATAL_ERROR "LLVM 19 required, ${LLVM_CONFIG} is ${LLVM_VERSION}")
endif()
execute_process(COMMAND ${LLVM_CONFIG} --includedir OUTPUT_VARIABLE LLVM_INCLUDE_DIR
                OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${LLVM_CONFIG} --libdir OUTPUT_VARIABLE LLVM_LIB_DIR
                OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${LLVM_CONFIG} --bindir OUTPUT_VARIABLE LLVM_BIN_DIR
                OUTPUT_STRIP_TRAILING_WHITESPACE)
find_library(LLVM_SHARED_LIB NAMES LLVM-19 LLVM HINTS ${LLVM_LIB_DIR} NO_DEFAULT_PATH)
if(NOT LLVM_SHARED_LIB)
  message(FATAL_ERROR "libLLVM-19.so not found in ${LLVM_LIB_DIR}")
endif()
add_library(pgo_llvm_c INTERFACE IMPORTED)
set_target_properties(pgo_llvm_c PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${LLVM_INCLUDE_DIR}"
  INTERFACE_LINK_LIBRARIES "${LLVM_SHARED_LIB}")
# Tools used by tests and benches.
find_program(CLANG19 NAMES clang-19 HINTS ${LLVM_BIN_DIR})
find_program(OPT19 NAMES opt-19 opt HINTS ${LLVM_BIN_DIR})
find_program(LLVM_PROFDATA19 NAMES llvm-profdata-19 llvm-profdata HINTS ${LLVM_BIN_DIR})
message(STATUS "LLVM ${LLVM_VERSION}: ${LLVM_SHARED_LIB}; clang: ${CLANG19}")
