// SPDX-License-Identifier: MIT
#include "models/java/javapool.h"

#include <algorithm>

namespace poolscope::java {

namespace {
// Far above any real pool (scenarios allow 1024); keeps a forged run file from asking for more.
constexpr int MaxThreads = 4096;
} // namespace

const char *rejectionName(Rejection r)
{
    switch (r) {
    case Rejection::Abort: return "abort";
    case Rejection::CallerRuns: return "caller_runs";
    case Rejection::Discard: return "discard";
    case Rejection::DiscardOldest: return "discard_oldest";
    }
    return "abort";
}

QStringList rejectionNames()
{
    QStringList names;
    for (Rejection r : { Rejection::Abort, Rejection::CallerRuns, Rejection::Discard, Rejection::DiscardOldest })
        names << QString::fromLatin1(rejectionName(r));
    return names;
}

bool rejectionFromName(const QString &name, Rejection *out)
{
    for (Rejection r : { Rejection::Abort, Rejection::CallerRuns, Rejection::Discard, Rejection::DiscardOldest }) {
        if (name == QLatin1String(rejectionName(r))) {
            *out = r;
            return true;
        }
    }
    return false;
}

QJsonObject PoolSettings::toJson() const
{
    return { { QStringLiteral("max_workers"), maxThreads },
             { QStringLiteral("queue"), queueCapacity == UnboundedQueue ? QJsonValue(QStringLiteral("unbounded"))
                                                                         : QJsonValue(queueCapacity) },
             { QStringLiteral("rejection"), QString::fromLatin1(rejectionName(rejection)) } };
}

PoolSettings PoolSettings::fromJson(int workers, const QJsonObject &pool)
{
    PoolSettings s;
    s.coreThreads = std::clamp(workers, 1, MaxThreads);
    s.maxThreads = std::clamp(pool.value(QLatin1String("max_workers")).toInt(s.coreThreads), s.coreThreads, MaxThreads);
    const QJsonValue queue = pool.value(QLatin1String("queue"));
    s.queueCapacity = queue.isDouble() ? std::max(0, queue.toInt()) : UnboundedQueue;
    rejectionFromName(pool.value(QLatin1String("rejection")).toString(), &s.rejection);
    return s;
}

} // namespace poolscope::java
