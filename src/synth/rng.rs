//! Seeded random numbers: xoshiro256** streams and cumulative weights.

// ---------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------

/// xoshiro256** seeded by SplitMix64: small, fast, and the same everywhere.
#[derive(Debug, Clone)]
pub(super) struct Rng {
    pub(super) s: [u64; 4],
}

/// Random streams, one per stage, so that stages do not disturb each other.
pub(super) mod stream {
    pub const CLUSTERS: u64 = 1;
    pub const CITIES: u64 = 2;
    pub const TOWNS: u64 = 3;
    pub const TOWN_SIZES: u64 = 4;
    pub const NAMES: u64 = 5;
    pub const COUNTRIES: u64 = 6;
    pub const EXISTING: u64 = 7;
    pub const COMPETITORS: u64 = 8;
}

pub(super) fn splitmix64(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    pub(super) fn new(seed: u64, stream: u64) -> Rng {
        let mut x = seed;
        let mixed = splitmix64(&mut x) ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let mut x = mixed;
        Rng {
            s: [
                splitmix64(&mut x),
                splitmix64(&mut x),
                splitmix64(&mut x),
                splitmix64(&mut x),
            ],
        }
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    pub(super) fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [lo, hi).
    pub(super) fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }

    /// Uniform integer in 0..n (n > 0).
    pub(super) fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Standard normal (Box–Muller).
    pub(super) fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.f64(); // (0, 1]
        let u2 = self.f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Exponential with mean 1.
    pub(super) fn exp(&mut self) -> f64 {
        -(1.0 - self.f64()).ln()
    }

    /// An index drawn with probability proportional to its weight, given the
    /// cumulative weights (last = total > 0).
    pub(super) fn pick(&mut self, cumulative: &[f64]) -> usize {
        let total = cumulative[cumulative.len() - 1];
        let x = self.f64() * total;
        cumulative
            .partition_point(|&c| c <= x)
            .min(cumulative.len() - 1)
    }
}

pub(super) fn cumulative(weights: impl IntoIterator<Item = f64>) -> Vec<f64> {
    let mut sum = 0.0;
    weights
        .into_iter()
        .map(|w| {
            sum += w;
            sum
        })
        .collect()
}
