#!/bin/sh
# `npm run setup`: everything a fresh Debian/Ubuntu machine needs to run Pano and its tests.
#  1. The system packages below, when missing: what node-canvas and better-sqlite3 need to build
#     from source (prebuilt binaries are not downloaded), and every program that Pano or its tests
#     run. test/unit/server/setup-programs.test.ts finds every program the code spawns and fails
#     when it has no `program` line here, so a machine that happens to have it cannot hide the gap.
#  2. npm ci: the exact dependency tree of package-lock.json, native modules compiled here.
#  3. npm run build: the server (tsc) and the two web pages (Vite) into dist/.
set -eu
cd "$(dirname "$0")/../.."

# Every message in Vietnamese, then English, like the rest of Pano.
say() { printf '\033[1mpano setup:\033[0m %s\n     (%s)\n' "$1" "$2"; }

missing=""
need() { case " $missing " in *" $1 "*) ;; *) missing="$missing $1" ;; esac; }

# program NAME PACKAGE: NAME is run by Pano, its build or its tests; PACKAGE provides it.
program() { command -v "$1" >/dev/null 2>&1 || need "$2"; }
program pkg-config pkg-config
program make build-essential
program g++ build-essential
program python3 python3
program curl curl
program git git
program unzip unzip
program gs ghostscript
program pdfinfo poppler-utils
program pdftotext poppler-utils
program pdffonts poppler-utils
program pdftoppm poppler-utils
program openssl openssl
program chromium chromium
# The tests' throwaway PostgreSQL (test/support/postgres.ts) runs Debian's server programs, which
# live off PATH in /usr/lib/postgresql/<major>/bin: look there, the newest major first.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -n "$pg_bin" ]; then PATH="$PATH:$pg_bin"; fi
program initdb postgresql
program postgres postgresql

# Libraries node-canvas is built against.
have_pc() { pkg-config --exists "$1" 2>/dev/null; }
have_pc cairo || need libcairo2-dev
have_pc pangocairo || need libpango1.0-dev
have_pc librsvg-2.0 || need librsvg2-dev
[ -f /usr/include/jpeglib.h ] || need libjpeg-dev
[ -f /usr/include/gif_lib.h ] || need libgif-dev

if [ -n "$missing" ]; then
  say "cài các gói hệ thống còn thiếu:$missing" "installing missing system packages:$missing"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    say "cần quyền root để cài; hãy chạy: apt-get install -y$missing" "root is needed to install them; run: apt-get install -y$missing"
    exit 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    say "không có apt-get; hãy tự cài tương đương của:$missing" "no apt-get here; install the equivalents of:$missing"
    exit 1
  fi
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
else
  say "các gói hệ thống đã đủ" "system packages present"
fi

say "cài phụ thuộc npm và biên dịch canvas, better-sqlite3 từ mã nguồn (npm ci)" \
  "installing npm dependencies, compiling canvas and better-sqlite3 from source (npm ci)"
npm ci --no-audit --no-fund
node -e "require('canvas'); new (require('better-sqlite3'))(':memory:').close()" || {
  say "canvas hoặc better-sqlite3 không nạp được sau khi biên dịch" "canvas or better-sqlite3 does not load after compiling"
  exit 1
}

say "biên dịch máy chủ và giao diện (npm run build)" "building the server and the web pages (npm run build)"
npm run build
say "xong. Chạy: npm start  (mặc định http://localhost:8080, dữ liệu trong ./data)" \
  "done. Run: npm start  (default http://localhost:8080, data in ./data)"
