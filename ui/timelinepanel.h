// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

namespace poolscope {

class RunModel;

// The Gantt timeline under the task table: a lane per worker, the pending queue, the caller's actions,
// a time axis and a draggable time cursor. It reads everything from the RunModel and moves its cursor.
class TimelinePanel : public QWidget
{
    Q_OBJECT
public:
    explicit TimelinePanel(RunModel *model, QWidget *parent = nullptr);
    ~TimelinePanel() override;

    void selectTask(int taskIndex); // highlight its bar (-1: none)

signals:
    void taskClicked(int taskIndex); // the window selects the row in the table

private:
    struct Private;
    Private *d;
};

} // namespace poolscope
