#!/usr/bin/env bash
# The Debian package test: builds the .deb from an already built tree with cpack, unpacks it
# into a scratch root, runs both programs from there with no display, validates the desktop
# entry and the AppStream metainfo, checks the icons, man pages and completion, and runs
# lintian (an error fails; warnings are printed). Usage: test-package.sh [BUILD_DIR]
# (default ./build). ctest runs it as the "package" test.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "-- $*"; }

step "cpack -G DEB"
(cd "$build" && cpack -G DEB -B "$scratch/out" >"$scratch/cpack.log" 2>&1) \
    || { cat "$scratch/cpack.log" >&2; fail "cpack"; }
debs=("$scratch"/out/cosmoscope_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "expected one cosmoscope_*.deb"
deb=${debs[0]}
echo "   $(basename "$deb"), $(stat -c %s "$deb") bytes"

step "control fields"
version=$(sed -n 's/^project(Cosmoscope VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version is not the project's $version"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libqt6core6 libqt6network6 libqt6widgets6 libqscintilla2-qt6 libqt6keychain1 libc6; do
    grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib (shlibdeps): $depends"
done

step "apt would install it (its dependencies resolve)"
apt-get install --simulate "$deb" >"$scratch/apt.txt" 2>&1 \
    || { cat "$scratch/apt.txt" >&2; fail "apt-get install --simulate"; }
grep -q "^Inst cosmoscope " "$scratch/apt.txt" || fail "apt would not install cosmoscope"

step "unpack into a scratch root"
root=$scratch/root
dpkg-deb -x "$deb" "$root"
dpkg-deb -c "$deb" >"$scratch/contents.txt"
for f in usr/bin/cosmoscope usr/bin/cosmoscope-cli \
    usr/share/applications/io.github.cosmoscope.Cosmoscope.desktop \
    usr/share/metainfo/io.github.cosmoscope.Cosmoscope.metainfo.xml \
    usr/share/man/man1/cosmoscope.1.gz usr/share/man/man1/cosmoscope-cli.1.gz \
    usr/share/bash-completion/completions/cosmoscope-cli \
    usr/share/doc/cosmoscope/copyright usr/share/doc/cosmoscope/changelog.gz \
    usr/share/doc/cosmoscope/THIRD-PARTY-NOTICES; do
    [ -f "$root/$f" ] || fail "$f is not in the package"
done

step "both programs answer --version and --help with no display"
nodisplay=(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM)
out=$("${nodisplay[@]}" "$root/usr/bin/cosmoscope-cli" --version)
[ "$out" = "cosmoscope-cli $version" ] || fail "cosmoscope-cli --version said: $out"
out=$("${nodisplay[@]}" "$root/usr/bin/cosmoscope" --version)
[ "$out" = "Cosmoscope $version" ] || fail "cosmoscope --version said: $out"
"${nodisplay[@]}" "$root/usr/bin/cosmoscope" --help | grep -q -- "--connection-string" \
    || fail "cosmoscope --help"
"${nodisplay[@]}" "$root/usr/bin/cosmoscope-cli" --help | grep -q "^Usage: cosmoscope-cli" \
    || fail "cosmoscope-cli --help"
out=$(QT_QPA_PLATFORM=offscreen "$root/usr/bin/cosmoscope" --version)
[ "$out" = "Cosmoscope $version" ] || fail "cosmoscope --version (offscreen) said: $out"

step "desktop entry and AppStream metainfo"
desktop=$root/usr/share/applications/io.github.cosmoscope.Cosmoscope.desktop
metainfo=$root/usr/share/metainfo/io.github.cosmoscope.Cosmoscope.metainfo.xml
desktop-file-validate "$desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net --explain "$metainfo" || fail "appstreamcli validate"
grep -q "<launchable type=\"desktop-id\">$(basename "$desktop")</launchable>" "$metainfo" \
    || fail "the metainfo does not launch the desktop entry"
screenshot=$(sed -n 's|.*<image>\(.*\)</image>.*|\1|p' "$metainfo")
[ "${screenshot##*/packaging/}" = "screenshot.png" ] \
    && grep -q "(packaging/screenshot.png)" "$src/README.md" \
    || fail "the metainfo screenshot ($screenshot) is not the README's packaging/screenshot.png"
grep -q "<release version=\"$version\"" "$metainfo" || fail "no release $version in the metainfo"

step "the icon the entry names exists (SVG and PNG sizes)"
icon=$(sed -n 's/^Icon=//p' "$desktop")
[ -n "$icon" ] || fail "no Icon= in the desktop entry"
hicolor=$root/usr/share/icons/hicolor
[ -f "$hicolor/scalable/apps/$icon.svg" ] || fail "no scalable/apps/$icon.svg"
for size in 16 32 48 64 128 256; do
    png=$hicolor/${size}x${size}/apps/$icon.png
    [ -f "$png" ] || fail "no ${size}x${size}/apps/$icon.png"
    [ "$(identify -format %wx%h "$png")" = "${size}x${size}" ] || fail "$png is not ${size}px"
done

step "man pages and bash completion"
for page in cosmoscope cosmoscope-cli; do
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$root/usr/share/man/man1/$page.1.gz" 2>&1 >/dev/null)
    [ -z "$warnings" ] || fail "man $page: $warnings"
    zcat "$root/usr/share/man/man1/$page.1.gz" | grep -q "^\.TH" || fail "man $page"
done
bash -n "$root/usr/share/bash-completion/completions/cosmoscope-cli" || fail "completion syntax"
if [ -f /usr/share/bash-completion/bash_completion ]; then
    words=$(bash -c 'source /usr/share/bash-completion/bash_completion
        source "$1"
        COMP_WORDS=(cosmoscope-cli db l); COMP_CWORD=2; COMP_LINE="cosmoscope-cli db l"
        COMP_POINT=${#COMP_LINE}; _cosmoscope_cli cosmoscope-cli l db
        echo "${COMPREPLY[*]}"' _ "$root/usr/share/bash-completion/completions/cosmoscope-cli")
    [ "$words" = "list" ] || fail "completing 'cosmoscope-cli db l' gave '$words'"
fi

step "lintian"
lintian --tag-display-limit 0 --display-info "$deb" >"$scratch/lintian.txt" 2>&1 || true
sed 's/^/   /' "$scratch/lintian.txt"
errors=$(grep -c '^E:' "$scratch/lintian.txt" || true)
warnings=$(grep -c '^W:' "$scratch/lintian.txt" || true)
echo "   lintian: $errors errors, $warnings warnings"
[ "$errors" -eq 0 ] || fail "lintian reports errors"

step "files"
awk '{ print "   " $1, $6 }' "$scratch/contents.txt"
[ -z "${COSMOSCOPE_KEEP_DEB:-}" ] || cp "$deb" "$COSMOSCOPE_KEEP_DEB"
echo "package test passed"
