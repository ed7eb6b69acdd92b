/* Separable Bokeh: which CPU path runs (see simd.h). */
#include "config.h"

#include "simd.h"

static const char *const names[SBOKEH_SIMD_N_PATHS] = {
  [SBOKEH_SIMD_SCALAR] = "scalar",
  [SBOKEH_SIMD_SSE2]   = "sse2",
  [SBOKEH_SIMD_AVX2]   = "avx2",
  [SBOKEH_SIMD_AVX512] = "avx512",
};

/* The path in use, or -1 before the first use; and whether SBOKEH_SIMD
 * asked for something this CPU cannot run.  */
static gint active = -1;
static gint refused = 0;

const char *
sbokeh_simd_name (SbokehSimd path)
{
  return (unsigned) path < SBOKEH_SIMD_N_PATHS ? names[path] : "?";
}

gboolean
sbokeh_simd_parse (const char *name,
                   SbokehSimd *path)
{
  int p;

  if (! name || ! *name || ! g_ascii_strcasecmp (name, "auto"))
    {
      *path = sbokeh_simd_best ();
      return TRUE;
    }
  for (p = 0; p < SBOKEH_SIMD_N_PATHS; p++)
    if (! g_ascii_strcasecmp (name, names[p]))
      {
        *path = (SbokehSimd) p;
        return TRUE;
      }
  return FALSE;
}

gboolean
sbokeh_simd_supported (SbokehSimd path)
{
  switch (path)
    {
    case SBOKEH_SIMD_SCALAR:
      return TRUE;
#if defined(SBOKEH_SIMD_X86)
    case SBOKEH_SIMD_SSE2:
      return TRUE;   /* part of x86-64 */
    case SBOKEH_SIMD_AVX2:
      __builtin_cpu_init ();
      return __builtin_cpu_supports ("avx2") &&
             __builtin_cpu_supports ("fma");
    case SBOKEH_SIMD_AVX512:
      /* The same extensions as the compiler flags (core/meson.build).  */
      __builtin_cpu_init ();
      return __builtin_cpu_supports ("avx512f") &&
             __builtin_cpu_supports ("avx512dq") &&
             __builtin_cpu_supports ("avx512bw") &&
             __builtin_cpu_supports ("avx512vl") &&
             __builtin_cpu_supports ("avx2") &&
             __builtin_cpu_supports ("fma");
#endif
    default:
      return FALSE;
    }
}

SbokehSimd
sbokeh_simd_best (void)
{
  int p;

  for (p = SBOKEH_SIMD_N_PATHS - 1; p > 0; p--)
    if (sbokeh_simd_supported ((SbokehSimd) p))
      return (SbokehSimd) p;
  return SBOKEH_SIMD_SCALAR;
}

SbokehStatus
sbokeh_simd_active (SbokehSimd *path)
{
  gint p = g_atomic_int_get (&active);

  if (p < 0)
    {
      SbokehSimd wanted;
      gboolean   ok = sbokeh_simd_parse (g_getenv (SBOKEH_SIMD_VARIABLE),
                                         &wanted) &&
                      sbokeh_simd_supported (wanted);

      /* Threads racing here read the same variable: same answer.  */
      g_atomic_int_set (&refused, ! ok);
      p = ok ? (gint) wanted : (gint) sbokeh_simd_best ();
      g_atomic_int_set (&active, p);
    }
  *path = (SbokehSimd) p;
  return g_atomic_int_get (&refused) ? SBOKEH_ERROR_SIMD : SBOKEH_OK;
}

SbokehStatus
sbokeh_simd_set (SbokehSimd path)
{
  if ((unsigned) path >= SBOKEH_SIMD_N_PATHS || ! sbokeh_simd_supported (path))
    return SBOKEH_ERROR_SIMD;
  g_atomic_int_set (&refused, 0);
  g_atomic_int_set (&active, (gint) path);
  return SBOKEH_OK;
}
