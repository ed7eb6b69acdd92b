/* Separable Bokeh: status messages. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "params.h"
#include "status.h"

const char *
sbokeh_status_message (SbokehStatus status)
{
  switch (status)
    {
    case SBOKEH_OK:
      return N_("Success");
    case SBOKEH_ERROR_RADIUS:
      return N_("The radius must be a number from 0.5 to 500 pixels");
    case SBOKEH_ERROR_RANK:
      return N_("The rank must be a whole number from 1 to 32, "
                "and at most the kernel size (2 × ⌈radius⌉ + 1)");
    case SBOKEH_ERROR_WEIGHT:
      return N_("The loss weights must be finite numbers from 0 to 1000");
    case SBOKEH_ERROR_WEIGHTS_ZERO:
      return N_("At least one loss weight must be greater than zero");
    case SBOKEH_ERROR_EVALUATIONS:
      return N_("The number of optimizer evaluations must be from 0 to 10000");
    case SBOKEH_ERROR_APERTURE:
      return N_("A polygon aperture needs 3 to 12 blades, a rotation from "
                "-360 to 360 degrees and a curvature from 0 to 1");
    case SBOKEH_ERROR_HIGHLIGHTS:
      return N_("The highlight boost must be from 0 to 15");
    case SBOKEH_ERROR_ARGUMENT:
      return N_("Invalid argument");
    case SBOKEH_ERROR_OVERFLOW:
      return N_("The image or kernel is too large");
    case SBOKEH_ERROR_NO_MEMORY:
      return N_("Not enough memory");
    case SBOKEH_ERROR_LAPACK:
      return N_("The singular value decomposition did not converge");
    case SBOKEH_ERROR_CANCELLED:
      return N_("Cancelled");
    case SBOKEH_ERROR_SIMD:
      return N_("SBOKEH_SIMD names a vector path this computer cannot run "
                "(choose auto, avx512, avx2, sse2 or scalar)");
    }
  return N_("Unknown error");
}
