// SPDX-License-Identifier: MIT
#include "window/runfileopener.h"

#include "io/runfile.h"

#include <atomic>

namespace poolscope {

struct RunFileOpener::Job
{
    QString path;
    LoadProgress file;                      // its bytes
    std::atomic<qint64> eventsRead { 0 };   // then its events
    std::atomic<qint64> eventsTotal { 0 };
    std::unique_ptr<Opened> opened;         // set by the thread before it posts the end
    QString error;
};

RunFileOpener::RunFileOpener(QObject *parent) : QObject(parent)
{
    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, [this] { emit progressed(fraction()); });
}

RunFileOpener::~RunFileOpener()
{
    stop();
}

void RunFileOpener::open(const QString &path)
{
    stop();
    m_opened.reset();
    auto job = std::make_shared<Job>();
    job->path = path;
    m_job = job;
    m_thread = std::thread([this, job] {
        auto opened = std::make_unique<Opened>();
        QString error;
        std::optional<Run> run = loadRunFile(job->path, &error, &job->file);
        if (run) {
            opened->run = std::move(*run);
            job->eventsTotal.store(qint64(opened->run.events.size()), std::memory_order_relaxed);
            opened->reading.reset(&opened->run, [&job](size_t read) {
                job->eventsRead.store(qint64(read), std::memory_order_relaxed);
                return !job->file.cancel.load(std::memory_order_relaxed);
            });
            if (!job->file.cancel.load())
                job->opened = std::move(opened);
        }
        job->error = error;
        // One event at the end, to the GUI thread; dropped if this opener is gone by then.
        QMetaObject::invokeMethod(this, [this, job] { finish(job.get()); }, Qt::QueuedConnection);
    });
    m_poll.start();
    emit progressed(0.0);
}

void RunFileOpener::finish(Job *job)
{
    if (job != m_job.get())
        return; // a cancelled open that another replaced
    if (m_thread.joinable())
        m_thread.join();
    m_poll.stop();
    const std::shared_ptr<Job> done = std::move(m_job);
    // Cancelled is cancelled, even when the thread had finished before it heard.
    if (done->file.cancel.load()) {
        emit cancelled(done->path);
    } else if (done->opened) {
        m_opened = std::move(done->opened);
        emit opened(done->path);
    } else {
        emit failed(done->path, done->error);
    }
}

void RunFileOpener::cancel()
{
    if (m_job)
        m_job->file.cancel.store(true);
}

void RunFileOpener::stop()
{
    // An open replaced or abandoned: it ends at its next section or batch of events.
    if (m_job)
        m_job->file.cancel.store(true);
    if (m_thread.joinable())
        m_thread.join();
    m_job.reset();
    m_poll.stop();
}

QString RunFileOpener::path() const
{
    return m_job ? m_job->path : QString();
}

double RunFileOpener::fraction() const
{
    if (!m_job)
        return 0.0;
    // The file's bytes are the first half, its events the second: each took about as long.
    const qint64 bytes = m_job->file.total.load(std::memory_order_relaxed);
    const qint64 events = m_job->eventsTotal.load(std::memory_order_relaxed);
    const double read = bytes > 0 ? double(m_job->file.done.load(std::memory_order_relaxed)) / double(bytes) : 0.0;
    const double interpreted = events > 0 ? double(m_job->eventsRead.load(std::memory_order_relaxed)) / double(events) : 0.0;
    return std::clamp(0.5 * read + 0.5 * interpreted, 0.0, 1.0);
}

std::unique_ptr<RunFileOpener::Opened> RunFileOpener::take()
{
    return std::move(m_opened);
}

} // namespace poolscope
