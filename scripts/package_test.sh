#!/usr/bin/env bash
# The Debian package, end to end: builds it from BUILD_DIR with `cpack -G DEB`,
# checks its name, contents and dependencies, installs it with `dpkg -i` into a
# scratch root (the machine itself stays untouched, so later tests and other
# builds see no installed newswatch), then runs the installed binary:
# --version, and `check` on the installed example config.
# Usage: scripts/package_test.sh BUILD_DIR   (CTest runs it as Package.Deb)
set -euo pipefail
build=$(realpath "${1:?usage: package_test.sh BUILD_DIR}")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() {
  echo "package_test: $*" >&2
  exit 1
}

version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
arch=$(dpkg --print-architecture)
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$scratch/out" >"$scratch/cpack.log" 2>&1 ||
  { cat "$scratch/cpack.log" >&2; fail "cpack failed"; }
deb="$scratch/out/newswatch_${version}_${arch}.deb"
[ -f "$deb" ] || fail "no $deb (made: $(ls "$scratch/out"))"

# Dependencies come from dpkg-shlibdeps, and this machine (where the binary
# was linked) satisfies them all.
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libcurl4 libsqlite3-0 libsystemd0 libre2-9 libstdc++6; do
  grep -q "\b$lib\b" <<<"$depends" || fail "Depends lacks $lib: $depends"
done
apt-get install --simulate --no-install-recommends "$deb" >"$scratch/apt.log" 2>&1 ||
  { cat "$scratch/apt.log" >&2; fail "the package's dependencies do not resolve here"; }

# dpkg -i into an empty root with its own dpkg database: the package carries no
# maintainer scripts, and its libraries are the host's, so --force-depends only
# skips looking for them in the empty database.
root="$scratch/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
touch "$root/var/lib/dpkg/status"
dpkg --root="$root" --force-depends --force-not-root -i "$deb" >"$scratch/dpkg.log" 2>&1 ||
  { cat "$scratch/dpkg.log" >&2; fail "dpkg -i failed"; }
dpkg --root="$root" -s newswatch | grep -q '^Status: install ok installed' || fail "not installed"

unit="$root/usr/lib/systemd/system/newswatch.service"
for f in usr/bin/newswatch usr/share/man/man1/newswatch.1 \
  usr/share/bash-completion/completions/newswatch usr/lib/systemd/system/newswatch.service \
  etc/newswatch/newswatch.toml etc/newswatch/newswatch.toml.example \
  usr/share/newswatch/rules/recruitment.toml usr/share/newswatch/rules/recruitment-ru.toml; do
  [ -s "$root/$f" ] || fail "the package lacks /$f"
done
grep -qx 'ExecStart=/usr/bin/newswatch run -c /etc/newswatch/newswatch.toml' "$unit" ||
  fail "the unit does not run /usr/bin/newswatch: $(grep ExecStart= "$unit")"
grep -qx 'StateDirectory=newswatch' "$unit" || fail "the unit has no StateDirectory=newswatch"
grep -q '^/etc/newswatch/newswatch.toml$' "$root/var/lib/dpkg/info/newswatch.conffiles" ||
  fail "the config is not a conffile"
head -5 "$root/usr/share/man/man1/newswatch.1" | grep -q '^\.TH' || fail "the man page has no .TH"
bash -c "source '$root/usr/share/bash-completion/completions/newswatch' && complete -p newswatch" \
  >/dev/null || fail "the completion registers nothing for newswatch"

# The installed binary runs, and reads the installed example and rule packs.
nw="$root/usr/bin/newswatch"
"$nw" --version | grep -q "$version" || fail "--version does not say $version"
"$nw" check -c "$root/etc/newswatch/newswatch.toml" || fail "check failed on the installed example"
sed "s|^packs = .*|packs = [\"$root/usr/share/newswatch/rules/recruitment.toml\"]|" \
  "$root/etc/newswatch/newswatch.toml.example" >"$scratch/packs.toml"
"$nw" check -c "$scratch/packs.toml" || fail "check failed with the installed rule pack"
echo "package_test: $(basename "$deb") ok ($depends)"
