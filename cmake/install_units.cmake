# Runs inside `cmake --install` (cmake/VardavtalInstall.cmake): writes the
# systemd units from billing/server/systemd/ into the unit directory, with
# @VARDAVTAL_BINDIR@ the binary's directory under the prefix of this install
# (CMAKE_INSTALL_PREFIX here is --prefix when given) and @VARDAVTAL_CONFIG_FILE@
# the configuration file. DESTDIR is honoured, and the files join the install
# manifest like any other.
foreach(dir BINDIR UNIT_DIR)
  if(dir STREQUAL "BINDIR")
    set(path "${VARDAVTAL_INSTALL_BINDIR}")
  else()
    set(path "${VARDAVTAL_SYSTEMD_UNIT_DIR}")
  endif()
  if(NOT IS_ABSOLUTE "${path}")
    set(path "${CMAKE_INSTALL_PREFIX}/${path}")
  endif()
  set(_vardavtal_${dir} "${path}")
endforeach()
set(VARDAVTAL_BINDIR "${_vardavtal_BINDIR}")
set(_unit_dir "$ENV{DESTDIR}${_vardavtal_UNIT_DIR}")
file(MAKE_DIRECTORY "${_unit_dir}")
foreach(unit vardavtal.service vardavtal-backup.service vardavtal-backup.timer)
  set(_source "${VARDAVTAL_SYSTEMD_DIR}/${unit}")
  if(EXISTS "${_source}.in")
    set(_source "${_source}.in")
  endif()
  message(STATUS "Installing: ${_unit_dir}/${unit}")
  configure_file("${_source}" "${_unit_dir}/${unit}" @ONLY)
  # As file(INSTALL) records them: without DESTDIR.
  list(APPEND CMAKE_INSTALL_MANIFEST_FILES "${_vardavtal_UNIT_DIR}/${unit}")
endforeach()
