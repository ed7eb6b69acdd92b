/* Separable Bokeh tests: a minimal checking harness.
 *
 * CHECK (cond, fmt, ...) records a failure with a message and goes on, so a
 * run reports every broken assertion.  check_exit () prints a summary and
 * returns the process exit status.
 */
#ifndef SBOKEH_CHECK_H
#define SBOKEH_CHECK_H

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int check_passed;
static int check_failed;
/* The CPU path being checked (check_each_path), named in failures.  */
static const char *check_path = "";

#define CHECK(cond, ...)                                                \
  do                                                                    \
    {                                                                   \
      if (cond)                                                         \
        check_passed++;                                                 \
      else                                                              \
        {                                                               \
          check_failed++;                                               \
          fprintf (stderr, "FAIL %s:%d%s%s: %s: ", __FILE__, __LINE__,    \
                   *check_path ? " path " : "", check_path, #cond);      \
          fprintf (stderr, __VA_ARGS__);                                \
          fputc ('\n', stderr);                                         \
        }                                                               \
    }                                                                   \
  while (0)

/* Deterministic pseudo-random numbers in [-1, 1) (xorshift64*).  */
static inline double
check_random (void)
{
  static unsigned long long state = 0x9E3779B97F4A7C15ULL;

  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return (double) ((state * 2685821657736338717ULL) >> 11) /
           (double) (1ULL << 52) - 1.0;
}

/* Removes a test's scratch folder and the files in it.  */
static inline void
check_remove_dir (const char *path)
{
  GDir       *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      gchar *file = g_build_filename (path, name, NULL);

      g_unlink (file);
      g_free (file);
    }
  if (dir)
    g_dir_close (dir);
  g_rmdir (path);
}

#ifdef SBOKEH_SIMD_H
#include "simd-paths.h"

/* Runs the checks in run () once on every CPU path this run goes through
 * (simd-paths.h), best first.  */
static inline void
check_each_path (void (*run) (void))
{
  SbokehSimd paths[SBOKEH_SIMD_N_PATHS];
  int        n = simd_paths_to_run (paths), i;

  for (i = 0; i < n; i++)
    {
      sbokeh_simd_set (paths[i]);
      check_path = sbokeh_simd_name (paths[i]);
      printf ("path %s\n", check_path);
      run ();
    }
  check_path = "";
  sbokeh_simd_set (sbokeh_simd_best ());
}
#endif

static inline int
check_exit (const char *name)
{
  printf ("%s: %d checks passed, %d failed\n", name, check_passed,
          check_failed);
  return check_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /* SBOKEH_CHECK_H */
