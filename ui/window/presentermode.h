// SPDX-License-Identifier: MIT
// Presenter mode: the window as a lecture hall's projector needs it.
#pragma once

#include <QObject>
#include <QPalette>
#include <QRect>

class QMainWindow;
class QShortcut;

namespace poolscope {

class RunViews;

// Full screen (unless a fixed size was asked for, as for pictures), no menu or status bar, larger type and
// high contrast; switching off restores what was there. Every command stays on its key and on the toolbars.
class PresenterMode : public QObject
{
    Q_OBJECT
public:
    // Points added to the text while presenting: 12 pt becomes 14 pt, legible from the back rows at 1280×720.
    static constexpr int TextStep = 2;

    PresenterMode(QMainWindow *window, RunViews *views);

    bool isOn() const { return m_on; }
    void setOn(bool on, bool fullScreen = true);

signals:
    void changed(bool on);

private:
    QMainWindow *m_window;
    RunViews *m_views;
    QShortcut *m_escape;
    bool m_on = false;
    bool m_wentFullScreen = false;
    bool m_wasMaximized = false;
    QPalette m_palette; // the application's before
};

} // namespace poolscope
