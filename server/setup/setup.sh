#!/bin/sh
# `npm run setup`: everything a fresh Debian/Ubuntu machine needs to run Pano.
#  1. System libraries that node-canvas and better-sqlite3 need to build from source
#     (prebuilt binaries are not downloaded), plus poppler-utils, which the tests use to read PDFs,
#     and openssl, which makes certificates (for HTTPS, and in the tests).
#  2. npm ci: the exact dependency tree of package-lock.json, native modules compiled here.
#  3. npm run build: the server (tsc) and the two web pages (Vite) into dist/.
set -eu
cd "$(dirname "$0")/../.."

say() { printf '\033[1mpano setup:\033[0m %s\n' "$*"; }

missing=""
have_pc() { pkg-config --exists "$1" 2>/dev/null; }
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
command -v make >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1 || missing="$missing build-essential"
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
have_pc cairo || missing="$missing libcairo2-dev"
have_pc pangocairo || missing="$missing libpango1.0-dev"
have_pc librsvg-2.0 || missing="$missing librsvg2-dev"
[ -f /usr/include/jpeglib.h ] || missing="$missing libjpeg-dev"
[ -f /usr/include/gif_lib.h ] || missing="$missing libgif-dev"
command -v pdfinfo >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v openssl >/dev/null 2>&1 || missing="$missing openssl"

if [ -n "$missing" ]; then
  say "cài các gói hệ thống còn thiếu (installing missing system packages):$missing"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    say "cần quyền root để cài:$missing — hãy chạy: apt-get install -y$missing"
    exit 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    say "không có apt-get; hãy tự cài tương đương của:$missing"
    exit 1
  fi
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
else
  say "các gói hệ thống đã đủ (system packages present)"
fi

say "cài phụ thuộc npm và biên dịch canvas, better-sqlite3 từ mã nguồn (npm ci)"
npm ci --no-audit --no-fund
node -e "require('canvas'); new (require('better-sqlite3'))(':memory:').close()" || {
  say "canvas hoặc better-sqlite3 không nạp được sau khi biên dịch"
  exit 1
}

say "biên dịch máy chủ và giao diện (npm run build)"
npm run build
say "xong. Chạy: npm start  (mặc định http://localhost:8080, dữ liệu trong ./data)"
