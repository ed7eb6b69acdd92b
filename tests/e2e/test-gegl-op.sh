#!/usr/bin/env bash
# The GEGL operation sbokeh:separable-bokeh: the gegl command loads the
# module and its output equals `sbokeh apply` within one 8-bit level; GIMP 3
# applies it through its filter API (gimp-drawable-merge-new-filter, as a
# non-destructive filter would) with the same pixels; a hexagon with
# highlight boost too; SBOKEH_SIMD picks the CPU path or is refused.
#
# Usage: test-gegl-op.sh MODULE_DIR SBOKEH SAMPLE.png [GIMP_RUN]
set -u
module_dir=$1 sbokeh=$2 sample=$(cd "$(dirname "$3")" && pwd)/$(basename "$3") gimp_run=${4:-}
command -v gegl >/dev/null && command -v compare >/dev/null || { echo "gegl or ImageMagick missing: skipped"; exit 77; }
passed=0 failed=0
check () {
  if "${@:2}"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GEGL_PATH=$(cd "$module_dir" && pwd):$(pkg-config --variable=pluginsdir gegl-0.4)

# Largest difference in 8-bit levels.
levels () {
  local pae
  pae=$(compare -metric PAE -depth 8 "$1" "$2" null: 2>&1 | sed 's/ .*//')
  echo $(( ${pae%.*} > 255 ? (${pae%.*} + 128) / 257 : ${pae%.*} ))
}

for args in "radius=12 rank=3|--radius 12 --rank 3" \
            "radius=10 rank=5 shape=polygon blades=6 rotation=20 highlight-boost=6|--radius 10 --rank 5 --shape polygon --blades 6 --rotation 20 --highlight-boost 6" \
            "radius=40 rank=4 engine=boxes|--radius 40 --rank 4 --engine boxes"; do
  op=${args%%|*} cli=${args#*|}
  gegl "$sample" -o "$tmp/gegl.png" -- sbokeh:separable-bokeh $op >"$tmp/gegl.log" 2>&1
  check "gegl ran ($op)" test -s "$tmp/gegl.png"
  "$sbokeh" apply "$sample" "$tmp/cli.png" $cli
  d=$(levels "$tmp/gegl.png" "$tmp/cli.png")
  echo "gegl $op: $d levels from sbokeh apply"
  check "gegl vs sbokeh apply ($op): $d levels" test "$d" -le 1
  check "same size" test "$(identify -format %wx%h "$tmp/gegl.png")" = "$(identify -format %wx%h "$tmp/cli.png")"

  if [ -n "$gimp_run" ]; then
    props=$(echo "$op" | sed -E 's/([a-z-]+)=([^ ]+)/"\1" \2/g; s/"shape" polygon/"shape" "polygon"/; s/"engine" boxes/"engine" "boxes"/; s/"(radius|rotation|highlight-boost)" ([0-9]+)( |$)/"\1" \2.0\3/g')
    "$gimp_run" "(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"$sample\")))
                        (l (vector-ref (car (gimp-image-get-layers img)) 0)))
                   (gimp-drawable-merge-new-filter l \"sbokeh:separable-bokeh\" 0
                                                   LAYER-MODE-REPLACE 1.0 $props)
                   (gimp-file-save RUN-NONINTERACTIVE img \"$tmp/gimp.png\" -1))" \
      >"$tmp/gimp.log" 2>&1
    check "GIMP applied the operation ($props)" test -s "$tmp/gimp.png"
    d=$(levels "$tmp/gimp.png" "$tmp/cli.png")
    echo "GIMP filter $op: $d levels from sbokeh apply"
    check "GIMP filter vs sbokeh apply ($op): $d levels" test "$d" -le 1
    rm -f "$tmp/gimp.png"
  fi
done

# Settings the core refuses (rank 16 on a 3 × 3 kernel): a warning, and
# the output is the input (GIMP merges whatever comes out).
gegl "$sample" -o "$tmp/refused.png" -- sbokeh:separable-bokeh radius=0.5 rank=16 \
  >"$tmp/refused.log" 2>&1
check "refused settings: a warning" grep -q "sbokeh:separable-bokeh: " "$tmp/refused.log"
gegl "$sample" -o "$tmp/same.png" >/dev/null 2>&1
d=$(levels "$tmp/refused.png" "$tmp/same.png")
echo "refused settings: output $d levels from the input"
check "refused settings: output = input ($d levels)" test "$d" -eq 0

# SBOKEH_SIMD reaches the operation (the core reads it): the scalar path
# gives the same image within a level; an unknown path is refused like
# any setting, with the message naming the variable.
SBOKEH_SIMD=scalar gegl "$sample" -o "$tmp/scalar.png" -- \
  sbokeh:separable-bokeh radius=12 rank=3 >/dev/null 2>&1
"$sbokeh" apply "$sample" "$tmp/cli.png" --radius 12 --rank 3
d=$(levels "$tmp/scalar.png" "$tmp/cli.png")
echo "SBOKEH_SIMD=scalar: $d levels from sbokeh apply"
check "SBOKEH_SIMD=scalar: $d levels" test "$d" -le 1
SBOKEH_SIMD=bogus gegl "$sample" -o "$tmp/bogus.png" -- \
  sbokeh:separable-bokeh radius=12 rank=3 >"$tmp/bogus.log" 2>&1
check "SBOKEH_SIMD=bogus: the message" grep -q "SBOKEH_SIMD" "$tmp/bogus.log"
d=$(levels "$tmp/bogus.png" "$tmp/same.png")
check "SBOKEH_SIMD=bogus: output = input ($d levels)" test "$d" -eq 0

# An endless input (a generator) is filtered chunk by chunk.
gegl -o "$tmp/endless.png" -- gegl:checkerboard x=8 y=8 \
  sbokeh:separable-bokeh radius=6 rank=2 gegl:crop width=64 height=48 \
  >"$tmp/endless.log" 2>&1
check "endless input: 64x48 written" \
  test "$(identify -format %wx%h "$tmp/endless.png" 2>/dev/null)" = 64x48
# A blurred checkerboard of 8-pixel squares: no pure black or white left.
check "endless input: blurred" \
  test "$(convert "$tmp/endless.png" -alpha off -format '%[fx:maxima>0.99||minima<0.01]' info:)" = 0

echo "gegl-op: $passed checks passed, $failed failed"
[ "$failed" = 0 ]
