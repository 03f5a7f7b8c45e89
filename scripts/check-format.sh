#!/usr/bin/env bash
# Fails when clang-format would change any C++ source (*.cpp, *.h) in the tree, and names each
# file. Run by ctest as format_check; `clang-format -i FILE` fixes what it reports.
set -euo pipefail
cd "$(dirname "$0")/.."
format=${CLANG_FORMAT:-clang-format}
command -v "$format" >/dev/null || { echo "check-format: $format not found (scripts/setup.sh installs it)"; exit 1; }

# Tracked files in a git checkout; otherwise every source outside build directories.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -d '' files < <(git ls-files -z -- '*.cpp' '*.h')
else
  mapfile -d '' files < <(find . -path './build*' -prune -o -type f \( -name '*.cpp' -o -name '*.h' \) -print0)
fi

# Files deleted in the work tree but still in the index are skipped.
existing=()
for f in "${files[@]}"; do [ -f "$f" ] && existing+=("$f"); done
((${#existing[@]})) || exit 0

# One clang-format run for all files; it names each offending file:line in its diagnostics.
if report=$("$format" --dry-run --Werror "${existing[@]}" 2>&1); then
  exit 0
fi
bad=$(grep -oE '^[^:]+:[0-9]+:[0-9]+: error' <<<"$report" | cut -d: -f1 | sort -u)
if [ -z "$bad" ]; then
  echo "$report"  # clang-format failed for another reason: show it
else
  sed 's/^/not clang-formatted: /' <<<"$bad"
fi
exit 1
