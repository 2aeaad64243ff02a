# pgo_add_library(NAME SOURCES src... [DEPS other-pgo-components...]
#                 [LINK external-targets...])
# Builds lib/NAME once as PIC objects, then as libpgo_NAME.a (target
# pgo_NAME, used inside the tree) and libpgo_NAME.so (target pgo_NAME_shared,
# hidden visibility, PGO_API symbols exported).  Both are installed and
# exported as pgo::NAME and pgo::NAME_shared.
function(pgo_add_library name)
  cmake_parse_arguments(A "" "" "SOURCES;DEPS;LINK" ${ARGN})
  set(obj pgo_${name}_obj)
  add_library(${obj} OBJECT ${A_SOURCES})
  set_target_properties(${obj} PROPERTIES POSITION_INDEPENDENT_CODE ON
                        C_VISIBILITY_PRESET hidden)
  target_include_directories(${obj} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  foreach(d IN LISTS A_DEPS)
    target_link_libraries(${obj} PUBLIC pgo_${d}_obj)
  endforeach()
  foreach(l IN LISTS A_LINK)
    target_link_libraries(${obj} PRIVATE ${l})
  endforeach()
  target_compile_definitions(${obj} PRIVATE PGO_BUILDING_SHARED)

  add_library(pgo_${name} STATIC $<TARGET_OBJECTS:${obj}>)
  add_library(pgo_${name}_shared SHARED $<TARGET_OBJECTS:${obj}>)
  set_target_properties(pgo_${name}_shared PROPERTIES OUTPUT_NAME pgo_${name}
                        VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR})
  set_target_properties(pgo_${name} PROPERTIES EXPORT_NAME ${name})
  set_target_properties(pgo_${name}_shared PROPERTIES EXPORT_NAME ${name}_shared)
  foreach(t pgo_${name} pgo_${name}_shared)
    target_include_directories(${t} PUBLIC
      $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
      $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
    target_link_libraries(${t} PUBLIC Threads::Threads m)
  endforeach()
  foreach(d IN LISTS A_DEPS)
    target_link_libraries(pgo_${name} PUBLIC pgo_${d})
    target_link_libraries(pgo_${name}_shared PUBLIC pgo_${d}_shared)
  endforeach()
  foreach(l IN LISTS A_LINK)
    target_link_libraries(pgo_${name} PUBLIC ${l})
    target_link_libraries(pgo_${name}_shared PUBLIC ${l})
  endforeach()
  install(TARGETS pgo_${name} pgo_${name}_shared EXPORT pgoTargets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
  set_property(GLOBAL APPEND PROPERTY PGO_ALL_LIBS ${name})
  set_property(GLOBAL PROPERTY PGO_DEPS_${name} "${A_DEPS}")
endfunction()
