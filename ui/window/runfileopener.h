// SPDX-License-Identifier: MIT
// Opens a saved run off the GUI thread: the file read and checked, then its events read once (the
// RunReading the views draw from), so the window only adopts the result and never freezes on a large
// recording. How far it has come is read at display rate, not posted per section.
#pragma once
#include "io/loadprogress.h"
#include "record/run.h"
#include "replay/runreading.h"

#include <QObject>
#include <QTimer>
#include <memory>
#include <thread>

namespace poolscope {

class RunFileOpener : public QObject
{
    Q_OBJECT
public:
    struct Opened
    {
        Run run;
        RunReading reading; // of run; RunDocument::setRun rebinds it
    };

    explicit RunFileOpener(QObject *parent = nullptr);
    ~RunFileOpener() override; // cancels what is under way and waits for it

    void open(const QString &path); // cancels an open under way first
    void cancel(); // cancelled(path) follows, even if the file was read by then
    bool isOpening() const { return m_job != nullptr; }
    QString path() const;
    double fraction() const; // 0..1 of the open under way
    std::unique_ptr<Opened> take(); // after opened(): the run and its reading

signals:
    void progressed(double fraction);
    void opened(const QString &path);
    void failed(const QString &path, const QString &error);
    void cancelled(const QString &path);

private:
    struct Job;
    void finish(Job *job);
    void stop();

    std::shared_ptr<Job> m_job;
    std::thread m_thread;
    std::unique_ptr<Opened> m_opened;
    QTimer m_poll;
};

} // namespace poolscope
