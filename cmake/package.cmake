# `cpack -G DEB` in the build folder writes newswatch_VERSION_ARCH.deb: what
# `cmake --install` puts in place, under /usr whatever the build's own prefix.
# Installing through DESTDIR (CPACK_SET_DESTDIR) keeps the absolute /etc paths
# and lets the unit's ExecStart= be configured with the package's prefix.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME newswatch)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "newswatch")
set(CPACK_PACKAGE_CONTACT "newswatch maintainers <maintainers@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "polls news feeds, extracts reported figures and alerts on divergence")
# The long description (the summary is its first line); one string, as separate
# arguments to set() would become a list joined with ";".
string(CONCAT CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "newswatch polls RSS, Atom, RDF and JSON feeds, keeps each article once,\n"
  "extracts the figures its rule packs describe as claims with quotes and\n"
  "sources, raises alerts when a new figure diverges from earlier ones and\n"
  "serves a ledger of every figure as HTML pages. Runs as a hardened systemd\n"
  "service (newswatch.service) with its data in /var/lib/newswatch.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # newswatch_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Dependencies are those of the binary's shared libraries, read by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Files under /etc are conffiles: an upgrade never overwrites the user's edits.
set(_conffiles ${CMAKE_CURRENT_BINARY_DIR}/debian/conffiles)
file(WRITE ${_conffiles} "${NEWSWATCH_CONFIG_DIR}/newswatch.toml\n${NEWSWATCH_CONFIG_DIR}/newswatch.toml.example\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${_conffiles})
include(CPack)
