#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# scripts/gen-man.sh BIN: regenerate docs/man/ashiato-CMD.1 from the
# command tables (the same data --help prints).  tests/e2e/man_pages.sh
# fails when the committed pages are stale.
set -euo pipefail
bin=${1:-build/ashiato}
cd "$(dirname "$0")/.."
mkdir -p docs/man
for c in $("$bin" help | awk '{print $1}'); do
  "$bin" help "$c" --man > "docs/man/ashiato-$c.1"
done
echo "wrote $(ls docs/man | wc -l) man pages in docs/man/"
