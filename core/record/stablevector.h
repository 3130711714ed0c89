// SPDX-License-Identifier: MIT
// An append-only array whose elements never move, so other threads read them without a lock.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <memory>

namespace poolscope {

// One writer appends; any thread may read an element it learnt about through a synchronising operation
// (a lock, a queue) after the append. Elements live in chunks that are never reallocated, so a reader never
// races with an append. Up to ChunkCount × ChunkSize elements (64 M).
template<typename T>
class StableVector
{
public:
    static constexpr size_t ChunkSize = 1 << 16;
    static constexpr size_t ChunkCount = 1024;

    StableVector() = default;
    ~StableVector()
    {
        for (auto &c : m_chunks)
            delete[] c.load(std::memory_order_relaxed);
    }
    StableVector(const StableVector &) = delete;
    StableVector &operator=(const StableVector &) = delete;

    // Writer only. Returns false when full.
    bool push_back(T value)
    {
        const size_t n = m_size.load(std::memory_order_relaxed);
        if (n >= ChunkSize * ChunkCount)
            return false;
        T *chunk = m_chunks[n / ChunkSize].load(std::memory_order_relaxed);
        if (!chunk) {
            chunk = new T[ChunkSize];
            m_chunks[n / ChunkSize].store(chunk, std::memory_order_release);
        }
        chunk[n % ChunkSize] = std::move(value);
        m_size.store(n + 1, std::memory_order_release);
        return true;
    }
    void pop_back() // writer only; the element is left as it is (readers may never see it again)
    {
        m_size.store(m_size.load(std::memory_order_relaxed) - 1, std::memory_order_release);
    }
    size_t size() const { return m_size.load(std::memory_order_acquire); }
    const T &operator[](size_t i) const
    {
        return m_chunks[i / ChunkSize].load(std::memory_order_acquire)[i % ChunkSize];
    }

private:
    std::array<std::atomic<T *>, ChunkCount> m_chunks {};
    std::atomic<size_t> m_size { 0 };
};

} // namespace poolscope
