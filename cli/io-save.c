/* sbokeh: writing an image file safely: a temporary file next to
 * OUTPUT, every step checked, renamed over OUTPUT only once whole on
 * disk (the whole story in io-watch.c's opening). */
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


/* The largest side libjpeg writes (JPEG_MAX_DIMENSION; beyond, it calls
 * exit ()) and libwebp encodes (WEBP_MAX_DIMENSION).  */
#define JPEG_MAX_SIDE  65500
#define WEBP_MAX_SIDE  16383

/* Rows converted and written at a time by the PNM and HDR writers.  */
#define BAND_ROWS  64


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
  gchar *msg = io_write_message (path, cause);

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
      if (strlen (out->tmp) >= sizeof io_cleanup_path)
        {
          saved = ENAMETOOLONG;
          break;
        }
      strcpy (io_cleanup_path, out->tmp);
      io_cleanup_armed = 1;
      fd = g_open (out->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      saved = errno;
      if (fd < 0)
        io_cleanup_armed = 0;
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

  io_watch_begin (IO_WATCH_SAVE, out->path);
  gegl_node_process (save);
  g_object_unref (graph);
  *cause = io_watch_end ();
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
      IoLoadResult    result;

      result = io_load_file (out->tmp, IO_WATCH_SAVE, out->path, &back, &box,
                          &cause);
      if (result == IO_LOAD_OK &&
          (box.width != width || box.height != height))
        {
          result = IO_LOAD_DAMAGED;
          cause  = g_strdup_printf ("%d × %d ≠ %d × %d", box.width,
                                    box.height, width, height);
        }
      g_clear_object (&back);
      if (result != IO_LOAD_OK)
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
  io_cleanup_armed = 0;
  g_clear_pointer (&out->tmp, g_free);
  return TRUE;
}

void
io_output_close (IoOutput *out)
{
  if (out->tmp)
    {
      io_cleanup_remove ();
      g_clear_pointer (&out->tmp, g_free);
    }
  g_clear_pointer (&out->path, g_free);
  g_clear_pointer (&out->dest, g_free);
}

