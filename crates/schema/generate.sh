#!/usr/bin/env bash
# Rewrites src/generated/*.rs from fbs/*.fbs with the planus code generator (a pinned
# dev-dependency, so no separate planus install is needed).
set -euo pipefail
cd "$(dirname "$0")"
PTERUN_REGENERATE=1 cargo test -q -p pterun-schema --lib generated_code_is_current
echo "regenerated: $(ls src/generated)"
