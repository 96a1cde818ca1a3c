#!/usr/bin/env bash
# Writes vardavtal's man pages from the binary's own --help texts, so the two
# cannot drift apart: vardavtal.1 from `vardavtal --help`, and
# vardavtal-COMMAND.1 from `vardavtal COMMAND --help` for every command that
# the main help lists under "Commands:". Each page is the help text as it is,
# in roff: NAME (the command's line of the main help), SYNOPSIS (the help's
# "usage:" line and the indented lines under it), DESCRIPTION (the rest,
# unfilled, as the terminal shows it) and SEE ALSO. Needs bash and awk only (no help2man;
# docs/decisions.md). The build runs it (the `man` target, build/man/);
# `cmake --install` puts the pages in share/man/man1.
#
# Usage: scripts/help-to-man.sh VARDAVTAL_BINARY OUT_DIR
set -euo pipefail
bin=${1:?usage: help-to-man.sh VARDAVTAL_BINARY OUT_DIR}
out=${2:?usage: help-to-man.sh VARDAVTAL_BINARY OUT_DIR}
new=$out.new
rm -rf "$new"
mkdir -p "$new"

# Roff for text shown as it is: backslashes and hyphens escaped (a "-" would
# print as a typographic hyphen, and options copied from the page would not
# work), a line starting with "." or "'" is not a request.
roff() {
  awk '{ gsub(/\\/, "\\e"); gsub(/-/, "\\-"); if ($0 ~ /^[.\x27]/) $0 = "\\&" $0; print }'
}

# page NAME DESCRIPTION HELP_TEXT SEE_ALSO
page() {
  local name=$1 description=$2 help=$3 see_also=$4 synopsis body
  if [[ $help == usage:* ]]; then
    # The usage: its first line and the indented lines under it, which lose
    # as many spaces as "usage: " is long, so that they stay aligned.
    synopsis=$(printf '%s\n' "$help" |
      awk 'NR > 1 && !/^ / {exit} NR == 1 {sub(/^usage: /, "")} NR > 1 {sub(/^       /, "")} {print}')
    body=$(printf '%s\n' "$help" | awk 'NR > 1 && !/^ / {started = 1} started && !(text == "" && /^$/) {print; text = 1}')
  else
    synopsis=""
    body=$help
  fi
  {
    printf '.TH %s 1 "" "vardavtal" "vardavtal manual"\n' "$(printf '%s' "${name^^}" | roff)"
    printf '.nh\n.ad l\n'  # names and options are not hyphenated
    printf '.SH NAME\n%s \\- %s\n' "$(printf '%s' "$name" | roff)" "$(printf '%s' "$description" | roff)"
    if [[ -n $synopsis ]]; then
      printf '.SH SYNOPSIS\n.nf\n%s\n.fi\n' "$(printf '%s\n' "$synopsis" | roff)"
    fi
    printf '.SH DESCRIPTION\n.nf\n%s\n.fi\n' "$(printf '%s\n' "$body" | roff)"
    printf '.SH SEE ALSO\n%s\n' "$see_also"
  } >"$new/$name.1"
}

main=$("$bin" --help)
# The commands and their descriptions: "  NAME [ARGS]  DESCRIPTION", the
# description after two or more spaces and on the lines indented below it
# (alone there when the arguments fill the line).
listing=$(printf '%s\n' "$main" | awk '
  /^Commands:/ { on = 1; next }
  on && /^$/ { exit }
  on && /^  [a-z]/ {
    if (name != "") print name "\t" desc
    line = substr($0, 3); name = $1
    n = split(line, parts, /  +/); desc = n > 1 ? parts[n] : ""
    next
  }
  on && name != "" { sub(/^ +/, ""); desc = desc == "" ? $0 : desc " " $0 }
  END { if (name != "") print name "\t" desc }')
[[ -n $listing ]] || { echo "help-to-man.sh: no commands in '$bin --help'" >&2; exit 1; }

see_main=""
while IFS=$'\t' read -r command description; do
  help=$("$bin" "$command" --help) ||
    { echo "help-to-man.sh: '$bin $command --help' failed" >&2; exit 1; }
  page "vardavtal-$command" "${description:-vardavtal $command}" "$help" '.BR vardavtal (1)'
  see_main+=".BR vardavtal\\-$command (1),"$'\n'
done <<<"$listing"
page vardavtal "bills care sold between Swedish regions" "$main" "${see_main%,$'\n'}"

rm -rf "$out"
mv "$new" "$out"
