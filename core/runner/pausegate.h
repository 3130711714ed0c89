// SPDX-License-Identifier: MIT
// The pause gate: where every model's tasks are held at a step boundary while a run is paused.
#pragma once

#include <QtGlobal>
#include <atomic>
#include <condition_variable>
#include <mutex>

namespace poolscope {

class Recorder;

// Tasks pass the gate at the top of each step. While it is closed they wait there (a step in progress
// finishes first); stepOnce() lets every task waiting at that moment do one more step. Passing an open
// gate is one atomic load.
class PauseGate
{
public:
    explicit PauseGate(Recorder *recorder = nullptr);

    bool isClosed() const { return m_closed.load(std::memory_order_acquire); }
    bool close(); // false if it was closed already
    bool open(); // false if it was open already
    void stepOnce();
    int heldCount() const; // tasks waiting at the gate now

    // Task side: blocks while the gate is closed (recording Hold and Release on the task's worker).
    // Returns false when the run is torn down (the task should return at once).
    bool pass(quint32 task, qint16 worker, int step);
    void tearDown(); // lets everyone through for good

private:
    Recorder *const m_recorder;
    std::atomic<bool> m_closed { false };
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    quint64 m_stepGeneration = 0;
    int m_held = 0;
    bool m_tornDown = false;
};

} // namespace poolscope
