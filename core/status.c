/* Separable Bokeh: status messages, translated, with the ranges of the
 * parameter table (params.h) written into them.  */
#include "config.h"

#include <glib.h>
#include <glib/gi18n-lib.h>

#include "params.h"
#include "status.h"

/* Longer than any message in any catalog: the longest, the aperture's in
 * French, is under 200 bytes.  */
#define MESSAGE_MAX 512

/* FORMAT (translated) with the numbers filled in, in a buffer of the
 * calling thread's: it stays valid until that thread's next message.  */
static const char *
message (const char *format,
         ...) G_GNUC_PRINTF (1, 2);

static const char *
message (const char *format,
         ...)
{
  static _Thread_local char text[MESSAGE_MAX];
  va_list                   args;

  va_start (args, format);
  g_vsnprintf (text, sizeof (text), format, args);
  va_end (args);
  return text;
}

const char *
sbokeh_status_message (SbokehStatus status)
{
  switch (status)
    {
    case SBOKEH_OK:
      return _("Success");
    case SBOKEH_ERROR_RADIUS:
      return message (_("The radius must be a number from %g to %g pixels"),
                      SBOKEH_RADIUS_MIN, SBOKEH_RADIUS_MAX);
    case SBOKEH_ERROR_RANK:
      return message (_("The rank must be a whole number from %d to %d, "
                        "and at most the kernel size (2 × ⌈radius⌉ + 1)"),
                      SBOKEH_RANK_MIN, SBOKEH_RANK_MAX);
    case SBOKEH_ERROR_WEIGHT:
      return message (_("The loss weights must be finite numbers from %g "
                        "to %g"), SBOKEH_WEIGHT_MIN, SBOKEH_WEIGHT_MAX);
    case SBOKEH_ERROR_WEIGHTS_ZERO:
      return message (_("At least one loss weight must be greater than %g"),
                      SBOKEH_WEIGHT_MIN);
    case SBOKEH_ERROR_EVALUATIONS:
      return message (_("The number of optimizer evaluations must be from "
                        "%d to %d"),
                      SBOKEH_EVALUATIONS_MIN, SBOKEH_EVALUATIONS_MAX);
    case SBOKEH_ERROR_APERTURE:
      return message (_("A polygon aperture needs %d to %d blades, a "
                        "rotation from %g to %g degrees and a curvature "
                        "from %g to %g"),
                      SBOKEH_BLADES_MIN, SBOKEH_BLADES_MAX,
                      SBOKEH_ROTATION_MIN, SBOKEH_ROTATION_MAX,
                      SBOKEH_CURVATURE_MIN, SBOKEH_CURVATURE_MAX);
    case SBOKEH_ERROR_HIGHLIGHTS:
      return message (_("The highlight boost must be from %g to %g"),
                      SBOKEH_HIGHLIGHT_BOOST_MIN, SBOKEH_HIGHLIGHT_BOOST_MAX);
    case SBOKEH_ERROR_ARGUMENT:
      return _("Invalid argument");
    case SBOKEH_ERROR_OVERFLOW:
      return _("The image or kernel is too large");
    case SBOKEH_ERROR_NO_MEMORY:
      return _("Not enough memory");
    case SBOKEH_ERROR_LAPACK:
      return _("The singular value decomposition did not converge");
    case SBOKEH_ERROR_CANCELLED:
      return _("Cancelled");
    case SBOKEH_ERROR_DEPTH:
      return message (_("The focus depth and the focus range must be from %g "
                        "to %g, and the depth map the size of the image"),
                      SBOKEH_FOCUS_DEPTH_MIN, SBOKEH_FOCUS_DEPTH_MAX);
    case SBOKEH_ERROR_GRAIN:
      return message (_("The grain must be from %g to %g"),
                      SBOKEH_GRAIN_MIN, SBOKEH_GRAIN_MAX);
    case SBOKEH_ERROR_PICTURE:
      return _("The custom aperture needs a picture with something in it "
               "(not all black or transparent)");
    case SBOKEH_ERROR_SIMD:
      return _("SBOKEH_SIMD names a vector path this computer cannot run "
               "(choose auto, avx512, avx2, sse2 or scalar)");
    }
  return _("Unknown error");
}
