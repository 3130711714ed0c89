// SPDX-License-Identifier: MIT
// What the window remembers between sessions (QSettings): its place and layout, presenter mode, the text
// size, the last scenario and whether it asks for predictions.
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
    bool predict = false; // View › Predict the outcome
    int textSizeDelta = 0; // Ctrl++ / Ctrl+- steps in points, presenter's own excluded
    QString scenario; // a built-in's name, or a scenario file's path

    static WindowMemory load();
    void save() const;
};

} // namespace poolscope
