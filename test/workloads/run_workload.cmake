# run_workload.cmake -- one step of a bundled workload's test (cmake -P).
#
# Variables (-D): MODE, NAME, SRC_DIR (bench/workloads), WORK_DIR (per test),
# and per mode:
#   files                        side files exist and are well formed
#   build    BUILD_SH CLANG      bench/workloads/build.sh WORK_DIR NAME
#   native                       run WORK_DIR/NAME.native, compare; bad
#                                arguments must give usage and status 2
#   lli      LLI                 run lli WORK_DIR/NAME.ll, compare
#   cfg      PGO_SHOW            pgo-show cfg WORK_DIR/NAME.ll: exit 0, output
#   jit      PGO_JIT [JIT_ARGS]  pgo-jit run [JIT_ARGS] WORK_DIR/NAME.ll: stdout,
#                                stderr and exit status equal the native
#                                build's, for the small arguments (and
#                                .small.expect) and for bad arguments
#   cc       CC CFLAGS TAG       compile NAME.c with CC CFLAGS (one string),
#            [RUNNER]            run (through RUNNER, e.g. qemu-aarch64, if
#                                set), compare
# "compare" means: stdout for the arguments in NAME.small.arg must equal
# NAME.small.expect byte for byte, and the exit status must be 0.
cmake_minimum_required(VERSION 3.20)

foreach(v MODE NAME SRC_DIR WORK_DIR)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "run_workload.cmake: ${v} not set")
  endif()
endforeach()

set(src ${SRC_DIR}/${NAME}.c)
set(arg_file ${SRC_DIR}/${NAME}.small.arg)
set(expect_file ${SRC_DIR}/${NAME}.small.expect)

function(read_args file out)
  if(NOT EXISTS ${file})
    message(FATAL_ERROR "${NAME}: missing ${file}")
  endif()
  file(STRINGS ${file} lines)
  list(LENGTH lines n)
  if(NOT n EQUAL 1)
    message(FATAL_ERROR "${file}: expected one line \"SIZE INPUT\", found ${n} lines")
  endif()
  separate_arguments(args UNIX_COMMAND "${lines}")
  set(${out} ${args} PARENT_SCOPE)
endfunction()

# Runs the command list in ARGN with the small arguments and compares.
function(run_and_compare what)
  read_args(${arg_file} args)
  file(READ ${expect_file} expected)
  execute_process(COMMAND ${ARGN} ${args}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                  TIMEOUT 120)
  if(NOT rc STREQUAL "0")
    message(FATAL_ERROR "${NAME} (${what}): exit status ${rc}\n${err}")
  endif()
  if(NOT out STREQUAL expected)
    file(WRITE ${WORK_DIR}/${NAME}.${what}.out "${out}")
    message(FATAL_ERROR "${NAME} (${what}): stdout differs from ${expect_file}\n"
            "--- expected\n${expected}--- got (saved in ${WORK_DIR}/${NAME}.${what}.out)\n${out}")
  endif()
  message(STATUS "${NAME} (${what}): output matches ${NAME}.small.expect")
endfunction()

file(MAKE_DIRECTORY ${WORK_DIR})

if(MODE STREQUAL "files")
  foreach(f ${src} ${SRC_DIR}/${NAME}.arg ${arg_file} ${expect_file})
    if(NOT EXISTS ${f})
      message(FATAL_ERROR "${NAME}: missing ${f}")
    endif()
  endforeach()
  foreach(f ${SRC_DIR}/${NAME}.arg ${arg_file})
    read_args(${f} args)
    list(LENGTH args na)
    if(NOT na EQUAL 2)
      message(FATAL_ERROR "${f}: expected \"SIZE INPUT\"")
    endif()
    foreach(a ${args})
      if(NOT a MATCHES "^[0-9]+$")
        message(FATAL_ERROR "${f}: '${a}' is not a non-negative integer")
      endif()
    endforeach()
  endforeach()
  file(READ ${expect_file} expected)
  if(NOT expected MATCHES "^checksum [0-9a-f]+\n")
    message(FATAL_ERROR "${expect_file}: must start with a \"checksum <hex>\" line")
  endif()
elseif(MODE STREQUAL "build")
  execute_process(COMMAND ${CMAKE_COMMAND} -E env CLANG=${CLANG} sh ${BUILD_SH} ${WORK_DIR} ${NAME}
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc STREQUAL "0")
    message(FATAL_ERROR "${NAME}: build.sh failed (${rc})\n${err}")
  endif()
  foreach(f ${WORK_DIR}/${NAME}.ll ${WORK_DIR}/${NAME}.native)
    if(NOT EXISTS ${f})
      message(FATAL_ERROR "${NAME}: build.sh did not produce ${f}")
    endif()
  endforeach()
  file(READ ${WORK_DIR}/${NAME}.ll ir)
  if(NOT ir MATCHES "define [^\n]*@main\\(")
    message(FATAL_ERROR "${NAME}: ${WORK_DIR}/${NAME}.ll has no main")
  endif()
  if(ir MATCHES "optnone")
    message(FATAL_ERROR "${NAME}: ${WORK_DIR}/${NAME}.ll carries optnone (built at -O0?)")
  endif()
elseif(MODE STREQUAL "native")
  run_and_compare(native ${WORK_DIR}/${NAME}.native)
  # Bad arguments: usage on stderr, nothing on stdout, exit status 2.
  foreach(bad "" "x" "10 99" "-5" "10 0 extra")
    separate_arguments(bad_args UNIX_COMMAND "${bad}")
    execute_process(COMMAND ${WORK_DIR}/${NAME}.native ${bad_args}
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
    if(NOT rc STREQUAL "2" OR NOT out STREQUAL "" OR NOT err MATCHES "usage")
      message(FATAL_ERROR "${NAME}: arguments '${bad}' gave status ${rc}, stdout '${out}', "
              "stderr '${err}' (want 2, nothing, a usage line)")
    endif()
  endforeach()
elseif(MODE STREQUAL "lli")
  run_and_compare(lli ${LLI} ${WORK_DIR}/${NAME}.ll)
elseif(MODE STREQUAL "jit")
  separate_arguments(jit_args UNIX_COMMAND "${JIT_ARGS}")
  run_and_compare(jit ${PGO_JIT} run ${jit_args} ${WORK_DIR}/${NAME}.ll --)
  read_args(${arg_file} small)
  string(JOIN " " small_text ${small})
  foreach(args_text "${small_text}" "" "x" "10 99" "-5" "10 0 extra")
    separate_arguments(a UNIX_COMMAND "${args_text}")
    execute_process(COMMAND ${WORK_DIR}/${NAME}.native ${a}
                    RESULT_VARIABLE nrc OUTPUT_VARIABLE nout ERROR_VARIABLE nerr
                    TIMEOUT 120)
    execute_process(COMMAND ${PGO_JIT} run ${jit_args} ${WORK_DIR}/${NAME}.ll -- ${a}
                    RESULT_VARIABLE jrc OUTPUT_VARIABLE jout ERROR_VARIABLE jerr
                    TIMEOUT 120)
    if(NOT nrc STREQUAL jrc OR NOT nout STREQUAL jout OR NOT nerr STREQUAL jerr)
      set(same_out "no")
      if(nout STREQUAL jout)
        set(same_out "yes")
      endif()
      message(FATAL_ERROR "${NAME} (jit ${JIT_ARGS}) arguments '${args_text}': "
              "native gave status ${nrc}, stderr '${nerr}'; pgo-jit gave "
              "status ${jrc}, stderr '${jerr}' (stdout equal: ${same_out})")
    endif()
  endforeach()
  message(STATUS "${NAME} (jit ${JIT_ARGS}): output, stderr and status match native")
elseif(MODE STREQUAL "cfg")
  execute_process(COMMAND ${PGO_SHOW} cfg ${WORK_DIR}/${NAME}.ll
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
  if(NOT rc STREQUAL "0")
    message(FATAL_ERROR "${NAME}: pgo-show cfg exited ${rc}\n${err}")
  endif()
  string(STRIP "${out}" stripped)
  if(stripped STREQUAL "")
    message(FATAL_ERROR "${NAME}: pgo-show cfg printed nothing")
  endif()
  if(NOT out MATCHES "main")
    message(FATAL_ERROR "${NAME}: pgo-show cfg output does not mention main")
  endif()
elseif(MODE STREQUAL "cc")
  set(exe ${WORK_DIR}/${NAME}.${TAG})
  separate_arguments(flags UNIX_COMMAND "${CFLAGS}")
  execute_process(COMMAND ${CC} ${flags} ${src} -o ${exe}
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc STREQUAL "0")
    message(FATAL_ERROR "${NAME}: ${CC} ${CFLAGS} failed\n${err}")
  endif()
  run_and_compare(${TAG} ${RUNNER} ${exe})
else()
  message(FATAL_ERROR "run_workload.cmake: unknown MODE ${MODE}")
endif()
