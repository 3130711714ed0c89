// SPDX-License-Identifier: MIT
#include "window/windowpictures.h"

#include "clock/runclock.h"
#include "runner/runner.h"
#include "window/runcontroller.h"
#include "window/rundocument.h"

#include <QApplication>
#include <QPixmap>
#include <QWidget>
#include <algorithm>

namespace poolscope {

WindowPictures::WindowPictures(QWidget *window, RunController *controller, RunDocument *document)
    : QObject(window), m_window(window), m_controller(controller), m_document(document)
{
    m_poll.setInterval(5);
    connect(&m_poll, &QTimer::timeout, this, &WindowPictures::poll);
}

void WindowPictures::addAt(qint64 runNs, const QString &path)
{
    m_moments.push_back({ runNs, path });
    std::stable_sort(m_moments.begin(), m_moments.end(), [](const Moment &a, const Moment &b) { return a.runNs < b.runNs; });
}

void WindowPictures::setAtEnd(const QString &path)
{
    m_endPath = path;
}

void WindowPictures::runStarted()
{
    m_next = 0;
    m_endTaken = false;
    armNext();
}

void WindowPictures::armNext()
{
    Runner *runner = m_controller->runner();
    if (!runner || m_next >= m_moments.size()) {
        m_poll.stop();
        return;
    }
    runner->clock().pauseAt(m_moments[m_next].runNs);
    m_poll.start();
}

void WindowPictures::poll()
{
    Runner *runner = m_controller->runner();
    if (!runner || m_next >= m_moments.size()) {
        m_poll.stop();
        return;
    }
    RunClock &clock = runner->clock();
    if (!clock.isPaused() || clock.nowNs() < m_moments[m_next].runNs)
        return;
    // Stopped at the moment: nothing later can be recorded. Let the views read everything up to it.
    m_document->refresh();
    while (m_next < m_moments.size() && m_moments[m_next].runNs <= clock.nowNs()) {
        take(m_moments[m_next].path);
        ++m_next;
    }
    clock.resume();
    armNext();
    finishIfDone();
}

void WindowPictures::savedRunShown()
{
    for (const Moment &m : m_moments) {
        m_document->setCursorNs(m.runNs);
        take(m.path);
    }
    m_next = m_moments.size();
    m_document->setCursorNs(-1);
    if (!m_endPath.isEmpty() && !m_endTaken) {
        m_endTaken = true;
        take(m_endPath);
    }
    finishIfDone();
}

void WindowPictures::liveFinished()
{
    // Moments after the run's end show its end.
    while (m_next < m_moments.size())
        take(m_moments[m_next++].path);
    m_poll.stop();
    if (!m_endPath.isEmpty() && !m_endTaken) {
        m_endTaken = true;
        // Let the views settle (layouts, the timeline's last repaint) before the picture.
        QTimer::singleShot(150, this, [this] {
            take(m_endPath);
            finishIfDone();
        });
        return;
    }
    finishIfDone();
}

bool WindowPictures::save(QWidget *window, const QString &path)
{
    // Twice: the first pass runs the layouts and repaints the new state, the second settles what they moved.
    QApplication::processEvents();
    QApplication::processEvents();
    const QPixmap picture = window->grab();
    // Qt's PNG quality q is zlib's level (100 - q) * 9 / 91: 45 is level 5, a fifth of the time of
    // level 9 for a tenth more bytes.
    const bool png = path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive);
    return picture.save(path, nullptr, png ? 45 : -1);
}

bool WindowPictures::take(const QString &path)
{
    if (save(m_window, path)) {
        emit saved(path);
        return true;
    }
    emit failed(path);
    return false;
}

void WindowPictures::finishIfDone()
{
    if (m_next >= m_moments.size() && (m_endPath.isEmpty() || m_endTaken) && !isEmpty())
        emit allSaved();
}

} // namespace poolscope
