# vardavtal_library(NAME SOURCES file... [DEPENDS lib...] [PRIVATE_DEPENDS lib...])
#
# One folder is one library. Its headers are reachable only through the
# library: the folder (e.g. billing/app) is linked into an include root of its
# own, build/include/NAME/billing/app, and that root is the library's only
# PUBLIC include directory. A library that includes "store/store.h" therefore
# compiles only if it links vardavtal_store, directly or through a PUBLIC
# dependency: an upward or undeclared include is a build error. DEPENDS are
# PUBLIC (the library's headers use them), PRIVATE_DEPENDS only its sources.
# Every call also records NAME, its folder and its direct dependencies in the
# global property VARDAVTAL_LIBRARIES, which the top level writes to
# build/layers.txt for the architecture check (scripts/check_layers.cmake).
function(vardavtal_library name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;DEPENDS;PRIVATE_DEPENDS")
  add_library(${name} ${arg_SOURCES})
  file(RELATIVE_PATH folder ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
  set(root ${PROJECT_BINARY_DIR}/include/${name})
  get_filename_component(parent ${root}/${folder} DIRECTORY)
  file(MAKE_DIRECTORY ${parent})
  file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR} ${root}/${folder} SYMBOLIC)
  target_include_directories(${name} PUBLIC ${root})
  target_link_libraries(${name} PUBLIC ${arg_DEPENDS} PRIVATE ${arg_PRIVATE_DEPENDS})
  set(deps "")
  foreach(dep IN LISTS arg_DEPENDS arg_PRIVATE_DEPENDS)
    if(dep MATCHES "^vardavtal_")
      list(APPEND deps ${dep})
    endif()
  endforeach()
  list(JOIN deps " " deps)
  set_property(GLOBAL APPEND PROPERTY VARDAVTAL_LIBRARIES "${name} ${folder}: ${deps}")
endfunction()
