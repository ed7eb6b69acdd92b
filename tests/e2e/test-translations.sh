#!/usr/bin/env bash
# Translations: every catalog compiles (msgfmt --check) and is complete
# against a template made afresh from the sources; the CLI speaks each
# language; GIMP itself reports the plug-in's German menu label; and the
# dialog opens with its German title.
#
# The checks in a language need its locale (de_DE.UTF-8, fr_FR.UTF-8,
# es_ES.UTF-8: gettext ignores LANGUAGE in the C locale).  The roots of
# tools/gimp3-env generate them; on a host without one, the checks that
# need it are skipped with a message naming it (locale-gen adds it).
#
# Usage: test-translations.sh SOURCE_DIR BUILD_DIR SBOKEH [GIMP_RUN]
set -u
src=$1 build=$2 sbokeh=$3 gimp_run=${4:-}
passed=0 failed=0 skipped=0
check () {  # check DESCRIPTION COMMAND...
  if "${@:2}"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; fi
}
# has_locale LOCALE: true if LOCALE is generated here; if not, says which
# check is skipped -- except in the roots, where it must be there.
locales=$(locale -a 2>/dev/null | tr 'A-Z' 'a-z' | sed 's/utf-8$/utf8/')
has_locale () {  # LOCALE WHAT
  local want
  want=$(echo "$1" | tr 'A-Z' 'a-z' | sed 's/utf-8$/utf8/')
  if echo "$locales" | grep -q -x -F "$want"; then return 0; fi
  if [ "${SBOKEH_GIMP3_ENV:-}" = root ]; then
    failed=$((failed + 1)); echo "FAIL: locale $1 missing in the root (tools/gimp3-env's POST_INSTALL generates it)"
  else
    skipped=$((skipped + 1)); echo "SKIP: $2: the locale $1 is not generated on this host (add it with locale-gen)"
  fi
  return 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Every source that marks strings is listed in POTFILES.in.
for f in $(cd "$src" && grep -l -E '\b(N?_)\(' cli/*.c core/*.c plugin/*.c gegl-op/*.c); do
  check "$f is in po/POTFILES.in" grep -q -x "$f" "$src/po/POTFILES.in"
done

# A fresh template with the keywords meson's glib preset uses.
(cd "$src" && xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ \
   --keyword=C_:1c,2 --keyword=NC_:1c,2 --add-comments -o "$tmp/fresh.pot" \
   $(grep -v '^#' po/POTFILES.in)) || { echo "FAIL: xgettext"; exit 1; }
total=$(msgfmt --statistics -o /dev/null "$tmp/fresh.pot" 2>&1 | grep -o '[0-9]* untranslated' | cut -d' ' -f1)

for lang in $(grep -v '^#' "$src/po/LINGUAS"); do
  po="$src/po/$lang.po"
  check "$lang: msgfmt --check" msgfmt --check -o /dev/null "$po"
  msgmerge --quiet -o "$tmp/$lang.po" "$po" "$tmp/fresh.pot"
  stats=$(msgfmt --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
  echo "$lang: $stats (template: $total messages)"
  check "$lang: 100% translated ($stats)" \
    test "$stats" = "$total translated messages."
done

# The CLI in each language (catalogs from the build tree).
expect_cli () {  # LANG LOCALE TEXT ARGS...
  local out
  out=$(LANG=$2 LANGUAGE=$1 SBOKEH_LOCALEDIR="$build/po" "$sbokeh" "${@:4}" 2>&1)
  case "$out" in
    *"$3"*) return 0 ;;
    *) echo "sbokeh ${*:4} in $1 did not say '$3': $out"; return 1 ;;
  esac
}
if has_locale de_DE.UTF-8 "the CLI in German"; then
  check "de help" expect_cli de de_DE.UTF-8 "Befehle:" --help
  check "de kernel help" expect_cli de de_DE.UTF-8 "Blendenradius in Pixeln" kernel --help
fi
if has_locale fr_FR.UTF-8 "the CLI in French"; then
  check "fr help" expect_cli fr fr_FR.UTF-8 "Commandes :" --help
  check "fr error" expect_cli fr fr_FR.UTF-8 "--radius doit être compris entre" kernel --radius 0
fi
if has_locale es_ES.UTF-8 "the CLI in Spanish"; then
  check "es help" expect_cli es es_ES.UTF-8 "Órdenes:" --help
  check "es error" expect_cli es es_ES.UTF-8 "no se puede leer" apply /nonexistent.png "$tmp/x.png"
fi

# GIMP's own view of the menu label, in German.
german=
[ -z "$gimp_run" ] || ! has_locale de_DE.UTF-8 "GIMP in German (menu label, dialog title)" || german=yes
if [ -n "$german" ]; then
  out=$(LANG=de_DE.UTF-8 LANGUAGE=de "$gimp_run" --python '
label = Gimp.get_pdb().lookup_procedure("plug-in-separable-bokeh").get_menu_label()
print("MENU LABEL:", label)
if label != "Separierbares _Bokeh...":
    raise Exception("wrong menu label: " + label)
' 2>&1)
  status=$?
  echo "$out" | grep "MENU LABEL"
  check "GIMP reports the German menu label" \
    test "$status" = 0 -a -n "$(echo "$out" | grep -F 'MENU LABEL: Separierbares _Bokeh...')"
fi

# The dialog's own strings come from the plug-in's catalog after it has
# loaded GEGL (which loads our operation, which once rebound the catalog):
# its title must be German too.  Needs Xvfb and xdotool (in the root).
if [ -n "$german" ] && command -v Xvfb >/dev/null && command -v xdotool >/dev/null; then
  display=:$((80 + RANDOM % 9))
  Xvfb "$display" -screen 0 1200x900x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  sleep 1
  DISPLAY=$display LANG=de_DE.UTF-8 LANGUAGE=de "$gimp_run" --gui "
(let* ((img (car (gimp-image-new 64 64 RGB)))
       (l (car (gimp-layer-new img \"l\" 64 64 RGB-IMAGE 100 LAYER-MODE-NORMAL))))
  (gimp-image-insert-layer img l 0 0)
  (plug-in-separable-bokeh #:run-mode RUN-INTERACTIVE #:image img
                           #:drawables (vector l)))" >"$tmp/dialog.log" 2>&1 &
  gimp=$!
  title=
  # Up to 150 s: GIMP's first start in a fresh profile under a loaded CI
  # run took more than 60 s once (no dialog yet, nothing wrong).
  for _ in $(seq 300); do
    for t in "Separierbares Bokeh" "Separable Bokeh"; do
      DISPLAY=$display xdotool search --onlyvisible --name "^$t\$" >/dev/null 2>&1 && title=$t
    done
    [ -n "$title" ] && break
    sleep 0.5
  done
  kill "$gimp" 2>/dev/null
  kill "$xvfb" 2>/dev/null
  echo "dialog title in German: ${title:-no dialog}"
  [ -n "$title" ] || { echo "GIMP's output:"; tail -n 30 "$tmp/dialog.log"; }
  check "the dialog's title in German (got: ${title:-no dialog})" \
    test "$title" = "Separierbares Bokeh"
fi

echo "translations: $passed checks passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
