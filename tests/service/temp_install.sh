# Sourced by the service tests: `temp_install NAME BUILD_DIR` sets `build`
# (absolute) and `tmp`, a new temporary directory removed at exit. Each
# `cmake --install` writes BUILD_DIR/install_manifest.txt: the one there
# before is put back at exit (or the file removed), so the tests leave the
# build tree as they found it.
temp_install() {
  build=$(cd "$2" && pwd)
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/vardavtal-$1.XXXXXX")
  manifest=$build/install_manifest.txt
  if [[ -f $manifest ]]; then cp -p "$manifest" "$tmp.manifest"; fi
  trap temp_install_cleanup EXIT
}
temp_install_cleanup() {
  if [[ -f $tmp.manifest ]]; then mv "$tmp.manifest" "$manifest"; else rm -f "$manifest"; fi
  rm -rf "$tmp"
}
