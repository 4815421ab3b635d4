#!/usr/bin/env bash
# Prepares the Wine prefix the Windows tests run our .exe in (tests/windows/, tests/packaging/wine_test.ts).
#   1. checks that Debian's wine64 and MinGW are installed (it does not install them: .ci/run does,
#      as root; on your machine: sudo apt-get install wine wine64 gcc-mingw-w64-x86-64);
#   2. initialises $WINEPREFIX (default ~/.wine) with `wineboot -i`;
#   3. builds bcryptprimitives.dll from process_prng.c (Wine 8 lacks it; Bun-built programs import
#      ProcessPrng from it) into the prefix's system32;
#   4. links wine64 into /usr/local/bin when it may (Debian puts it in /usr/lib/wine only).
# Idempotent: a prepared prefix takes well under a second.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
install_hint="sudo apt-get install -y wine wine64 gcc-mingw-w64-x86-64"

wine=$(command -v wine64 || true)
[ -n "$wine" ] || { [ -x /usr/lib/wine/wine64 ] && wine=/usr/lib/wine/wine64; } || true
if [ -z "$wine" ]; then echo "setup.sh: wine64 is not installed: $install_hint" >&2; exit 1; fi
if ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
  echo "setup.sh: x86_64-w64-mingw32-gcc (MinGW) is not installed: $install_hint" >&2; exit 1
fi
wineserver=$(command -v wineserver || true)
[ -n "$wineserver" ] || wineserver=/usr/lib/wine/wineserver

prefix=${WINEPREFIX:-$HOME/.wine}
export WINEPREFIX=$prefix WINEDEBUG=-all
system32="$prefix/drive_c/windows/system32"
if [ ! -d "$system32" ]; then
  "$wine" wineboot -i >/dev/null 2>&1 || true
  "$wineserver" -w 2>/dev/null || true
fi
[ -d "$system32" ] || { echo "setup.sh: wineboot did not create $system32" >&2; exit 1; }

dll="$system32/bcryptprimitives.dll"
if [ ! -s "$dll" ] || [ "$here/process_prng.c" -nt "$dll" ]; then
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
  x86_64-w64-mingw32-gcc -shared -O2 -Wall -o "$work/bcryptprimitives.dll" "$here/process_prng.c" "$here/process_prng.def"
  cp "$work/bcryptprimitives.dll" "$dll"
fi

if ! command -v wine64 >/dev/null && [ -w /usr/local/bin ]; then ln -sf "$wine" /usr/local/bin/wine64; fi
echo "wine prefix ready: $prefix (run: WINEDEBUG=-all wine64 program.exe)"
