/* Separable Bokeh: rank-N approximation of a kernel by SVD.
 *
 * T = Σ σᵢ aᵢ bᵢᵀ (LAPACKE dgesdd, row-major, double).  Pair i gets
 * uᵢ = √σᵢ aᵢ (vertical) and vᵢ = √σᵢ bᵢ (horizontal), so both filters of a
 * pair have the same scale.  Signs are made deterministic: Σ uᵢ > 0, or when
 * that sum is zero (antisymmetric pairs), the first element of uᵢ with at
 * least half the largest magnitude is positive.  By Eckart–Young the
 * Frobenius error of the first N pairs is √(Σ_{i>N} σᵢ²), never growing with N.
 */
#ifndef SBOKEH_LOWRANK_H
#define SBOKEH_LOWRANK_H

#include "filters.h"

/* matrix: size × size row-major.  filters is initialised here (size, rank).
 * singular_values, if not NULL, receives all size values, descending.  */
SbokehStatus sbokeh_lowrank_svd (const double  *matrix,
                                 int            size,
                                 int            rank,
                                 SbokehFilters *filters,
                                 double        *singular_values);

#endif /* SBOKEH_LOWRANK_H */
