#!/usr/bin/env bash
# Installs what the tests need besides Rust: Graphviz's `dot` (and a CJK font
# for the rendered maps), from Debian's packages, when they are missing.
set -euo pipefail
if command -v dot >/dev/null; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "kioku: installing Graphviz and Noto CJK fonts for the concept-map tests" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq graphviz fonts-noto-cjk >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && apt-get install -y -qq graphviz fonts-noto-cjk >/dev/null; }
else
  echo "kioku: the tests need Graphviz's dot: install the graphviz package" >&2
  exit 1
fi
