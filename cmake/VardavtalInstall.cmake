# What `cmake --install build [--prefix DIR]` puts on a server
# (docs/operations.md):
#   bin/vardavtal                          the binary (web assets inside)
#   lib/systemd/system/vardavtal.service   `serve` as a service, and the
#   lib/systemd/system/vardavtal-backup.{service,timer}   nightly backup
#   share/man/man1/vardavtal*.1            one page per command, from --help
#   share/doc/vardavtal/vardavtal.conf.example   for /etc/vardavtal/vardavtal.conf
# /etc is never written: the region's configuration survives an upgrade.
include(GNUInstallDirs)

set(VARDAVTAL_SYSTEMD_UNIT_DIR "lib/systemd/system" CACHE STRING
  "Where the systemd units go: relative to the install prefix, or absolute")
set(VARDAVTAL_CONFIG_FILE "/etc/vardavtal/vardavtal.conf" CACHE FILEPATH
  "The configuration file the systemd units read (EnvironmentFile=)")

install(TARGETS vardavtal RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The man pages, made from the binary's --help texts at build time
# (scripts/help-to-man.sh) into build/man/.
set(_man_dir ${PROJECT_BINARY_DIR}/man)
add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/man.stamp
  COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/help-to-man.sh $<TARGET_FILE:vardavtal> ${_man_dir}
  COMMAND ${CMAKE_COMMAND} -E touch ${PROJECT_BINARY_DIR}/man.stamp
  DEPENDS vardavtal ${PROJECT_SOURCE_DIR}/scripts/help-to-man.sh
  COMMENT "Man pages from vardavtal's --help texts"
  VERBATIM)
add_custom_target(man ALL DEPENDS ${PROJECT_BINARY_DIR}/man.stamp)
install(DIRECTORY ${_man_dir}/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
  FILES_MATCHING PATTERN "*.1")

install(FILES ${PROJECT_SOURCE_DIR}/billing/server/systemd/vardavtal.conf
  DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME vardavtal.conf.example)

# The units name the installed binary, so they are written at install time
# from their templates, with the prefix that install uses (--prefix too).
install(CODE "
  set(VARDAVTAL_SYSTEMD_DIR \"${PROJECT_SOURCE_DIR}/billing/server/systemd\")
  set(VARDAVTAL_INSTALL_BINDIR \"${CMAKE_INSTALL_BINDIR}\")
  set(VARDAVTAL_SYSTEMD_UNIT_DIR \"${VARDAVTAL_SYSTEMD_UNIT_DIR}\")
  set(VARDAVTAL_CONFIG_FILE \"${VARDAVTAL_CONFIG_FILE}\")
  include(\"${PROJECT_SOURCE_DIR}/cmake/install_units.cmake\")
")
