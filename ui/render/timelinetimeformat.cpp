// SPDX-License-Identifier: MIT
#include "render/timelinetimeformat.h"

#include "render/timelinerenderer.h"

#include <cmath>

namespace poolscope {

namespace timeline {

qint64 niceStep(double raw)
{
    if (!(raw > 1))
        return 1;
    double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : { 1.0, 2.0, 5.0, 10.0 }) {
        if (m * magnitude >= raw)
            return qint64(m * magnitude);
    }
    return qint64(10 * magnitude);
}

QString axisLabel(qint64 t, qint64 step, qint64 rangeEnd)
{
    qint64 unit;
    QString suffix;
    // Past the first second, seconds with as many decimals as the step needs ("60.005 s") read better
    // than large counts of a small unit ("60005 ms").
    if (step >= 100000000 || rangeEnd >= 1000000000) {
        unit = 1000000000;
        suffix = QStringLiteral(" s");
    } else if (step >= 100000) {
        unit = 1000000;
        suffix = QStringLiteral(" ms");
    } else if (step >= 100) {
        unit = 1000;
        suffix = QStringLiteral(" µs");
    } else {
        unit = 1;
        suffix = QStringLiteral(" ns");
    }
    const double ratio = double(step) / double(unit);
    const int decimals = ratio >= 1 ? 0 : int(std::ceil(-std::log10(ratio) - 1e-9));
    return QString::number(double(t) / double(unit), 'f', decimals) + suffix;
}

} // namespace timeline

QString formatTimelineTime(qint64 ns)
{
    const bool negative = ns < 0;
    const qint64 a = negative ? -ns : ns;
    const qint64 us = (a + 500) / 1000;
    return QStringLiteral("%1%2.%3 s")
        .arg(negative ? QStringLiteral("-") : QString())
        .arg(us / 1000000)
        .arg(us % 1000000, 6, 10, QLatin1Char('0'));
}

QString formatTimelineDuration(qint64 ns)
{
    const double a = double(std::abs(ns));
    if (a >= 1e9)
        return QString::number(double(ns) / 1e9, 'f', 3) + QStringLiteral(" s");
    if (a >= 1e6)
        return QString::number(double(ns) / 1e6, 'f', 1) + QStringLiteral(" ms");
    if (a >= 1e3)
        return QString::number(double(ns) / 1e3, 'f', 1) + QStringLiteral(" µs");
    return QString::number(ns) + QStringLiteral(" ns");
}

} // namespace poolscope
