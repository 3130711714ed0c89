// SPDX-License-Identifier: MIT
// What the window remembers between sessions (QSettings): its place and layout, presenter mode, the text
// size and the last scenario.
#pragma once

#include <QByteArray>
#include <QString>

namespace poolscope {

struct WindowMemory
{
    QByteArray geometry; // QWidget::saveGeometry
    QByteArray viewLayout; // the splitters, RunViews::saveLayout
    bool presenter = false;
    bool stopAtSteps = false; // a narrated lesson waits at each step for Next
    int textSizeDelta = 0; // Ctrl++ / Ctrl+- steps in points, presenter's own excluded
    QString scenario; // a built-in's name, or a scenario file's path

    static WindowMemory load();
    void save() const;
};

} // namespace poolscope
