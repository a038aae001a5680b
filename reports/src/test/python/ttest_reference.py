"""Reference p-values for StatisticsTest, computed independently of commons-math3.

Two-sided two-sample t-tests from first principles: the t statistic and degrees of freedom by the textbook formulas
(Welch 1947 with the Welch-Satterthwaite df; Student with pooled variance), and the p-value by numerically
integrating the Student t density with mpmath (arbitrary precision quadrature), not by an incomplete-beta routine.
Run: python3 ttest_reference.py   (needs mpmath only)
"""
import mpmath as mp

mp.mp.dps = 40


def mean(x):
    return mp.fsum(x) / len(x)


def var(x):  # sample variance, divisor n - 1
    m = mean(x)
    return mp.fsum((v - m) ** 2 for v in x) / (len(x) - 1)


def two_sided_p(t, df):
    dens = lambda u: mp.gamma((df + 1) / 2) / (mp.sqrt(df * mp.pi) * mp.gamma(df / 2)) * (1 + u * u / df) ** (-(df + 1) / 2)
    return 2 * mp.quad(dens, [abs(t), mp.inf])


def welch(a, b):
    a = [mp.mpf(str(v)) for v in a]
    b = [mp.mpf(str(v)) for v in b]
    va, vb = var(a) / len(a), var(b) / len(b)
    t = (mean(a) - mean(b)) / mp.sqrt(va + vb)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    return t, df, two_sided_p(t, df)


def student(a, b):
    a = [mp.mpf(str(v)) for v in a]
    b = [mp.mpf(str(v)) for v in b]
    na, nb = len(a), len(b)
    sp2 = ((na - 1) * var(a) + (nb - 1) * var(b)) / (na + nb - 2)
    t = (mean(a) - mean(b)) / mp.sqrt(sp2 * (mp.mpf(1) / na + mp.mpf(1) / nb))
    df = na + nb - 2
    return t, df, two_sided_p(t, df)


SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
BASE = [0.7012, 0.6954, 0.7088]
DIRA = [0.7321, 0.7290]

for name, a, b in [("sleep", SLEEP_1, SLEEP_2), ("dira", BASE, DIRA)]:
    for test in (welch, student):
        t, df, p = test(a, b)
        print(name, test.__name__, "t =", mp.nstr(t, 12), "df =", mp.nstr(df, 12), "p =", mp.nstr(p, 15))
