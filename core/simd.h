/* Separable Bokeh: the CPU paths of the vector kernels, and which one runs.
 *
 * Every vector kernel (dense passes, box passes, the optimizer's loss) is
 * one width-parametrised source compiled once per path (core/meson.build),
 * with that path's native vector width and register blocks sized for its
 * register file:
 *
 *   avx512  AVX-512 F/DQ/BW/VL + FMA   32 registers × 512 bits
 *   avx2    AVX2 + FMA                 16 registers × 256 bits
 *   sse2    the x86-64 baseline        16 registers × 128 bits, no FMA
 *   scalar  portable C, one value per "vector": every CPU (the only path
 *           on aarch64 and others, where the compiler's own
 *           vectorisation is what speed there is)
 *
 * The path is chosen once per process: the environment variable SBOKEH_SIMD
 * (avx512, avx2, sse2, scalar; unset, empty or "auto": the best this CPU
 * runs), or sbokeh_simd_set () (tests and the benchmark, which measure every
 * path the machine can run).  A path this CPU (or this build) cannot run is
 * refused with SBOKEH_ERROR_SIMD by the engines' prepare functions, so every
 * front end reports it through its usual error path.
 *
 * Results: avx512 and avx2 fuse the same multiply-adds in the same order,
 * so they give the same bits (tests/unit/test-simd.c asserts it); sse2 and
 * scalar round each product first, within 1e-5 of the reference.
 */
#ifndef SBOKEH_SIMD_H
#define SBOKEH_SIMD_H

#include <glib.h>

#include "status.h"

typedef enum
{
  SBOKEH_SIMD_SCALAR = 0,
  SBOKEH_SIMD_SSE2,
  SBOKEH_SIMD_AVX2,
  SBOKEH_SIMD_AVX512,
  SBOKEH_SIMD_N_PATHS
} SbokehSimd;

/* The widest path's doubles per vector: padding that data outside the
 * kernels depends on is sized by it, so every path fits.  */
#define SBOKEH_VD_MAX 8

/* The variable's name, and its values' spellings.  */
#define SBOKEH_SIMD_VARIABLE "SBOKEH_SIMD"

const char  *sbokeh_simd_name      (SbokehSimd  path);
/* Parses a name ("auto" gives the best path); FALSE if unknown.  */
gboolean     sbokeh_simd_parse     (const char *name,
                                    SbokehSimd *path);
/* Built into this library, and this CPU has its instructions.  */
gboolean     sbokeh_simd_supported (SbokehSimd  path);
SbokehSimd   sbokeh_simd_best      (void);
/* The path in use: from SBOKEH_SIMD on first use, or the last
 * sbokeh_simd_set ().  SBOKEH_ERROR_SIMD when the variable names an unknown
 * path or one this CPU cannot run (*path is then the best one).  */
SbokehStatus sbokeh_simd_active    (SbokehSimd *path);
/* For tests and benchmarks: use this path from now on (process-wide; call
 * it between runs, not during one).  SBOKEH_ERROR_SIMD if unsupported.  */
SbokehStatus sbokeh_simd_set       (SbokehSimd  path);

/* The kernels of one engine, per path: each *-kernels.h declares
 * `extern const T name_avx512, name_avx2, name_sse2, name_scalar;` (only
 * name_scalar off x86-64) and this picks one.  */
#if defined(SBOKEH_SIMD_X86)
#define SBOKEH_SIMD_PICK(name, path)                                      \
  ((path) == SBOKEH_SIMD_AVX512 ? &name##_avx512 :                        \
   (path) == SBOKEH_SIMD_AVX2   ? &name##_avx2   :                        \
   (path) == SBOKEH_SIMD_SSE2   ? &name##_sse2   : &name##_scalar)
#else
#define SBOKEH_SIMD_PICK(name, path) (&name##_scalar)
#endif

#endif /* SBOKEH_SIMD_H */
