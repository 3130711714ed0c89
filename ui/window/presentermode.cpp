// SPDX-License-Identifier: MIT
#include "window/presentermode.h"

#include "render/statepalette.h"
#include "window/runviews.h"

#include <QApplication>
#include <QMainWindow>
#include <QMenuBar>
#include <QShortcut>
#include <QStatusBar>

namespace poolscope {

namespace {

// White and black with frames and grid lines dark enough to survive a projector's washed-out greys.
QPalette highContrastPalette(QPalette p)
{
    for (QPalette::ColorGroup group : { QPalette::Active, QPalette::Inactive }) {
        p.setColor(group, QPalette::Window, Qt::white);
        p.setColor(group, QPalette::Base, Qt::white);
        p.setColor(group, QPalette::AlternateBase, QColor(0xF0F0F0));
        p.setColor(group, QPalette::WindowText, Qt::black);
        p.setColor(group, QPalette::Text, Qt::black);
        p.setColor(group, QPalette::ButtonText, Qt::black);
        p.setColor(group, QPalette::Button, QColor(0xEDEDED));
        p.setColor(group, QPalette::Mid, QColor(0x6E6E6E));
        p.setColor(group, QPalette::Dark, QColor(0x404040));
        p.setColor(group, QPalette::Shadow, Qt::black);
        p.setColor(group, QPalette::Highlight, QColor(0x00447A));
        p.setColor(group, QPalette::HighlightedText, Qt::white);
    }
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6A6A6A));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6A6A6A));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6A6A6A));
    return p;
}

} // namespace

PresenterMode::PresenterMode(QMainWindow *window, RunViews *views)
    : QObject(window), m_window(window), m_views(views), m_escape(new QShortcut(QKeySequence(Qt::Key_Escape), window))
{
    // Esc leaves, as in every slide program; only while presenting, so Esc keeps its meaning otherwise.
    m_escape->setEnabled(false);
    connect(m_escape, &QShortcut::activated, this, [this] { setOn(false); });
}

void PresenterMode::setOn(bool on, bool fullScreen)
{
    if (on == m_on)
        return;
    m_on = on;
    m_escape->setEnabled(on);
    if (on) {
        m_palette = QApplication::palette();
        palette::setHighContrast(true);
        QApplication::setPalette(highContrastPalette(m_palette));
        m_views->changeTextSize(+TextStep);
        m_views->setRightPercent(27); // the larger type needs the table's and the timeline's width
        m_window->menuBar()->hide();
        m_window->statusBar()->hide();
        m_wasMaximized = m_window->isMaximized();
        m_wentFullScreen = fullScreen;
        if (fullScreen)
            m_window->showFullScreen();
    } else {
        palette::setHighContrast(false);
        QApplication::setPalette(m_palette);
        m_views->changeTextSize(-TextStep);
        m_views->setRightPercent(28);
        m_window->menuBar()->show();
        m_window->statusBar()->show();
        if (m_wentFullScreen) {
            if (m_wasMaximized)
                m_window->showMaximized();
            else
                m_window->showNormal();
        }
    }
    emit changed(on);
}

} // namespace poolscope
