#!/usr/bin/env bash
# po/POTFILES.in must be sorted and list every source with a translatable string.
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
done < <(grep -rlE '\b_\(|\bN_\(|translatable="yes"' src | LC_ALL=C sort)

while IFS= read -r f; do
  [ -e "$f" ] || { echo "po/POTFILES.in lists a file that does not exist: $f"; status=1; }
done < po/POTFILES.in

[ $status -eq 0 ] && echo "po/POTFILES.in is sorted and complete"
exit $status
