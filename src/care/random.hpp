// SPDX-License-Identifier: Apache-2.0
// Draws for the bandit and its simulator that are the same with every standard library:
// std::mt19937_64 is fully specified, but std::uniform_real_distribution and
// std::normal_distribution are not, so a seed would give other choices under libc++ or MSVC.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>

namespace attune::care::detail {

// Uniform in [0, 1): the top 53 bits of one draw.
inline double uniform01(std::mt19937_64& rng) {
    return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

// Standard normal draws by Marsaglia's polar method (Marsaglia & Bray 1964), keeping the second
// value of each pair.
class NormalDraw {
public:
    double operator()(std::mt19937_64& rng) {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        double u = 0, v = 0, s = 0;
        do {
            u = 2 * uniform01(rng) - 1;
            v = 2 * uniform01(rng) - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        const double f = std::sqrt(-2 * std::log(s) / s);
        spare_ = v * f;
        has_spare_ = true;
        return u * f;
    }

private:
    double spare_ = 0;
    bool has_spare_ = false;
};

// SplitMix64 (Steele, Lea & Flood 2014): independent-looking seeds from (seed, stream, index).
inline std::uint64_t mix_seed(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}
inline std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b) {
    return mix_seed(mix_seed(a) ^ b);
}
inline std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
    return mix_seed(mix_seed(a, b) ^ c);
}

}  // namespace attune::care::detail
