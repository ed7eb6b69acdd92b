/* The CPU paths a test or benchmark run goes through: every path this
 * machine runs, best first; SBOKEH_SIMD naming one keeps only that one
 * (none if the CPU cannot run it).  Shared by check.h (check_each_path)
 * and bench/.  */
#ifndef SBOKEH_SIMD_PATHS_H
#define SBOKEH_SIMD_PATHS_H

#include "simd.h"

static inline int
simd_paths_to_run (SbokehSimd *paths)
{
  const char *only = g_getenv (SBOKEH_SIMD_VARIABLE);
  SbokehSimd  wanted;
  int         p, n = 0;

  if (only && *only && g_ascii_strcasecmp (only, "auto") &&
      sbokeh_simd_parse (only, &wanted))
    {
      if (sbokeh_simd_supported (wanted))
        paths[n++] = wanted;
      return n;
    }
  for (p = SBOKEH_SIMD_N_PATHS - 1; p >= 0; p--)
    if (sbokeh_simd_supported ((SbokehSimd) p))
      paths[n++] = (SbokehSimd) p;
  return n;
}

#endif /* SBOKEH_SIMD_PATHS_H */
