"""PyTorch's CPU random numbers, reproduced bit for bit.

``torch.manual_seed(0); torch.randn(3)`` prints the same numbers here as in PyTorch, because this
module follows PyTorch's CPU generator step by step:

* the engine is the 32-bit Mersenne Twister (mt19937), seeded with the low 32 bits of the seed;
  numpy's ``MT19937`` bit generator runs it once its state is set the way PyTorch seeds it;
* a float32 uniform in [0, 1) takes the low 24 bits of one 32-bit draw times 2**-24; a float64
  uniform takes the low 53 bits of a 64-bit draw (two 32-bit draws, the first one high) times 2**-53;
* normals use Box-Muller. Fewer than 16 values (or a non-contiguous tensor): one pair per two
  float64 uniforms, the second value of a pair kept in the generator for the next call. 16 or more:
  all uniforms first, then Box-Muller on blocks of 16 (cosines into the first 8, sines into the last 8);
  a tail shorter than 16 redraws 16 fresh uniforms for the last 16 places. For float32, x86
  PyTorch runs that loop with AVX2 polynomials (``avx_mathfun.h``), reproduced below in float32;
* integers: ``draw % range + low`` (one 32-bit draw, or a 64-bit draw for ranges of 2**32 or more);
  ``randperm`` is a Fisher-Yates shuffle driven by 32-bit draws;
* bernoulli compares a uniform with p (float32 uniform for float32 probabilities, float64 otherwise).

PyTorch on ARM (no AVX2) computes float32 normals of 16 or more values with the C library's
``log``/``cos``/``sin`` instead, so its last bits there can differ from these.
"""

from __future__ import annotations

import math
import os

import numpy as np

_DEFAULT_SEED = 67280421310721  # what a new torch.Generator() starts from
_F32 = np.float32


class Generator:
    """A PyTorch-compatible CPU random generator.

    >>> g = Generator().manual_seed(0)
    >>> g.initial_seed()
    0
    """

    def __init__(self, device: str = "cpu") -> None:
        if str(device) != "cpu":
            raise RuntimeError(f"autograd_nb only has a CPU generator, not {device!r}")
        self._bits = np.random.MT19937(0)
        self.manual_seed(_DEFAULT_SEED)

    @property
    def device(self) -> str:
        return "cpu"

    def manual_seed(self, seed: int) -> Generator:
        """Restart the sequence: the same seed gives the same numbers as PyTorch's."""
        seed = int(seed)
        if not -(2**63) <= seed < 2**64:
            raise ValueError("Overflow when unpacking long long")
        seed %= 2**64
        key = np.empty(624, dtype=np.uint32)
        x = seed & 0xFFFFFFFF
        for i in range(624):  # mt19937's seeding recurrence
            key[i] = x
            x = (1812433253 * (x ^ (x >> 30)) + i + 1) & 0xFFFFFFFF
        self._bits.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": 624}}
        self._seed = seed
        self._next_normal: float | None = None  # Box-Muller's second value, kept for the next call
        return self

    def initial_seed(self) -> int:
        return self._seed

    def seed(self) -> int:
        """Seed from the operating system's entropy and return that seed."""
        seed = int.from_bytes(os.urandom(8), "little") >> 1
        self.manual_seed(seed)
        return seed

    # -- raw draws ----------------------------------------------------------------------------------------

    def _uint32(self, n: int) -> np.ndarray:
        return self._bits.random_raw(n)  # uint64 holding 32-bit draws

    def _uint64(self, n: int) -> np.ndarray:
        pairs = self._bits.random_raw(2 * n).reshape(n, 2)
        return (pairs[:, 0] << np.uint64(32)) | pairs[:, 1]

    def _uniform(self, n: int, dtype: np.dtype) -> np.ndarray:
        """``n`` uniforms in [0, 1) of ``dtype`` (float32 or float64)."""
        if dtype == np.float64:
            return (self._uint64(n) & np.uint64(2**53 - 1)).astype(np.float64) * 2.0**-53
        return (self._uint32(n) & np.uint64(2**24 - 1)).astype(_F32) * _F32(2.0**-24)

    # -- distributions ------------------------------------------------------------------------------------

    def uniform(self, shape: tuple, dtype: np.dtype, low: float = 0.0, high: float = 1.0) -> np.ndarray:
        n = math.prod(shape)
        dtype = np.dtype(dtype)
        x = self._uniform(n, np.float64 if dtype == np.float64 else np.float32)
        if low != 0.0 or high != 1.0:
            if dtype == np.float64:
                x = _fma64(x, high - low, low)
            else:
                # float32 arithmetic, the product and the sum rounded once (a fused multiply-add)
                low32, high32 = _F32(low), _F32(high)
                x = (x.astype(np.float64) * float(high32 - low32) + float(low32)).astype(_F32)
        return x.astype(dtype, copy=False).reshape(shape)

    def normal(self, shape: tuple, dtype: np.dtype, mean: float = 0.0, std: float = 1.0,
               contiguous: bool = True) -> np.ndarray:  # fmt: skip
        n = math.prod(shape)
        dtype = np.dtype(dtype)
        if n < 16 or not contiguous:
            out = _fma64(self._normal_pairs(n), std, mean)
        elif dtype == np.float32:
            out = self._normal_blocks(n, np.float32, _box_muller_avx2, mean, std)
        else:
            out = self._normal_blocks(n, np.float64, _box_muller_f64, mean, std)
        return out.astype(dtype, copy=False).reshape(shape)

    def _normal_pairs(self, n: int) -> np.ndarray:
        out = np.empty(n)
        for i in range(n):
            if self._next_normal is not None:
                out[i], self._next_normal = self._next_normal, None
                continue
            u1, u2 = self._uniform(2, np.float64)
            radius = math.sqrt(-2.0 * math.log1p(-u2))
            theta = 2.0 * math.pi * u1
            self._next_normal = radius * math.sin(theta)
            out[i] = radius * math.cos(theta)
        return out

    def _normal_blocks(self, n: int, dtype: type, box_muller, mean: float, std: float) -> np.ndarray:
        data = self._uniform(n, dtype)
        full = n - n % 16
        data[:full] = box_muller(data[:full].reshape(-1, 16), mean, std).reshape(-1)
        if n % 16:
            data[n - 16 :] = box_muller(self._uniform(16, dtype).reshape(1, 16), mean, std).reshape(-1)
        return data

    def integers(self, low: int, high: int, shape: tuple) -> np.ndarray:
        n, span = math.prod(shape), high - low
        draws = self._uint64(n) if span >= 2**32 else self._uint32(n)
        return ((draws % np.uint64(span)).astype(np.int64) + low).reshape(shape)

    def permutation(self, n: int) -> np.ndarray:
        out = np.arange(n, dtype=np.int64)
        if n > 1:
            picks = (self._uint32(n - 1) % np.arange(n, 1, -1, dtype=np.uint64)).astype(np.int64)
            for i, z in enumerate(picks.tolist()):
                j = i + z
                out[i], out[j] = out[j], out[i]
        return out

    def bernoulli(self, p: np.ndarray | float, shape: tuple, p_dtype: np.dtype) -> np.ndarray:
        """True where a uniform draw falls below ``p``: float32 draws for float32 p, float64 otherwise."""
        n = math.prod(shape)
        if np.dtype(p_dtype) == np.float32:
            return self._uniform(n, np.float32).reshape(shape) < np.asarray(p, np.float32)
        return self._uniform(n, np.float64).reshape(shape) < np.asarray(p, np.float64)


# -- Box-Muller on blocks of 16: rows of 16 uniforms in, rows of 16 normals out -------------------------------


def _box_muller_f64(rows: np.ndarray, mean: float, std: float) -> np.ndarray:
    u1, u2 = 1.0 - rows[:, :8], rows[:, 8:]
    radius = np.sqrt(-2.0 * np.log(u1))
    theta = 2.0 * math.pi * u2
    return _fma64(np.concatenate([radius * np.cos(theta), radius * np.sin(theta)], axis=1), std, mean)


def _two_sum(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    total = a + b
    b_part = total - a
    return total, (a - (total - b_part)) + (b - b_part)


def _split(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scaled = 134217729.0 * a  # 2**27 + 1: Veltkamp's split into two 26-bit halves
    high = scaled - (scaled - a)
    return high, a - high


def _fma64(a: np.ndarray, b: float, c: float) -> np.ndarray:
    """float64 ``a * b + c`` rounded once, as the compiler's fused multiply-add in PyTorch's kernels.

    Exact product and sum as pairs of doubles, then Boldo and Melquiond's rounding to odd of the low
    parts makes the final rounding the correct one.
    """
    if b == 1.0 and c == 0.0:
        return a
    a, b, c = np.asarray(a, np.float64), np.float64(b), np.float64(c)
    product = a * b
    (a_hi, a_lo), (b_hi, b_lo) = _split(a), _split(b)
    product_low = ((a_hi * b_hi - product) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
    high, low = _two_sum(np.broadcast_to(c, product.shape), product)
    rest, error = _two_sum(low, product_low)
    even = (rest.view(np.int64) & 1) == 0
    rest = np.where((error != 0) & even, np.nextafter(rest, np.copysign(np.inf, error)), rest)
    return high + rest


def _fma(a: np.ndarray, b: np.ndarray | float, c: np.ndarray | float) -> np.ndarray:
    """float32 ``a * b + c`` rounded once, as the FMA instructions PyTorch's AVX2 build uses."""
    return (a.astype(np.float64) * np.float64(b) + np.asarray(c, np.float64)).astype(_F32)


def _log_avx2(x: np.ndarray) -> np.ndarray:
    """``log256_ps`` of avx_mathfun.h (Cephes' logf) for x in (0, 1], in float32."""
    bits = np.maximum(x, _F32(1.17549435e-38)).view(np.int32)
    exponent = ((bits >> 23) - 127).astype(_F32) + _F32(1)
    x = ((bits & ~0x7F800000) | np.int32(0x3F000000)).view(_F32)  # mantissa in [0.5, 1)
    small = x < _F32(0.707106781186547524)
    exponent = exponent - small.astype(_F32)
    x = (x - _F32(1)) + np.where(small, x, _F32(0))
    z = x * x
    y = np.full_like(x, _F32(7.0376836292e-2))
    for p in (-1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
              2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1):  # fmt: skip
        y = _fma(y, x, _F32(p))
    y = y * x
    y = _fma(y, z, exponent * _F32(-2.12194440e-4))
    y = y - z * _F32(0.5)
    return (x + y) + exponent * _F32(0.693359375)


def _sincos_avx2(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``sincos256_ps`` of avx_mathfun.h (Cephes' sinf/cosf) for x >= 0, in float32."""
    j = (x * _F32(1.27323954473516)).astype(np.int32)
    j = (j + 1) & ~1
    y = j.astype(_F32)
    x = _fma(y, _F32(-0.78515625), x)
    x = _fma(y, _F32(-2.4187564849853515625e-4), x)
    x = _fma(y, _F32(-3.77489497744594108e-8), x)
    sin_negative = (j & 4) != 0
    cos_negative = ((j - 2) & 4) == 0
    use_sine_poly = (j & 2) == 0
    z = x * x
    c = _fma(_fma(np.full_like(z, _F32(2.443315711809948e-5)), z, _F32(-1.388731625493765e-3)), z,
             _F32(4.166664568298827e-2))  # fmt: skip
    c = _fma(c * z, z, -(z * _F32(0.5))) + _F32(1)
    s = _fma(_fma(np.full_like(z, _F32(-1.9515295891e-4)), z, _F32(8.3321608736e-3)), z, _F32(-1.6666654611e-1))
    s = _fma(s * z, x, x)
    sine = np.where(use_sine_poly, s, c)
    cosine = np.where(use_sine_poly, c, s)
    return np.where(sin_negative, -sine, sine), np.where(cos_negative, -cosine, cosine)


def _box_muller_avx2(rows: np.ndarray, mean: float, std: float) -> np.ndarray:
    u1, u2 = _F32(1) - rows[:, :8], rows[:, 8:]
    radius = np.sqrt(_F32(-2) * _log_avx2(u1))
    sine, cosine = _sincos_avx2(_F32(2 * math.pi) * u2)
    normals = np.concatenate([radius * cosine, radius * sine], axis=1)
    return _fma(normals, _F32(std), _F32(mean))


default_generator = Generator()
default_generator.seed()
