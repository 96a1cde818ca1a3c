# Embeds the vendored RIVTA schemas (third_party/rivta/**/*.xsd) into
# vardavtal_documents as raw string literals keyed by their path below rivta/,
# so that spec_check needs no schema files at run time. Included from
# billing/documents/CMakeLists.txt after vardavtal_library(vardavtal_documents ...).
# Without it check_spec reports that the schema is not embedded.
set(_rivta_dir ${CMAKE_CURRENT_LIST_DIR})
file(GLOB_RECURSE _rivta_files CONFIGURE_DEPENDS RELATIVE ${_rivta_dir} ${_rivta_dir}/*.xsd)
list(SORT _rivta_files)
set(_rivta_entries "")
foreach(_rel IN LISTS _rivta_files)
  file(READ ${_rivta_dir}/${_rel} _rivta_text)
  string(FIND "${_rivta_text}" ")rivta_xsd\"" _rivta_clash)
  if(NOT _rivta_clash EQUAL -1)
    message(FATAL_ERROR "${_rel} contains the raw-string delimiter )rivta_xsd\"")
  endif()
  string(APPEND _rivta_entries "    {\"${_rel}\", R\"rivta_xsd(${_rivta_text})rivta_xsd\"},\n")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_rivta_dir}/${_rel})
endforeach()
configure_file(${_rivta_dir}/embedded.cpp.in ${CMAKE_CURRENT_BINARY_DIR}/rivta_embedded.cpp @ONLY)
target_sources(vardavtal_documents PRIVATE ${CMAKE_CURRENT_BINARY_DIR}/rivta_embedded.cpp)
target_compile_definitions(vardavtal_documents PRIVATE VARDAVTAL_RIVTA_EMBEDDED=1)
