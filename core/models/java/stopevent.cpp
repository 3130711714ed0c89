// SPDX-License-Identifier: MIT
#include "models/java/stopevent.h"

namespace poolscope::java {

void StopEvent::set()
{
    m_parking.update([this] { m_set.store(true, std::memory_order_release); });
}

void StopEvent::clear()
{
    m_parking.update([this] { m_set.store(false, std::memory_order_release); });
}

WaitEnd StopEvent::await(JavaThread &thread, qint64 ns)
{
    return m_parking.await(thread, ns, [this] { return m_set.load(std::memory_order_acquire); });
}

} // namespace poolscope::java
