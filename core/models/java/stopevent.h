// SPDX-License-Identifier: MIT
// The Java program's stop event: a small class over a ReentrantLock and a Condition (Java has no
// threading.Event), whose await an interrupt ends.
#pragma once

#include "models/java/parking.h"

#include <atomic>

namespace poolscope::java {

class StopEvent
{
public:
    explicit StopEvent(Parking &parking) : m_parking(parking) { }

    void set(); // signalAll()
    void clear();
    bool isSet() const { return m_set.load(std::memory_order_acquire); }
    // await(timeout): Signalled when set (at once if it is), Interrupted (InterruptedException), TimedOut.
    WaitEnd await(JavaThread &thread, qint64 ns);

private:
    Parking &m_parking;
    std::atomic<bool> m_set { false }; // written under the parking's lock
};

} // namespace poolscope::java
