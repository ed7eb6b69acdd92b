/* Running the built `sbokeh` and writing its input files, for the
 * end-to-end tests of the command (tests/e2e/test-cli-*.c).  */
#ifndef SBOKEH_TESTS_CLI_RUN_H
#define SBOKEH_TESTS_CLI_RUN_H

#include <gegl.h>
#include <stdio.h>
#include <sys/wait.h>

/* Runs PROGRAM with ARGS (split like a shell) in DIR (NULL: here): the
 * exit status (-1: it did not exit), *out and *err its output (NULL: out
 * discarded, err inherited).  */
static inline int
cli_run (const char *program,
         const char *dir,
         const char *args,
         gchar     **out,
         gchar     **err)
{
  gchar  *cmd = g_strdup_printf ("%s %s", program, args);
  gchar **argv = NULL;
  int     wait_status = -1;

  g_shell_parse_argv (cmd, NULL, &argv, NULL);
  if (! g_spawn_sync (dir, argv, NULL,
                      out ? G_SPAWN_DEFAULT : G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, out, err, &wait_status, NULL))
    fprintf (stderr, "cannot run %s\n", cmd);
  g_strfreev (argv);
  g_free (cmd);
  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

/* Writes W × H PIXELS of FORMAT to PATH, by its extension: .png (BITS 8
 * or 16), .exr, anything else TIFF.  */
static inline void
cli_save (const char  *path,
          const char  *format,
          int          w,
          int          h,
          const float *pixels,
          int          bits)
{
  GeglRectangle all = { 0, 0, w, h };
  GeglBuffer   *b = gegl_buffer_new (&all, babl_format (format));
  GeglNode     *g = gegl_node_new (), *s, *t;

  gegl_buffer_set (b, &all, 0, babl_format (format), pixels,
                   GEGL_AUTO_ROWSTRIDE);
  s = gegl_node_new_child (g, "operation", "gegl:buffer-source", "buffer", b,
                           NULL);
  if (g_str_has_suffix (path, ".png"))
    t = gegl_node_new_child (g, "operation", "gegl:png-save", "path", path,
                             "bitdepth", bits, NULL);
  else if (g_str_has_suffix (path, ".exr"))
    t = gegl_node_new_child (g, "operation", "gegl:exr-save", "path", path,
                             NULL);
  else
    t = gegl_node_new_child (g, "operation", "gegl:tiff-save", "path", path,
                             NULL);
  gegl_node_link (s, t);
  gegl_node_process (t);
  g_object_unref (g);
  g_object_unref (b);
}

#endif /* SBOKEH_TESTS_CLI_RUN_H */
