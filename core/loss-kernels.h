/* Separable Bokeh: the optimizer's loss loop, one build per CPU path
 * (internal to core/; optimize.c drives it).
 */
#ifndef SBOKEH_LOSS_KERNELS_H
#define SBOKEH_LOSS_KERNELS_H

#include "filters.h"
#include "simd.h"

typedef struct
{
  /* Over K = Σᵢ uᵢ vᵢᵀ against target T (size²): sums[0] = Σ (K − T)²,
   * sums[1] = Σ max (−K, 0), sums[2] = Σ [T = 0] |K|; and, when grad_u and
   * grad_v are given (grad_v zeroed by the caller), G = ∂L/∂K with L =
   * c2/2 · Σ (K − T)² + cn · Σ max (−K, 0) + cz · Σ [T = 0] |K| folded into
   * ∂L/∂uᵢ = G vᵢ and ∂L/∂vᵢ = Gᵀ uᵢ.  row: size doubles of scratch.  */
  void (*rows) (const double        *target,
                const SbokehFilters *filters,
                double               c2,
                double               cn,
                double               cz,
                double              *row,
                double              *sums,
                double              *grad_u,
                double              *grad_v);
} SbokehLossKernels;

extern const SbokehLossKernels sbokeh_loss_kernels_scalar;
#if defined(SBOKEH_SIMD_X86)
extern const SbokehLossKernels sbokeh_loss_kernels_sse2;
extern const SbokehLossKernels sbokeh_loss_kernels_avx2;
extern const SbokehLossKernels sbokeh_loss_kernels_avx512;
#endif

#endif /* SBOKEH_LOSS_KERNELS_H */
