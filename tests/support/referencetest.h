// SPDX-License-Identifier: MIT
// What the cross-checks against a real runtime (CPython, the JVM) share: when a missing runtime skips the
// test and when it fails it.
#pragma once

#include <QString>
#include <QtGlobal>

namespace poolscope::test {

// What CMakeLists.txt's SKIP_REGULAR_EXPRESSION looks for; printed only when the whole test is skipped
// (CTest would count a QSKIP, exit status 0, as passed).
constexpr const char *SkipMarker = "POOLSCOPE-TEST-SKIPPED:";

// In CI a missing runtime is a broken set-up, not a reason to skip a cross-check.
inline bool runningInCI()
{
    const QString ci = qEnvironmentVariable("CI").trimmed();
    return ci.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0 || ci == QLatin1String("1");
}

} // namespace poolscope::test
