// Units as types. A Quantity carries its physical dimension in its type, so watts, joules,
// dollars, kg CO2e, litres, metres, FLOPs and seconds cannot be added to one another by
// mistake, and products and quotients get the right dimension (W * s = J, J * kg/kWh = kg).
//
// Storage is always the SI base unit of the dimension (J, W, s, m, m^3, USD, FLOP, kg CO2e).
// Read a quantity in a unit by dividing by that unit's constant: `e / kWh` is a plain number
// (a Dimensionless quantity converts implicitly to its representation). Build one by
// multiplying: `700.0 * W`, `Hours(8760)`.
//
// Rep is double for point values and gpufleet::Interval for figures with a range.
#pragma once

#include <compare>
#include <type_traits>

#include "gpufleet/interval.h"

namespace gpufleet {

// Exponents of: mass (kg), length (m), time (s), money (USD), compute (FLOP), carbon (kg CO2e).
template <int M, int L, int T, int C, int F, int K>
struct Dim {
  static constexpr int m = M, l = L, t = T, c = C, f = F, k = K;
};

template <typename A, typename B>
using DimMul = Dim<A::m + B::m, A::l + B::l, A::t + B::t, A::c + B::c, A::f + B::f, A::k + B::k>;
template <typename A, typename B>
using DimDiv = Dim<A::m - B::m, A::l - B::l, A::t - B::t, A::c - B::c, A::f - B::f, A::k - B::k>;

using DimNone = Dim<0, 0, 0, 0, 0, 0>;

template <typename D, typename Rep = double>
class Quantity {
 public:
  using dim = D;
  using rep = Rep;

  constexpr Quantity() = default;
  // The value in SI base units of D.
  static constexpr Quantity FromSi(Rep v) { return Quantity(v); }
  constexpr const Rep& si() const { return v_; }

  // Dimensionless quantities are plain numbers.
  constexpr operator Rep() const  // NOLINT: implicit for dimensionless only
      requires std::is_same_v<D, DimNone> {
    return v_;
  }

  template <typename R2>
  constexpr Quantity(const Quantity<D, R2>& o) : v_(o.si()) {}  // NOLINT: double -> Interval

  constexpr Quantity& operator+=(const Quantity& o) {
    v_ = v_ + o.v_;
    return *this;
  }
  constexpr Quantity& operator-=(const Quantity& o) {
    v_ = v_ - o.v_;
    return *this;
  }
  constexpr Quantity& operator*=(double s) {
    v_ = v_ * s;
    return *this;
  }

 private:
  constexpr explicit Quantity(Rep v) : v_(v) {}
  Rep v_{};
};

template <typename D, typename R>
constexpr Quantity<D, R> operator+(const Quantity<D, R>& a, const Quantity<D, R>& b) {
  return Quantity<D, R>::FromSi(a.si() + b.si());
}
template <typename D, typename R>
constexpr Quantity<D, R> operator-(const Quantity<D, R>& a, const Quantity<D, R>& b) {
  return Quantity<D, R>::FromSi(a.si() - b.si());
}
template <typename D1, typename R1, typename D2, typename R2>
constexpr auto operator*(const Quantity<D1, R1>& a, const Quantity<D2, R2>& b) {
  using R = decltype(a.si() * b.si());
  return Quantity<DimMul<D1, D2>, R>::FromSi(a.si() * b.si());
}
template <typename D1, typename R1, typename D2, typename R2>
constexpr auto operator/(const Quantity<D1, R1>& a, const Quantity<D2, R2>& b) {
  using R = decltype(a.si() / b.si());
  return Quantity<DimDiv<D1, D2>, R>::FromSi(a.si() / b.si());
}
// Scaling by a plain number (double or Interval).
template <typename D, typename R, typename S>
requires std::is_same_v<S, double> || std::is_same_v<S, Interval> || std::is_same_v<S, int>
constexpr auto operator*(const S& s, const Quantity<D, R>& q) {
  using Out = decltype(q.si() * s);
  return Quantity<D, Out>::FromSi(q.si() * s);
}
template <typename D, typename R, typename S>
requires std::is_same_v<S, double> || std::is_same_v<S, Interval> || std::is_same_v<S, int>
constexpr auto operator*(const Quantity<D, R>& q, const S& s) { return s * q; }
template <typename D, typename R, typename S>
requires std::is_same_v<S, double> || std::is_same_v<S, Interval> || std::is_same_v<S, int>
constexpr auto operator/(const Quantity<D, R>& q, const S& s) {
  using Out = decltype(q.si() / s);
  return Quantity<D, Out>::FromSi(q.si() / s);
}
template <typename D>
constexpr auto operator<=>(const Quantity<D, double>& a, const Quantity<D, double>& b) {
  return a.si() <=> b.si();
}
template <typename D>
constexpr bool operator==(const Quantity<D, double>& a, const Quantity<D, double>& b) {
  return a.si() == b.si();
}

// `q` read in `unit`, as a plain double or Interval: In(e, units::kWh).
template <typename D, typename R>
constexpr R In(const Quantity<D, R>& q, const Quantity<D, double>& unit) {
  return q.si() / unit.si();
}

// Named dimensions.
using Dimensionless = DimNone;
using DimTime = Dim<0, 0, 1, 0, 0, 0>;
using DimLength = Dim<0, 1, 0, 0, 0, 0>;
using DimVolume = Dim<0, 3, 0, 0, 0, 0>;
using DimMass = Dim<1, 0, 0, 0, 0, 0>;
using DimEnergy = Dim<1, 2, -2, 0, 0, 0>;
using DimPower = Dim<1, 2, -3, 0, 0, 0>;
using DimMoney = Dim<0, 0, 0, 1, 0, 0>;
using DimFlop = Dim<0, 0, 0, 0, 1, 0>;
using DimFlopRate = DimDiv<DimFlop, DimTime>;
using DimCarbon = Dim<0, 0, 0, 0, 0, 1>;
using DimCarbonIntensity = DimDiv<DimCarbon, DimEnergy>;  // kg CO2e per J
using DimEnergyPrice = DimDiv<DimMoney, DimEnergy>;       // USD per J
using DimWaterIntensity = DimDiv<DimVolume, DimEnergy>;   // m^3 per J

template <typename R = double>
using Duration = Quantity<DimTime, R>;
template <typename R = double>
using Length = Quantity<DimLength, R>;
template <typename R = double>
using Volume = Quantity<DimVolume, R>;
template <typename R = double>
using Mass = Quantity<DimMass, R>;
template <typename R = double>
using Energy = Quantity<DimEnergy, R>;
template <typename R = double>
using Power = Quantity<DimPower, R>;
template <typename R = double>
using Money = Quantity<DimMoney, R>;
template <typename R = double>
using Flops = Quantity<DimFlop, R>;
template <typename R = double>
using FlopRate = Quantity<DimFlopRate, R>;
template <typename R = double>
using Carbon = Quantity<DimCarbon, R>;
template <typename R = double>
using CarbonIntensity = Quantity<DimCarbonIntensity, R>;
template <typename R = double>
using EnergyPrice = Quantity<DimEnergyPrice, R>;
template <typename R = double>
using WaterIntensity = Quantity<DimWaterIntensity, R>;

// Unit constants: multiply a number by one to build a quantity, divide a quantity by one to
// read it in that unit.
namespace units {
inline constexpr Duration<> s = Duration<>::FromSi(1);
inline constexpr Duration<> ms = Duration<>::FromSi(1e-3);
inline constexpr Duration<> minute = Duration<>::FromSi(60);
inline constexpr Duration<> h = Duration<>::FromSi(3600);
inline constexpr Duration<> day = Duration<>::FromSi(86400);
inline constexpr Duration<> year = Duration<>::FromSi(8760 * 3600.0);  // 365 days
inline constexpr Length<> m = Length<>::FromSi(1);
inline constexpr Length<> mm = Length<>::FromSi(1e-3);
inline constexpr Length<> km = Length<>::FromSi(1e3);
inline constexpr Volume<> L = Volume<>::FromSi(1e-3);
inline constexpr Volume<> m3 = Volume<>::FromSi(1);
inline constexpr Energy<> J = Energy<>::FromSi(1);
inline constexpr Energy<> Wh = Energy<>::FromSi(3600);
inline constexpr Energy<> kWh = Energy<>::FromSi(3.6e6);
inline constexpr Energy<> MWh = Energy<>::FromSi(3.6e9);
inline constexpr Energy<> GWh = Energy<>::FromSi(3.6e12);
inline constexpr Energy<> TWh = Energy<>::FromSi(3.6e15);
inline constexpr Power<> W = Power<>::FromSi(1);
inline constexpr Power<> kW = Power<>::FromSi(1e3);
inline constexpr Power<> MW = Power<>::FromSi(1e6);
inline constexpr Power<> GW = Power<>::FromSi(1e9);
inline constexpr Money<> usd = Money<>::FromSi(1);
inline constexpr Flops<> flop = Flops<>::FromSi(1);
inline constexpr FlopRate<> flop_per_s = FlopRate<>::FromSi(1);
inline constexpr FlopRate<> tflop_per_s = FlopRate<>::FromSi(1e12);
inline constexpr Carbon<> kg_co2e = Carbon<>::FromSi(1);
inline constexpr Carbon<> t_co2e = Carbon<>::FromSi(1000);
inline constexpr CarbonIntensity<> kg_per_kwh = CarbonIntensity<>::FromSi(1 / 3.6e6);
inline constexpr EnergyPrice<> usd_per_kwh = EnergyPrice<>::FromSi(1 / 3.6e6);
inline constexpr WaterIntensity<> l_per_kwh = WaterIntensity<>::FromSi(1e-3 / 3.6e6);
}  // namespace units

}  // namespace gpufleet
