/* The sbokeh command and the file system: nothing lost, nothing invented.
 *
 * Loading: a 68-byte PNG whose header claims 100000 × 100000 pixels, a
 * header-only 2000 × 2000 PNG, a PNG, TIFF and JPEG cut in the middle and
 * a JPEG whose Huffman table makes libjpeg call exit (): each refused with
 * exit 2, one line naming the file, nothing written.  Saving: a full disk
 * (a 200 KiB tmpfs mounted here, in a mount namespace of the test's own)
 * for every output type, and a file size limit (ulimit -f, no root
 * needed): exit 1, one line, OUTPUT (or INPUT, the same file) unchanged
 * byte for byte, no temporary file.  SIGINT and SIGTERM sent to a real
 * run: no temporary file, OUTPUT unchanged.  OUTPUT names of 250 and 255
 * characters; a symlink OUTPUT written through, a dangling one refused; a
 * read-only OUTPUT refused; a hard-linked OUTPUT replaced under its name
 * only; the mode of a replaced file kept; JPEG wider than 65500 pixels
 * refused up front.
 *
 * Usage: test-cli-files SBOKEH SAMPLE.png  */
#include "config.h"

#ifndef _GNU_SOURCE
#define _GNU_SOURCE  /* unshare () */
#endif
#include <errno.h>
#include <gegl.h>
#include <glib/gstdio.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sched.h>
#endif

#include "check.h"
#include "load-image.h"

/* The full disk: small enough to fill, large enough for an old OUTPUT.  */
#define FULL_DISK_SIZE  "200k"
#define OLD_OUTPUT_SIZE 30000

/* The noise image written to the full disk: every type's output of it is
 * far larger than the disk (JPEG and WebP of noise do not compress).  */
#define NOISE_SIDE 800

/* The run interrupted by a signal: long enough to be caught at work
 * (dense passes at radius 250, rank 16: some 1.4·10¹¹ multiply-adds), whatever
 * engine is the default.  */
#define BIG_WIDTH   2000
#define BIG_HEIGHT  1500
#define BIG_ARGS    "--engine", "dense", "--radius", "250", "--rank", "16", \
                    "--max-evaluations", "0"

/* From the temporary file's appearance to the signal: well inside the
 * work (BIG_ARGS take seconds even on fast vector units: 1.5 s was not
 * always enough with AVX-512).  */
#define SIGNAL_DELAY_US 300000

/* The file size limit (bytes) of the ulimit -f run.  */
#define FSIZE_LIMIT 100000

static const char *sbokeh;
static gchar      *tmpdir;

typedef struct
{
  int    status;   /* exit status, or -1 */
  int    signal;   /* the signal that ended it, or 0 */
  gchar *err;
  int    lines;
} Run;

static rlim_t child_fsize = RLIM_INFINITY;

static void
child_setup (gpointer data)
{
  signal (SIGINT, SIG_DFL);
  signal (SIGTERM, SIG_DFL);
  if (child_fsize != RLIM_INFINITY)
    {
      struct rlimit r = { child_fsize, child_fsize };

      setrlimit (RLIMIT_FSIZE, &r);
    }
}

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->err, g_free);
}

/* Runs sbokeh with the NULL-terminated arguments.  */
static Run
run_argv (const char *first,
          ...)
{
  GPtrArray  *argv = g_ptr_array_new ();
  const char *arg;
  va_list     args;
  Run         r = { -1, 0, NULL, 0 };
  int         wait_status = 0;
  GError     *error = NULL;
  char       *p;

  g_ptr_array_add (argv, (gpointer) sbokeh);
  va_start (args, first);
  for (arg = first; arg; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  if (! g_spawn_sync (NULL, (gchar **) argv->pdata, NULL,
                      G_SPAWN_STDOUT_TO_DEV_NULL, child_setup, NULL, NULL,
                      &r.err, &wait_status, &error))
    {
      fprintf (stderr, "cannot run %s: %s\n", sbokeh, error->message);
      g_error_free (error);
    }
  g_ptr_array_free (argv, TRUE);
  if (WIFEXITED (wait_status))
    r.status = WEXITSTATUS (wait_status);
  else if (WIFSIGNALED (wait_status))
    r.signal = WTERMSIG (wait_status);
  for (p = r.err; p && *p; p++)
    r.lines += *p == '\n';
  return r;
}

static gchar *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* Temporary files of ours or of GIO's left in dir.  */
static int
leftovers (const char *dir)
{
  GDir       *d = g_dir_open (dir, 0, NULL);
  const char *name;
  int         n = 0;

  while (d && (name = g_dir_read_name (d)))
    if (g_str_has_prefix (name, ".sbokeh-") ||
        g_str_has_prefix (name, ".goutputstream-"))
      {
        fprintf (stderr, "  left behind: %s/%s\n", dir, name);
        n++;
      }
  if (d)
    g_dir_close (d);
  return n;
}

static void
write_bytes (const char   *path,
             const guchar *data,
             gsize         n)
{
  GError *error = NULL;

  g_unlink (path);
  CHECK (g_file_set_contents (path, (const char *) data, n, &error),
         "write %s: %s", path, error ? error->message : "");
  g_clear_error (&error);
}

static GBytes *
read_bytes (const char *path)
{
  gchar *data = NULL;
  gsize  n = 0;

  if (! g_file_get_contents (path, &data, &n, NULL))
    return NULL;
  return g_bytes_new_take (data, n);
}

static gboolean
same_bytes (const char *path,
            GBytes     *expected)
{
  GBytes  *now = read_bytes (path);
  gboolean same = now && g_bytes_equal (now, expected);

  if (now)
    g_bytes_unref (now);
  return same;
}

static GBytes *
random_bytes (gsize n,
              guint seed)
{
  GRand  *rand = g_rand_new_with_seed (seed);
  guchar *data = g_malloc (n);
  gsize   i;

  for (i = 0; i < n; i++)
    data[i] = g_rand_int (rand);
  g_rand_free (rand);
  return g_bytes_new_take (data, n);
}

/* The refusal every probe expects: this status, one line naming what,
 * and no file where the output would be.  */
static void
expect_refusal (const Run  *r,
                int         status,
                const char *probe,
                const char *names)
{
  CHECK (r->signal == 0, "%s: killed by signal %d", probe, r->signal);
  CHECK (r->status == status, "%s: exit %d, expected %d (%s)", probe,
         r->status, status, r->err);
  CHECK (r->lines == 1, "%s: %d lines on stderr: %s", probe, r->lines,
         r->err);
  CHECK (r->err && strstr (r->err, names),
         "%s: the message does not name %s: %s", probe, names, r->err);
}

static void
save (GeglBuffer *buffer,
      const char *operation,
      const char *path)
{
  GeglNode *g = gegl_node_new ();
  GeglNode *s = gegl_node_new_child (g, "operation", "gegl:buffer-source",
                                     "buffer", buffer, NULL);
  GeglNode *t = gegl_node_new_child (g, "operation", operation, "path", path,
                                     NULL);

  gegl_node_link (s, t);
  gegl_node_process (t);
  g_object_unref (g);
}

/* An 8-bit RGB image of seeded noise.  */
static GeglBuffer *
noise_image (int  width,
             int  height,
             guint seed)
{
  GeglRectangle all = { 0, 0, width, height };
  GeglBuffer   *b = gegl_buffer_new (&all, babl_format ("R'G'B' u8"));
  GBytes       *px = random_bytes ((gsize) width * height * 3, seed);

  gegl_buffer_set (b, &all, 0, babl_format ("R'G'B' u8"),
                   g_bytes_get_data (px, NULL), GEGL_AUTO_ROWSTRIDE);
  g_bytes_unref (px);
  return b;
}

/* Whether path is an image of width × height.  */
static gboolean
is_image (const char *path,
          int         width,
          int         height)
{
  GeglBuffer *b = load_image (path);
  gboolean    ok = b && gegl_buffer_get_width (b) == width &&
                   gegl_buffer_get_height (b) == height;

  g_clear_object (&b);
  return ok;
}

/* PNG chunks with their CRC (ISO 3309, as png.h computes it).  */
static guint32
crc32_update (guint32       crc,
              const guchar *p,
              gsize         n)
{
  gsize i;
  int   k;

  for (i = 0; i < n; i++)
    {
      crc ^= p[i];
      for (k = 0; k < 8; k++)
        crc = crc & 1 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
    }
  return crc;
}

static void
put32 (GByteArray *a,
       guint32     v)
{
  guchar b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (a, b, 4);
}

static void
png_chunk (GByteArray   *png,
           const char   *type,
           const guchar *data,
           gsize         n)
{
  guint32 crc = crc32_update (0xFFFFFFFFu, (const guchar *) type, 4);

  crc = crc32_update (crc, data, n) ^ 0xFFFFFFFFu;
  put32 (png, n);
  g_byte_array_append (png, (const guchar *) type, 4);
  g_byte_array_append (png, data, n);
  put32 (png, crc);
}

/* Signature and IHDR of an 8-bit image (color type 0 gray, 2 RGB).  */
static GByteArray *
png_start (guint32 width,
           guint32 height,
           guchar  color_type)
{
  static const guchar signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
                                       0x1a, '\n' };
  GByteArray *png = g_byte_array_new ();
  GByteArray *ihdr = g_byte_array_new ();
  guchar      rest[5] = { 8, color_type, 0, 0, 0 };

  g_byte_array_append (png, signature, 8);
  put32 (ihdr, width);
  put32 (ihdr, height);
  g_byte_array_append (ihdr, rest, 5);
  png_chunk (png, "IHDR", ihdr->data, ihdr->len);
  g_byte_array_unref (ihdr);
  return png;
}

static void
write_png_array (const char *path,
                 GByteArray *png)
{
  write_bytes (path, png->data, png->len);
  g_byte_array_unref (png);
}

/* The first half of a file.  */
static void
cut_in_half (const char *src,
             const char *dest)
{
  GBytes *all = read_bytes (src);
  gsize   n;

  CHECK (all != NULL, "cannot read %s", src);
  if (! all)
    return;
  n = g_bytes_get_size (all);
  write_bytes (dest, g_bytes_get_data (all, NULL), n / 2);
  g_bytes_unref (all);
}

/* Runs apply IN → OUT (small blur) and expects exit 2, one line naming
 * IN, no OUT and no temporary file.  */
static void
expect_load_refused (const char *probe,
                     const char *in)
{
  gchar *out = tmp_path ("refused.png");
  Run    r = run_argv ("apply", in, out, "--radius", "3", "--rank", "2",
                       "--max-evaluations", "0", NULL);

  expect_refusal (&r, 2, probe, in);
  CHECK (! g_file_test (out, G_FILE_TEST_EXISTS), "%s: wrote %s", probe, out);
  CHECK (leftovers (tmpdir) == 0, "%s: temporary files left", probe);
  printf ("  %-34s exit %d: %s", probe, r.status, r.err ? r.err : "\n");
  run_clear (&r);
  g_free (out);
}

static void
test_lying_files (const char *sample)
{
  /* zlib stream of three zero bytes: with it the PNG is 68 bytes.  */
  static const guchar idat[11] = { 0x78, 0x01, 0x63, 0x60, 0x60, 0x00, 0x00,
                                   0x00, 0x03, 0x00, 0x01 };
  gchar      *lie = tmp_path ("lie.png"), *empty = tmp_path ("empty.png");
  gchar      *wide = tmp_path ("wide.png"), *wide_out = tmp_path ("wide.jpg");
  GByteArray *png;
  GeglBuffer *photo = load_image (sample);
  const char *types[][2] = { { "png", "gegl:png-save" },
                             { "tif", "gegl:tiff-save" },
                             { "jpg", "gegl:jpg-save" } };
  gchar      *magick;
  gsize       i;
  Run         r;

  png = png_start (100000, 100000, 2);
  png_chunk (png, "IDAT", idat, sizeof idat);
  png_chunk (png, "IEND", NULL, 0);
  CHECK (png->len == 68, "the lying PNG is %u bytes", png->len);
  write_png_array (lie, png);
  expect_load_refused ("68-byte PNG of 100000 × 100000", lie);

  png = png_start (2000, 2000, 2);
  png_chunk (png, "IEND", NULL, 0);
  write_png_array (empty, png);
  expect_load_refused ("header-only 2000 × 2000 PNG", empty);

  for (i = 0; i < G_N_ELEMENTS (types); i++)
    {
      gchar *name = g_strdup_printf ("whole.%s", types[i][0]);
      gchar *whole = tmp_path (name);
      gchar *cut, *probe;

      g_free (name);
      name  = g_strdup_printf ("cut.%s", types[i][0]);
      cut   = tmp_path (name);
      probe = g_strdup_printf ("%s cut in the middle", types[i][0]);
      save (photo, types[i][1], whole);
      CHECK (is_image (whole, 600, 400), "the whole %s loads", types[i][0]);
      cut_in_half (whole, cut);
      expect_load_refused (probe, cut);
      g_unlink (whole);
      g_unlink (cut);
      g_free (whole);
      g_free (cut);
      g_free (name);
      g_free (probe);
    }

  /* libjpeg calls exit () on this one, after the temporary file was
   * reserved: the exit handler speaks and removes it.  */
  {
    gchar  *good = tmp_path ("good.jpg"), *bogus = tmp_path ("bogus.jpg");
    GBytes *bytes;
    guchar *data;
    gsize   n, k;

    save (photo, "gegl:jpg-save", good);
    bytes = read_bytes (good);
    data  = g_bytes_unref_to_data (bytes, &n);
    for (k = 0; k + 21 < n; k++)
      if (data[k] == 0xFF && data[k + 1] == 0xC4)  /* DHT */
        {
          memset (data + k + 5, 0xFF, 16);  /* counts summing past 256 */
          break;
        }
    CHECK (k + 21 < n, "no Huffman table in %s", good);
    write_bytes (bogus, data, n);
    g_free (data);
    expect_load_refused ("JPEG with a bogus Huffman table", bogus);
    g_unlink (good);
    g_unlink (bogus);
    g_free (good);
    g_free (bogus);
  }

  /* A 70000 × 2 gray PNG: JPEG cannot hold it, refused before the work
   * (libjpeg would call exit () in the middle of the save).  */
  {
    GeglRectangle rect = { 0, 0, 70000, 2 };
    GeglBuffer   *b = gegl_buffer_new (&rect, babl_format ("Y' u8"));

    gegl_buffer_clear (b, NULL);
    save (b, "gegl:png-save", wide);
    g_object_unref (b);
    r = run_argv ("apply", wide, wide_out, "--radius", "3", "--rank", "2",
                  "--max-evaluations", "0", NULL);
    expect_refusal (&r, 2, "JPEG 70000 wide", "65500");
    CHECK (! g_file_test (wide_out, G_FILE_TEST_EXISTS), "wrote %s",
           wide_out);
    CHECK (leftovers (tmpdir) == 0, "JPEG 70000 wide: temporary files left");
    printf ("  %-34s exit %d: %s", "70000 × 2 into a JPEG", r.status, r.err);
    run_clear (&r);
  }

  /* A BMP, which GEGL reads through ImageMagick with a warning about
   * the loader (not the data): read.  */
  magick = g_find_program_in_path ("convert");
  if (magick)
    {
      static const guchar header[54] = {
        'B', 'M', 78, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0,    /* 54 + 24 */
        40, 0, 0, 0, 4, 0, 0, 0, 2, 0, 0, 0, 1, 0, 24, 0,  /* 4 × 2, 24 */
        0, 0, 0, 0, 24, 0, 0, 0 };
      gchar  *bmp = tmp_path ("four.bmp"), *bmp_out = tmp_path ("four.png");
      guchar  file[78];

      memcpy (file, header, sizeof header);
      memset (file + 54, 0x80, 24);
      write_bytes (bmp, file, sizeof file);
      r = run_argv ("apply", bmp, bmp_out, "--radius", "1", "--rank", "1",
                    "--max-evaluations", "0", NULL);
      CHECK (r.status == 0 && is_image (bmp_out, 4, 2),
             "BMP through ImageMagick: exit %d: %s", r.status, r.err);
      printf ("  %-34s exit %d\n", "4 × 2 BMP (GEGL via ImageMagick)",
              r.status);
      run_clear (&r);
      g_unlink (bmp);
      g_unlink (bmp_out);
      g_free (bmp);
      g_free (bmp_out);
      g_free (magick);
    }

  g_object_unref (photo);
  g_unlink (lie);
  g_unlink (empty);
  g_unlink (wide);
  g_free (lie);
  g_free (empty);
  g_free (wide);
  g_free (wide_out);
}

/* Saves the noise image into old.EXT on dir (holding OLD_OUTPUT_SIZE
 * random bytes): expects exit 1, one line naming it, the old bytes and no
 * temporary file.  */
static void
expect_save_refused (const char *probe,
                     const char *dir,
                     const char *noise,
                     const char *ext)
{
  gchar  *name = g_strdup_printf ("old.%s", ext);
  gchar  *out = g_build_filename (dir, name, NULL);
  gchar  *what = g_strdup_printf ("%s, .%s", probe, ext);
  GBytes *old = random_bytes (OLD_OUTPUT_SIZE, 7);
  Run     r;

  write_bytes (out, g_bytes_get_data (old, NULL), OLD_OUTPUT_SIZE);
  r = run_argv ("apply", noise, out, "--radius", "0.5", "--rank", "1",
                "--max-evaluations", "0", NULL);
  expect_refusal (&r, 1, what, out);
  CHECK (same_bytes (out, old), "%s: OUTPUT changed", what);
  CHECK (leftovers (dir) == 0, "%s: temporary files left", what);
  printf ("  %-34s exit %d: %s", what, r.status, r.err ? r.err : "\n");
  run_clear (&r);
  g_unlink (out);
  g_bytes_unref (old);
  g_free (name);
  g_free (out);
  g_free (what);
}

static const char *output_types[] = { "png", "jpg", "tif", "exr", "webp",
                                      "ppm", "pgm", "hdr" };

static gchar *full_dir;

static void
unmount_full (void)
{
  if (full_dir)
    {
      umount2 (full_dir, MNT_DETACH);
      umount2 (full_dir, MNT_DETACH);  /* the bind, if one was made */
      g_rmdir (full_dir);
      g_clear_pointer (&full_dir, g_free);
    }
}

/* A full disk: a tmpfs of FULL_DISK_SIZE, in a mount namespace of this
 * process (so the kernel removes it even if the test is killed).  */
static void
test_full_disk (const char *noise)
{
  gchar        *dir = tmp_path ("full");
  const gchar  *why = NULL;
  gsize         i;

  g_mkdir (dir, 0755);
#ifdef __linux__
  /* Private, so that nothing shows outside; in a chroot "/" may not be
   * a mount point: the folder bound onto itself is one.  */
  if (unshare (CLONE_NEWNS) != 0)
    why = g_strerror (errno);
  else if (mount ("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 &&
           (mount (dir, dir, NULL, MS_BIND, NULL) != 0 ||
            mount ("none", dir, NULL, MS_PRIVATE, NULL) != 0))
    why = g_strerror (errno);
  else if (mount ("tmpfs", dir, "tmpfs", 0, "size=" FULL_DISK_SIZE) != 0)
    why = g_strerror (errno);
#else
  why = "not Linux";
#endif
  if (why)
    {
      printf ("  SKIP full disk: cannot mount a tmpfs (%s); run as root, "
              "e.g. through tools/gimp3-env\n", why);
      g_rmdir (dir);
      g_free (dir);
      return;
    }
  full_dir = dir;
  atexit (unmount_full);

  for (i = 0; i < G_N_ELEMENTS (output_types); i++)
    expect_save_refused ("full disk", dir, noise, output_types[i]);

  /* INPUT = OUTPUT, with less room left than a second copy needs.  */
  {
    gchar         *in = g_build_filename (dir, "in.ppm", NULL);
    gchar         *fill = g_build_filename (dir, "fill", NULL);
    GeglBuffer    *small = noise_image (200, 150, 3);
    GBytes        *before, *filler;
    struct statvfs fs;
    Run            r;

    save (small, "gegl:ppm-save", in);
    g_object_unref (small);
    before = read_bytes (in);
    CHECK (before && statvfs (dir, &fs) == 0, "in.ppm on the tmpfs");
    if (before && (gsize) fs.f_bavail * fs.f_frsize >
                  g_bytes_get_size (before) / 2)
      {
        filler = random_bytes ((gsize) fs.f_bavail * fs.f_frsize -
                               g_bytes_get_size (before) / 2, 9);
        g_file_set_contents (fill, g_bytes_get_data (filler, NULL),
                             g_bytes_get_size (filler), NULL);
        g_bytes_unref (filler);
      }
    r = run_argv ("apply", in, in, "--radius", "3", "--rank", "2",
                  "--max-evaluations", "0", NULL);
    expect_refusal (&r, 1, "full disk, IN = OUT", in);
    CHECK (before && same_bytes (in, before), "full disk: INPUT changed");
    CHECK (leftovers (dir) == 0, "full disk, IN = OUT: temporary files");
    printf ("  %-34s exit %d: %s", "full disk, IN = OUT (.ppm)", r.status,
            r.err ? r.err : "\n");
    run_clear (&r);
    g_unlink (in);
    g_unlink (fill);
    if (before)
      g_bytes_unref (before);
    g_free (in);
    g_free (fill);
  }
  unmount_full ();
}

/* A file size limit (ulimit -f): write () fails with EFBIG.  */
static void
test_file_size_limit (const char *noise)
{
  gsize i;

  child_fsize = FSIZE_LIMIT;
  for (i = 0; i < G_N_ELEMENTS (output_types); i++)
    expect_save_refused ("ulimit -f 100 kB", tmpdir, noise, output_types[i]);
  child_fsize = RLIM_INFINITY;
}

/* A signal during the work of a real run.  */
static void
test_signal (int         sig,
             const char *big)
{
  gchar   *out = tmp_path ("signalled.png");
  GBytes  *old = random_bytes (1000, 11);
  gchar   *argv[] = { (gchar *) sbokeh, "apply", (gchar *) big, out,
                      BIG_ARGS, NULL };
  GPid     pid;
  GError  *error = NULL;
  int      wait_status = 0, waited;
  gboolean appeared = FALSE, running;
  gint64   start = g_get_monotonic_time ();

  write_bytes (out, g_bytes_get_data (old, NULL), 1000);
  if (! g_spawn_async (NULL, argv, NULL,
                       G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                       | G_SPAWN_STDERR_TO_DEV_NULL, child_setup, NULL, &pid,
                       &error))
    {
      CHECK (FALSE, "cannot run %s: %s", sbokeh, error->message);
      g_error_free (error);
      return;
    }
  /* Its temporary file appears before the work; then a moment of work.  */
  while (! appeared && g_get_monotonic_time () - start < 20 * G_USEC_PER_SEC)
    {
      GDir       *d = g_dir_open (tmpdir, 0, NULL);
      const char *name;

      while (d && (name = g_dir_read_name (d)))
        appeared |= g_str_has_prefix (name, ".sbokeh-");
      g_dir_close (d);
      g_usleep (20000);
    }
  g_usleep (SIGNAL_DELAY_US);
  running = waitpid (pid, &wait_status, WNOHANG) == 0;
  CHECK (appeared && running, "%s: the run %s before the signal",
         g_strsignal (sig), running ? "made no temporary file" : "ended");
  if (running)
    kill (pid, sig);
  waited = running ? waitpid (pid, &wait_status, 0) : pid;
  CHECK (waited == pid && WIFSIGNALED (wait_status) &&
         WTERMSIG (wait_status) == sig, "%s: did not end by the signal",
         g_strsignal (sig));
  CHECK (leftovers (tmpdir) == 0, "%s: temporary file left", g_strsignal (sig));
  CHECK (same_bytes (out, old), "%s: OUTPUT changed", g_strsignal (sig));
  printf ("  %-34s after %.1f s: killed, no temporary file, OUTPUT as it "
          "was\n", g_strsignal (sig),
          (g_get_monotonic_time () - start) / 1e6);
  g_spawn_close_pid (pid);
  g_unlink (out);
  g_bytes_unref (old);
  g_free (out);
}

static void
test_long_names (const char *sample)
{
  static const int lengths[] = { 250, NAME_MAX };
  gsize            i;

  for (i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      gchar *name = g_strnfill (lengths[i] - 4, 'n');
      gchar *file = g_strconcat (name, ".png", NULL);
      gchar *out = tmp_path (file);
      Run    r = run_argv ("apply", sample, out, "--radius", "3", "--rank",
                           "2", "--max-evaluations", "0", NULL);

      CHECK (r.status == 0, "OUTPUT name of %d characters: exit %d: %s",
             lengths[i], r.status, r.err);
      CHECK (is_image (out, 600, 400), "OUTPUT name of %d characters: no "
             "image", lengths[i]);
      CHECK (leftovers (tmpdir) == 0, "long name: temporary files");
      printf ("  OUTPUT name of %d characters: exit %d\n", lengths[i],
              r.status);
      run_clear (&r);
      g_unlink (out);
      g_free (name);
      g_free (file);
      g_free (out);
    }
}

static void
test_links_and_modes (const char *sample)
{
  gchar    *sub = tmp_path ("sub");
  gchar    *target = g_build_filename (sub, "target.png", NULL);
  gchar    *sym = tmp_path ("link.png"), *dangling = tmp_path ("dangling.png");
  gchar    *ro = tmp_path ("ro.png"), *a = tmp_path ("a.png");
  gchar    *b = tmp_path ("b.png"), *kept = tmp_path ("kept.png");
  gchar    *dir = tmp_path ("dir.png"), *same = tmp_path ("same.png");
  gchar    *missing = g_build_filename (sub, "missing.png", NULL);
  gchar    *link_text;
  GBytes   *old = random_bytes (500, 13);
  GStatBuf  st;
  Run       r;

#define APPLY(out) run_argv ("apply", sample, out, "--radius", "3", "--rank", \
                             "2", "--max-evaluations", "0", NULL)

  /* A symlink is written through to its target, in another folder.  */
  g_mkdir (sub, 0755);
  write_bytes (target, g_bytes_get_data (old, NULL), 500);
  CHECK (symlink ("sub/target.png", sym) == 0, "symlink");
  r = APPLY (sym);
  CHECK (r.status == 0, "symlink OUTPUT: exit %d: %s", r.status, r.err);
  link_text = g_file_read_link (sym, NULL);
  CHECK (link_text && ! strcmp (link_text, "sub/target.png"),
         "symlink OUTPUT: the link was replaced");
  CHECK (is_image (target, 600, 400), "symlink OUTPUT: target not written");
  CHECK (leftovers (tmpdir) + leftovers (sub) == 0, "symlink: temporary");
  printf ("  symlink OUTPUT: exit %d, link kept, target written\n", r.status);
  g_free (link_text);
  run_clear (&r);

  /* A dangling symlink is refused, like cp.  */
  CHECK (symlink ("sub/missing.png", dangling) == 0, "symlink");
  r = APPLY (dangling);
  expect_refusal (&r, 2, "dangling symlink", dangling);
  CHECK (! g_file_test (missing, G_FILE_TEST_EXISTS),
         "dangling symlink: target created");
  printf ("  dangling symlink OUTPUT: exit %d: %s", r.status, r.err);
  run_clear (&r);

  /* Read-only: refused, unchanged, still read-only.  */
  write_bytes (ro, g_bytes_get_data (old, NULL), 500);
  g_chmod (ro, 0444);
  r = APPLY (ro);
  expect_refusal (&r, 2, "read-only OUTPUT", ro);
  CHECK (same_bytes (ro, old), "read-only OUTPUT changed");
  CHECK (g_stat (ro, &st) == 0 && (st.st_mode & 0777) == 0444,
         "read-only OUTPUT: mode changed");
  CHECK (leftovers (tmpdir) == 0, "read-only: temporary files");
  printf ("  read-only OUTPUT: exit %d: %s", r.status, r.err);
  run_clear (&r);

  /* A hard link: the name written gets the image, the other name keeps
   * the old file (as documented).  */
  write_bytes (a, g_bytes_get_data (old, NULL), 500);
  CHECK (link (a, b) == 0, "hard link");
  r = APPLY (a);
  CHECK (r.status == 0, "hard-linked OUTPUT: exit %d: %s", r.status, r.err);
  CHECK (is_image (a, 600, 400), "hard-linked OUTPUT not written");
  CHECK (same_bytes (b, old), "hard link: the other name changed");
  printf ("  hard-linked OUTPUT: exit %d, that name replaced, the other "
          "keeps the old file\n", r.status);
  run_clear (&r);

  /* A replaced file keeps its mode.  */
  write_bytes (kept, g_bytes_get_data (old, NULL), 500);
  g_chmod (kept, 0640);
  r = APPLY (kept);
  CHECK (r.status == 0 && g_stat (kept, &st) == 0 &&
         (st.st_mode & 0777) == 0640, "mode 0640 not kept: %o",
         st.st_mode & 0777);
  run_clear (&r);

  /* A folder named like an image.  */
  g_mkdir (dir, 0755);
  r = APPLY (dir);
  expect_refusal (&r, 2, "folder OUTPUT", dir);
  run_clear (&r);

  /* INPUT = OUTPUT when all goes well.  */
  {
    GeglBuffer *photo = load_image (sample);

    save (photo, "gegl:png-save", same);
    g_object_unref (photo);
    r = run_argv ("apply", same, same, "--radius", "3", "--rank", "2",
                  "--max-evaluations", "0", NULL);
    CHECK (r.status == 0 && is_image (same, 600, 400),
           "IN = OUT: exit %d: %s", r.status, r.err);
    run_clear (&r);
  }
  CHECK (leftovers (tmpdir) == 0, "temporary files left");
#undef APPLY

  g_unlink (target);
  g_rmdir (sub);
  g_rmdir (dir);
  g_unlink (sym);
  g_unlink (dangling);
  g_chmod (ro, 0644);
  g_bytes_unref (old);
  g_free (sub);
  g_free (target);
  g_free (missing);
  g_free (sym);
  g_free (dangling);
  g_free (ro);
  g_free (a);
  g_free (b);
  g_free (kept);
  g_free (dir);
  g_free (same);
}

int
main (int    argc,
      char **argv)
{
  GeglBuffer *b;
  gchar      *noise, *big;

  if (argc != 3)
    {
      fprintf (stderr, "usage: test-cli-files SBOKEH SAMPLE.png\n");
      return 2;
    }
  sbokeh = argv[1];
  gegl_init (NULL, NULL);
  tmpdir = g_dir_make_tmp ("sbokeh-files-XXXXXX", NULL);
  noise = tmp_path ("noise.png");
  big = tmp_path ("big.png");
  b = noise_image (NOISE_SIDE, NOISE_SIDE, 1);
  save (b, "gegl:png-save", noise);
  g_object_unref (b);
  b = noise_image (BIG_WIDTH, BIG_HEIGHT, 2);
  save (b, "gegl:png-save", big);
  g_object_unref (b);

  printf ("loading:\n");
  test_lying_files (argv[2]);
  printf ("saving:\n");
  test_full_disk (noise);
  test_file_size_limit (noise);
  printf ("signals:\n");
  test_signal (SIGINT, big);
  test_signal (SIGTERM, big);
  printf ("names, links, modes:\n");
  test_long_names (argv[2]);
  test_links_and_modes (argv[2]);

  g_unlink (noise);
  g_unlink (big);
  g_free (noise);
  g_free (big);
  check_remove_dir (tmpdir);
  g_free (tmpdir);
  gegl_exit ();
  return check_exit ("cli-files");
}
