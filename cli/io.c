/* sbokeh: reading and writing image files without losing or inventing
 * data.
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

#include "io.h"

/* The largest side libjpeg writes (JPEG_MAX_DIMENSION; beyond, it calls
 * exit ()) and libwebp encodes (WEBP_MAX_DIMENSION).  */
#define JPEG_MAX_SIDE  65500
#define WEBP_MAX_SIDE  16383

/* Rows converted and written at a time by the PNM and HDR writers.  */
#define BAND_ROWS  64


/* The start of gegl:load's warning when it falls back to ImageMagick.  */
#define GEGL_FALLBACK_NOTICE  "No loader for content type"

/* A decoder's message quoted in ours is cut to this many characters.  */
#define CAUSE_MAX_CHARS  160

struct _IoSaver
{
  const char *extension;
  const char *operation;  /* GEGL's saver; NULL: written here (PNM, HDR) */
  const char *name;       /* the type, in messages */
  int         max_side;   /* the type's own limit; 0: none below ours */
  gboolean    gray;       /* PGM */
};

static const IoSaver savers[] =
{
  { "png",  "gegl:png-save",  "PNG",  0,             FALSE },
  { "jpg",  "gegl:jpg-save",  "JPEG", JPEG_MAX_SIDE, FALSE },
  { "jpeg", "gegl:jpg-save",  "JPEG", JPEG_MAX_SIDE, FALSE },
  { "tif",  "gegl:tiff-save", "TIFF", 0,             FALSE },
  { "tiff", "gegl:tiff-save", "TIFF", 0,             FALSE },
  { "exr",  "gegl:exr-save",  "EXR",  0,             FALSE },
  { "webp", "gegl:webp-save", "WebP", WEBP_MAX_SIDE, FALSE },
  { "ppm",  NULL,             "PPM",  0,             FALSE },
  { "pgm",  NULL,             "PGM",  0,             TRUE  },
  { "hdr",  NULL,             "HDR",  0,             FALSE },
};

typedef enum
{
  WATCH_NONE,
  WATCH_LOAD,    /* reading IN: a problem is exit status 2 */
  WATCH_SAVE,    /* writing or reading back OUT: exit status 1 */
} WatchKind;

/* What is printed and logged while a library works on a file.  */
static struct
{
  gint        kind;        /* WatchKind; read by the log writer's threads */
  int         saved_fd;    /* the real stderr while it is captured */
  int         capture_fd;
  gchar      *logged;      /* the first warning or critical */
  const char *path;        /* the file named by the exit handler */
} watch = { WATCH_NONE, -1, -1, NULL, NULL };

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
static char                  cleanup_path[PATH_MAX];
static volatile sig_atomic_t cleanup_armed;

G_DEFINE_QUARK (sbokeh-io-error-quark, io_error)

static void
cleanup_remove (void)
{
  if (cleanup_armed)
    {
      unlink (cleanup_path);
      cleanup_armed = 0;
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

  if (g_atomic_int_get (&watch.kind) == WATCH_NONE)
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

static gchar *damaged_message (const char *path,
                                const char *cause);
static gchar *write_message   (const char *path,
                                const char *cause);

static void
on_fatal (int sig)
{
  const int fd = watch.saved_fd >= 0 ? watch.saved_fd : STDERR_FILENO;

  if (write (fd, fatal_message, fatal_length) < 0)
    {
      /* Nothing more to do about it.  */
    }
  if (cleanup_armed)
    unlink (cleanup_path);
  _exit (watch.kind == WATCH_LOAD ? IO_EXIT_USAGE : IO_EXIT_FAILED);
}

static void
watch_begin (WatchKind   kind,
             const char *path)
{
  struct sigaction action;
  gchar           *msg;
  gsize            i;

  msg = kind == WATCH_LOAD
        ? damaged_message (path, _("the decoder crashed"))
        : write_message (path, _("the image library crashed"));
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
static gchar *
watch_end (void)
{
  gchar   captured[1024];
  gssize  n = 0;
  gchar  *problem;
  gsize   i;

  fflush (stderr);
  g_atomic_int_set (&watch.kind, WATCH_NONE);
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

static gchar *
damaged_message (const char *path,
                 const char *cause)
{
  return g_strdup_printf (_("cannot read '%s': damaged or incomplete file "
                            "(%s)"), path, cause);
}

static gchar *
write_message (const char *path,
               const char *cause)
{
  return g_strdup_printf (_("cannot write '%s': %s"), path, cause);
}

/* A library called exit () inside a watch (libjpeg does on a corrupt
 * file): our message, the temporary file removed, our exit status.  */
static void
at_exit (void)
{
  WatchKind kind = g_atomic_int_get (&watch.kind);

  if (kind != WATCH_NONE)
    {
      const char *path = watch.path;
      gchar      *cause = watch_end ();
      gchar      *msg;

      cleanup_remove ();
      if (! cause)
        cause = g_strdup (_("the image library stopped the program"));
      if (kind == WATCH_LOAD)
        msg = damaged_message (path, cause);
      else
        msg = g_strdup_printf (_("cannot write '%s': the image library gave "
                                 "up (%s)"), path, cause);
      g_printerr ("sbokeh: %s\n", msg);
      _exit (kind == WATCH_LOAD ? IO_EXIT_USAGE : IO_EXIT_FAILED);
    }
  cleanup_remove ();
}

static void
on_signal (int sig)
{
  if (cleanup_armed)
    unlink (cleanup_path);
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

typedef enum
{
  LOAD_OK,
  LOAD_NOT_IMAGE,
  LOAD_TOO_LARGE,
  LOAD_DAMAGED,
} LoadResult;

/* Reads path whole, or says why not (*cause, if the loader said why);
 * *box is the header's extent; name is the file named if a library
 * exits.  */
static LoadResult
load_file (const char    *path,
           WatchKind      kind,
           const char    *name,
           GeglBuffer   **buffer,
           GeglRectangle *box,
           gchar        **cause)
{
  GeglNode *graph, *load, *sink;
  gchar    *problem;

  *buffer = NULL;
  *cause  = NULL;
  /* Setting the path already makes gegl:load read the header.  */
  watch_begin (kind, name);
  graph = gegl_node_new ();
  load  = gegl_node_new_child (graph, "operation", "gegl:load",
                               "path", path, NULL);
  sink  = gegl_node_new_child (graph, "operation", "gegl:buffer-sink",
                               "buffer", buffer, NULL);
  gegl_node_link (load, sink);

  *box = gegl_node_get_bounding_box (load);
  if (box->width < 1 || box->height < 1)
    {
      g_object_unref (graph);
      *cause = watch_end ();
      return LOAD_NOT_IMAGE;
    }
  if (box->width > IO_MAX_SIDE || box->height > IO_MAX_SIDE ||
      (guint64) box->width * box->height > IO_MAX_PIXELS)
    {
      g_object_unref (graph);
      g_free (watch_end ());
      return LOAD_TOO_LARGE;
    }
  gegl_node_process (sink);
  g_object_unref (graph);
  problem = watch_end ();

  if (! problem && *buffer &&
      (gegl_buffer_get_width (*buffer) != box->width ||
       gegl_buffer_get_height (*buffer) != box->height))
    problem = g_strdup_printf ("%d × %d ≠ %d × %d",
                               gegl_buffer_get_width (*buffer),
                               gegl_buffer_get_height (*buffer),
                               box->width, box->height);
  if (problem || ! *buffer)
    {
      g_clear_object (buffer);
      *cause = problem;
      return problem ? LOAD_DAMAGED : LOAD_NOT_IMAGE;
    }
  return LOAD_OK;
}

GeglBuffer *
io_load (const char  *path,
         GError     **error)
{
  GeglBuffer   *buffer;
  GeglRectangle box;
  gchar        *cause, *msg;

  switch (load_file (path, WATCH_LOAD, path, &buffer, &box, &cause))
    {
    case LOAD_OK:
      return buffer;
    case LOAD_NOT_IMAGE:
      if (cause)
        g_set_error (error, IO_ERROR, IO_EXIT_USAGE,
                     _("cannot read '%s': not an image GEGL can load (%s)"),
                     path, cause);
      else
        g_set_error (error, IO_ERROR, IO_EXIT_USAGE,
                     _("cannot read '%s': not an image GEGL can load"), path);
      break;
    case LOAD_TOO_LARGE:
      g_set_error (error, IO_ERROR, IO_EXIT_USAGE,
                   _("cannot read '%s': %d × %d pixels is more than sbokeh "
                     "reads (at most %d on a side, %d million in all)"),
                   path, box.width, box.height, IO_MAX_SIDE,
                   (int) (IO_MAX_PIXELS / 1000000));
      break;
    case LOAD_DAMAGED:
      msg = damaged_message (path, cause);
      g_set_error_literal (error, IO_ERROR, IO_EXIT_USAGE, msg);
      g_free (msg);
      break;
    }
  g_free (cause);
  return NULL;
}

static const IoSaver *
find_saver (const char *path)
{
  const char *dot = strrchr (path, '.');
  gsize       i;

  if (! dot || strchr (dot, G_DIR_SEPARATOR))
    return NULL;
  for (i = 0; i < G_N_ELEMENTS (savers); i++)
    if (! g_ascii_strcasecmp (dot + 1, savers[i].extension) &&
        (! savers[i].operation || gegl_has_operation (savers[i].operation)))
      return &savers[i];
  return NULL;
}

static gboolean
output_error (GError     **error,
              int          code,
              const char  *path,
              const char  *cause)
{
  gchar *msg = write_message (path, cause);

  g_set_error_literal (error, IO_ERROR, code, msg);
  g_free (msg);
  return FALSE;
}

/* Reserves the temporary file next to out->dest: created empty (mode
 * 0666 less the umask, like any new file), its name armed for the
 * handlers.  */
static gboolean
reserve_tmp (IoOutput  *out,
             GError   **error)
{
  static const char chars[] = "abcdefghijklmnopqrstuvwxyz"
                              "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  gchar *dir = g_path_get_dirname (out->dest);
  int    attempt, fd = -1, saved = EEXIST;

  for (attempt = 0; fd < 0 && saved == EEXIST && attempt < 100; attempt++)
    {
      gchar name[7];
      int   k;

      for (k = 0; k < 6; k++)
        name[k] = chars[g_random_int_range (0, sizeof chars - 1)];
      name[6] = '\0';
      g_free (out->tmp);
      out->tmp = g_strdup_printf ("%s%c.sbokeh-%s.%s", dir, G_DIR_SEPARATOR,
                                  name, out->saver->extension);
      if (strlen (out->tmp) >= sizeof cleanup_path)
        {
          saved = ENAMETOOLONG;
          break;
        }
      strcpy (cleanup_path, out->tmp);
      cleanup_armed = 1;
      fd = g_open (out->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      saved = errno;
      if (fd < 0)
        cleanup_armed = 0;
    }
  g_free (dir);
  if (fd < 0)
    {
      g_clear_pointer (&out->tmp, g_free);
      return output_error (error, IO_EXIT_FAILED, out->path,
                           g_strerror (saved));
    }
  close (fd);
  return TRUE;
}

gboolean
io_output_open (IoOutput    *out,
                const char  *path,
                GError     **error)
{
  GStatBuf st;

  memset (out, 0, sizeof *out);
  out->path  = g_strdup (path);
  out->saver = find_saver (path);
  if (! out->saver)
    {
      g_set_error (error, IO_ERROR, IO_EXIT_USAGE,
                   _("cannot write '%s': unknown file type (use .png, .jpg, "
                     ".tif, .exr, .webp, .ppm or .hdr)"), path);
      return FALSE;
    }

  /* A symbolic link is written through, like cp: its target is
   * replaced, the link stays.  */
  if (g_lstat (path, &st) == 0 && S_ISLNK (st.st_mode))
    {
      char *target = realpath (path, NULL);

      if (! target)
        return output_error (error, IO_EXIT_USAGE, path,
                             errno == ENOENT
                             ? _("it is a symbolic link to a missing file")
                             : g_strerror (errno));
      out->dest = g_strdup (target);
      free (target);
    }
  else
    {
      out->dest = g_strdup (path);
    }

  if (g_stat (out->dest, &st) == 0)
    {
      if (! S_ISREG (st.st_mode))
        return output_error (error, IO_EXIT_USAGE, path,
                             _("not a regular file"));
      /* Read-only (even for root, who may write anyway): refused, like
       * cp without -f.  */
      if ((st.st_mode & 0222) == 0 || g_access (out->dest, W_OK) != 0)
        return output_error (error, IO_EXIT_USAGE, path,
                             _("the file is read-only"));
      out->exists = TRUE;
      out->mode   = st.st_mode & 0777;
      out->uid    = st.st_uid;
      out->gid    = st.st_gid;
    }
  else if (errno != ENOENT)
    {
      return output_error (error, IO_EXIT_USAGE, path, g_strerror (errno));
    }

  return reserve_tmp (out, error);
}

gboolean
io_output_fits (IoOutput    *out,
                int          width,
                int          height,
                GError     **error)
{
  const int max = out->saver->max_side;

  if (max > 0 && (width > max || height > max))
    {
      g_set_error (error, IO_ERROR, IO_EXIT_USAGE,
                   _("cannot write '%s': %s holds at most %d × %d pixels "
                     "(the image is %d × %d)"),
                   out->path, out->saver->name, max, max, width, height);
      return FALSE;
    }
  return TRUE;
}

/* Flushes, syncs and closes f; with ok FALSE, errno tells why.  */
static gboolean
finish_file (FILE      *f,
             gboolean   ok,
             gchar    **cause)
{
  int saved = 0;

  ok = ok && fflush (f) == 0 && fsync (fileno (f)) == 0;
  if (! ok)
    saved = errno;
  if (fclose (f) != 0 && ok)
    {
      ok = FALSE;
      saved = errno;
    }
  if (! ok)
    *cause = g_strdup (g_strerror (saved ? saved : EIO));
  return ok;
}

/* PPM (P6) or PGM (P5), 8-bit for 8-bit images, else 16-bit, in the
 * image's perceptual sRGB as GEGL's ppm-save writes; every step checked.
 * A failure is *cause.  */
static gboolean
write_pnm (const char  *path,
           GeglBuffer  *buffer,
           gboolean     gray,
           gchar      **cause)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (buffer);
  const Babl          *type =
    babl_format_get_type (gegl_buffer_get_format (buffer), 0);
  const gboolean       wide = type != babl_type ("u8");
  const Babl          *format =
    babl_format (gray ? (wide ? "Y' u16" : "Y' u8")
                      : (wide ? "R'G'B' u16" : "R'G'B' u8"));
  const gsize          row_bytes =
    (gsize) extent->width * (gray ? 1 : 3) * (wide ? 2 : 1);
  guchar              *rows;
  FILE                *f;
  gboolean             ok;
  int                  y;

  rows = g_try_malloc (row_bytes * BAND_ROWS);
  if (! rows)
    {
      *cause = g_strdup (g_strerror (ENOMEM));
      return FALSE;
    }
  f = g_fopen (path, "wb");
  if (! f)
    {
      *cause = g_strdup (g_strerror (errno));
      g_free (rows);
      return FALSE;
    }

  ok = fprintf (f, "P%c\n%d %d\n%d\n", gray ? '5' : '6', extent->width,
                extent->height, wide ? 65535 : 255) > 0;
  for (y = 0; ok && y < extent->height; y += BAND_ROWS)
    {
      GeglRectangle band = { extent->x, extent->y + y, extent->width,
                             MIN (BAND_ROWS, extent->height - y) };
      const gsize   bytes = row_bytes * band.height;

      gegl_buffer_get (buffer, &band, 1.0, format, rows, GEGL_AUTO_ROWSTRIDE,
                       GEGL_ABYSS_NONE);
      if (wide)
        {
          guint16 *v = (guint16 *) rows;
          gsize    k;

          for (k = 0; k < bytes / 2; k++)
            v[k] = GUINT16_TO_BE (v[k]);
        }
      ok = fwrite (rows, 1, bytes, f) == bytes;
    }
  g_free (rows);
  return finish_file (f, ok, cause);
}

/* Radiance RGBE of linear RGB; negative values (a filter's lobes) become
 * 0, the format has no sign.  */
static void
hdr_pixel (const float *rgb,
           guint8      *rgbe)
{
  const float r = MAX (rgb[0], 0.0f), g = MAX (rgb[1], 0.0f),
              b = MAX (rgb[2], 0.0f);
  const float max = MAX (r, MAX (g, b));
  int         e;
  float       scale;

  if (! (max >= 1e-38f) || ! isfinite (max))
    {
      memset (rgbe, 0, 4);
      return;
    }
  scale = frexpf (max, &e) * 256.0f / max;
  rgbe[0] = MIN (r * scale, 255.0f);
  rgbe[1] = MIN (g * scale, 255.0f);
  rgbe[2] = MIN (b * scale, 255.0f);
  rgbe[3] = CLAMP (e + 128, 0, 255);
}

/* A Radiance HDR file, every step checked.  Scanlines are flat, as
 * GEGL's rgbe-save writes them: GEGL 0.4.62 as patched in Debian 13
 * refuses run-length encoded ones ("Buffer overflow detected").  */
static gboolean
write_hdr (const char  *path,
           GeglBuffer  *buffer,
           gchar      **cause)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (buffer);
  const int            w = extent->width, h = extent->height;
  float               *rows;
  guint8              *rgbe;
  FILE                *f = NULL;
  gboolean             ok;
  int                  y;

  rows = g_try_malloc ((gsize) w * 3 * sizeof (float) * BAND_ROWS);
  rgbe = g_try_malloc ((gsize) w * 4);
  if (rows && rgbe)
    f = g_fopen (path, "wb");
  if (! f)
    {
      *cause = g_strdup (g_strerror (rows && rgbe ? errno : ENOMEM));
      g_free (rows);
      g_free (rgbe);
      return FALSE;
    }

  ok = fprintf (f, "#?RADIANCE\nSOFTWARE=sbokeh %s\nFORMAT=32-bit_rle_rgbe"
                "\n\n-Y %d +X %d\n", SBOKEH_VERSION, h, w) > 0;
  for (y = 0; ok && y < h; y++)
    {
      const int band = y % BAND_ROWS;
      int       x;

      if (band == 0)
        {
          GeglRectangle r = { extent->x, extent->y + y, w,
                              MIN (BAND_ROWS, h - y) };

          gegl_buffer_get (buffer, &r, 1.0, babl_format ("RGB float"), rows,
                           GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
        }
      for (x = 0; x < w; x++)
        hdr_pixel (rows + ((gsize) band * w + x) * 3, rgbe + 4 * x);
      /* A scanline must not begin like an encoded one (2 2, or 1 1 1 in
       * the old format): its first green one level up then.  */
      if ((rgbe[0] == 2 && rgbe[1] == 2) ||
          (rgbe[0] == 1 && rgbe[1] == 1 && rgbe[2] == 1))
        rgbe[1]++;
      ok = fwrite (rgbe, 4, w, f) == (gsize) w;
    }
  g_free (rows);
  g_free (rgbe);
  return finish_file (f, ok, cause);
}

/* GEGL's saver under the watch, then what it left synced to disk.  */
static gboolean
write_gegl (IoOutput    *out,
            GeglBuffer  *buffer,
            gchar      **cause)
{
  const Babl *type = babl_format_get_type (gegl_buffer_get_format (buffer), 0);
  const char *operation = out->saver->operation;
  GeglNode   *graph, *source, *save;
  GStatBuf    st;
  int         fd;

  /* GIO (png, jpg, tiff, webp) replaces an existing file through a
   * temporary file of its own: let it write ours directly.  */
  g_unlink (out->tmp);

  graph  = gegl_node_new ();
  source = gegl_node_new_child (graph, "operation", "gegl:buffer-source",
                                "buffer", buffer, NULL);
  save   = gegl_node_new_child (graph, "operation", operation,
                                "path", out->tmp, NULL);
  /* Keep 8-bit images 8-bit (png-save defaults to 16).  */
  if (! strcmp (operation, "gegl:png-save"))
    gegl_node_set (save, "bitdepth", type == babl_type ("u8") ? 8 : 16, NULL);
  gegl_node_link (source, save);

  watch_begin (WATCH_SAVE, out->path);
  gegl_node_process (save);
  g_object_unref (graph);
  *cause = watch_end ();
  if (*cause)
    return FALSE;

  fd = g_open (out->tmp, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0 || fsync (fd) != 0)
    *cause = g_strdup (g_strerror (errno));
  else if (st.st_size == 0)
    *cause = g_strdup (_("nothing was written"));
  if (fd >= 0 && close (fd) != 0 && ! *cause)
    *cause = g_strdup (g_strerror (errno));
  return *cause == NULL;
}

gboolean
io_output_write (IoOutput    *out,
                 GeglBuffer  *buffer,
                 GError     **error)
{
  gchar   *cause = NULL;
  gboolean ok;

  if (out->saver->operation)
    ok = write_gegl (out, buffer, &cause);
  else if (! strcmp (out->saver->extension, "hdr"))
    ok = write_hdr (out->tmp, buffer, &cause);
  else
    ok = write_pnm (out->tmp, buffer, out->saver->gray, &cause);
  /* Replacing a file keeps its mode, and its owner where we may (root),
   * as cp does.  */
  if (ok && out->exists)
    {
      if (g_chmod (out->tmp, out->mode) != 0)
        {
          ok = FALSE;
          cause = g_strdup (g_strerror (errno));
        }
      else if (chown (out->tmp, out->uid, out->gid) != 0)
        {
          /* Not ours to give: the new file is the user's.  */
        }
    }
  if (! ok)
    {
      output_error (error, IO_EXIT_FAILED, out->path, cause);
      g_free (cause);
    }
  return ok;
}

gboolean
io_output_commit (IoOutput    *out,
                  int          width,
                  int          height,
                  GError     **error)
{
  if (out->saver->operation)
    {
      GeglBuffer   *back;
      GeglRectangle box;
      gchar        *cause = NULL, *msg;
      LoadResult    result;

      result = load_file (out->tmp, WATCH_SAVE, out->path, &back, &box,
                          &cause);
      if (result == LOAD_OK &&
          (box.width != width || box.height != height))
        {
          result = LOAD_DAMAGED;
          cause  = g_strdup_printf ("%d × %d ≠ %d × %d", box.width,
                                    box.height, width, height);
        }
      g_clear_object (&back);
      if (result != LOAD_OK)
        {
          msg = g_strdup_printf (_("the file written does not read back "
                                   "(%s)"),
                                 cause ? cause : _("not an image"));
          output_error (error, IO_EXIT_FAILED, out->path, msg);
          g_free (msg);
          g_free (cause);
          return FALSE;
        }
    }
  if (g_rename (out->tmp, out->dest) != 0)
    return output_error (error, IO_EXIT_FAILED, out->path,
                         g_strerror (errno));
  cleanup_armed = 0;
  g_clear_pointer (&out->tmp, g_free);
  return TRUE;
}

void
io_output_close (IoOutput *out)
{
  if (out->tmp)
    {
      cleanup_remove ();
      g_clear_pointer (&out->tmp, g_free);
    }
  g_clear_pointer (&out->path, g_free);
  g_clear_pointer (&out->dest, g_free);
}
