// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>
#include <vector>

class QWidget;

namespace poolscope {

class RunController;
class RunDocument;

// Pictures of the window at chosen moments of a run and when it ends (--screenshot-at, --screenshot).
// In a live run the run's clock stops exactly at each moment (RunClock::pauseAt) while the views catch up
// and the picture is taken, so a picture shows that moment and not a frame or two later; in a saved run
// the time cursor goes there.
class WindowPictures : public QObject
{
    Q_OBJECT
public:
    WindowPictures(QWidget *window, RunController *controller, RunDocument *document);

    // A picture of a window as it is once laid out and repainted (PNG at zlib's 5th level); false if
    // the file cannot be written. The comparison window's pictures too.
    static bool save(QWidget *window, const QString &path);

    void addAt(qint64 runNs, const QString &path); // in run time, as the timeline's axis reads
    void setAtEnd(const QString &path);
    bool isEmpty() const { return m_moments.empty() && m_endPath.isEmpty(); }

    // A live run began: its clock stops at the first moment. A saved run is shown: its pictures are taken.
    void runStarted();
    void savedRunShown();
    void liveFinished();

signals:
    void saved(const QString &path);
    void failed(const QString &path);
    void allSaved(); // every picture asked for is written

private:
    struct Moment
    {
        qint64 runNs;
        QString path;
    };
    void armNext();
    void poll();
    bool take(const QString &path);
    void finishIfDone();

    QWidget *m_window;
    RunController *m_controller;
    RunDocument *m_document;
    std::vector<Moment> m_moments; // in time order
    size_t m_next = 0;
    QString m_endPath;
    bool m_endTaken = false;
    QTimer m_poll;
};

} // namespace poolscope
