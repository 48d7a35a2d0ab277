#!/usr/bin/env bash
# aarch64 (phones) next to x86-64: cross-build the workspace, run every test under user-mode
# qemu, rerun the loader tests with 16 KiB pages, and check the Android target.
#
# Installs what it needs when absent (Debian's cross gcc, arm64 libc, qemu-user; the Rust
# targets through rustup). Run from anywhere: `bash tools/ci/aarch64.sh`. `.ci/run` calls it.
set -euo pipefail
cd "$(dirname "$0")/../.."

gnu=aarch64-unknown-linux-gnu
android=aarch64-linux-android
sysroot=/usr/aarch64-linux-gnu
started=$SECONDS

say() { printf 'aarch64: %s\n' "$*"; }

# --- toolchain -------------------------------------------------------------------------
missing=()
command -v aarch64-linux-gnu-gcc >/dev/null || missing+=(gcc-aarch64-linux-gnu)
[ -e "$sysroot/lib/ld-linux-aarch64.so.1" ] || missing+=(libc6-dev-arm64-cross)
command -v qemu-aarch64 >/dev/null || missing+=(qemu-user)
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
installed_targets="$(rustup target list --installed)"
for t in "$gnu" "$android"; do
    grep -qx "$t" <<<"$installed_targets" || rustup target add "$t"
done

# qemu finds the arm64 dynamic loader and libc here, also for programs the tests start.
export QEMU_LD_PREFIX="$sysroot"

# Tests start the CLI binary (built for aarch64) as a child process; the kernel runs it
# through qemu only when binfmt_misc knows the format. Register it when we can.
binfmt=/proc/sys/fs/binfmt_misc
spawn_ok=false
if [ -e "$binfmt/qemu-aarch64" ]; then
    spawn_ok=true
elif [ -w /proc/sys/fs ] || [ "$(id -u)" = 0 ]; then
    [ -e "$binfmt/register" ] || mount -t binfmt_misc binfmt_misc "$binfmt" 2>/dev/null || true
    conf=/usr/lib/binfmt.d/qemu-aarch64.conf
    if [ -w "$binfmt/register" ] && [ -r "$conf" ]; then
        cat "$conf" >"$binfmt/register" 2>/dev/null || true
    fi
    [ -e "$binfmt/qemu-aarch64" ] && spawn_ok=true
fi

# --- lints and build -------------------------------------------------------------------
# The NEON paths only compile for aarch64: lint them there too.
cargo clippy --workspace --all-targets --target "$gnu" -- -D warnings
cargo check --workspace --all-targets --target "$android"
say "cargo check --target $android: ok"

# --- tests under qemu ------------------------------------------------------------------
if $spawn_ok; then
    cargo test --workspace --target "$gnu"
else
    say "SKIPPED: the pterun-cli integration tests (tests/*.rs of crates/cli): they start the"
    say "  aarch64 pterun binary as a child process, and binfmt_misc could not be set up to run"
    say "  it under qemu here (needs root and a writable /proc/sys/fs/binfmt_misc)"
    cargo test --workspace --target "$gnu" --exclude pterun-cli
    cargo test -p pterun-cli --target "$gnu" --bins
fi

# What the emulated CPU offers and which of pterun's loops use it (NEON is the baseline;
# dotprod, fp16 and i8mm are detected at run time).
cargo run -q --target "$gnu" -p pterun-cli -- cpu | sed 's/^/aarch64: cpu: /'

# --- 16 KiB pages (recent Android devices) ---------------------------------------------
probe_dir="$(mktemp -d)"
trap 'rm -rf "$probe_dir"' EXIT
printf '#include <stdio.h>\n#include <unistd.h>\nint main(void){printf("%%ld\\n",sysconf(_SC_PAGESIZE));return 0;}\n' >"$probe_dir/page.c"
aarch64-linux-gnu-gcc -o "$probe_dir/page" "$probe_dir/page.c"
page="$(QEMU_PAGESIZE=16384 qemu-aarch64 "$probe_dir/page" 2>/dev/null || true)"
if [ "$page" = 16384 ]; then
    say "qemu runs guests with 16 KiB pages: rerunning the loader and runtime tests with them"
    # RUST_BACKTRACE=0: this qemu crashes while symbolising a backtrace with 16 KiB guest
    # pages, which would turn every expected (caught) panic into a segmentation fault.
    RUST_BACKTRACE=0 QEMU_PAGESIZE=16384 PTERUN_EXPECT_PAGE_SIZE=16384 \
        cargo test --target "$gnu" -p pterun-memory -p pterun-runtime
else
    say "SKIPPED: 16 KiB page run: this qemu-aarch64 ignores -p 16384 (guest page size: ${page:-none});"
    say "  the loaders' page-size logic is still covered by unit tests for 4 KiB and 16 KiB"
fi

say "done in $((SECONDS - started)) s"
