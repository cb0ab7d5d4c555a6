#!/usr/bin/env bash
# Prints a folder holding MeCab IPADIC sources (*.csv, *.def), getting them
# from Debian's mecab-ipadic package when they are not installed:
# `apt-get install` as root, else `apt-get download` + `dpkg -x` into .cache/.
set -euo pipefail
installed=/usr/share/mecab/dic/ipadic
cache="$(pwd)/.cache/ipadic"
for dir in "${IPADIC_SRC:-}" "$installed" "$cache/usr/share/mecab/dic/ipadic"; do
  if [ -n "$dir" ] && [ -f "$dir/matrix.def" ]; then echo "$dir"; exit 0; fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "kioku: installing Debian's mecab-ipadic for the dictionary sources" >&2
  (apt-get install -y -qq mecab-ipadic >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq mecab-ipadic >/dev/null; }) >&2
  if [ -f "$installed/matrix.def" ]; then echo "$installed"; exit 0; fi
fi
echo "kioku: downloading Debian's mecab-ipadic into $cache" >&2
mkdir -p "$cache"
(cd "$cache" && apt-get download mecab-ipadic >&2 && dpkg -x mecab-ipadic_*.deb . && rm -f mecab-ipadic_*.deb)
echo "$cache/usr/share/mecab/dic/ipadic"
