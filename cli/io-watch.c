/* sbokeh: reading and writing image files without losing or inventing
 * data — here, the watch over the libraries that do it.
 *
 * Loading.  GEGL's loaders report a damaged file only by printing —
 * libpng and libjpeg on stderr, GEGL itself with g_warning () — and still
 * return a buffer, black where the data was missing; libjpeg calls exit ()
 * on a fatal error.  So while a file is read, stderr is captured and log
 * messages are intercepted: anything printed, and any log message at
 * warning level or above, fails the load (with the decoder's first line
 * as the cause), and an exit () then ends in our own message.  The size
 * is read from the header first (gegl_node_get_bounding_box) and checked
 * against IO_MAX_SIDE and IO_MAX_PIXELS before any pixel is allocated.
 *
 * Saving.  The image goes to a temporary file ".sbokeh-XXXXXX.EXT" next
 * to OUTPUT (short, so that any valid OUTPUT name still works), renamed
 * over OUTPUT only once it is known to be whole on disk.  PPM and PGM are
 * written here, every write, flush, sync and close checked (as are
 * Radiance HDR files: GEGL's rgbe-save ignores write errors and its
 * loader does not notice a short file); the other types by GEGL's savers, which do not return their errors: they run
 * under the same watch as the loaders, then the file is synced and read
 * back whole with the strict loader above.  On any failure, on SIGINT,
 * SIGTERM, SIGHUP and SIGQUIT, on a library's exit () or crash, the
 * temporary file is removed and OUTPUT is untouched.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE  /* memfd_create () */
#endif
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include "io-private.h"


/* The start of gegl:load's warning when it falls back to ImageMagick.  */
#define GEGL_FALLBACK_NOTICE  "No loader for content type"

/* A decoder's message quoted in ours is cut to this many characters.  */
#define CAUSE_MAX_CHARS  160

/* What is printed and logged while a library works on a file.  */
static struct
{
  gint        kind;        /* IoWatchKind; read by the log writer's threads */
  int         saved_fd;    /* the real stderr while it is captured */
  int         capture_fd;
  gchar      *logged;      /* the first warning or critical */
  const char *path;        /* the file named by the exit handler */
} watch = { IO_WATCH_NONE, -1, -1, NULL, NULL };

G_LOCK_DEFINE_STATIC (watch);

/* A library crashing while it reads or writes a file (GEGL's jpg-load
 * lets libjpeg read past its buffer at the end of a cut file): the line
 * printed then, made beforehand, since a signal handler cannot format.
 * The handlers are installed only for the watch.  */
static const int        fatal_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
                                            SIGABRT };
static struct sigaction fatal_old[G_N_ELEMENTS (fatal_signals)];
static char             fatal_message[PATH_MAX + 512];
static gsize            fatal_length;

/* The temporary file, for the signal and exit handlers: armed before the
 * file is created, disarmed once it is renamed or removed.  */
char                  io_cleanup_path[PATH_MAX];
volatile sig_atomic_t io_cleanup_armed;

G_DEFINE_QUARK (sbokeh-io-error-quark, io_error)

void
io_cleanup_remove (void)
{
  if (io_cleanup_armed)
    {
      unlink (io_cleanup_path);
      io_cleanup_armed = 0;
    }
}

/* The first non-blank line of text, cut to CAUSE_MAX_CHARS, or NULL.  */
static gchar *
one_line (const char *text)
{
  const char *libpng;
  gchar      *line, *valid, *cut;
  gsize       len;

  if (! text)
    return NULL;
  /* png-load prints "LIBPNG ERROR: x" and libpng then "libpng error: x"
   * on the same line: x once.  */
  libpng = strstr (text, "libpng error: ");
  if (libpng && ! memchr (text, '\n', libpng - text))
    text = libpng + strlen ("libpng error: ");
  while (*text && g_ascii_isspace (*text))
    text++;
  len = strcspn (text, "\r\n");
  if (len == 0)
    return NULL;
  line  = g_strstrip (g_strndup (text, len));
  valid = g_utf8_make_valid (line, -1);
  g_free (line);
  if (g_utf8_strlen (valid, -1) <= CAUSE_MAX_CHARS)
    return valid;
  cut = g_utf8_substring (valid, 0, CAUSE_MAX_CHARS);
  g_free (valid);
  line = g_strconcat (cut, "…", NULL);
  g_free (cut);
  return line;
}

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  gsize i;

  if (g_atomic_int_get (&watch.kind) == IO_WATCH_NONE)
    return g_log_writer_default (level, fields, n_fields, user_data);

  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    for (i = 0; i < n_fields; i++)
      if (! strcmp (fields[i].key, "MESSAGE") &&
          /* gegl:load choosing ImageMagick for a type it has no loader
           * of (BMP…): about the loader, not the data.  */
          ! (fields[i].length < 0 &&
             g_str_has_prefix (fields[i].value, GEGL_FALLBACK_NOTICE)))
        {
          G_LOCK (watch);
          if (! watch.logged)
            watch.logged = fields[i].length < 0
                           ? g_strdup (fields[i].value)
                           : g_strndup (fields[i].value, fields[i].length);
          G_UNLOCK (watch);
        }
  /* Below warning level (libtiff's unknown tags, …): not shown.  */
  return G_LOG_WRITER_HANDLED;
}

static void
on_fatal (int sig)
{
  const int fd = watch.saved_fd >= 0 ? watch.saved_fd : STDERR_FILENO;

  if (write (fd, fatal_message, fatal_length) < 0)
    {
      /* Nothing more to do about it.  */
    }
  if (io_cleanup_armed)
    unlink (io_cleanup_path);
  _exit (watch.kind == IO_WATCH_LOAD ? IO_EXIT_USAGE : IO_EXIT_FAILED);
}

void
io_watch_begin (IoWatchKind   kind,
             const char *path)
{
  struct sigaction action;
  gchar           *msg;
  gsize            i;

  msg = kind == IO_WATCH_LOAD
        ? io_damaged_message (path, _("the decoder crashed"))
        : io_write_message (path, _("the image library crashed"));
  fatal_length = g_snprintf (fatal_message, sizeof fatal_message,
                             "sbokeh: %s\n", msg);
  fatal_length = MIN (fatal_length, sizeof fatal_message - 1);
  g_free (msg);
  memset (&action, 0, sizeof action);
  action.sa_handler = on_fatal;
  sigemptyset (&action.sa_mask);
  for (i = 0; i < G_N_ELEMENTS (fatal_signals); i++)
    sigaction (fatal_signals[i], &action, &fatal_old[i]);

  fflush (stderr);
  watch.path       = path;
  watch.capture_fd = -1;
  watch.saved_fd   = fcntl (STDERR_FILENO, F_DUPFD_CLOEXEC, 0);
  if (watch.saved_fd >= 0)
    {
#ifdef __linux__
      watch.capture_fd = memfd_create ("sbokeh-stderr", MFD_CLOEXEC);
#endif
      if (watch.capture_fd < 0)
        {
          FILE *f = tmpfile ();

          if (f)
            {
              watch.capture_fd = fcntl (fileno (f), F_DUPFD_CLOEXEC, 0);
              fclose (f);
            }
        }
      if (watch.capture_fd < 0 ||
          dup2 (watch.capture_fd, STDERR_FILENO) < 0)
        {
          /* Cannot capture: the log messages are still watched.  */
          if (watch.capture_fd >= 0)
            close (watch.capture_fd);
          close (watch.saved_fd);
          watch.saved_fd = watch.capture_fd = -1;
        }
    }
  g_atomic_int_set (&watch.kind, kind);
}

/* Ends the watch: the first problem reported, one line, or NULL.  */
gchar *
io_watch_end (void)
{
  gchar   captured[1024];
  gssize  n = 0;
  gchar  *problem;
  gsize   i;

  fflush (stderr);
  g_atomic_int_set (&watch.kind, IO_WATCH_NONE);
  for (i = 0; i < G_N_ELEMENTS (fatal_signals); i++)
    sigaction (fatal_signals[i], &fatal_old[i], NULL);
  if (watch.saved_fd >= 0)
    {
      dup2 (watch.saved_fd, STDERR_FILENO);
      close (watch.saved_fd);
      if (lseek (watch.capture_fd, 0, SEEK_SET) == 0)
        n = read (watch.capture_fd, captured, sizeof captured - 1);
      close (watch.capture_fd);
      watch.saved_fd = watch.capture_fd = -1;
    }
  captured[MAX (n, 0)] = '\0';

  G_LOCK (watch);
  problem = one_line (captured);
  if (! problem)
    problem = one_line (watch.logged);
  if (! problem && watch.logged)
    problem = g_strdup (_("a warning without text"));
  g_clear_pointer (&watch.logged, g_free);
  G_UNLOCK (watch);
  return problem;
}

gchar *
io_damaged_message (const char *path,
                 const char *cause)
{
  return g_strdup_printf (_("cannot read '%s': damaged or incomplete file "
                            "(%s)"), path, cause);
}

gchar *
io_write_message (const char *path,
               const char *cause)
{
  return g_strdup_printf (_("cannot write '%s': %s"), path, cause);
}

/* A library called exit () inside a watch (libjpeg does on a corrupt
 * file): our message, the temporary file removed, our exit status.  */
static void
at_exit (void)
{
  IoWatchKind kind = g_atomic_int_get (&watch.kind);

  if (kind != IO_WATCH_NONE)
    {
      const char *path = watch.path;
      gchar      *cause = io_watch_end ();
      gchar      *msg;

      io_cleanup_remove ();
      if (! cause)
        cause = g_strdup (_("the image library stopped the program"));
      if (kind == IO_WATCH_LOAD)
        msg = io_damaged_message (path, cause);
      else
        msg = g_strdup_printf (_("cannot write '%s': the image library gave "
                                 "up (%s)"), path, cause);
      g_printerr ("sbokeh: %s\n", msg);
      _exit (kind == IO_WATCH_LOAD ? IO_EXIT_USAGE : IO_EXIT_FAILED);
    }
  io_cleanup_remove ();
}

static void
on_signal (int sig)
{
  if (io_cleanup_armed)
    unlink (io_cleanup_path);
  signal (sig, SIG_DFL);
  raise (sig);
}

void
io_init (void)
{
  static const int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
  struct sigaction action, old;
  gsize            i;

  memset (&action, 0, sizeof action);
  action.sa_handler = on_signal;
  sigemptyset (&action.sa_mask);
  for (i = 0; i < G_N_ELEMENTS (signals); i++)
    sigaddset (&action.sa_mask, signals[i]);
  for (i = 0; i < G_N_ELEMENTS (signals); i++)
    if (sigaction (signals[i], &action, &old) == 0 &&
        old.sa_handler == SIG_IGN)
      sigaction (signals[i], &old, NULL);  /* nohup and the like */
  /* Past a file size limit (ulimit -f), write () fails with EFBIG and is
   * reported instead of the process being killed mid-write.  */
  signal (SIGXFSZ, SIG_IGN);
  g_log_set_writer_func (log_writer, NULL, NULL);
}

void
io_configure (void)
{
  long pages = sysconf (_SC_PHYS_PAGES);
  long page  = sysconf (_SC_PAGESIZE);

  if (pages > 0 && page > 0)
    g_object_set (gegl_config (), "tile-cache-size",
                  MIN ((guint64) pages * page / IO_TILE_CACHE_FRACTION,
                       IO_TILE_CACHE_MAX), NULL);
  /* Registered after gegl_init (): runs before GEGL's own handlers.  */
  atexit (at_exit);
}
