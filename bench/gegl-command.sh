#!/usr/bin/env bash
# bench/gegl-command.sh BUILD: the `gegl` command as GIMP users and scripts
# run it on a 12-megapixel 8-bit TIFF (load, filter, save), our operation
# against gegl:lens-blur with the same threads, per CPU path (SBOKEH_SIMD).
# The I/O-only run (the same load and save with no operation) is timed
# too and subtracted in the ratios, so that they compare the filters.
# Median of 3 (lens-blur: 1 run above radius 50).  Called by tools/bench
# gegl, inside the GIMP 3 root; not a test.
#   SBOKEH_BENCH_RADII   radii (default "25 50 100 200")
#   SBOKEH_BENCH_PATHS   CPU paths (default: avx2, and avx512 if the CPU
#                        has it)
set -euo pipefail
build=$1
threads=${GEGL_THREADS:-2}
export GEGL_THREADS=$threads
GEGL_PATH="$(cd "$build/gegl-op" && pwd):$(pkg-config --variable=pluginsdir gegl-0.4)"
export GEGL_PATH

work=$(mktemp -d "${TMPDIR:-/tmp}/sbokeh-gegl-XXXXXX")
trap 'rm -rf "$work"' EXIT
in=$work/in.tif
convert data/coffee.png -resize '4000x3000!' -depth 8 "$in"

# Seconds of one run of `gegl IN -o OUT [-- OP...]`.
run () {
  local t0 t1
  t0=$(date +%s%N)
  gegl "$in" -o "$work/out.tif" "$@" >/dev/null 2>&1 ||
    { echo "gegl-command: gegl $* failed" >&2; exit 1; }
  t1=$(date +%s%N)
  awk -v d=$((t1 - t0)) 'BEGIN { printf "%.3f\n", d / 1e9 }'
}

# Median of N runs.
median () {
  local n=$1 i
  shift
  for ((i = 0; i < n; i++)); do run "$@"; done | sort -g | awk '
    { v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }'
}

ratio () { echo "$1 $2 $3" | awk '{ d = $2 - $1; o = $3 - $1;
  if (o <= 0) print "–"; else printf "%.1f×", d / o }'; }

paths=${SBOKEH_BENCH_PATHS:-avx2$(grep -qw avx512f /proc/cpuinfo && echo " avx512")}
radii=${SBOKEH_BENCH_RADII:-25 50 100 200}
io=$(median 3)
declare -A lens
for r in $radii; do
  n=3
  [ "$r" -gt 50 ] && n=1
  lens[$r]=$(median "$n" -- gegl:lens-blur radius="$r")
done
echo "## The gegl command: 4000 × 3000 8-bit TIFF in and out, $threads threads"
echo
echo "Median of 3 (lens-blur: 1 run above radius 50), rank 4. Load and save"
echo "alone (no operation): $io s, subtracted in the ratios"
echo "(÷ = lens-blur's filter time over ours)."
echo
for path in $paths; do
  echo "### Path $path"
  echo
  echo "| radius | lens-blur | dense | boxes | auto | ÷ dense | ÷ boxes | ÷ auto |"
  echo "|---|---|---|---|---|---|---|---|"
  for r in $radii; do
    row=()
    for engine in dense boxes auto; do
      row+=("$(SBOKEH_SIMD=$path median 3 -- sbokeh:separable-bokeh \
               radius="$r" rank=4 engine="$engine")")
    done
    echo "| $r | ${lens[$r]} s | ${row[0]} s | ${row[1]} s | ${row[2]} s |" \
         "$(ratio "$io" "${lens[$r]}" "${row[0]}") |" \
         "$(ratio "$io" "${lens[$r]}" "${row[1]}") |" \
         "$(ratio "$io" "${lens[$r]}" "${row[2]}") |"
  done
  echo
done
