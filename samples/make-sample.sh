#!/usr/bin/env bash
# Rebuilds samples/sample-distro.vhdx.gz: the small real ext4 VHDX the demo runs on, gzip'd. The CLI
# reads it beside samples/write_sample_disk.ts (source, npm package); the compiled binaries embed it
# (packaging/binary_entry.ts), so `vhdx-shrink demo` works anywhere.
# A 256 MiB virtual disk (1 MiB blocks, like WSL makes) holding a little tree of files, plus
# about 40 MB of files that were written and then deleted, so their blocks are still allocated
# in the VHDX but free in ext4 - exactly the bloat vhdx-shrink reclaims.
# Needs: mke2fs, debugfs (e2fsprogs), qemu-img (qemu-utils), python3, gzip.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tree/home/dev/project/src" "$work/tree/etc"
python3 - "$work" <<'PY'
import os, sys, random
w = sys.argv[1]
rnd = random.Random(42)
for i in range(60):
    with open(f"{w}/tree/home/dev/project/src/file{i:03}.txt", "w") as f:
        f.write("".join(rnd.choice("abcdefghij \n") for _ in range(rnd.randint(200, 9000))))
with open(f"{w}/tree/etc/hostname", "w") as f: f.write("sample\n")
# deleted layers: compressible but non-zero, so qemu keeps their blocks and gzip shrinks the sample
for i in range(5):
    with open(f"{w}/layer{i}.bin", "wb") as f:
        f.write((b"docker layer %d " % i) * (8 * 1024 * 1024 // 16))
PY
mke2fs -q -F -t ext4 -b 4096 -U 0f2c1a7e-5a55-4b0e-9a11-7a3c0de1c0de -E hash_seed=1b4e28ba-2fa1-11d2-883f-0016d3cca427 \
  -d "$work/tree" "$work/disk.raw" 256M
{ for i in 0 1 2 3 4; do echo "write $work/layer$i.bin layer$i.bin"; done; } | debugfs -w -f - "$work/disk.raw" >/dev/null
{ for i in 0 1 2 3 4; do echo "rm layer$i.bin"; done; } | debugfs -w -f - "$work/disk.raw" >/dev/null
e2fsck -fn "$work/disk.raw" >/dev/null
qemu-img convert -f raw -O vhdx -o subformat=dynamic,block_size=1M "$work/disk.raw" "$work/sample-distro.vhdx"
gzip -9 -n -c "$work/sample-distro.vhdx" > "$here/sample-distro.vhdx.gz"
ls -l "$work/sample-distro.vhdx" "$here/sample-distro.vhdx.gz"
