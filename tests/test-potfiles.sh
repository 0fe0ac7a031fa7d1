#!/usr/bin/env bash
# po/POTFILES.in must be sorted and list every source with a translatable string
# (_(), N_(), C_(), NC_(), a plural through ngettext, or translatable="yes"),
# and each translation must pass msgfmt's checks (format specifiers that
# match the original, plural forms, header).
set -u
top=$1
cd "$top" || exit 1
status=0

if ! LC_ALL=C sort -c po/POTFILES.in 2>/dev/null; then
  echo "po/POTFILES.in is not sorted (LC_ALL=C sort)"
  status=1
fi

while IFS= read -r f; do
  if ! grep -qxF "$f" po/POTFILES.in; then
    echo "missing from po/POTFILES.in: $f"
    status=1
  fi
done < <(grep -rlE '\b_\(|\bN_\(|\bN?C_\(|ngettext ?\(|translatable="yes"' src | LC_ALL=C sort)

while IFS= read -r f; do
  [ -e "$f" ] || { echo "po/POTFILES.in lists a file that does not exist: $f"; status=1; }
done < po/POTFILES.in

while IFS= read -r lang; do
  case $lang in ''|'#'*) continue ;; esac
  if ! out=$(msgfmt -c -o /dev/null "po/$lang.po" 2>&1); then
    echo "po/$lang.po does not pass msgfmt -c:"
    echo "$out"
    status=1
  fi
done < po/LINGUAS

[ $status -eq 0 ] && echo "po/POTFILES.in is sorted and complete; the translations pass msgfmt -c"
exit $status
