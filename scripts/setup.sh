#!/usr/bin/env bash
# Installs every Debian package that building and testing rfinv needs.
# Idempotent: packages already present are skipped, so it is cheap to run before each build.
set -euo pipefail

packages=(
  cmake ninja-build g++ clang clang-format libclang-rt-14-dev pkg-config
  libboost1.81-dev libboost-test1.81-dev libboost-json1.81-dev
  libusb-1.0-0-dev libsqlite3-dev libssl-dev libcli11-dev libfmt-dev
  sqlite3 openssl umockdev libumockdev-dev tshark python3
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  # tshark asks whether non-root users may capture; answer it up front so apt never waits.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
