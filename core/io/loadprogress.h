// SPDX-License-Identifier: MIT
// How far a long open has come: the thread that opens writes it, the window reads it at display rate.
#pragma once
#include <QtGlobal>
#include <atomic>

namespace poolscope {

struct LoadProgress
{
    std::atomic<qint64> done { 0 }; // of total: the file's bytes read, then its events interpreted
    std::atomic<qint64> total { 0 };
    std::atomic<bool> cancel { false }; // set by the reader of it: the open ends at its next section
};

} // namespace poolscope
