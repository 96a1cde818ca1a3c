# The architecture check (ctest -R architecture; docs/architecture.md).
#   cmake -DSOURCE_DIR=<repo> -DLAYERS=<build>/layers.txt -P scripts/check_layers.cmake
# layers.txt is written by CMake from every vardavtal_library() call:
#   "<library> <folder>: <direct vardavtal dependencies>".
# Fails (exit status 1, one line per problem) when
#  1. docs/architecture.md's mermaid graph differs from the libraries' graph
#     as built (an edge missing or extra); the document draws each library's
#     direct dependencies less those implied through another one;
#  2. a library's source includes a project header of a folder whose library
#     it does not link, directly or through its dependencies (the compiler
#     refuses that too, since each library's headers sit in an include root of
#     their own; this names the rule broken);
#  3. a library's source includes by a relative path ("../store/store.h"), the
#     one way round those include roots.
cmake_minimum_required(VERSION 3.25)
if(NOT SOURCE_DIR OR NOT LAYERS)
  message(FATAL_ERROR "usage: cmake -DSOURCE_DIR=DIR -DLAYERS=FILE -P check_layers.cmake")
endif()

set(problems "")
macro(problem text)
  list(APPEND problems "${text}")
endmacro()

# --- the libraries as built
file(STRINGS ${LAYERS} lines)
set(libraries "")
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^(vardavtal_[a-z_]+) ([^:]+):(.*)$")
    continue()
  endif()
  set(lib ${CMAKE_MATCH_1})
  set(folder ${CMAKE_MATCH_2})
  string(STRIP "${CMAKE_MATCH_3}" deps)
  separate_arguments(deps)
  list(APPEND libraries ${lib})
  set(folder_${lib} ${folder})
  set(deps_${lib} ${deps})
  string(MAKE_C_IDENTIFIER "${folder}" key)
  set(library_in_${key} ${lib})
endforeach()
if(NOT libraries)
  message(FATAL_ERROR "${LAYERS} lists no libraries")
endif()

# Everything each library links, directly or not.
foreach(lib IN LISTS libraries)
  set(reach_${lib} "")
  set(pending ${deps_${lib}})
  while(pending)
    list(POP_FRONT pending dep)
    if(NOT dep IN_LIST reach_${lib})
      list(APPEND reach_${lib} ${dep})
      list(APPEND pending ${deps_${dep}})
    endif()
  endwhile()
endforeach()

# The graph the document draws: each library's direct dependencies, less
# those it already reaches through another of them (the transitive reduction).
set(built_edges "")
foreach(lib IN LISTS libraries)
  foreach(dep IN LISTS deps_${lib})
    set(implied FALSE)
    foreach(other IN LISTS deps_${lib})
      if(NOT other STREQUAL dep AND dep IN_LIST reach_${other})
        set(implied TRUE)
      endif()
    endforeach()
    if(NOT implied)
      string(REPLACE "vardavtal_" "" from ${lib})
      string(REPLACE "vardavtal_" "" to ${dep})
      list(APPEND built_edges "${from} --> ${to}")
    endif()
  endforeach()
endforeach()

# --- 1. the documented graph is the built one
file(READ ${SOURCE_DIR}/docs/architecture.md doc)
string(REGEX MATCH "```mermaid\n[^`]*```" graph "${doc}")
string(REGEX MATCHALL "[a-z]+ --> [a-z]+" doc_edges "${graph}")
list(SORT built_edges)
list(SORT doc_edges)
foreach(e IN LISTS built_edges)
  if(NOT e IN_LIST doc_edges)
    problem("docs/architecture.md: the graph lacks the edge ${e} (CMake links it)")
  endif()
endforeach()
foreach(e IN LISTS doc_edges)
  if(NOT e IN_LIST built_edges)
    problem("docs/architecture.md: the graph has the edge ${e}, which CMake does not link")
  endif()
endforeach()

# --- 2. and 3. every include of every library source
foreach(lib IN LISTS libraries)
  set(reach ${lib} ${reach_${lib}})
  file(GLOB sources ${SOURCE_DIR}/${folder_${lib}}/*.cpp ${SOURCE_DIR}/${folder_${lib}}/*.h
       ${SOURCE_DIR}/${folder_${lib}}/*.in)
  foreach(src IN LISTS sources)
    file(RELATIVE_PATH rel ${SOURCE_DIR} ${src})
    file(STRINGS ${src} includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
    foreach(inc IN LISTS includes)
      string(REGEX REPLACE "^[^\"]*\"([^\"]*)\".*$" "\\1" path "${inc}")
      if(path MATCHES "(^|/)\\.\\./")
        problem("${rel}: #include \"${path}\": a relative include reaches round the include roots")
        continue()
      endif()
      get_filename_component(dir ${path} DIRECTORY)
      string(MAKE_C_IDENTIFIER "${dir}" key)
      if(NOT DEFINED library_in_${key})
        continue()  # a header beside the source, or a generated one
      endif()
      set(owner ${library_in_${key}})
      if(NOT owner IN_LIST reach)
        problem("${rel}: #include \"${path}\": ${lib} does not link ${owner}")
      endif()
    endforeach()
  endforeach()
endforeach()

if(problems)
  list(LENGTH problems n)
  list(JOIN problems "\n" text)
  message("${text}")
  message(FATAL_ERROR "architecture check: ${n} problem(s)")
endif()
list(LENGTH libraries n_libs)
list(LENGTH built_edges n_edges)
message("architecture check: ${n_libs} libraries, ${n_edges} dependencies, as documented; "
        "every include within the graph")
