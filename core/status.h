/* Separable Bokeh: status codes shared by every core function.
 *
 * Core functions never print, exit or abort: they return one of these and
 * write their results through out-pointers.  sbokeh_status_message () gives
 * a sentence already translated (gettext domain GETTEXT_PACKAGE, which the
 * front end binds), with the ranges of params.h filled in: callers show it
 * as it is.
 */
#ifndef SBOKEH_STATUS_H
#define SBOKEH_STATUS_H

typedef enum
{
  SBOKEH_OK = 0,
  SBOKEH_ERROR_RADIUS,       /* radius NaN, infinite or out of range      */
  SBOKEH_ERROR_RANK,         /* rank < 1, > SBOKEH_RANK_MAX or > size     */
  SBOKEH_ERROR_WEIGHT,       /* a loss weight negative or not finite      */
  SBOKEH_ERROR_WEIGHTS_ZERO, /* all loss weights zero                     */
  SBOKEH_ERROR_EVALUATIONS,  /* optimizer budget out of range             */
  SBOKEH_ERROR_APERTURE,     /* blades, rotation or curvature out of range */
  SBOKEH_ERROR_HIGHLIGHTS,   /* highlight boost out of range              */
  SBOKEH_ERROR_ARGUMENT,     /* any other invalid argument (NULL, sizes)  */
  SBOKEH_ERROR_OVERFLOW,     /* a size computation would overflow         */
  SBOKEH_ERROR_NO_MEMORY,    /* an allocation failed                      */
  SBOKEH_ERROR_LAPACK,       /* LAPACK did not converge                   */
  SBOKEH_ERROR_CANCELLED,    /* the caller asked to stop                  */
  SBOKEH_ERROR_SIMD,         /* SBOKEH_SIMD names a path this CPU or build
                                cannot run (simd.h)                       */
  SBOKEH_ERROR_DEPTH,        /* focus depth or range out of range, or a
                                depth map of another size than the image */
  SBOKEH_ERROR_GRAIN,        /* grain out of range                        */
  SBOKEH_ERROR_PICTURE       /* a custom aperture without a picture, or
                                with an empty one (all black or clear)    */
} SbokehStatus;

/* The message for STATUS, translated.  It lives in a buffer of the calling
 * thread's until that thread asks for the next one: copy it to keep it.  */
const char *sbokeh_status_message (SbokehStatus status);

#endif /* SBOKEH_STATUS_H */
