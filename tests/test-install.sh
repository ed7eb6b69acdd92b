#!/usr/bin/env bash
# The README's user install, followed to the letter in a throwaway HOME:
# configure with -Duser-install=true, build, install; GIMP 3 (with its
# normal profile, no test overrides) finds the plug-in and its German menu
# label; the README's batch example blurs a folder of JPEGs; uninstall
# removes every installed file.
#
# Usage: test-install.sh SOURCE_DIR
set -u
src=$(cd "$1" && pwd)
passed=0 failed=0
check () {
  if "${@:2}"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; fi
}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share
unset GIMP3_DIRECTORY
plugin=$XDG_CONFIG_HOME/GIMP/3.0/plug-ins/separable-bokeh

(cd "$src" && meson setup "$home/build" -Duser-install=true --prefix "$HOME/.local" >/dev/null &&
 meson compile -C "$home/build" >/dev/null && meson install -C "$home/build" >/dev/null) \
  || { echo "FAIL: build and install"; exit 1; }
check "plug-in installed" test -x "$plugin/separable-bokeh"
check "German catalog installed" test -f "$plugin/locale/de/LC_MESSAGES/separable-bokeh.mo"
check "sbokeh installed" test -x "$HOME/.local/bin/sbokeh"
check "GEGL operation installed" test -f "$HOME/.local/share/gegl-0.4/plug-ins/separable-bokeh.so"

# The README's batch example, in a folder of two JPEGs.
mkdir -p "$home/photos"
"$HOME/.local/bin/sbokeh" apply "$src/data/coffee.png" "$home/photos/a.jpg" --radius 0.5 --rank 1 >/dev/null
cp "$home/photos/a.jpg" "$home/photos/b.jpg"
batch=$(sed -n '/^gimp-console-3.0 -i --batch-interpreter=plug-in-script-fu-eval -b/,/--quit$/p' "$src/README.md")
check "README has the batch example" test -n "$batch"
(cd "$home/photos" && eval "$batch") >"$home/batch.log" 2>&1
check "batch example ran" test $? = 0
check "a-bokeh.jpg written" test -s "$home/photos/a-bokeh.jpg"
check "b-bokeh.jpg written" test -s "$home/photos/b-bokeh.jpg"

label=$(LANG=de_DE.UTF-8 LANGUAGE=de gimp-console-3.0 -i -d -f --batch-interpreter=python-fu-eval -b '
print("LABEL:", Gimp.get_pdb().lookup_procedure("plug-in-separable-bokeh").get_menu_label())' --quit 2>&1 | grep '^LABEL:')
check "GIMP finds the installed plug-in, in German ($label)" test "$label" = "LABEL: Separierbares _Bokeh..."

# The gegl command finds the user's GEGL operation without any GEGL_PATH.
if command -v gegl >/dev/null; then
  unset GEGL_PATH
  gegl "$src/data/coffee.png" -o "$home/op.png" -- sbokeh:separable-bokeh radius=5 >/dev/null 2>&1
  check "gegl finds the installed operation" test -s "$home/op.png"
fi

ninja -C "$home/build" uninstall >/dev/null 2>&1
check "uninstall removed the plug-in" test ! -e "$plugin/separable-bokeh"
check "uninstall removed sbokeh" test ! -e "$HOME/.local/bin/sbokeh"
check "uninstall removed the GEGL operation" test ! -e "$HOME/.local/share/gegl-0.4/plug-ins/separable-bokeh.so"

echo "install: $passed checks passed, $failed failed"
[ "$failed" = 0 ]
