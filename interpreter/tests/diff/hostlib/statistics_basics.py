import statistics as st
from fractions import Fraction as F
data = [2, 4, 4, 4, 5, 5, 7, 9]
fl = [1.5, 2.25, 3.75, 4.0, 10.125]
print(st.mean(data), st.mean([1, 2, 3, 4]), st.mean(fl), st.mean([F(1, 2), F(1, 3)]), st.mean([1, 2.5]))
print(st.fmean(data), st.fmean(fl), st.fmean([1, 2, 3], weights=[3, 2, 1]))
print(st.median(data), st.median([3, 1, 2]), st.median_low(data), st.median_high(data), st.median([1.5, 2.5]))
print(st.median_grouped([52, 52, 53, 54]), st.median_grouped([1, 2, 2, 3, 4, 4, 4, 4, 4, 5]), st.median_grouped([1, 3, 3, 5, 7], interval=2))
print(st.mode([1, 1, 2, 3, 3, 3]), st.mode("aabbbc"), st.multimode("aabbcc"), st.multimode([]))
print(st.variance(data), st.pvariance(data), st.stdev(data), st.pstdev(data))
print(st.variance(fl), st.pvariance(fl), st.stdev(fl), st.pstdev(fl))
print(st.variance([F(1, 2), F(3, 4), F(5, 4)]), st.stdev([1, 2, 3, 4, 5, 6]), st.pstdev([1.1, 2.2, 3.3]))
print(st.variance(data, 5), st.pvariance([1, 2, 3, 4], mu=2.5))
print(st.geometric_mean([54, 24, 36]), st.harmonic_mean([40, 60]), st.harmonic_mean([2.5, 3, 10]), st.harmonic_mean([40, 60], weights=[5, 30]))
print(st.quantiles([105, 129, 87, 86, 111, 111, 89, 81, 108, 92, 110, 100, 75, 105, 103, 109, 76, 119, 99, 91, 103, 129, 106, 101, 84, 111, 74, 87, 86, 103, 103, 106, 86, 111, 75, 87, 102, 121, 111, 88, 89, 101, 106, 95, 103, 107, 101, 81, 109, 104], n=10))
print(st.quantiles(data), st.quantiles(data, n=5, method='inclusive'), st.quantiles([1.0, 2.0], n=3))
x = [1, 2, 3, 4, 5, 6, 7, 8, 9]
y = [1, 2, 3, 1, 2, 3, 1, 2, 3]
print(st.covariance(x, y), st.correlation(x, x), round(st.correlation(x, y), 12))
r = st.linear_regression([1, 2, 3, 4, 5], [2.1, 3.9, 6.2, 7.8, 10.1])
print(r, r.slope, st.linear_regression([1, 2, 3], [2, 4, 6], proportional=True))
for f, a in [(st.mean, []), (st.median, []), (st.mode, []), (st.variance, [1]), (st.stdev, [1]), (st.pvariance, []), (st.quantiles, [1]), (st.geometric_mean, [-1, 2]), (st.harmonic_mean, [-1, 2])]:
    try:
        f(a)
    except st.StatisticsError as e:
        print(f.__name__, "StatisticsError:", e)
try:
    st.mean(["a"])
except TypeError as e:
    print("TypeError", e)
print(isinstance(st.StatisticsError(), ValueError), type(st.mean([1, 2])), type(st.variance([1, 2, 3])))
